/**
 * Errors the simulated API answers with, shaped like pve-http-server's: an
 * HTTP status, Proxmox's message (whose first line becomes the status line)
 * and, for 400, the per-parameter `errors` map. Messages keep Perl's trailing
 * newline (`die "...\n"`), because real servers put it in the JSON `message`.
 */

/** Per-parameter error texts, keyed by parameter path (`net0`, `scsi0.iothread`). */
export type ErrorMap = Record<string, string>;

/** An error answer of the simulated API. */
export class ApiError extends Error {
  constructor(
    /** HTTP status (400, 401, 403, 500, 501, 595, ...). */
    readonly status: number,
    /** Proxmox's message, usually ending in a newline. */
    message: string,
    /** Parameter errors for 400 answers. */
    readonly errors?: ErrorMap,
    /** 401s raised before the API handler (auth_handler) and proxy errors have no body at all. */
    readonly emptyBody = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const withNewline = (message: string): string => (message.endsWith('\n') ? message : `${message}\n`);

/** HTTP 400 "Parameter verification failed." with the errors map (PVE::Exception raise_param_exc). */
export function parameterError(errors: ErrorMap): ApiError {
  return new ApiError(400, 'Parameter verification failed.\n', errors);
}

/** HTTP 403 "Permission check failed (<what>)" (PVE::Exception raise_perm_exc). */
export function permissionError(what: string): ApiError {
  return new ApiError(403, `Permission check failed (${what})\n`);
}

/** HTTP 500 with a handler's `die` message. */
export function serverError(message: string): ApiError {
  return new ApiError(500, withNewline(message));
}

/** HTTP 401 from the authentication layer: empty body, the reason only in the status line. */
export function authenticationError(reason: string): ApiError {
  return new ApiError(401, withNewline(reason), undefined, true);
}

/** HTTP 401 raised by an API handler (failed login): goes through the JSON formatter, so it has a body. */
export function loginFailure(): ApiError {
  return new ApiError(401, 'authentication failure\n');
}

/** HTTP 501 for a path or method the API does not have (pve-manager rest_handler). */
export function notImplemented(method: string, path: string): ApiError {
  return new ApiError(501, `Method '${method} ${path}' not implemented`);
}
