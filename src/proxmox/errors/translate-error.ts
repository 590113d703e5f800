/**
 * Turns what came back from the wire into one ProxmoxError with a kind and a
 * plain one-sentence message (what failed, what to do). Every message passes
 * the pattern redactor: server texts can echo parameters, and a message must
 * never carry a secret.
 */
import { ProxmoxError, type ProxmoxErrorDetails, type ProxmoxErrorKind } from '../../shared/proxmox-error';
import { redactPatterns } from '../../shared/redact';
import type { DecodeIssue } from '../../shared/decode';
import { formatIssues } from '../../shared/decode';
import { TlsRefusal } from '../tls/verifying-agent';

/** Which credentials the failed request carried: decides how a 401 is worded. */
export type AuthContext = 'none' | 'login' | 'second-factor' | 'renewal' | 'ticket' | 'token';

/** An HTTP answer that is not a success. */
export interface FailedAnswer {
  readonly status: number;
  /** The HTTP reason phrase: where Proxmox puts its message (older servers: only there). */
  readonly statusText: string;
  /** The parsed JSON body, if it was JSON. */
  readonly body: unknown;
}

export function proxmoxError(kind: ProxmoxErrorKind, message: string, details: ProxmoxErrorDetails): ProxmoxError {
  return new ProxmoxError(kind, redactPatterns(message), details);
}

/** Translate a non-2xx answer. `endpoint` is `METHOD /path`. */
export function errorFromAnswer(endpoint: string, answer: FailedAnswer, auth: AuthContext): ProxmoxError {
  const serverMessage = messageOf(answer);
  const details = { endpoint, status: answer.status };
  if (answer.status === 400) return validationError(endpoint, answer, serverMessage);
  if (answer.status === 401) return authError(endpoint, serverMessage, auth);
  if (answer.status === 403) return permissionError(endpoint, serverMessage, answer.status);
  if (answer.status === 595 || answer.status === 596) return proxiedNodeError(endpoint, serverMessage, answer.status);
  if (isConflict(serverMessage)) {
    const advice = /lock/i.test(serverMessage)
      ? 'wait for the running operation on it to finish, then try again'
      : 'choose another ID or name';
    return proxmoxError('conflict', `${endpoint} failed: ${serverMessage}; ${advice}.`, details);
  }
  const what = serverMessage ? `${serverMessage} (HTTP ${answer.status})` : `HTTP ${answer.status}`;
  return proxmoxError('server', `The server could not complete ${endpoint}: ${what}; check the message, then try again.`, details);
}

/** The server's words: JSON `message` (PVE >= 8.4) first, else the reason phrase; trailing newlines and dots trimmed. */
function messageOf(answer: FailedAnswer): string {
  const body = answer.body as { message?: unknown } | null | undefined;
  const fromBody = body && typeof body === 'object' && typeof body.message === 'string' ? body.message : '';
  return (fromBody || answer.statusText || '').trim().replace(/\.$/, '');
}

function validationError(endpoint: string, answer: FailedAnswer, serverMessage: string): ProxmoxError {
  const parameterErrors = parameterErrorsOf(answer.body);
  const entries = Object.entries(parameterErrors);
  const summary = entries.length
    ? entries.map(([name, text]) => `${name}: ${text}`).join('; ')
    : serverMessage || 'parameter verification failed';
  return proxmoxError('validation', `Proxmox rejected the parameters of ${endpoint} (${summary}); correct them and try again.`, {
    endpoint,
    status: answer.status,
    parameterErrors,
  });
}

/** Proxmox's 400 body: `{"errors": {"net0": "invalid format - ...\n"}, "data": null}`. */
function parameterErrorsOf(body: unknown): Record<string, string> {
  const errors = (body as { errors?: unknown } | null | undefined)?.errors;
  const result: Record<string, string> = {};
  if (!errors || typeof errors !== 'object') return result;
  for (const [name, text] of Object.entries(errors as Record<string, unknown>)) {
    result[name] = redactPatterns(String(text).trim());
  }
  return result;
}

