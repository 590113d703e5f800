import 'reflect-metadata';
import { createPlan } from '../../../mocks/cassettes/scenario-plans';
import { ManualClock } from '../../../mocks/fakes/clocks';
import { FakeTaskWatcher } from '../../../mocks/fakes/fake-task-watcher';
import { errorFromAnswer, errorFromTransport } from '../../../src/proxmox/errors/translate-error';
import type { ProvisioningEvent, ProvisioningResult, ResumableResult } from '../../../src/services/provisioning-service';
import { ProxmoxProvisioningService } from '../../../src/services/impl/proxmox-provisioning-service';
import { NullLogger } from '../../../src/shared/logger';
import { ProxmoxError } from '../../../src/shared/proxmox-error';
import type { RequestPlan } from '../../../src/workflow/request-plan';
import { ScriptedClient, type Answer } from './scripted-client';

const CREATE_UPID = 'UPID:pve1:0003E8F1:0098A1B2:66A1B2C3:qmcreate:123:root@pam!ci:';
const START_UPID = 'UPID:pve1:0003E901:0098A1C0:66A1B2D0:qmstart:123:root@pam!ci:';
const CREATE = 'POST /nodes/pve1/qemu';
const SERIAL = 'PUT /nodes/pve1/qemu/123/config';
const HA = 'POST /cluster/ha/resources';
const START = 'POST /nodes/pve1/qemu/123/status/start';
const TASKS = (vmid: number): string => `GET /nodes/pve1/tasks?vmid=${vmid}&typefilter=qmcreate&source=all`;
const STATUS = (vmid: number): string => `GET /nodes/pve1/qemu/${vmid}/status/current`;
const ok: Answer = { data: null };

/** The test clock's start, in the server's epoch seconds (task start times). */
const NOW_S = Date.UTC(2026, 0, 1) / 1000;

function setUp() {
  const client = new ScriptedClient();
  const watcher = new FakeTaskWatcher();
  const clock = new ManualClock();
  const service = new ProxmoxProvisioningService(client, watcher, clock, new NullLogger());
  const events: ProvisioningEvent[] = [];
  const onEvent = (event: ProvisioningEvent): void => void events.push(event);
  const stepStates = (): string[] => events.filter((event) => event.kind === 'step').map((event) => (event.kind === 'step' ? `${event.step}:${event.state}` : ''));
  const creates = (): number => client.keys().filter((key) => key === CREATE || key === CREATE.replace('123', '124')).length;
  return { client, watcher, clock, service, events, onEvent, stepStates, creates };
}

function answerAll(client: ScriptedClient, overrides: Partial<Record<string, Answer>> = {}): void {
  const answers: Record<string, Answer> = { [CREATE]: { data: CREATE_UPID }, [SERIAL]: ok, [HA]: ok, [START]: { data: START_UPID }, ...overrides } as Record<string, Answer>;
  for (const [key, answer] of Object.entries(answers)) client.on(key, answer);
}

const conflict = (vmid: number): ProxmoxError =>
  errorFromAnswer(CREATE, { status: 500, statusText: '', body: { data: null, message: `unable to create VM ${vmid} - VM ${vmid} already exists on node 'pve2'\n` } }, 'token');

/** What the client makes of a connection that dropped after the request went out. */
const connectionReset = (): ProxmoxError =>
  errorFromTransport(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), { endpoint: CREATE, server: 'pve1:8006', timeoutMs: 15_000, timedOut: false });
const timedOut = (): ProxmoxError => errorFromTransport(new Error('aborted'), { endpoint: CREATE, server: 'pve1:8006', timeoutMs: 15_000, timedOut: true });
const refused = (endpoint = CREATE): ProxmoxError =>
  errorFromTransport(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { endpoint, server: 'pve1:8006', timeoutMs: 15_000, timedOut: false });

/** 403: the user lacks VM.Audit on the VM (rights from a pool the VM is not in). */
const forbidden = (endpoint: string): ProxmoxError => errorFromAnswer(endpoint, { status: 403, statusText: 'Permission check failed (/vms/123, VM.Audit)', body: { data: null } }, 'token');

/** Proxmox's answer for a VM that is not on the node. */
const noSuchVm = (vmid: number): Answer => ({
  error: errorFromAnswer(STATUS(vmid), { status: 500, statusText: '', body: { data: null, message: `Configuration file 'nodes/pve1/qemu-server/${vmid}.conf' does not exist\n` } }, 'token'),
});
const vmThere = (lock?: string): Answer => ({ data: { status: 'stopped', ...(lock ? { lock } : {}) } });

