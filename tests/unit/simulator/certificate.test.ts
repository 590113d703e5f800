/** The simulator's throw-away certificate is valid DER whatever its random serial looks like. */
import * as crypto from 'node:crypto';
import * as tls from 'node:tls';
import { createCertificate } from '../../../mocks/simulator/certificate';

describe('createCertificate', () => {
  test.each([
    ['leading zero bytes', [0x00, 0x00, 0x12]],
    ['a high first byte', [0x80]],
    ['an ordinary serial', [0x42]],
  ])('a serial with %s is encoded minimally and loads into a TLS context', (_, head) => {
    const serial = Buffer.concat([Buffer.from(head), Buffer.alloc(16 - head.length, 0x34)]);
    const bundle = createCertificate({ serial });
    const x509 = new crypto.X509Certificate(bundle.cert);
    expect(BigInt(`0x${x509.serialNumber}`)).toBe(BigInt(`0x${serial.toString('hex')}`));
    expect(() => tls.createSecureContext({ key: bundle.key, cert: bundle.cert })).not.toThrow();
    expect(x509.fingerprint256).toBe(bundle.fingerprint);
  });
});
