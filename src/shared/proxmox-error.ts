/**
 * The one error family for everything that can go wrong talking to Proxmox VE.
 * Thrown by src/proxmox, passed through services unchanged, mapped to words
 * on screen in one place (src/screens/error-messages.ts) and to exit codes in
 * --yes mode. It lives in shared because both ends need it and neither may
 * import the other.
 */
export type ProxmoxErrorKind =
  /** Refused, reset, DNS failure, unreachable. */
  | 'network'
  /** No answer within the time limit. */
  | 'timeout'
  /** Certificate not trusted, fingerprint mismatch, handshake failure. */
  | 'tls'
  /** 401: not logged in, ticket expired or revoked, wrong password, wrong TFA code. */
  | 'auth'
  /** 403: the user lacks a privilege (named in `privilege` when Proxmox says which). */
  | 'permission'
  /** 400 with Proxmox's per-parameter `errors` map. */
  | 'validation'
  /** Something already exists (a VM ID taken), or is locked. */
  | 'conflict'
  /** 5xx (or 501) with Proxmox's message. */
  | 'server'
  /** A body that is not what the API promises (bad JSON, wrong shape). */
  | 'protocol';

export interface TlsProblem {
  /** SHA-256 of the certificate the server presented, `AA:BB:...`. */
  readonly presentedFingerprint?: string;
  /** The pinned fingerprint it did not match, when pinning. */
  readonly expectedFingerprint?: string;
  /** Node's reason code, e.g. SELF_SIGNED_CERT_IN_CHAIN, DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED. */
  readonly code?: string;
  /**
   * The app refused the server's certificate, which it decides before the
   * request is written: nothing was sent. Other TLS errors may come on a
   * reused connection after the request went out.
   */
  readonly refusedBeforeSending?: boolean;
}

export interface ProxmoxErrorDetails {
  /** `METHOD /path` of the failed request, e.g. `POST /nodes/pve1/qemu`. */
  readonly endpoint?: string;
  readonly status?: number;
  /** Per-parameter messages of a 400, keyed by API parameter (`net0`, `vmid`). */
  readonly parameterErrors?: Readonly<Record<string, string>>;
  /** For `permission`: the privilege Proxmox names (`VM.Allocate`), and on what path if given. */
  readonly privilege?: string;
  readonly tls?: TlsProblem;
  /** For `protocol`: where in the body the shape was wrong. */
  readonly decodePath?: string;
  readonly cause?: unknown;
}

export class ProxmoxError extends Error {
  override readonly name = 'ProxmoxError';

  constructor(
    readonly kind: ProxmoxErrorKind,
    message: string,
    readonly details: ProxmoxErrorDetails = {},
  ) {
    super(message);
  }

  get endpoint(): string | undefined {
    return this.details.endpoint;
  }

  /** Whether trying the same request again can help (a network blip, a 5xx), as opposed to bad input. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || this.kind === 'server' || this.kind === 'protocol' || this.kind === 'conflict';
  }
}

export function isProxmoxError(error: unknown): error is ProxmoxError {
  return error instanceof ProxmoxError;
}