function authError(endpoint: string, serverMessage: string, auth: AuthContext): ProxmoxError {
  const details = { endpoint, status: 401 };
  switch (auth) {
    case 'login':
      return proxmoxError('auth', 'Sign-in failed: the user name, realm or password was not accepted; check them and try again.', details);
    case 'second-factor':
      return proxmoxError('auth', 'The second-factor code was not accepted; check the code (or use a recovery key) and try again.', details);
    case 'token':
      return proxmoxError('auth', `The server rejected the API token (${serverMessage || 'authentication failed'}); check the token ID and secret and that the token has not expired.`, details);
    case 'renewal':
    case 'ticket':
      return proxmoxError('auth', `The server no longer accepts this session (${serverMessage || 'not authenticated'}); sign in again.`, details);
    default:
      return proxmoxError('auth', `${endpoint} needs a signed-in session (${serverMessage || 'not authenticated'}); sign in and try again.`, details);
  }
}

/** `Permission check failed (/vms/100, VM.Allocate)`: the privilege and the ACL path it was checked on. */
const PERMISSION_PATTERN = /Permission check failed \(([^,)]+),\s*([^)]+)\)/i;

function permissionError(endpoint: string, serverMessage: string, status: number): ProxmoxError {
  const match = PERMISSION_PATTERN.exec(serverMessage);
  if (match) {
    const [, path, privilege] = match;
    return proxmoxError(
      'permission',
      `Permission denied for ${endpoint}: the user lacks ${privilege} on ${path}; ask an administrator to grant it.`,
      { endpoint, status, privilege: privilege.trim() },
    );
  }
  return proxmoxError('permission', `Permission denied for ${endpoint} (${serverMessage || 'forbidden'}); ask an administrator for access.`, {
    endpoint,
    status,
  });
}

/**
 * 595/596 are pveproxy's own codes for a request it forwarded to another node
 * and could not deliver ("No route to host", "Connection refused"): the node
 * named in the path is offline or unreachable.
 */
function proxiedNodeError(endpoint: string, serverMessage: string, status: number): ProxmoxError {
  const node = /\/nodes\/([^/]+)/.exec(endpoint)?.[1];
  const where = node ? `node ${node}` : 'the target node';
  return proxmoxError(
    'network',
    `The cluster could not reach ${where} for ${endpoint} (${serverMessage || `HTTP ${status}`}); the node may be offline, choose another node or try again later.`,
    { endpoint, status },
  );
}

/** "VM 101 already exists on node 'pve1'", "VM is locked (create)", "can't lock file ... got timeout". */
export function isConflict(message: string): boolean {
  return /\balready exists\b/i.test(message) || /\bis locked\b/i.test(message) || /can't lock file/i.test(message);
}

/** What the client knew about a request that never got an answer. */
export interface TransportContext {
  readonly endpoint: string;
  /** `host:port`, for messages. */
  readonly server: string;
  readonly timeoutMs: number;
  /** Our own wall-clock limit fired (as opposed to the OS or the peer). */
  readonly timedOut: boolean;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host down',
  ENETDOWN: 'network down',
  ECONNABORTED: 'connection aborted',
  ERR_SOCKET_CLOSED: 'connection closed',
  // axios' code for an answer whose connection dropped after the headers ("stream has been aborted"):
  // the request arrived and may have been carried out.
  ERR_BAD_RESPONSE: 'the connection dropped in the middle of the answer',
};

/**
 * What is kept of the underlying error: its code and message. Never the error
 * itself: axios errors carry the request config (the Authorization header,
 * the form body with the password), and details end up in logs.
 */
function summarize(error: unknown): Error {
  const code = codeOf(error);
  const summary = new Error(redactPatterns(error instanceof Error ? error.message : String(error)));
  return code ? Object.assign(summary, { code }) : summary;
}

