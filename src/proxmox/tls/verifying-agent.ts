import * as fs from 'node:fs';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { fingerprintOfCertificate, normalizeFingerprint } from './fingerprint';

/** How the server certificate is trusted. */
export type TrustPolicy =
  /** The usual chain check against the system store, plus extra CAs (`--ca-file`), plus the host name check. */
  | { readonly kind: 'verify'; readonly extraCaPem?: string }
  /** Only this exact certificate (SHA-256 `AA:BB:...`) is accepted, self-signed or not. */
  | { readonly kind: 'pin'; readonly fingerprint: string }
  /** Anything is accepted (`--insecure`). */
  | { readonly kind: 'insecure' };

/**
 * Why a TLS connection was refused, with what the user needs to fix it. The
 * client turns it into a ProxmoxError of kind `tls`.
 */
export class TlsRefusal extends Error {
  override readonly name = 'TlsRefusal';

  constructor(
    readonly reason: 'fingerprint-mismatch' | 'untrusted' | 'hostname-mismatch' | 'bad-fingerprint' | 'ca-file-unreadable',
    message: string,
    readonly presentedFingerprint?: string,
    readonly expectedFingerprint?: string,
    /** Node's verification code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Turns endpoint settings into a policy; reads the CA file once, up front. */
export function trustPolicyFor(settings: { fingerprint?: string; caFile?: string; insecure?: boolean }): TrustPolicy {
  if (settings.insecure) return { kind: 'insecure' };
  if (settings.fingerprint) {
    const fingerprint = normalizeFingerprint(settings.fingerprint);
    if (!fingerprint) {
      throw new TlsRefusal('bad-fingerprint', `The pinned fingerprint "${settings.fingerprint}" is not a SHA-256 fingerprint; give 32 hex bytes like AA:BB:...`);
    }
    return { kind: 'pin', fingerprint };
  }
  if (settings.caFile) {
    try {
      return { kind: 'verify', extraCaPem: fs.readFileSync(settings.caFile, 'utf8') };
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new TlsRefusal('ca-file-unreadable', `Could not read the CA file ${settings.caFile} (${reason}); check the --ca-file path.`);
    }
  }
  return { kind: 'verify' };
}

type ConnectCallback = (error: Error | null, socket: Duplex) => void;

/**
 * A keep-alive https.Agent that decides about the server certificate itself,
 * after the handshake and before the socket is handed to the request: so no
 * request byte (a password, a ticket) is ever written to a peer we have not
 * accepted.
 *
 * Why not Node's own checks: `rejectUnauthorized` fails a self-signed
 * certificate before `checkServerIdentity` runs, so a pin could never accept
 * one; and its error does not carry the certificate, so we could not show the
 * user the fingerprint to pin. Connecting with `rejectUnauthorized: false` and
 * deciding here covers all three policies with one code path, and we still use
 * Node's verdict (`socket.authorized`) and host name check for `verify`.
 */
export class VerifyingAgent extends https.Agent {
  constructor(
    private readonly policy: TrustPolicy,
    options: https.AgentOptions = {},
  ) {
    super({
      keepAlive: true,
      // `ca` replaces the system store, so extra CAs are added to Node's bundled roots, not instead of them.
      ca: policy.kind === 'verify' && policy.extraCaPem ? [...tls.rootCertificates, policy.extraCaPem] : undefined,
      ...options,
    });
  }

  override createConnection(options: tls.ConnectionOptions, callback?: ConnectCallback): undefined {
    const socket = tls.connect({ ...options, rejectUnauthorized: false });
    const fail = (error: Error): void => {
      socket.destroy();
      callback?.(error, socket);
    };
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      socket.removeListener('error', fail);
      const refusal = this.judge(socket, options);
      if (refusal) fail(refusal);
      else callback?.(null, socket);
    });
    // Returning nothing tells the Agent to wait for the callback (Node's Agent.createSocket contract).
    return undefined;
  }

  private judge(socket: tls.TLSSocket, options: tls.ConnectionOptions): TlsRefusal | undefined {
    if (this.policy.kind === 'insecure') return undefined;
    const certificate = socket.getPeerCertificate();
    const presented = certificate?.raw ? fingerprintOfCertificate(certificate.raw) : undefined;
    if (this.policy.kind === 'pin') {
      if (presented === this.policy.fingerprint) return undefined;
      return new TlsRefusal(
        'fingerprint-mismatch',
        `The server's certificate does not match the pinned fingerprint (expected ${this.policy.fingerprint}, presented ${presented ?? 'none'}); make sure this is the right server, then update --fingerprint.`,
        presented,
        this.policy.fingerprint,
      );
    }
    if (!socket.authorized) {
      const code = errorCode(socket.authorizationError);
      return new TlsRefusal(
        'untrusted',
        `The server's certificate is not trusted (${describeVerifyCode(code)}, SHA-256 ${presented ?? 'unknown'}); if this is your cluster's certificate, pin it with --fingerprint ${presented ?? '<sha256>'} or trust its CA with --ca-file.`,
        presented,
        undefined,
        code,
      );
    }
    const hostname = options.servername || options.host || '';
    const mismatch = tls.checkServerIdentity(hostname, certificate);
    if (mismatch) {
      return new TlsRefusal(
        'hostname-mismatch',
        `The server's certificate is not valid for ${hostname} (${mismatch.message}); connect by a name the certificate lists, or pin it with --fingerprint ${presented}.`,
        presented,
        undefined,
        errorCode(mismatch) ?? 'ERR_TLS_CERT_ALTNAME_INVALID',
      );
    }
    return undefined;
  }
}

function errorCode(error: Error | string | null | undefined): string | undefined {
  if (!error) return undefined;
  if (typeof error === 'string') return error;
  return (error as NodeJS.ErrnoException).code ?? error.message;
}

/** Node's verification codes in words. */
function describeVerifyCode(code: string | undefined): string {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'self-signed certificate';
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'issued by an unknown CA';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'issuer not in the trusted CAs';
    case 'CERT_HAS_EXPIRED':
      return 'certificate expired';
    case 'CERT_NOT_YET_VALID':
      return 'certificate not yet valid';
    default:
      return code ?? 'verification failed';
  }
}
