import { inspect } from 'node:util';
import { errorFromAnswer, errorFromTransport, isConflict, notJsonError, protocolError, proxmoxError, requestMayHaveTakenEffect } from '../../../src/proxmox/errors/translate-error';
import { TlsRefusal } from '../../../src/proxmox/tls/verifying-agent';
import type { ProxmoxError } from '../../../src/shared/proxmox-error';
import { realResponse } from './fixtures';

const CREATE = 'POST /nodes/pve1/qemu';
const TICKET = 'PVE:root@pam:4EEC61E2::rsKoApxDTLYPn6H3NNT6iP2mv/gUHRVnhOK6Yv5uiXPSoAhTrm7rdzBj8VDw2vq+N2kZ2dmNhCkZg6Ks+zA==';

/** Every message is one sentence: what failed; what to do. */
function expectOneSentenceWithAdvice(error: ProxmoxError): void {
  expect(error.message).not.toContain('\n');
  expect(error.message).toMatch(/; .+\.$/);
}

describe('translating answers', () => {
  it('400 keeps the per-parameter errors, trimmed, and lists them', () => {
    const error = errorFromAnswer(
      CREATE,
      { status: 400, statusText: 'Parameter verification failed.', body: { data: null, errors: { net0: 'invalid format - missing bridge\n', vmid: 'VM 100 already exists' } } },
      'ticket',
    );
    expect(error.kind).toBe('validation');
    expect(error.details.parameterErrors).toEqual({ net0: 'invalid format - missing bridge', vmid: 'VM 100 already exists' });
    expect(error.message).toContain('net0: invalid format - missing bridge; vmid: VM 100 already exists');
    expectOneSentenceWithAdvice(error);
  });

  it('400 from the real fixture (nextid with a taken VM ID)', () => {
    const fixture = realResponse('GET_cluster_nextid_taken');
    const error = errorFromAnswer('GET /cluster/nextid', { status: fixture.status, statusText: '', body: fixture.body }, 'ticket');
    expect(error.details.parameterErrors).toEqual({ vmid: 'VM 200 already exists' });
  });

  it.each([
    ['login', /user name, realm or password was not accepted/],
    ['second-factor', /second-factor code was not accepted/],
    ['token', /rejected the API token \(Authentication failed!\)/],
    ['ticket', /no longer accepts this session \(Authentication failed!\); sign in again/],
    ['renewal', /no longer accepts this session/],
    ['none', /needs a signed-in session/],
  ] as const)('401 while %s says what to do', (context, message) => {
    const error = errorFromAnswer('GET /nodes', { status: 401, statusText: 'Authentication failed!', body: undefined }, context);
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(message);
    expect(error.retryable).toBe(false);
    expectOneSentenceWithAdvice(error);
  });

  it('403 names the privilege and the ACL path', () => {
    const error = errorFromAnswer(CREATE, { status: 403, statusText: 'Forbidden', body: { data: null, message: 'Permission check failed (/vms/100, VM.Allocate)\n' } }, 'ticket');
    expect(error).toMatchObject({ kind: 'permission', details: { privilege: 'VM.Allocate', status: 403 } });
    expect(error.message).toContain('lacks VM.Allocate on /vms/100');
  });

  it('403 without a privilege (a token on a ticket-only endpoint) is still a permission error', () => {
    const error = errorFromAnswer('POST /access/ticket', { status: 403, statusText: "URI '/access/ticket' not available with API token, need proper ticket.", body: { data: null } }, 'token');
    expect(error.kind).toBe('permission');
    expect(error.details.privilege).toBeUndefined();
    expect(error.message).toContain('not available with API token');
  });

  it.each([
    ["unable to create VM 101 - VM 101 already exists on node 'pve1'", /choose another ID/],
    ['unable to create VM 101 - VM is locked (create)', /wait for the running operation/],
    ["can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout", /wait for the running operation/],
  ])('500 "%s" is a conflict', (message, advice) => {
    const error = errorFromAnswer(CREATE, { status: 500, statusText: message, body: { data: null } }, 'ticket');
    expect(error.kind).toBe('conflict');
    expect(error.message).toMatch(advice);
  });

  it('prefers the JSON message (PVE >= 8.4) to the reason phrase', () => {
    const error = errorFromAnswer(CREATE, { status: 500, statusText: 'Internal Server Error', body: { data: null, message: "storage 'x' does not exist\n" } }, 'ticket');
    expect(error.kind).toBe('server');
    expect(error.message).toContain("storage 'x' does not exist (HTTP 500)");
  });

  it('reads the reason phrase when the body has no message (older servers)', () => {
    const error = errorFromAnswer(CREATE, { status: 500, statusText: "storage 'x' does not exist", body: { data: null } }, 'ticket');
    expect(error.message).toContain("storage 'x' does not exist");
  });

  it.each([595, 596])('%i from pveproxy is a network error naming the node in the path', (status) => {
    const error = errorFromAnswer('GET /nodes/pve3/storage', { status, statusText: 'No route to host', body: undefined }, 'ticket');
    expect(error.kind).toBe('network');
    expect(error.message).toContain('node pve3');
    expect(error.retryable).toBe(true);
  });

  it('never repeats a secret the server echoed', () => {
    const error = errorFromAnswer(CREATE, { status: 500, statusText: '', body: { data: null, message: `bad cookie PVEAuthCookie=${TICKET}` } }, 'ticket');
    expect(error.message).not.toContain(TICKET);
    expect(error.message).not.toContain('rsKoApxDTLYP');
  });
});

