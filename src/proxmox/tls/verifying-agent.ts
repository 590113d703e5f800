import * as fs from 'node:fs';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { fingerprintOfCertificate, normalizeFingerprint } from './fingerprint';

/** How the server certificate is trusted. */
export type TrustPolicy =
  /** The usual chain check against the CAs Node.js trusts (its bundled Mozilla roots, and NODE_EXTRA_CA_CERTS unless `--ca-file` is given), plus extra CAs (`--ca-file`), plus the host name check. */
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

/**
 * A keep-alive https.Agent that decides about the server certificate itself,
 * after the handshake and before the request goes out: no request byte (a
 * password, a ticket) is ever written to a peer we have not accepted.
 *
 * Why not Node's own checks: `rejectUnauthorized` fails a self-signed
 * certificate before `checkServerIdentity` runs, so a pin could never accept
 * one; and its error does not carry the certificate, so we could not show the
 * user the fingerprint to pin. Connecting with `rejectUnauthorized: false` and
 * deciding here covers all three policies with one code path, and we still use
 * Node's verdict (`socket.authorized`) and host name check for `verify`.
 *
 * The socket is returned at once (interceptors such as nock's require that),
 * with its writes held back until the verdict: accepted, they go out; refused,
 * the socket is destroyed with a TlsRefusal and they never do.
 */
export class VerifyingAgent extends https.Agent {
  constructor(
    private readonly policy: TrustPolicy,
    options: https.AgentOptions = {},
  ) {
    super({
      keepAlive: true,
      // `ca` replaces the default trust (bundled roots and NODE_EXTRA_CA_CERTS), so extra CAs are added to the bundled roots, not instead of them.
      ca: policy.kind === 'verify' && policy.extraCaPem ? [...tls.rootCertificates, policy.extraCaPem] : undefined,
      ...options,
    });
  }

  override createConnection(options: tls.ConnectionOptions): Duplex {
    const socket = tls.connect({ ...options, rejectUnauthorized: false });
    const release = holdWrites(socket);
    socket.once('secureConnect', () => {
      const refusal = this.judge(socket, options);
      if (refusal) socket.destroy(refusal);
      else release();
    });
    return socket;
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
    const hostname = options.servername || options.host || '';
    if (!socket.authorized) {
      const code = errorCode(socket.authorizationError);
      // Node checks the host name itself once the chain verifies, and reports a mismatch here.
      if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return hostnameRefusal(hostname, certificate, presented);
      return new TlsRefusal(
        'untrusted',
        `The server's certificate is not trusted (${describeVerifyCode(code)}, SHA-256 ${presented ?? 'unknown'}); if this is your cluster's certificate, pin it with --fingerprint ${presented ?? '<sha256>'} or trust its CA with --ca-file.`,
        presented,
        undefined,
        code,
      );
    }
    // A resumed TLS session skips Node's host name check; repeat it so it always holds.
    if (tls.checkServerIdentity(hostname, certificate)) return hostnameRefusal(hostname, certificate, presented);
    return undefined;
  }
}

function hostnameRefusal(hostname: string, certificate: tls.PeerCertificate, presented: string | undefined): TlsRefusal {
  const names = certificate.subjectaltname ? certificate.subjectaltname.replace(/DNS:|IP Address:/g, '') : 'none';
  return new TlsRefusal(
    'hostname-mismatch',
    `The server's certificate is not valid for ${hostname} (it names ${names}); connect by a name the certificate lists, or pin it with --fingerprint ${presented}.`,
    presented,
    undefined,
    'ERR_TLS_CERT_ALTNAME_INVALID',
  );
}

/**
 * Queue everything written to `socket` (the HTTP request: headers, form body
 * with the password) until `release()`; a socket destroyed before that never
 * sends it.
 */
function holdWrites(socket: tls.TLSSocket): () => void {
  const held: Array<() => void> = [];
  const gate = socket as unknown as { write: (...args: unknown[]) => boolean; end: (...args: unknown[]) => unknown };
  gate.write = (...args: unknown[]): boolean => {
    held.push(() => (socket.write as (...a: unknown[]) => boolean)(...args));
    return true;
  };
  gate.end = (...args: unknown[]): unknown => {
    held.push(() => (socket.end as (...a: unknown[]) => unknown)(...args));
    return socket;
  };
  return () => {
    // Back to the prototype's methods, then send what waited, in order.
    Reflect.deleteProperty(socket, 'write');
    Reflect.deleteProperty(socket, 'end');
    for (const send of held.splice(0)) send();
  };
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
