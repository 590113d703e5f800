import { PveApi } from '../../../src/proxmox/api-calls';
import { parseUpid } from '../../../src/proxmox/upid';

describe('API calls as data', () => {
  const upid = parseUpid('UPID:pve2:0003E8F1:0098A1B2:66A1B2C3:qmcreate:123:root@pam!ci:')!;

  it('asks for a task on the node the UPID names, with the UPID URL-encoded', () => {
    expect(PveApi.taskStatus(upid).path).toBe('/nodes/pve2/tasks/UPID%3Apve2%3A0003E8F1%3A0098A1B2%3A66A1B2C3%3Aqmcreate%3A123%3Aroot%40pam!ci%3A/status');
    expect(PveApi.taskStatus(upid).poll).toBe(true);
    expect(PveApi.taskLog(upid, 40, 500)).toMatchObject({ query: { start: 40, limit: 500 }, poll: true });
  });

  it('names a task request in messages by the task, not by its 90-character encoded UPID', () => {
    expect(PveApi.taskStatus(upid).shownAs).toBe('GET /nodes/pve2/tasks/{qmcreate 123}/status');
    expect(PveApi.taskLog(upid, 0, 500).shownAs).toBe('GET /nodes/pve2/tasks/{qmcreate 123}/log');
  });

  it('lists storages as the wizard does: by content, enabled only, with formats', () => {
    expect(PveApi.storages('pve1', 'images')).toMatchObject({ path: '/nodes/pve1/storage', query: { content: 'images', enabled: 1, format: 1 } });
  });

  it('checks one VM ID with ?vmid= and asks for the next free one without', () => {
    expect(PveApi.nextId(150).query).toEqual({ vmid: 150 });
    expect(PveApi.nextId().query).toBeUndefined();
  });

  it('lists bridges of every kind (Linux, OVS, SDN vnets)', () => {
    expect(PveApi.networks('pve1')).toMatchObject({ path: '/nodes/pve1/network', query: { type: 'any_bridge' } });
  });

  it('sends the login unauthenticated', () => {
    expect(PveApi.ticket({ username: 'root@pam' }).anonymous).toBe(true);
    expect(PveApi.domains().anonymous).toBe(true);
    expect(PveApi.nodes().anonymous).toBeUndefined();
  });
});
