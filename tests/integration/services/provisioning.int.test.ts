import 'reflect-metadata';
import { createPlan } from '../../../mocks/cassettes/scenario-plans';
import { FastForwardClock } from '../../../mocks/fakes/clocks';
import type { AxiosProxmoxClient } from '../../../src/proxmox/axios-proxmox-client';
import { ProxmoxProvisioningService } from '../../../src/services/impl/proxmox-provisioning-service';
import { defaultTaskWatcherOptions, ProxmoxTaskWatcher } from '../../../src/services/impl/proxmox-task-watcher';
import type { ProvisioningEvent, ProvisioningResult } from '../../../src/services/provisioning-service';
import { NullLogger } from '../../../src/shared/logger';
import { Secret } from '../../../src/shared/secret';
import { cassetteClient, replay, stopReplaying, TEST_SECRETS, type Replay } from '../proxmox/cassette-replay';

describe('ProvisioningService with the real TaskWatcher and client (cassettes)', () => {
  let cassette: Replay;
  let client: AxiosProxmoxClient;
  let service: ProxmoxProvisioningService;
  let events: ProvisioningEvent[];
  const onEvent = (event: ProvisioningEvent): void => void events.push(event);
  const logText = (): string[] => events.flatMap((event) => (event.kind === 'task-log' ? event.lines.map((line) => `${event.step}: ${line.text}`) : []));

  beforeEach(() => {
    events = [];
    client = cassetteClient();
    client.useApiToken('root@pam!ci', new Secret(TEST_SECRETS.tokenSecret));
    const clock = new FastForwardClock();
    const watcher = new ProxmoxTaskWatcher(client, clock, defaultTaskWatcherOptions, new NullLogger());
    service = new ProxmoxProvisioningService(client, watcher, clock, new NullLogger());
  });
  afterEach(() => {
    client.dispose();
    cassette.done();
  });
  afterAll(stopReplaying);

  it('creates, waits for the qmcreate task, sets the serial console, registers HA and starts', async () => {
    cassette = await replay('provision-create');
    const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
    expect(result).toEqual({ status: 'created', vmid: 123, node: 'pve1', warnings: [] });
    expect(logText()).toEqual([
      "create: scsi0: successfully created disk 'ceph-pool:vm-123-disk-0,aio=io_uring,iothread=1,size=32G,ssd=1'",
      'create: generating cloud-init ISO skipped (no cloud-init drive)',
      'create: TASK OK',
      'start: TASK OK',
    ]);
    cassette.assertAllCalled();
  });

  it('moves to the next free VM ID when the suggested one was taken meanwhile', async () => {
    cassette = await replay('provision-vmid-race');
    const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
    expect(result).toEqual({ status: 'created', vmid: 124, node: 'pve1', warnings: [] });
    expect(events).toContainEqual({ kind: 'vmid-changed', from: 123, to: 124 });
    cassette.assertAllCalled();
  });

  it('reports a failed create task as failed, with the task message, once the VM is checked to be gone', async () => {
    cassette = await replay('provision-create-task-fails');
    const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
    expect(result).toMatchObject({ status: 'failed', vmid: 123 });
    expect((result as Extract<ProvisioningResult, { status: 'failed' }>).error.message).toBe(
      "Creating VM 123 on pve1 failed (unable to create VM 123 - rbd error: rbd: couldn't connect to the cluster!); nothing was left behind: fix the cause and try again.",
    );
    expect(logText()).toContain("create: TASK ERROR: unable to create VM 123 - rbd error: rbd: couldn't connect to the cluster!");
    cassette.assertAllCalled();
  });

  it('stops at a failed HA registration (partial) and resume finishes HA and start without creating again', async () => {
    cassette = await replay('provision-partial-resume');
    const partial = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
    expect(partial).toMatchObject({ status: 'partial', failedStep: 'ha', completed: ['create', 'serial-console'], error: { kind: 'permission', details: { privilege: 'Sys.Console' } } });

    const resumed = await service.resume(createPlan, partial as Extract<ProvisioningResult, { status: 'partial' }>, onEvent);
    expect(resumed).toEqual({ status: 'created', vmid: 123, node: 'pve1', warnings: ['iothread is only valid with virtio disk or virtio-scsi-single controller, ignoring'] });
    expect(events).toContainEqual({ kind: 'step', step: 'start', state: 'warning', message: 'iothread is only valid with virtio disk or virtio-scsi-single controller, ignoring' });
    cassette.assertAllCalled();
  });
});
