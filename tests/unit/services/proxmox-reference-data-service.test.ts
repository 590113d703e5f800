import 'reflect-metadata';
import { ProxmoxReferenceDataService } from '../../../src/services/impl/proxmox-reference-data-service';
import { ServerVersionSource } from '../../../src/services/impl/server-version';
import { ProxmoxError } from '../../../src/shared/proxmox-error';
import { deferred, ScriptedClient } from './scripted-client';

const NODES = { data: [{ node: 'pve1', status: 'online' }] };
const serverError = (): ProxmoxError => new ProxmoxError('server', 'The server could not complete GET /nodes: boom (HTTP 500); try again.', { status: 500 });

/** An answer that fails when the test says so. */
function failingLater(): { promise: Promise<unknown>; fail: (error: Error) => void } {
  let fail!: (error: Error) => void;
  const promise = new Promise((_, reject) => (fail = reject));
  return { promise, fail };
}

function setUp() {
  const client = new ScriptedClient();
  return { client, service: new ProxmoxReferenceDataService(client, new ServerVersionSource(client)) };
}

describe('ProxmoxReferenceDataService', () => {
  it('asks once per session: later and concurrent callers share the answer', async () => {
    const { client, service } = setUp();
    client.on('GET /nodes', { body: NODES });
    const [first, second] = await Promise.all([service.nodes(), service.nodes()]);
    await service.nodes();
    expect(first).toEqual(second);
    expect(client.keys()).toEqual(['GET /nodes']);
  });

  it('forgets a failure, so Retry asks the server again', async () => {
    const { client, service } = setUp();
    client.on('GET /nodes', { error: serverError() }, { body: NODES });
    await expect(service.nodes()).rejects.toMatchObject({ kind: 'server' });
    await expect(service.nodes()).resolves.toEqual([{ name: 'pve1', online: true, maxCpu: undefined, maxMemoryBytes: undefined }]);
    expect(client.keys()).toEqual(['GET /nodes', 'GET /nodes']);
  });

  it('refresh(node) drops what belongs to that node only; refresh() drops everything', async () => {
    const { client, service } = setUp();
    client.on('GET /nodes', { body: NODES });
    for (const node of ['pve1', 'pve2']) client.on(`GET /nodes/${node}/network?type=any_bridge`, { data: [{ iface: 'vmbr0', type: 'bridge', active: 1 }] });
    await Promise.all([service.nodes(), service.bridges('pve1'), service.bridges('pve2')]);
    service.refresh('pve1');
    await Promise.all([service.nodes(), service.bridges('pve1'), service.bridges('pve2')]);
    expect(client.keys().filter((key) => key.includes('pve1/network'))).toHaveLength(2);
    expect(client.keys().filter((key) => key.includes('pve2/network'))).toHaveLength(1);
    expect(client.keys().filter((key) => key === 'GET /nodes')).toHaveLength(1);
    service.refresh();
    await service.nodes();
    expect(client.keys().filter((key) => key === 'GET /nodes')).toHaveLength(2);
  });

  it('keeps answers apart per user: another sign-in asks again (lists are permission-filtered)', async () => {
    const { client, service } = setUp();
    client.on('GET /pools', { data: [{ poolid: 'prod' }] });
    await service.pools();
    client.authentication = { kind: 'ticket', username: 'alice@pve' };
    await service.pools();
    expect(client.keys()).toEqual(['GET /pools', 'GET /pools']);
  });

  it('never caches the next free VM ID', async () => {
    const { client, service } = setUp();
    client.on('GET /cluster/nextid', { data: '100' }, { data: '101' });
    expect(await service.nextFreeVmid()).toBe(100);
    expect(await service.nextFreeVmid()).toBe(101);
  });

  it('isVmidFree: the ID back means free, a 400 naming vmid means taken, anything else is an error', async () => {
    const { client, service } = setUp();
    const taken = new ProxmoxError('validation', 'Proxmox rejected the parameters of GET /cluster/nextid (vmid: VM 200 already exists); correct them.', {
      status: 400,
      parameterErrors: { vmid: 'VM 200 already exists' },
    });
    client.on('GET /cluster/nextid?vmid=150', { data: '150' }).on('GET /cluster/nextid?vmid=200', { error: taken }).on('GET /cluster/nextid?vmid=300', { error: serverError() });
    await expect(service.isVmidFree(150)).resolves.toBe(true);
    await expect(service.isVmidFree(200)).resolves.toBe(false);
    await expect(service.isVmidFree(300)).rejects.toMatchObject({ kind: 'server' });
  });

  it('loads the tag policy, the guests and the privileges on / in parallel', async () => {
    const { client, service } = setUp();
    const options = deferred();
    const resources = deferred();
    const permissions = deferred();
    client
      .on('GET /cluster/options', { later: options.promise })
      .on('GET /cluster/resources?type=vm', { later: resources.promise })
      .on('GET /access/permissions?path=%2F', { later: permissions.promise });
    const tags = service.tags();
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.keys()).toEqual(['GET /cluster/options', 'GET /cluster/resources?type=vm', 'GET /access/permissions?path=%2F']);
    resources.resolve({ data: [{ type: 'qemu', vmid: 100, node: 'pve1', tags: 'web' }] });
    options.resolve({ data: { 'registered-tags': ['prod'] } });
    permissions.resolve({ data: { '/': { 'Sys.Audit': 1 } } });
    await expect(tags).resolves.toEqual({ existing: ['prod', 'web'], userTagAccess: 'free', allowedTags: ['web'], registered: ['prod'], sysModifyOnRoot: false });
  });

  it('lists storages by content on a node, ISO images of a storage, and CPU models', async () => {
    const { client, service } = setUp();
    client
      .on('GET /nodes/pve1/storage?content=iso&enabled=1&format=1', { data: [{ storage: 'cephfs', type: 'cephfs', content: 'iso,vztmpl', active: 1, avail: 5 }] })
      .on('GET /nodes/pve1/storage/cephfs/content?content=iso', { data: [{ volid: 'cephfs:iso/b.iso', content: 'iso', size: 1 }, { volid: 'cephfs:iso/a.iso', content: 'iso', size: 2 }] })
      .on('GET /nodes/pve1/capabilities/qemu/cpu', { data: [{ name: 'host', vendor: 'default', custom: 0 }] });
    expect((await service.storages('pve1', 'iso')).map((storage) => [storage.id, storage.availableBytes])).toEqual([['cephfs', 5]]);
    expect((await service.isoImages('pve1', 'cephfs')).map((image) => image.fileName)).toEqual(['a.iso', 'b.iso']);
    expect(await service.cpuModels('pve1')).toEqual([{ name: 'host', vendor: 'default', custom: false }]);
  });

  it('refuses a version it cannot read rather than guessing features', async () => {
    const { client, service } = setUp();
    client.on('GET /version', { data: { version: 'dev-build' } }, { data: { version: '8.4.1', release: '8.4' } });
    await expect(service.serverVersion()).rejects.toMatchObject({ kind: 'protocol', details: { decodePath: 'data.version' } });
    await expect(service.serverVersion()).resolves.toEqual({ version: '8.4.1', major: 8, minor: 4 });
  });

  describe('the node that answers', () => {
    const STATUS = { data: [{ type: 'cluster', name: 'lab', nodes: 2 }, { type: 'node', name: 'pve1', local: 0 }, { type: 'node', name: 'pve2', local: 1 }] };
    const BRIDGES = { data: [{ iface: 'vmbr0', type: 'bridge', active: 1 }] };
    const forbidden = (): ProxmoxError => new ProxmoxError('permission', 'Permission denied for GET /cluster/status: the user lacks Sys.Audit on /.', { status: 403 });

    it('is the node /cluster/status marks local; a user who may not read it gets none', async () => {
      const { client, service } = setUp();
      client.on('GET /cluster/status', { body: STATUS });
      await expect(service.answeringNode()).resolves.toBe('pve2');
      const limited = setUp();
      limited.client.on('GET /cluster/status', { error: forbidden() });
      await expect(limited.service.answeringNode()).resolves.toBeUndefined();
      const failing = setUp();
      failing.client.on('GET /cluster/status', { error: serverError() });
      await expect(failing.service.answeringNode()).rejects.toMatchObject({ kind: 'server' });
    });

    it("serves reads of that node by name from the reads by 'localhost' made before its name was known", async () => {
      const { client, service } = setUp();
      const bridges = deferred();
      client.on('GET /cluster/status', { body: STATUS }).on('GET /nodes/localhost/network?type=any_bridge', { later: bridges.promise });
      const early = service.bridges('localhost');
      await service.answeringNode();
      const byName = service.bridges('pve2');
      bridges.resolve(BRIDGES);
      expect(await byName).toEqual(await early);
      expect(client.keys()).toEqual(['GET /nodes/localhost/network?type=any_bridge', 'GET /cluster/status']);
    });

    it('serves them also when the name was known first, and never for another node', async () => {
      const { client, service } = setUp();
      client.on('GET /cluster/status', { body: STATUS }).on('GET /nodes/localhost/network?type=any_bridge', { body: BRIDGES }).on('GET /nodes/pve1/network?type=any_bridge', { body: BRIDGES });
      await service.answeringNode();
      await service.bridges('localhost');
      await service.bridges('pve2');
      await service.bridges('pve1');
      expect(client.keys()).toEqual(['GET /cluster/status', 'GET /nodes/localhost/network?type=any_bridge', 'GET /nodes/pve1/network?type=any_bridge']);
    });

    it("asks by name when the read by 'localhost' was refused or not understood, but not when the server did not answer", async () => {
      const { client, service } = setUp();
      const timeout = new ProxmoxError('timeout', '127.0.0.1:8006 did not answer GET /nodes/localhost/capabilities/qemu/cpu within 30 s; try again.', {});
      const bridges = failingLater();
      const cpu = failingLater();
      client
        .on('GET /cluster/status', { body: STATUS })
        .on('GET /nodes/localhost/network?type=any_bridge', { later: bridges.promise })
        .on('GET /nodes/pve2/network?type=any_bridge', { body: BRIDGES })
        .on('GET /nodes/localhost/capabilities/qemu/cpu', { later: cpu.promise })
        .on('GET /nodes/pve2/capabilities/qemu/cpu', { data: [{ name: 'host', vendor: 'default', custom: 0 }] });
      const earlyBridges = service.bridges('localhost').catch(() => undefined);
      const earlyCpu = service.cpuModels('localhost').catch(() => undefined);
      await service.answeringNode();
      const bridgesByName = service.bridges('pve2');
      const cpuByName = service.cpuModels('pve2');
      bridges.fail(serverError());
      cpu.fail(timeout);
      await expect(bridgesByName).resolves.toHaveLength(1);
      await expect(cpuByName).rejects.toMatchObject({ kind: 'timeout' });
      await Promise.all([earlyBridges, earlyCpu]);
      // The failed alias is forgotten: Retry asks by name.
      await expect(service.cpuModels('pve2')).resolves.toHaveLength(1);
      expect(client.keys().filter((key) => key.includes('/pve2/'))).toEqual(['GET /nodes/pve2/network?type=any_bridge', 'GET /nodes/pve2/capabilities/qemu/cpu']);
    });
  });
});
