import { createPlan } from '../../../mocks/cassettes/scenario-plans';
import { FakeControls, FakeProvisioningService, FakeReferenceDataService, FakeSessionService, FakeTaskWatcher } from '../../../mocks/fakes';
import type { ProvisioningEvent } from '../../../src/services/provisioning-service';
import { ProxmoxError } from '../../../src/shared/proxmox-error';
import { Secret } from '../../../src/shared/secret';

const offline = new ProxmoxError('network', 'Could not reach pve1 (connection refused); check the address.', {});

describe('FakeControls', () => {
  it('fails the next n calls, then succeeds', async () => {
    const controls = new FakeControls<'load'>().fail('load', offline, 2);
    const load = () => controls.run('load', [], () => 'data');
    await expect(load()).rejects.toBe(offline);
    await expect(load()).rejects.toBe(offline);
    await expect(load()).resolves.toBe('data');
    expect(controls.callsTo('load')).toHaveLength(3);
  });

  it('holds calls until released (a loading state)', async () => {
    const controls = new FakeControls<'load'>().hold('load');
    let settled = false;
    const call = controls.run('load', [], () => 'data').then((value) => ((settled = true), value));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    controls.release('load');
    await expect(call).resolves.toBe('data');
  });
});

describe('FakeSessionService', () => {
  it('checks the password, then the TOTP code; a wrong code keeps the challenge', async () => {
    const session = new FakeSessionService();
    await expect(session.login('alice', new Secret('wrong'), 'pve')).rejects.toMatchObject({ kind: 'auth' });
    await expect(session.login('alice', new Secret('demo'), 'pve')).resolves.toMatchObject({ kind: 'second-factor', challenge: { totp: true, recovery: true } });
    await expect(session.completeSecondFactor({ kind: 'totp', code: '000000' })).rejects.toMatchObject({ kind: 'auth' });
    await expect(session.completeSecondFactor({ kind: 'totp', code: '123456' })).resolves.toMatchObject({ username: 'alice@pve', authKind: 'ticket' });
  });

  it('checks tokens and fires onDidExpire on request', async () => {
    const session = new FakeSessionService();
    await expect(session.useToken('root@pam!demo', new Secret('00000000-0000-0000-0000-000000000000'))).resolves.toMatchObject({ authKind: 'token' });
    const expired: string[] = [];
    session.onDidExpire((event) => expired.push(event.endpoint));
    session.expire();
    expect(expired).toHaveLength(1);
    expect(session.current).toBeUndefined();
  });
});

describe('FakeReferenceDataService', () => {
  it('filters storages by content and knows taken VM IDs', async () => {
    const data = new FakeReferenceDataService();
    expect((await data.storages('pve1', 'iso')).map((storage) => storage.id)).toEqual(['cephfs', 'local']);
    expect(await data.nextFreeVmid()).toBe(102);
    data.takeVmid(102);
    await expect(data.isVmidFree(102)).resolves.toBe(false);
    expect(await data.nextFreeVmid()).toBe(103);
  });

  it("answers reads by 'localhost' for the answering node, and serves that node's reads by name from them until one fails", async () => {
    const data = new FakeReferenceDataService();
    expect(await data.answeringNode()).toBe('pve1');
    expect(await data.bridges('localhost')).toEqual(await data.bridges('pve1'));
    expect(data.controls.calls.filter((call) => call.method === 'bridges').map((call) => call.args[0])).toEqual(['localhost']);
    data.controls.fail('storages', new Error('refused'));
    await expect(data.storages('localhost', 'iso')).rejects.toThrow('refused');
    expect((await data.storages('pve1', 'iso')).map((storage) => storage.id)).toContain('cephfs');
    expect(data.controls.calls.filter((call) => call.method === 'storages').map((call) => call.args[0])).toEqual(['localhost', 'pve1']);
  });

  it('an empty node gives empty lists (the empty state)', async () => {
    const data = new FakeReferenceDataService();
    await expect(data.bridges('pve3')).resolves.toEqual([]);
    await expect(data.storages('pve3', 'images')).resolves.toEqual([]);
  });
});

