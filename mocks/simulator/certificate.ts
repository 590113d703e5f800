/**
 * Throw-away X.509 certificates for the simulated cluster and the TLS tests:
 * ECDSA P-256, self-signed or issued by a test CA, with subjectAltName for
 * loopback. Written with node:crypto and a few lines of DER, because the
 * libraries that do this (selfsigned, node-forge, @peculiar/x509) pull in
 * hundreds of kilobytes and RSA key generation that would dominate `--demo`'s
 * start time; an EC key is generated in about a millisecond.
 */
import * as crypto from 'node:crypto';

/** A generated certificate with its key and fingerprint. */
export interface CertificateBundle {
  /** PEM certificate. */
  readonly cert: string;
  /** PEM PKCS#8 private key. */
  readonly key: string;
  /** SHA-256 of the DER certificate, `AA:BB:...`, as `--fingerprint` takes it. */
  readonly fingerprint: string;
  /** The key object, to issue further certificates when this one is a CA. */
  readonly privateKey: crypto.KeyObject;
  readonly subject: string;
}

/** What to put into the certificate. */
export interface CertificateOptions {
  readonly commonName?: string;
  /** DNS names for subjectAltName (default `localhost`). */
  readonly dnsNames?: readonly string[];
  /** IP addresses for subjectAltName (default 127.0.0.1 and ::1). */
  readonly ipAddresses?: readonly string[];
  /** Issue a certificate that may sign others (basicConstraints CA:TRUE). */
  readonly isCa?: boolean;
  /** Sign with this CA instead of self-signing. */
  readonly issuer?: CertificateBundle;
  readonly validFrom?: Date;
  readonly validDays?: number;
  /** Serial number bytes (default: 16 random bytes); tests pass awkward ones to check the DER encoding. */
  readonly serial?: Buffer;
}

// --- minimal DER encoding -------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...items: Buffer[]): Buffer => tlv(0x30, ...items);
const set = (...items: Buffer[]): Buffer => tlv(0x31, ...items);
const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 + n, inner);
const octetString = (content: Buffer): Buffer => tlv(0x04, content);
const bitString = (content: Buffer): Buffer => tlv(0x03, Buffer.from([0]), content);
const utf8 = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
const bool = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0]));

/**
 * A non-negative DER INTEGER. DER wants the minimal encoding: no leading zero
 * bytes (OpenSSL rejects them as "illegal padding", which a random serial
 * starting with 0x00 used to trigger once in 256 certificates), except one
 * zero byte before a first byte whose high bit is set.
 */
function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const minimal = bytes.subarray(start);
  return tlv(0x02, minimal[0] & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [];
    for (let value = arc; ; value = Math.floor(value / 128)) {
      chunk.unshift((value % 128) | (chunk.length ? 0x80 : 0));
      if (value < 128) break;
    }
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function time(date: Date): Buffer {
  // UTCTime up to 2049, GeneralizedTime after (RFC 5280 4.1.2.5).
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

function ipBytes(address: string): Buffer {
  if (address.includes(':')) {
    const [head, tail = ''] = address.split('::');
    const parts = (s: string) => (s ? s.split(':') : []);
    const groups = [...parts(head), ...Array(8 - parts(head).length - parts(tail).length).fill('0'), ...parts(tail)];
    return Buffer.from(groups.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]));
  }
  return Buffer.from(address.split('.').map(Number));
}

const OID = {
  commonName: '2.5.4.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

const name = (commonName: string): Buffer => sequence(set(sequence(oid(OID.commonName), utf8(commonName))));
const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  sequence(oid(id), ...(critical ? [bool(true)] : []), octetString(value));

// --- certificates -----------------------------------------------------------

/** SHA-256 of a DER certificate, upper-case hex pairs joined by colons. */
export function fingerprintOf(der: Buffer): string {
  return crypto.createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/** Generate a key pair and a certificate for it (self-signed unless `issuer` is given). */
export function createCertificate(options: CertificateOptions = {}): CertificateBundle {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const commonName = options.commonName ?? 'pve-vm-tui simulated cluster';
  const notBefore = options.validFrom ?? new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + (options.validDays ?? 30) * 86_400_000);
  const signatureAlgorithm = sequence(oid(OID.ecdsaWithSha256));
  const dnsNames = options.dnsNames ?? ['localhost'];
  const ipAddresses = options.ipAddresses ?? ['127.0.0.1', '::1'];
  const altNames = sequence(
    ...dnsNames.map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))),
    ...ipAddresses.map((ip) => tlv(0x87, ipBytes(ip))),
  );
  const keyUsageBits = options.isCa ? Buffer.from([0x01, 0x86]) : Buffer.from([0x07, 0x80]); // CA: digitalSignature+keyCertSign+cRLSign
  const extensions = sequence(
    extension(OID.subjectAltName, false, altNames),
    extension(OID.basicConstraints, true, sequence(...(options.isCa ? [bool(true)] : []))),
    extension(OID.keyUsage, true, tlv(0x03, keyUsageBits)),
    ...(options.isCa ? [] : [extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth)))]),
  );
  const issuerName = options.issuer ? options.issuer.subject : commonName;
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(options.serial ?? crypto.randomBytes(16)),
    signatureAlgorithm,
    name(issuerName),
    sequence(time(notBefore), time(notAfter)),
    name(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signingKey = options.issuer ? options.issuer.privateKey : privateKey;
  const signature = crypto.sign('sha256', tbs, { key: signingKey, dsaEncoding: 'der' });
  const der = sequence(tbs, signatureAlgorithm, bitString(signature));
  const cert = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  return {
    cert,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(der),
    privateKey,
    subject: commonName,
  };
}