describe('translating failures without an answer', () => {
  const context = { endpoint: 'GET /version', server: 'pve1.example.org:8006', timeoutMs: 15_000, timedOut: false };
  const withCode = (code: string, cause?: unknown): Error => Object.assign(new Error(code), { code, cause });

  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ECONNRESET', 'connection reset'],
    ['ENOTFOUND', 'host name not found'],
    ['EAI_AGAIN', 'name lookup failed'],
    ['EHOSTUNREACH', 'host unreachable'],
  ])('%s is a network error (%s)', (code, words) => {
    const error = errorFromTransport(withCode(code), context);
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`Could not reach pve1.example.org:8006 for GET /version (${words})`);
  });

  it('finds the socket code under axios wrappers', () => {
    const error = errorFromTransport(withCode('ERR_NETWORK', withCode('ECONNRESET')), context);
    expect(error.message).toContain('connection reset');
  });

  it("an answer cut off after its headers (axios' ERR_BAD_RESPONSE, no socket code) is said in words, not as axios' code", () => {
    const error = errorFromTransport(withCode('ERR_BAD_RESPONSE'), context);
    expect(error.kind).toBe('network');
    expect(error.message).toContain('for GET /version (the connection dropped in the middle of the answer)');
    expect(error.message).not.toContain('ERR_');
  });

  it('our own time limit is a timeout naming the limit', () => {
    const error = errorFromTransport(new Error('canceled'), { ...context, timedOut: true });
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('did not answer GET /version within 15 s');
  });

  it('an OS connect timeout is a timeout too', () => {
    expect(errorFromTransport(withCode('ETIMEDOUT'), context).kind).toBe('timeout');
  });

  it('a certificate refusal anywhere in the cause chain is a tls error with both fingerprints', () => {
    const refusal = new TlsRefusal('fingerprint-mismatch', 'mismatch; update --fingerprint.', 'AA:BB', 'CC:DD');
    const error = errorFromTransport(withCode('ERR_BAD_REQUEST', refusal), context);
    expect(error).toMatchObject({ kind: 'tls', details: { tls: { presentedFingerprint: 'AA:BB', expectedFingerprint: 'CC:DD', code: 'fingerprint-mismatch' } } });
  });

  it('keeps only the code and message of what was thrown: never the request config with its credentials', () => {
    const axiosError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8006'), {
      code: 'ECONNREFUSED',
      config: { headers: { Authorization: 'PVEAPIToken=root@pam!ci=9f1c7e52-3b8a-4d6e-a0f2-5c4b3a291807' }, data: 'username=root%40pam&password=hunter2hunter2' },
    });
    const error = errorFromTransport(axiosError, context);
    const everything = inspect(error, { depth: 10 }) + JSON.stringify(error.details);
    expect(everything).not.toContain('9f1c7e52-3b8a-4d6e-a0f2-5c4b3a291807');
    expect(everything).not.toContain('hunter2hunter2');
    expect(error.details.cause).toMatchObject({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:8006' });
  });

  it('an SSL protocol error is a tls error', () => {
    expect(errorFromTransport(withCode('ERR_SSL_WRONG_VERSION_NUMBER'), context).kind).toBe('tls');
  });
});