describe('FakeProvisioningService and FakeTaskWatcher', () => {
  it('walks the steps, fails where told, and resumes without creating again', async () => {
    const provisioning = new FakeProvisioningService().failStep('ha', offline);
    const events: ProvisioningEvent[] = [];
    const partial = await provisioning.run(createPlan, { onVmidConflict: 'take-next' }, (event) => events.push(event));
    expect(partial).toMatchObject({ status: 'partial', failedStep: 'ha', completed: ['create', 'serial-console'] });
    provisioning.succeedStep('ha');
    const steps: string[] = [];
    const done = await provisioning.resume(createPlan, partial as Extract<typeof partial, { status: 'partial' }>, (event) => event.kind === 'step' && event.state === 'running' && steps.push(event.step));
    expect(done).toMatchObject({ status: 'created', vmid: 123 });
    expect(steps).toEqual(['ha', 'start']);
  });

  it('stages a VM ID race', async () => {
    const events: ProvisioningEvent[] = [];
    const provisioning = new FakeProvisioningService().raceVmid(124);
    const result = await provisioning.run(createPlan, { onVmidConflict: 'take-next' }, (event) => events.push(event));
    expect(result).toMatchObject({ status: 'created', vmid: 124 });
    expect(events).toContainEqual({ kind: 'vmid-changed', from: 123, to: 124 });
    expect(provisioning.createdVmids).toEqual([124]);
  });

  it('announces every step as pending first, as the real service does', async () => {
    const states: string[] = [];
    await new FakeProvisioningService().run(createPlan, { onVmidConflict: 'fail' }, (event) => event.kind === 'step' && states.push(`${event.step}:${event.state}`));
    expect(states.slice(0, 5)).toEqual(['create:pending', 'serial-console:pending', 'ha:pending', 'start:pending', 'create:running']);
  });

  it('a cancel before create leaves no VM, and resume then creates it with the same VM-ID policy', async () => {
    const provisioning = new FakeProvisioningService();
    const stop = new AbortController();
    stop.abort();
    const cancelled = await provisioning.run(createPlan, { onVmidConflict: 'take-next', signal: stop.signal }, () => undefined);
    expect(cancelled).toEqual({ status: 'cancelled', vmid: 123, node: 'pve1', completed: [], onVmidConflict: 'take-next' });
    expect(provisioning.createdVmids).toEqual([]);
    const done = await provisioning.resume(createPlan, cancelled as Extract<typeof cancelled, { status: 'cancelled' }>, () => undefined);
    expect(done).toMatchObject({ status: 'created', vmid: 123 });
    expect(provisioning.createdVmids).toEqual([123]);
  });

  it('an unconfirmed create is "unknown"; resume stays unknown until it is confirmed, and never creates a second VM', async () => {
    const provisioning = new FakeProvisioningService().unconfirmCreate();
    const unknown = await provisioning.run(createPlan, { onVmidConflict: 'take-next' }, () => undefined);
    expect(unknown).toMatchObject({ status: 'unknown', vmid: 123, onVmidConflict: 'take-next' });
    const previous = unknown as Extract<typeof unknown, { status: 'unknown' }>;
    await expect(provisioning.resume(createPlan, previous, () => undefined)).resolves.toMatchObject({ status: 'unknown' });
    provisioning.confirmCreate();
    await expect(provisioning.resume(createPlan, previous, () => undefined)).resolves.toMatchObject({ status: 'created', vmid: 123 });
    expect(provisioning.createdVmids).toEqual([123]);
  });

  it('plays scripted task logs and outcomes', async () => {
    const watcher = new FakeTaskWatcher().script('UPID:x', { lines: ['WARN: w', 'TASK WARNINGS: 1'], outcome: { status: 'warnings', count: 1, warnings: ['w'] } });
    const lines: string[] = [];
    await expect(watcher.watch('UPID:x', { onLog: (batch) => lines.push(...batch.map((line) => line.text)) })).resolves.toMatchObject({ status: 'warnings' });
    expect(lines).toEqual(['WARN: w', 'TASK WARNINGS: 1']);
  });
});
