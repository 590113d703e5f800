import * as crypto from 'node:crypto';

/** SHA-256 of a DER certificate in the form Proxmox shows it (GUI, `pvenode cert info`): `AA:BB:...`. */
export function fingerprintOfCertificate(der: Buffer): string {
  return formatFingerprint(crypto.createHash('sha256').update(der).digest('hex'));
}

/**
 * `--fingerprint` as users paste it: any case, with colons, spaces or
 * nothing between the bytes, optionally prefixed `sha256:`. Returns
 * `AA:BB:...`, or undefined when it is not 32 bytes of hex.
 */
export function normalizeFingerprint(input: string): string | undefined {
  const hex = input
    .trim()
    .replace(/^sha-?256[:=\s]*/i, '')
    .replace(/[:\s-]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  return formatFingerprint(hex);
}

function formatFingerprint(hex: string): string {
  return hex.toUpperCase().match(/../g)!.join(':');
}
