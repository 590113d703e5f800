import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCertificate } from '../../../mocks/simulator/certificate';
import { TlsRefusal, trustPolicyFor, VerifyingAgent } from '../../../src/proxmox/tls/verifying-agent';

describe('trust policy from the endpoint settings', () => {
  it('--insecure wins, then a pin, then CAs', () => {
    expect(trustPolicyFor({ insecure: true, fingerprint: 'aa'.repeat(32) })).toEqual({ kind: 'insecure' });
    expect(trustPolicyFor({ fingerprint: 'aa'.repeat(32) })).toEqual({ kind: 'pin', fingerprint: Array(32).fill('AA').join(':') });
    expect(trustPolicyFor({})).toEqual({ kind: 'verify' });
  });

  it('reads the CA file once and refuses a missing one with a reason', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-vm-tui-ca-'));
    try {
      const file = path.join(dir, 'ca.pem');
      fs.writeFileSync(file, 'PEM');
      expect(trustPolicyFor({ caFile: file })).toEqual({ kind: 'verify', extraCaPem: 'PEM' });
      expect(() => trustPolicyFor({ caFile: path.join(dir, 'nope.pem') })).toThrow(TlsRefusal);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('VerifyingAgent', () => {
  it('keeps a verified connection alive for the next request', async () => {
    const certificate = createCertificate();
    let connections = 0;
    const server = https.createServer({ cert: certificate.cert, key: certificate.key }, (_request, response) => response.end('ok'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new VerifyingAgent({ kind: 'pin', fingerprint: certificate.fingerprint });
    const get = (): Promise<string> =>
      new Promise((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/', agent }, (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve(body));
          })
          .on('error', reject);
      });
    try {
      expect(await get()).toBe('ok');
      expect(await get()).toBe('ok');
      expect(connections).toBe(1);
    } finally {
      agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