describe('protocol errors', () => {
  it('name the endpoint and the first bad path', () => {
    const error = protocolError('GET /nodes', [{ path: 'data[1].node', message: 'is required (a non-empty string)' }]);
    expect(error).toMatchObject({ kind: 'protocol', details: { endpoint: 'GET /nodes', decodePath: 'data[1].node' } });
    expect(error.message).toContain('data[1].node: is required');
  });

  it('say so when the body is not JSON at all', () => {
    expect(notJsonError('GET /version', 200).message).toMatch(/not JSON/);
  });

  it('conflict detection does not fire on unrelated messages', () => {
    expect(isConflict("storage 'x' does not exist")).toBe(false);
    expect(isConflict('VM 100 already exists')).toBe(true);
  });
});

describe('whether a failed write may still have been carried out', () => {
  const transport = { endpoint: CREATE, server: 'pve1:8006', timeoutMs: 15_000, timedOut: false };
  const socket = (code: string): Error => Object.assign(new Error(code), { code });
  const answer = (status: number, message = ''): ProxmoxError => errorFromAnswer(CREATE, { status, statusText: message, body: { data: null, message } }, 'token');

  it.each([
    ['connection refused', errorFromTransport(socket('ECONNREFUSED'), transport)],
    ['host name not found', errorFromTransport(socket('ENOTFOUND'), transport)],
    ['host unreachable', errorFromTransport(socket('EHOSTUNREACH'), transport)],
    ['a certificate refused', errorFromTransport(new TlsRefusal('fingerprint-mismatch', 'mismatch', 'AA', 'BB'), transport)],
    ['no server set (refused by the client itself)', proxmoxError('network', 'No Proxmox VE server is set; give one with --host.', { endpoint: CREATE })],
    ['400', answer(400, 'Parameter verification failed.')],
    ['401', answer(401)],
    ['403', answer(403, 'Permission check failed (/vms/100, VM.Allocate)')],
    ['500 VM already exists', answer(500, "unable to create VM 100 - VM 100 already exists on node 'pve1'")],
    ['500 VM is locked', answer(500, 'unable to create VM 100 - VM is locked (create)')],
    ["500 from the API handler (storage 'x' does not exist)", answer(500, "storage 'x' does not exist")],
  ])('not when %s: the server refused it or never saw it', (_what, error) => {
    expect(requestMayHaveTakenEffect(error)).toBe(false);
  });

  it.each([
    ['the connection reset after sending', errorFromTransport(socket('ECONNRESET'), transport)],
    ['the socket closed without an answer', errorFromTransport(socket('ERR_SOCKET_CLOSED'), transport)],
    ['our time limit', errorFromTransport(new Error('canceled'), { ...transport, timedOut: true })],
    ['ETIMEDOUT (also said of a connection that died after sending)', errorFromTransport(socket('ETIMEDOUT'), transport)],
    ['a proxy\'s 502', answer(502, 'Bad Gateway')],
    ['a proxy\'s 504', answer(504, 'Gateway Time-out')],
    ['pveproxy could not finish forwarding (595)', answer(595, 'Connection timed out')],
    ['an answer that could not be read', notJsonError(CREATE, 200)],
    ['something that is not a ProxmoxError', new Error('bug')],
    ['a TLS error other than a refused certificate (it may come on a reused connection after sending)', errorFromTransport(socket('ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC'), transport)],
  ])('yes when %s', (_what, error) => {
    expect(requestMayHaveTakenEffect(error)).toBe(true);
  });
});