/**
 * A task list entry as Tasks.pm lists it: running (status RUNNING, no end
 * time) unless `status` is given; `ageS` seconds before the test clock's
 * start; a token's task with `user` and `tokenid` apart.
 */
function task(upid: string, options: { status?: string; ageS?: number; user?: string } = {}): Record<string, unknown> {
  const [, node, , , , type, id, upidUser] = upid.split(':');
  const [user, tokenid] = (options.user ?? upidUser).split('!');
  const starttime = NOW_S - (options.ageS ?? 0);
  const state = options.status ? { status: options.status, endtime: starttime + 5 } : { status: 'RUNNING' };
  return { upid, node, type, id, user, ...(tokenid ? { tokenid } : {}), starttime, ...state };
}

const asResult = <S extends ProvisioningResult['status']>(result: ProvisioningResult, status: S): Extract<ProvisioningResult, { status: S }> => {
  expect(result.status).toBe(status);
  return result as Extract<ProvisioningResult, { status: S }>;
};

describe('ProxmoxProvisioningService.run', () => {
  it('sends the plan in order, waits for each task, and reports every step', async () => {
    const { client, watcher, service, events, onEvent, stepStates } = setUp();
    answerAll(client);
    watcher.script(CREATE_UPID, { lines: ["scsi0: successfully created disk 'ceph-pool:vm-123-disk-0'", 'TASK OK'], outcome: { status: 'ok' } });

    const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);

    expect(result).toEqual({ status: 'created', vmid: 123, node: 'pve1', warnings: [] });
    expect(client.keys()).toEqual([CREATE, SERIAL, HA, START]);
    expect(client.requests[0].form).toEqual(createPlan.requests[0].params);
    expect(watcher.controls.callsTo('watch').map((call) => call.args[0])).toEqual([CREATE_UPID, START_UPID]);
    expect(stepStates()).toEqual([
      'create:pending', 'serial-console:pending', 'ha:pending', 'start:pending',
      'create:running', 'create:done', 'serial-console:running', 'serial-console:done',
      'ha:running', 'ha:done', 'start:running', 'start:done',
    ]);
    expect(events).toContainEqual({ kind: 'task-log', step: 'create', lines: [{ n: 1, text: "scsi0: successfully created disk 'ceph-pool:vm-123-disk-0'" }, { n: 2, text: 'TASK OK' }] });
  });

  it.each([
    ['a permission error', new ProxmoxError('permission', 'Permission denied for POST /nodes/pve1/qemu: the user lacks VM.Allocate on /vms/123; ask an administrator to grant it.', { status: 403 })],
    ['a refused connection', refused()],
    ['a 500 from the API handler', errorFromAnswer(CREATE, { status: 500, statusText: '', body: { data: null, message: "storage 'ceph-pool' does not exist\n" } }, 'token')],
  ])('a create refused before anything was made (%s) is "failed" and nothing else is sent', async (_what, error) => {
    const { client, service, onEvent, stepStates } = setUp();
    answerAll(client, { [CREATE]: { error } });
    const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
    expect(result).toEqual({ status: 'failed', vmid: 123, node: 'pve1', error });
    expect(client.keys()).toEqual([CREATE]);
    expect(stepStates()).toContain('create:failed');
  });

  describe('a failed create task', () => {
    const failing = { lines: ["TASK ERROR: unable to create VM 123 - storage 'ceph-pool' does not exist"], outcome: { status: 'error', message: "unable to create VM 123 - storage 'ceph-pool' does not exist" } } as const;

    it('is "failed" with the task message once the VM is checked to be gone', async () => {
      const { client, watcher, service, onEvent } = setUp();
      answerAll(client, { [STATUS(123)]: noSuchVm(123) });
      watcher.script(CREATE_UPID, failing);
      const failed = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'failed');
      expect(failed.error.message).toBe("Creating VM 123 on pve1 failed (unable to create VM 123 - storage 'ceph-pool' does not exist); nothing was left behind: fix the cause and try again.");
      expect(client.keys()).toEqual([CREATE, STATUS(123)]);
    });

    it("is \"failed\" also for a user who may not read the VM's status: the VM ID being free again says nothing was left", async () => {
      const { client, watcher, service, onEvent } = setUp();
      answerAll(client, { [STATUS(123)]: { error: forbidden(STATUS(123)) } });
      client.on('GET /cluster/nextid?vmid=123', { data: '123' });
      watcher.script(CREATE_UPID, failing);
      const failed = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'failed');
      expect(failed.error.message).toMatch(/nothing was left behind/);
    });

    it('is never taken for a later create of the same VM whose answer is lost', async () => {
      const { client, watcher, service, onEvent } = setUp();
      answerAll(client, { [STATUS(123)]: noSuchVm(123) });
      // The second create's answer is lost, and only the first one's failed task is listed.
      client.on(CREATE, { error: timedOut() }).on(TASKS(123), { data: [task(CREATE_UPID, { status: 'stopped: unable to create VM 123', ageS: 60 })] });
      watcher.script(CREATE_UPID, failing);
      asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'failed');
      // The cause fixed, the same VM again.
      const again = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'unknown');
      expect(again.error.message).toMatch(/got no usable answer, and neither VM 123 nor a create task of yours is on pve1/);
      expect(watcher.controls.callsTo('watch')).toHaveLength(1);
    });

    it('that left the VM behind is "unknown", naming the VM, the node and what to do', async () => {
      const { client, watcher, service, onEvent, stepStates } = setUp();
      answerAll(client, { [STATUS(123)]: vmThere('create') });
      watcher.script(CREATE_UPID, failing);
      const unknown = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'unknown');
      expect(unknown.error.message).toMatch(/^The task creating VM 123 on pve1 failed \(.*\), but VM 123 is still there \(locked: create\): check it \(qm config 123 on pve1\) and remove it if it is incomplete \(qm destroy 123\)/);
      expect(stepStates()).toContain('create:unknown');
      expect(client.keys()).toEqual([CREATE, STATUS(123)]);
    });

    it('whose leftovers cannot be checked is "unknown", never "nothing was left behind"', async () => {
      const { client, watcher, service, onEvent } = setUp();
      answerAll(client, { [STATUS(123)]: { error: refused(STATUS(123)) } });
      watcher.script(CREATE_UPID, failing);
      const unknown = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'unknown');
      expect(unknown.error.message).toMatch(/whether it left anything behind could not be checked .*look for VM 123 on pve1/);
      expect(unknown.error.message).not.toMatch(/nothing was left behind/);
    });

    it('ending in "unexpected status" (the worker vanished) is checked the same way', async () => {
      const { client, watcher, service, onEvent } = setUp();
      answerAll(client, { [STATUS(123)]: vmThere('create') });
      watcher.script(CREATE_UPID, { outcome: { status: 'error', message: 'unexpected status' } });
      const unknown = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'unknown');
      expect(unknown.error.message).toMatch(/failed \(unexpected status\), but VM 123 is still there/);
      expect(unknown.error.message).not.toMatch(/removed/);
    });
  });

  describe('a create whose answer is lost is looked for before anything else is sent', () => {
    it.each([
      ['the connection reset after the request went out', connectionReset()],
      ['the request timed out', timedOut()],
      ['a proxy answered 504', errorFromAnswer(CREATE, { status: 504, statusText: 'Gateway Time-out', body: undefined }, 'token')],
      ['the answer could not be read', new ProxmoxError('protocol', "The server's answer to POST /nodes/pve1/qemu was not understood; check the URL.", { endpoint: CREATE })],
    ])('%s: a create task of ours is found, followed, and the run goes on with one create', async (_what, error) => {
      const { client, watcher, service, onEvent, creates } = setUp();
      answerAll(client, { [CREATE]: { error }, [TASKS(123)]: { data: [task(CREATE_UPID)] }, [STATUS(123)]: vmThere('create') });
      const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
      expect(result).toEqual({ status: 'created', vmid: 123, node: 'pve1', warnings: [] });
      // The task answers the question: the VM's status is not asked as well.
      expect(client.keys()).toEqual([CREATE, TASKS(123), SERIAL, HA, START]);
      expect(watcher.controls.callsTo('watch')[0].args[0]).toBe(CREATE_UPID);
      expect(creates()).toBe(1);
    });

    it("a create task of ours is followed even when the VM's status cannot be read (it is not needed)", async () => {
      const { client, service, onEvent, creates } = setUp();
      answerAll(client, { [CREATE]: { error: connectionReset() }, [TASKS(123)]: { data: [task(CREATE_UPID)] }, [STATUS(123)]: { error: refused(STATUS(123)) } });
      await expect(service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent)).resolves.toMatchObject({ status: 'created', vmid: 123 });
      expect(client.keys()).not.toContain(STATUS(123));
      expect(creates()).toBe(1);
    });

    it('a create task of ours that already ended is followed too (its log and outcome)', async () => {
      const { client, watcher, service, onEvent } = setUp();
      answerAll(client, { [CREATE]: { error: connectionReset() }, [TASKS(123)]: { data: [task(CREATE_UPID, { status: 'OK', ageS: 30 })] }, [STATUS(123)]: vmThere() });
      await expect(service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent)).resolves.toMatchObject({ status: 'created', vmid: 123 });
      expect(watcher.controls.callsTo('watch')[0].args[0]).toBe(CREATE_UPID);
    });

    it('neither the VM nor a task of ours: "unknown" (it may still arrive), and resume checks again before creating', async () => {
      const { client, service, onEvent, creates } = setUp();
      answerAll(client, { [CREATE]: { error: connectionReset() }, [TASKS(123)]: { data: [] }, [STATUS(123)]: noSuchVm(123) });
      client.on(CREATE, { data: CREATE_UPID });
      const unknown = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'unknown');
      expect(unknown).toMatchObject({ vmid: 123, node: 'pve1', onVmidConflict: 'take-next', createSentAt: Date.UTC(2026, 0, 1) });
      expect(unknown.error.message).toMatch(/^The request creating VM 123 on pve1 got no usable answer, and neither VM 123 nor a create task of yours is on pve1/);
      expect(client.keys()).toEqual([CREATE, TASKS(123), STATUS(123)]);

      await expect(service.resume(createPlan, unknown, onEvent)).resolves.toMatchObject({ status: 'created', vmid: 123 });
      expect(client.keys().slice(3)).toEqual([TASKS(123), STATUS(123), CREATE, SERIAL, HA, START]);
      expect(creates()).toBe(2);
    });

    it('resume after "unknown" when the first create did land: follows its task and never sends a second create', async () => {
      const { client, service, onEvent, creates } = setUp();
      answerAll(client, { [CREATE]: { error: connectionReset() } });
      client.on(TASKS(123), { data: [] }, { data: [task(CREATE_UPID, { status: 'OK' })] }).on(STATUS(123), noSuchVm(123), vmThere());
      const unknown = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'unknown');
      await expect(service.resume(createPlan, unknown, onEvent)).resolves.toMatchObject({ status: 'created', vmid: 123 });
      expect(creates()).toBe(1);
    });

    it('resume after "unknown" whose create then finds the ID taken by our own late create: adopts it instead of moving on', async () => {
      const { client, service, onEvent, creates } = setUp();
      answerAll(client, { [CREATE]: { error: connectionReset() } });
      client.on(CREATE, { error: conflict(123) });
      client.on(TASKS(123), { data: [] }, { data: [] }, { data: [task(CREATE_UPID)] }).on(STATUS(123), noSuchVm(123), noSuchVm(123), vmThere('create'));
      const unknown = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'unknown');
      await expect(service.resume(createPlan, unknown, onEvent)).resolves.toMatchObject({ status: 'created', vmid: 123 });
      expect(client.keys()).not.toContain('GET /cluster/nextid');
      expect(creates()).toBe(2);
    });

    it('the VM is there but no create of ours made it: someone else took the ID, and the suggested one moves on', async () => {
      const { client, service, events, onEvent } = setUp();
      answerAll(client, { [CREATE]: { error: timedOut() }, [TASKS(123)]: { data: [task(CREATE_UPID, { user: 'bob@pve' })] }, [STATUS(123)]: vmThere() });
      client.on('GET /cluster/nextid', { data: '124' }).on(CREATE.replace('123', '124'), { data: CREATE_UPID.replace(':123:', ':124:') });
      client.on('PUT /nodes/pve1/qemu/124/config', ok).on('POST /nodes/pve1/qemu/124/status/start', { data: START_UPID });
      const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
      expect(result).toMatchObject({ status: 'created', vmid: 124 });
      expect(events).toContainEqual({ kind: 'vmid-changed', from: 123, to: 124 });
    });

    it("a create task of the same user through another token (or a ticket) is not this run's", async () => {
      const { client, service, onEvent } = setUp();
      const others = [task(CREATE_UPID, { user: 'root@pam!other' }), task(CREATE_UPID, { user: 'root@pam' })];
      answerAll(client, { [CREATE]: { error: timedOut() }, [TASKS(123)]: { data: others }, [STATUS(123)]: vmThere('create') });
      await expect(service.run(createPlan, { onVmidConflict: 'fail' }, onEvent)).resolves.toMatchObject({ status: 'failed', error: { kind: 'conflict' } });
    });

    it('the VM is there, locked by a create, and no create task is listed yet: "unknown", never a second VM', async () => {
      const { client, service, onEvent, creates } = setUp();
      // Proxmox writes the config (lock: create) before it starts the task: our request may be in between.
      answerAll(client, { [CREATE]: { error: timedOut() }, [TASKS(123)]: { data: [] }, [STATUS(123)]: vmThere('create') });
      const unknown = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'unknown');
      expect(unknown.error.message).toMatch(/being created on pve1 \(locked: create\), and no create task is listed for it yet/);
      expect(client.keys()).not.toContain('GET /cluster/nextid');
      expect(creates()).toBe(1);
    });

    it("the VM ID is in use but this user may not read the VM (no VM.Audit on it): \"unknown\", never a second VM", async () => {
      const { client, service, onEvent, creates } = setUp();
      answerAll(client, { [CREATE]: { error: timedOut() }, [TASKS(123)]: { data: [] }, [STATUS(123)]: { error: forbidden(STATUS(123)) } });
      client.on('GET /cluster/nextid?vmid=123', { error: errorFromAnswer('GET /cluster/nextid', { status: 400, statusText: 'Parameter verification failed.', body: { data: null, errors: { vmid: 'VM 123 already exists' } } }, 'token') });
      const unknown = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'unknown');
      expect(unknown.error.message).toMatch(/VM ID 123 is in use, and this user may not see whose VM it is/);
      expect(client.keys()).not.toContain('GET /cluster/nextid');
      expect(creates()).toBe(1);
    });

    it('the task list read before the VM was seen predates our request: listed again, our task is found and followed', async () => {
      const { client, service, onEvent, creates } = setUp();
      answerAll(client, { [CREATE]: { error: timedOut() }, [STATUS(123)]: vmThere() });
      client.on(TASKS(123), { data: [] }, { data: [task(CREATE_UPID, { status: 'OK' })] });
      await expect(service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent)).resolves.toMatchObject({ status: 'created', vmid: 123 });
      expect(client.keys().filter((key) => key === TASKS(123))).toHaveLength(2);
      expect(creates()).toBe(1);
    });

    it('the VM is there and the only create of ours looks older than this run: "unknown" rather than a guess', async () => {
      const { client, service, onEvent } = setUp();
      answerAll(client, { [CREATE]: { error: timedOut() }, [TASKS(123)]: { data: [task(CREATE_UPID, { status: 'OK', ageS: 7 * 86400 })] }, [STATUS(123)]: vmThere() });
      const unknown = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'unknown');
      expect(unknown.error.message).toMatch(/^VM 123 may have been created on pve1, but this could not be confirmed \(.*looks older than this request\)/);
      expect(client.keys()).not.toContain('GET /cluster/nextid');
    });

    it('the cluster cannot be asked: "unknown" naming the VM and node; resume asks again', async () => {
      const { client, service, onEvent, creates } = setUp();
      answerAll(client, { [CREATE]: { error: connectionReset() } });
      client.on(TASKS(123), { error: refused(TASKS(123)) }, { data: [task(CREATE_UPID, { status: 'OK' })] }).on(STATUS(123), vmThere());
      const unknown = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'unknown');
      expect(unknown.error).toMatchObject({ kind: 'network' });
      expect(unknown.error.message).toBe(
        'VM 123 may have been created on pve1, but this could not be confirmed (Could not reach pve1:8006 for GET /nodes/pve1/tasks?vmid=123&typefilter=qmcreate&source=all (connection refused)). Look for VM 123 and its create task on pve1 before creating it again.',
      );
      await expect(service.resume(createPlan, unknown, onEvent)).resolves.toMatchObject({ status: 'created', vmid: 123 });
      expect(creates()).toBe(1);
    });

    it('losing the create task while following it: the task is found again and followed', async () => {
      const { client, watcher, service, onEvent, creates } = setUp();
      answerAll(client, { [TASKS(123)]: { data: [task(CREATE_UPID)] }, [STATUS(123)]: vmThere('create') });
      watcher.controls.fail('watch', connectionReset());
      await expect(service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent)).resolves.toMatchObject({ status: 'created', vmid: 123 });
      expect(watcher.controls.callsTo('watch').map((call) => call.args[0]).slice(0, 2)).toEqual([CREATE_UPID, CREATE_UPID]);
      expect(creates()).toBe(1);
    });

    it('losing it for good is "unknown", and no retry ever sends a second create for it', async () => {
      const { client, watcher, service, onEvent, creates } = setUp();
      answerAll(client, { [TASKS(123)]: { data: [task(CREATE_UPID)] }, [STATUS(123)]: vmThere('create') });
      watcher.controls.fail('watch', connectionReset(), 3);
      const unknown = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'unknown');
      expect(unknown.error.message).toMatch(/^VM 123 may have been created on pve1, but this could not be confirmed/);
      await expect(service.resume(createPlan, unknown, onEvent)).resolves.toMatchObject({ status: 'created', vmid: 123 });
      expect(creates()).toBe(1);
    });
  });

  it('a later step that fails leaves a "partial" result naming the step and what was done', async () => {
    const { client, service, onEvent } = setUp();
    const denied = new ProxmoxError('permission', 'Permission denied for POST /cluster/ha/resources: the user lacks Sys.Console on /; ask an administrator to grant it.', {});
    answerAll(client, { [HA]: { error: denied } });
    const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
    expect(result).toEqual({ status: 'partial', vmid: 123, node: 'pve1', failedStep: 'ha', error: denied, completed: ['create', 'serial-console'] });
    expect(client.keys()).toEqual([CREATE, SERIAL, HA]);
  });

  it('a start task that fails is "partial" too: the VM exists', async () => {
    const { client, watcher, service, onEvent } = setUp();
    answerAll(client);
    watcher.script(START_UPID, { outcome: { status: 'error', message: 'start failed: QEMU exited with code 1' } });
    const partial = asResult(await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent), 'partial');
    expect(partial).toMatchObject({ failedStep: 'start', completed: ['create', 'serial-console', 'ha'] });
    expect(partial.error.message).toMatch(/Start VM 123 failed \(start failed: QEMU exited with code 1\); VM 123 exists/);
  });

  it('task warnings make the step a warning and are returned with the result', async () => {
    const { client, watcher, service, onEvent, stepStates } = setUp();
    answerAll(client);
    watcher.script(START_UPID, { lines: ['WARN: x', 'TASK WARNINGS: 1'], outcome: { status: 'warnings', count: 1, warnings: ['x'] } });
    const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
    expect(result).toEqual({ status: 'created', vmid: 123, node: 'pve1', warnings: ['x'] });
    expect(stepStates()).toContain('start:warning');
  });

  it('follows a task a non-task write started anyway (POST config may return a UPID)', async () => {
    const { client, watcher, service, onEvent } = setUp();
    const configUpid = 'UPID:pve1:0003E905:0098A1C5:66A1B2D5:qmconfig:123:root@pam!ci:';
    answerAll(client, { [SERIAL]: { data: configUpid } });
    await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
    expect(watcher.controls.callsTo('watch').map((call) => call.args[0])).toEqual([CREATE_UPID, configUpid, START_UPID]);
  });

  describe('VM ID taken between nextid and create', () => {
    it('take-next: moves the whole plan to the next free ID, says so, and creates once more', async () => {
      const { client, service, events, onEvent } = setUp();
      const createUpid124 = CREATE_UPID.replace(':123:', ':124:');
      client
        .on(CREATE, { error: conflict(123) }, { data: createUpid124 })
        .on('GET /cluster/nextid', { data: '124' })
        .on('PUT /nodes/pve1/qemu/124/config', ok)
        .on(HA, ok)
        .on('POST /nodes/pve1/qemu/124/status/start', { data: START_UPID.replace(':123:', ':124:') });

      const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);

      expect(result).toEqual({ status: 'created', vmid: 124, node: 'pve1', warnings: [] });
      expect(events).toContainEqual({ kind: 'vmid-changed', from: 123, to: 124 });
      expect(client.keys()).toEqual([CREATE, 'GET /cluster/nextid', CREATE, 'PUT /nodes/pve1/qemu/124/config', HA, 'POST /nodes/pve1/qemu/124/status/start']);
      expect(client.requests[2].form).toMatchObject({ vmid: 124, name: 'web-1' });
      expect(client.requests[4].form).toEqual({ sid: 'vm:124', state: 'started' });
    });

    it("take-next also reads the schema check's errors.vmid (400) as a taken ID", async () => {
      const { client, service, onEvent } = setUp();
      const taken = new ProxmoxError('validation', 'Proxmox rejected the parameters (vmid: VM 123 already exists); correct them.', { parameterErrors: { vmid: 'VM 123 already exists' } });
      client.on(CREATE, { error: taken }, { data: CREATE_UPID.replace(':123:', ':124:') }).on('GET /cluster/nextid', { data: '124' });
      client.on('PUT /nodes/pve1/qemu/124/config', ok).on(HA, ok).on('POST /nodes/pve1/qemu/124/status/start', { data: START_UPID });
      await expect(service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent)).resolves.toMatchObject({ status: 'created', vmid: 124 });
    });

    it('retries only once: a second conflict is "failed"', async () => {
      const { client, service, onEvent } = setUp();
      client.on(CREATE, { error: conflict(123) }, { error: conflict(124) }).on('GET /cluster/nextid', { data: '124' });
      const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
      expect(result).toMatchObject({ status: 'failed', vmid: 124, error: { kind: 'conflict' } });
      expect(client.keys()).toEqual([CREATE, 'GET /cluster/nextid', CREATE]);
    });

    it('fail: stops with the conflict so the user can choose', async () => {
      const { client, service, events, onEvent } = setUp();
      client.on(CREATE, { error: conflict(123) });
      const result = await service.run(createPlan, { onVmidConflict: 'fail' }, onEvent);
      expect(result).toMatchObject({ status: 'failed', vmid: 123, error: { kind: 'conflict' } });
      expect(client.keys()).toEqual([CREATE]);
      expect(events.some((event) => event.kind === 'vmid-changed')).toBe(false);
    });

    it('Ctrl-C while the first create is on its way: its conflict sends neither nextid nor a second create', async () => {
      const { client, service, creates } = setUp();
      const controller = new AbortController();
      let answer!: (body: unknown) => void;
      client.on(CREATE, { later: new Promise((resolve) => (answer = resolve)) });
      const running = service.run(createPlan, { onVmidConflict: 'take-next', signal: controller.signal }, () => undefined);
      await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      answer(Promise.reject(conflict(123)));
      await expect(running).resolves.toEqual({ status: 'cancelled', vmid: 123, node: 'pve1', completed: [], onVmidConflict: 'take-next' });
      expect(client.keys()).toEqual([CREATE]);
      expect(creates()).toBe(1);
    });

    it('Ctrl-C while the next free ID is asked for: no second create', async () => {
      const { client, service } = setUp();
      const controller = new AbortController();
      client.on(CREATE, { error: conflict(123) }).on('GET /cluster/nextid', {
        // A getter: the answer (and the Ctrl-C with it) comes only when nextid is asked.
        get later() {
          controller.abort();
          return Promise.resolve({ data: '124' });
        },
      });
      const result = await service.run(createPlan, { onVmidConflict: 'take-next', signal: controller.signal }, () => undefined);
      expect(result).toMatchObject({ status: 'cancelled', vmid: 123, completed: [] });
      expect(client.keys()).toEqual([CREATE, 'GET /cluster/nextid']);
    });
  });

  it('stops before the next step when cancelled; the running step completes', async () => {
    const { client, service } = setUp();
    answerAll(client);
    const controller = new AbortController();
    const result = await service.run(createPlan, { onVmidConflict: 'take-next', signal: controller.signal }, (event) => {
      if (event.kind === 'step' && event.step === 'serial-console' && event.state === 'done') controller.abort();
    });
    expect(result).toEqual({ status: 'cancelled', vmid: 123, node: 'pve1', completed: ['create', 'serial-console'], onVmidConflict: 'take-next' });
    expect(client.keys()).toEqual([CREATE, SERIAL]);
  });
});

