/**
 * The one place where failures become words on screen. Every failure talking
 * to Proxmox is a ProxmoxError with a kind (src/shared/proxmox-error.ts); its
 * message is already one sentence saying what failed and what to do. Here
 * each kind gets a headline, and the kinds that need more get it: a TLS
 * refusal shows the presented fingerprint and how to pin it, a permission
 * error names the privilege.
 */
import { isProxmoxError, type ProxmoxError, type ProxmoxErrorKind } from '../shared/proxmox-error';
import { redactPatterns } from '../shared/redact';
import type { ErrorInfo } from '../widgets/state-view';

/** A failure in words. */
export interface ErrorDescription {
  /** Short headline for a dialog title: 'Could not reach the server'. */
  readonly title: string;
  /** What failed and what to do (one or two sentences). */
  readonly message: string;
  /** The request that failed: 'GET /nodes/pve1/network'. */
  readonly request?: string;
}

const TITLES: Readonly<Record<ProxmoxErrorKind, string>> = {
  network: 'Could not reach the server',
  timeout: 'The server did not answer in time',
  tls: 'The server certificate was not accepted',
  auth: 'Not signed in',
  permission: 'Permission denied',
  validation: 'Proxmox rejected the request',
  conflict: 'Already exists or locked',
  server: 'The server reported an error',
  protocol: 'Unexpected answer from the server',
};

/** Headline, message and request of any failure (a ProxmoxError, or a bug's Error). */
export function describeError(error: unknown): ErrorDescription {
  if (!isProxmoxError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return { title: 'Unexpected error', message: redactPatterns(text) };
  }
  return { title: TITLES[error.kind], message: withAdvice(error), request: error.endpoint };
}

/** The message plus what only some kinds need. */
function withAdvice(error: ProxmoxError): string {
  const presented = error.details.tls?.presentedFingerprint;
  // The client's TLS messages usually say how to pin already; add it only when they do not.
  if (error.kind !== 'tls' || !presented || error.message.includes('--fingerprint')) return error.message;
  return `${error.message} The server presented SHA-256 ${presented}: if that is your server's certificate (pvenode cert info on the node shows it), start with --fingerprint ${presented} to trust it.`;
}

/**
 * For a StateView / loadState error: the message, the failed request and,
 * when given, Retry. `inline` (an error in one field's place, one line of
 * text) leaves out the request when the message already names it.
 */
export function errorInfo(error: unknown, retry?: () => void, options: { readonly inline?: boolean } = {}): ErrorInfo {
  const { message, request } = describeError(error);
  const named = request !== undefined && message.includes(request);
  return { message, request: options.inline && named ? undefined : request, retry };
}

/**
 * What failed, without the advice: messages say "what failed; what to do.",
 * and quoted inside another message only the first half makes sense.
 */
export function whatFailed(error: unknown): string {
  return describeError(error).message.split('; ')[0].replace(/\.$/, '');
}

/** True for a 401: wrong credentials, or (for a signed-in session) a ticket the server no longer accepts. */
export function isAuthFailure(error: unknown): boolean {
  return isProxmoxError(error) && error.kind === 'auth';
}
