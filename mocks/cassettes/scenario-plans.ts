/**
 * The request plans the provisioning cassettes were built for. Tests run
 * exactly these through ProvisioningService; the cassettes pin what goes on
 * the wire for them (mocks/cassettes/build-cassettes.ts).
 */
import type { RequestPlan } from '../../src/workflow/request-plan';

/** VM 123 on pve1 with HA as a separate call (PVE < 9.1) and start. */
export const createPlan: RequestPlan = {
  vmid: 123,
  node: 'pve1',
  requests: [
    {
      step: 'create',
      method: 'POST',
      path: '/nodes/pve1/qemu',
      params: {
        vmid: 123,
        name: 'web-1',
        ostype: 'l26',
        ide2: 'cephfs:iso/nixos-minimal-25.05.806273.992f916556fc-x86_64-linux.iso,media=cdrom',
        scsihw: 'virtio-scsi-single',
        scsi0: 'ceph-pool:32,iothread=on,ssd=on,aio=io_uring',
        sockets: 1,
        cores: 2,
        cpu: 'host',
        memory: 2048,
        agent: 1,
        net0: 'virtio,bridge=vmbr9,firewall=1',
        tags: 'web;nixos',
      },
      returnsTask: true,
      title: 'Create VM 123 on pve1',
    },
    { step: 'serial-console', method: 'PUT', path: '/nodes/pve1/qemu/123/config', params: { serial0: 'socket', vga: 'serial0' }, returnsTask: false, title: 'Serial console for VM 123' },
    { step: 'ha', method: 'POST', path: '/cluster/ha/resources', params: { sid: 'vm:123', state: 'started' }, returnsTask: false, title: 'Add VM 123 to HA' },
    { step: 'start', method: 'POST', path: '/nodes/pve1/qemu/123/status/start', params: {}, returnsTask: true, title: 'Start VM 123' },
  ],
};

/** Task IDs the cassettes hand out; the user is the API token the provisioning tests sign in with. */
export const upids = {
  create123: 'UPID:pve1:0003E8F1:0098A1B2:66A1B2C3:qmcreate:123:root@pam!ci:',
  start123: 'UPID:pve1:0003E901:0098A1C0:66A1B2D0:qmstart:123:root@pam!ci:',
  create124: 'UPID:pve1:0003E911:0098A1D0:66A1B2E0:qmcreate:124:root@pam!ci:',
  start124: 'UPID:pve1:0003E921:0098A1E0:66A1B2F0:qmstart:124:root@pam!ci:',
} as const;

/** The API token the token-authenticated cassettes were made with (its secret is `[token-secret-1]` there). */
export const cassetteTokenId = 'root@pam!ci';