describe('ProxmoxProvisioningService.resume', () => {
  const partialAtHa = (vmid = 123): ResumableResult => ({ status: 'partial', vmid, node: 'pve1', failedStep: 'ha', error: new Error('x'), completed: ['create', 'serial-console'] });

  it('runs only the failed step and those after it, never create, and announces them as pending first', async () => {
    const { client, service, onEvent, stepStates } = setUp();
    answerAll(client);
    const result = await service.resume(createPlan, partialAtHa(), onEvent);
    expect(result).toEqual({ status: 'created', vmid: 123, node: 'pve1', warnings: [] });
    expect(client.keys()).toEqual([HA, START]);
    expect(stepStates().slice(0, 2)).toEqual(['ha:pending', 'start:pending']);
  });

  it('continues with the VM ID the first run moved to', async () => {
    const { client, service, onEvent } = setUp();
    client.on(HA, ok).on('POST /nodes/pve1/qemu/124/status/start', { data: START_UPID });
    await service.resume(createPlan, partialAtHa(124), onEvent);
    expect(client.keys()).toEqual([HA, 'POST /nodes/pve1/qemu/124/status/start']);
    expect(client.requests[0].form).toEqual({ sid: 'vm:124', state: 'started' });
  });

  it('a resumed step that fails again is "partial" with everything done so far', async () => {
    const { client, service, onEvent } = setUp();
    client.on(HA, ok).on(START, { error: new ProxmoxError('server', 'The server could not complete it; try again.', {}) });
    await expect(service.resume(createPlan, partialAtHa(), onEvent)).resolves.toMatchObject({ status: 'partial', failedStep: 'start', completed: ['create', 'serial-console', 'ha'] });
  });

  it('a resumed step whose first try worked after all (HA already has the VM, it already runs) is done', async () => {
    const { client, watcher, service, onEvent } = setUp();
    const already = errorFromAnswer(HA, { status: 500, statusText: '', body: { data: null, message: "resource ID 'vm:123' already defined\n" } }, 'token');
    client.on(HA, { error: already }).on(START, { data: START_UPID });
    watcher.script(START_UPID, { outcome: { status: 'error', message: 'VM 123 already running' } });
    await expect(service.resume(createPlan, partialAtHa(), onEvent)).resolves.toMatchObject({ status: 'created', vmid: 123 });
  });

  it('after a cancel that came before create was sent, resume creates (it never was)', async () => {
    const { client, service, onEvent } = setUp();
    answerAll(client);
    await service.resume(createPlan, { status: 'cancelled', vmid: 123, node: 'pve1', completed: [], onVmidConflict: 'fail' }, onEvent);
    expect(client.keys()).toEqual([CREATE, SERIAL, HA, START]);
  });

  it('after a cancel before create on a suggested ID that was taken meanwhile, resume still moves on to the next free one', async () => {
    const { client, service, events, onEvent } = setUp();
    client.on(CREATE, { error: conflict(123) }, { data: CREATE_UPID.replace(':123:', ':124:') }).on('GET /cluster/nextid', { data: '124' });
    client.on('PUT /nodes/pve1/qemu/124/config', ok).on(HA, ok).on('POST /nodes/pve1/qemu/124/status/start', { data: START_UPID });
    const result = await service.resume(createPlan, { status: 'cancelled', vmid: 123, node: 'pve1', completed: [], onVmidConflict: 'take-next' }, onEvent);
    expect(result).toMatchObject({ status: 'created', vmid: 124 });
    expect(events).toContainEqual({ kind: 'vmid-changed', from: 123, to: 124 });
  });

  it('after a cancel once create was done, resume does not create again', async () => {
    const { client, service, onEvent } = setUp();
    answerAll(client);
    await service.resume(createPlan, { status: 'cancelled', vmid: 123, node: 'pve1', completed: ['create'], onVmidConflict: 'take-next' }, onEvent);
    expect(client.keys()).toEqual([SERIAL, HA, START]);
  });

  it('a plan whose HA rides on create (PVE >= 9.1, ha-managed=1) has no HA request, and none is sent', async () => {
    const { client, service, onEvent } = setUp();
    const plan: RequestPlan = {
      ...createPlan,
      requests: createPlan.requests.filter((request) => request.step !== 'ha').map((request) => (request.step === 'create' ? { ...request, params: { ...request.params, 'ha-managed': 1 } } : request)),
    };
    answerAll(client);
    await service.run(plan, { onVmidConflict: 'fail' }, onEvent);
    expect(client.keys()).toEqual([CREATE, SERIAL, START]);
    expect(client.requests[0].form).toMatchObject({ 'ha-managed': 1 });
  });
});
