import 'reflect-metadata';
import { createPlan } from '../../../mocks/cassettes/scenario-plans';
import { FakeTaskWatcher } from '../../../mocks/fakes/fake-task-watcher';
import type { ProvisioningEvent, ProvisioningResult } from '../../../src/services/provisioning-service';
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
const ok: Answer = { data: null };

function setUp() {
  const client = new ScriptedClient();
  const watcher = new FakeTaskWatcher();
  const service = new ProxmoxProvisioningService(client, watcher, new NullLogger());
  const events: ProvisioningEvent[] = [];
  const onEvent = (event: ProvisioningEvent): void => void events.push(event);
  const stepStates = (): string[] => events.filter((event) => event.kind === 'step').map((event) => (event.kind === 'step' ? `${event.step}:${event.state}` : ''));
  return { client, watcher, service, events, onEvent, stepStates };
}

function answerAll(client: ScriptedClient, overrides: Partial<Record<string, Answer>> = {}): void {
  const answers: Record<string, Answer> = { [CREATE]: { data: CREATE_UPID }, [SERIAL]: ok, [HA]: ok, [START]: { data: START_UPID }, ...overrides } as Record<string, Answer>;
  for (const [key, answer] of Object.entries(answers)) client.on(key, answer);
}

const conflict = (vmid: number): ProxmoxError =>
  new ProxmoxError('conflict', `POST /nodes/pve1/qemu failed: unable to create VM ${vmid} - VM ${vmid} already exists on node 'pve2'; choose another ID or name.`, { endpoint: CREATE, status: 500 });

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

  it('a failed create request is "failed" and nothing else is sent', async () => {
    const { client, service, onEvent, stepStates } = setUp();
    const refused = new ProxmoxError('permission', 'Permission denied for POST /nodes/pve1/qemu: the user lacks VM.Allocate on /vms/123; ask an administrator to grant it.', {});
    answerAll(client, { [CREATE]: { error: refused } });
    const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
    expect(result).toEqual({ status: 'failed', vmid: 123, node: 'pve1', error: refused, task: undefined });
    expect(client.keys()).toEqual([CREATE]);
    expect(stepStates()).toContain('create:failed');
  });

  it('a failed create task is "failed" with the task outcome; nothing is deleted (Proxmox removes the VM itself)', async () => {
    const { client, watcher, service, onEvent } = setUp();
    answerAll(client);
    watcher.script(CREATE_UPID, { outcome: { status: 'error', message: "unable to create VM 123 - storage 'ceph-pool' does not exist" } });
    const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
    expect(result).toMatchObject({ status: 'failed', vmid: 123, task: { status: 'error' } });
    expect((result as Extract<ProvisioningResult, { status: 'failed' }>).error.message).toMatch(/Creating VM 123 on pve1 failed \(unable to create VM 123 - storage 'ceph-pool' does not exist\); Proxmox removed the incomplete VM/);
    expect(client.keys()).toEqual([CREATE]);
  });

  it('losing track of the create task is "failed" with a message that the VM may exist', async () => {
    const { client, watcher, service, onEvent } = setUp();
    answerAll(client);
    watcher.controls.fail('watch', new ProxmoxError('network', 'Could not reach pve1 (connection reset); try again.', { endpoint: 'GET /nodes/pve1/tasks/x/status' }));
    const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
    expect(result.status).toBe('failed');
    expect((result as Extract<ProvisioningResult, { status: 'failed' }>).error.message).toMatch(/Lost track of the task creating VM 123 .*check the task log on pve1 before trying again, the VM may exist/);
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
    const result = await service.run(createPlan, { onVmidConflict: 'take-next' }, onEvent);
    expect(result).toMatchObject({ status: 'partial', failedStep: 'start', completed: ['create', 'serial-console', 'ha'] });
    expect((result as Extract<ProvisioningResult, { status: 'partial' }>).error.message).toMatch(/Start VM 123 failed \(start failed: QEMU exited with code 1\); VM 123 exists/);
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

    it('take-next also reads the schema check\'s errors.vmid (400) as a taken ID', async () => {
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
  });

  it('stops before the next step when cancelled; the running step completes', async () => {
    const { client, service } = setUp();
    answerAll(client);
    const controller = new AbortController();
    const result = await service.run(createPlan, { onVmidConflict: 'take-next', signal: controller.signal }, (event) => {
      if (event.kind === 'step' && event.step === 'serial-console' && event.state === 'done') controller.abort();
    });
    expect(result).toEqual({ status: 'cancelled', vmid: 123, node: 'pve1', completed: ['create', 'serial-console'] });
    expect(client.keys()).toEqual([CREATE, SERIAL]);
  });
});

describe('ProxmoxProvisioningService.resume', () => {
  it('runs only the failed step and those after it, never create', async () => {
    const { client, service, onEvent } = setUp();
    answerAll(client);
    const previous = { status: 'partial', vmid: 123, node: 'pve1', failedStep: 'ha', error: new Error('x'), completed: ['create', 'serial-console'] } as const;
    const result = await service.resume(createPlan, previous, onEvent);
    expect(result).toEqual({ status: 'created', vmid: 123, node: 'pve1', warnings: [] });
    expect(client.keys()).toEqual([HA, START]);
  });

  it('continues with the VM ID the first run moved to', async () => {
    const { client, service, onEvent } = setUp();
    client.on(HA, ok).on('POST /nodes/pve1/qemu/124/status/start', { data: START_UPID });
    const previous = { status: 'partial', vmid: 124, node: 'pve1', failedStep: 'ha', error: new Error('x'), completed: ['create', 'serial-console'] } as const;
    await service.resume(createPlan, previous, onEvent);
    expect(client.keys()).toEqual([HA, 'POST /nodes/pve1/qemu/124/status/start']);
    expect(client.requests[0].form).toEqual({ sid: 'vm:124', state: 'started' });
  });

  it('a resumed step that fails again is "partial" with everything done so far', async () => {
    const { client, service, onEvent } = setUp();
    client.on(HA, ok).on(START, { error: new ProxmoxError('server', 'The server could not complete it; try again.', {}) });
    const previous = { status: 'partial', vmid: 123, node: 'pve1', failedStep: 'ha', error: new Error('x'), completed: ['create', 'serial-console'] } as const;
    await expect(service.resume(createPlan, previous, onEvent)).resolves.toMatchObject({ status: 'partial', failedStep: 'start', completed: ['create', 'serial-console', 'ha'] });
  });

  it('after a cancel that came before create was sent, resume creates (it never was)', async () => {
    const { client, service, onEvent } = setUp();
    answerAll(client);
    const previous = { status: 'cancelled', vmid: 123, node: 'pve1', completed: [] } as const;
    await service.resume(createPlan, previous, onEvent);
    expect(client.keys()).toEqual([CREATE, SERIAL, HA, START]);
  });

  it('after a cancel once create was done, resume does not create again', async () => {
    const { client, service, onEvent } = setUp();
    answerAll(client);
    const previous = { status: 'cancelled', vmid: 123, node: 'pve1', completed: ['create'] } as const;
    await service.resume(createPlan, previous, onEvent);
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
