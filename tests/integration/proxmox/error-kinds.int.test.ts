import 'reflect-metadata';
import { PveApi } from '../../../src/proxmox/api-calls';
import type { AxiosProxmoxClient } from '../../../src/proxmox/axios-proxmox-client';
import { ProxmoxError } from '../../../src/shared/proxmox-error';
import { Secret } from '../../../src/shared/secret';
import { cassetteClient, replay, stopReplaying, TEST_SECRETS, type Replay } from './cassette-replay';

/** Runs `action` and returns the ProxmoxError it rejects with. */
async function failureOf(action: Promise<unknown>): Promise<ProxmoxError> {
  const error = await action.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProxmoxError);
  return error as ProxmoxError;
}

describe('answers that are errors, through the real client (cassette error-kinds)', () => {
  let cassette: Replay;
  let client: AxiosProxmoxClient;

  beforeAll(async () => {
    cassette = await replay('error-kinds');
    client = cassetteClient();
    client.useApiToken('root@pam!ci', new Secret(TEST_SECRETS.tokenSecret));
  });
  afterAll(() => {
    client.dispose();
    cassette.done();
    stopReplaying();
  });

  it('400: validation, keeping the per-parameter errors for the screen to show at each field', async () => {
    const error = await failureOf(client.request(PveApi.nextId(200)));
    expect(error.kind).toBe('validation');
    expect(error.details).toMatchObject({ endpoint: 'GET /cluster/nextid', status: 400, parameterErrors: { vmid: 'VM 200 already exists' } });
    expect(error.message).toContain('vmid: VM 200 already exists');
  });

  it('403: permission, naming the privilege Proxmox checked', async () => {
    const error = await failureOf(client.request(PveApi.write('POST', '/nodes/pve1/qemu', { vmid: 100, name: 'web-1' })));
    expect(error.kind).toBe('permission');
    expect(error.details.privilege).toBe('VM.Allocate');
    expect(error.message).toMatch(/lacks VM\.Allocate on \/vms\/100; ask an administrator/);
  });

  it('500 "already exists": conflict', async () => {
    const error = await failureOf(client.request(PveApi.write('POST', '/nodes/pve1/qemu', { vmid: 101, name: 'web-1' })));
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain("VM 101 already exists on node 'pve1'");
  });

  it('500 "VM is locked": conflict that says to wait', async () => {
    const error = await failureOf(client.request(PveApi.write('PUT', '/nodes/pve1/qemu/101/config', { serial0: 'socket', vga: 'serial0' })));
    expect(error.kind).toBe('conflict');
    expect(error.message).toMatch(/VM is locked \(create\); wait for the running operation/);
  });

  it('500 with a JSON message: server, with that message', async () => {
    const error = await failureOf(client.request(PveApi.storageContent('pve1', 'cephfs', 'iso')));
    expect(error.kind).toBe('server');
    expect(error.details.status).toBe(500);
    expect(error.message).toContain("storage 'cephfs' is not online");
    expect(error.retryable).toBe(true);
  });

  it('a body that is not JSON: protocol, naming the endpoint', async () => {
    const error = await failureOf(client.request(PveApi.nextId()));
    expect(error.kind).toBe('protocol');
    expect(error.message).toMatch(/answer to GET \/cluster\/nextid is not JSON/);
  });

  it('JSON of the wrong shape: protocol, naming the endpoint and the path in the body', async () => {
    const error = await failureOf(client.request(PveApi.nodes()));
    expect(error.kind).toBe('protocol');
    expect(error.details).toMatchObject({ endpoint: 'GET /nodes', decodePath: 'data[1].node' });
    expect(error.message).toContain('data[1].node');
  });

  it('a task write whose answer is not a UPID: protocol (strict where it would mislead)', async () => {
    const error = await failureOf(client.request(PveApi.taskWrite('POST', '/nodes/pve1/qemu/101/status/start', {})));
    expect(error.kind).toBe('protocol');
    expect(error.details.decodePath).toBe('data');
  });

  it('made every call the cassette recorded', () => {
    cassette.assertAllCalled();
  });
});