/** Translate an error thrown before any answer arrived (connect, TLS, timeout). */
export function errorFromTransport(error: unknown, context: TransportContext): ProxmoxError {
  const { endpoint, server } = context;
  const cause = summarize(error);
  const refusal = findCause(error, (link): link is TlsRefusal => link instanceof TlsRefusal);
  if (refusal) {
    return proxmoxError('tls', refusal.message, {
      endpoint,
      tls: { presentedFingerprint: refusal.presentedFingerprint, expectedFingerprint: refusal.expectedFingerprint, code: refusal.code ?? refusal.reason, refusedBeforeSending: true },
      cause,
    });
  }
  if (context.timedOut) {
    return proxmoxError('timeout', `${server} did not answer ${endpoint} within ${Math.round(context.timeoutMs / 1000)} s; check the network and that the server is up, then try again.`, {
      endpoint,
      cause,
    });
  }
  const code = codeOf(error);
  if (code === 'ETIMEDOUT') {
    return proxmoxError('timeout', `Connecting to ${server} timed out for ${endpoint}; check the address and the network, then try again.`, { endpoint, cause });
  }
  if (code && isTlsCode(code)) {
    return proxmoxError('tls', `The TLS handshake with ${server} failed (${code}); check that the URL uses https and the API port (8006).`, {
      endpoint,
      tls: { code },
      cause,
    });
  }
  const words = (code && NETWORK_WORDS[code]) ?? (code || 'no answer');
  return proxmoxError('network', `Could not reach ${server} for ${endpoint} (${words}); check the address and that the server is running, then try again.`, {
    endpoint,
    cause,
  });
}

function isTlsCode(code: string): boolean {
  return code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || /CERT|SELF_SIGNED/.test(code);
}

/** The first error code in the cause chain (axios wraps the socket error). */
function codeOf(error: unknown): string | undefined {
  const withCode = findCause(error, (cause): cause is NodeJS.ErrnoException => typeof (cause as NodeJS.ErrnoException).code === 'string');
  const code = withCode?.code;
  // axios' own code for "the socket closed without an answer" hides the real one in cause.
  if (code === 'ERR_BAD_RESPONSE' || code === 'ERR_NETWORK') {
    const inner = (withCode as { cause?: unknown }).cause;
    return inner ? codeOf(inner) ?? code : code;
  }
  return code;
}

function findCause<T>(error: unknown, test: (cause: unknown) => cause is T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    if (test(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A 2xx answer that is not the JSON the API promises. */
export function protocolError(endpoint: string, issues: readonly DecodeIssue[]): ProxmoxError {
  const [first] = formatIssues(issues.slice(0, 1));
  const decodePath = issues[0]?.path ?? '';
  return proxmoxError(
    'protocol',
    `The server's answer to ${endpoint} was not understood (${first}); check that the URL points at a Proxmox VE 8 or 9 API.`,
    { endpoint, decodePath },
  );
}

/** A 2xx answer whose body is not JSON at all (an HTML page from a proxy, a truncated body). */
export function notJsonError(endpoint: string, status: number): ProxmoxError {
  return proxmoxError(
    'protocol',
    `The server's answer to ${endpoint} is not JSON (HTTP ${status}); check that the URL points at the Proxmox VE API (https://host:8006).`,
    { endpoint, status, decodePath: '' },
  );
}

/**
 * Transport failures that happen before a request leaves the client: the
 * server never saw it. ETIMEDOUT is not one: the kernel also reports it for
 * a connection that died after the request went out.
 */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);

/**
 * Whether a write that failed with `error` may still have been carried out by
 * the server, so that its effect has to be looked for before sending it
 * again. False only where that is certain: the connection failed or the
 * certificate was refused before the request was sent, or Proxmox itself answered
 * with a refusal (400, 401, 403, a 500/501 from the API handler, a
 * conflict). True for everything else: a timeout or a reset after sending,
 * an answer that could not be read, a proxy's 502/503/504, pveproxy's
 * 595/596 for a node it forwarded to, and errors that are not ProxmoxErrors.
 */
export function requestMayHaveTakenEffect(error: unknown): boolean {
  if (!(error instanceof ProxmoxError)) return true;
  switch (error.kind) {
    case 'tls':
      return error.details.tls?.refusedBeforeSending !== true;
    case 'auth':
    case 'permission':
    case 'validation':
    case 'conflict':
      return false;
    case 'server':
      return !(error.details.status === 500 || error.details.status === 501);
    case 'network':
    case 'timeout': {
      if (error.details.status !== undefined) return true;
      // No cause: refused by the client itself (no server set, a URL that is not one).
      if (error.details.cause === undefined) return false;
      return !NEVER_SENT_CODES.has(codeOf(error.details.cause) ?? '');
    }
    case 'protocol':
      return true;
  }
}
