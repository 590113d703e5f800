/**
 * TLS against real servers on 127.0.0.1 (every URL here is loopback; the one
 * proxy variable points at a closed loopback port). nock is deliberately not
 * loaded: its interceptor would sit between the agent and the request, so
 * these tests would not exercise the socket path the app uses (the passthrough
 * path is covered in transport-errors.int.test.ts).
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { createCertificate, type CertificateBundle } from '../../../mocks/simulator/certificate';
import { ManualClock } from '../../../mocks/fakes/clocks';
import { PveApi } from '../../../src/proxmox/api-calls';
import { AxiosProxmoxClient } from '../../../src/proxmox/axios-proxmox-client';
import { defaultClientOptions, type ProxmoxEndpoint } from '../../../src/proxmox/connection-options';
import { NullLogger } from '../../../src/shared/logger';
import { ProxmoxError } from '../../../src/shared/proxmox-error';
import { Secret } from '../../../src/shared/secret';
import { settle } from './event-loop';
import { answer, closedPort, httpsServer, type LocalServer } from './local-servers';

const VERSION = { data: { version: '9.1.2', release: '9.1', repoid: '0a1b2c3d' } };
const PASSWORD = 'tls-test-password-do-not-send';

const selfSigned = createCertificate({ commonName: 'pve1.example.org' });
const ca = createCertificate({ isCa: true, commonName: 'Example Lab CA' });
const issuedForLoopback = createCertificate({ issuer: ca, commonName: 'localhost', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
const issuedForOtherName = createCertificate({ issuer: ca, commonName: 'pve.example.org', dnsNames: ['pve.example.org'], ipAddresses: [] });

const clients: AxiosProxmoxClient[] = [];
function clientFor(endpoint: ProxmoxEndpoint): AxiosProxmoxClient {
  const client = new AxiosProxmoxClient({ ...defaultClientOptions, endpoint }, new NullLogger(), new ManualClock());
  clients.push(client);
  return client;
}

/** A TLS server that records every byte a client sends after the handshake; no HTTP, so nothing is answered. */
interface ByteCountingServer {
  readonly url: string;
  bytesReceived: number;
  connections: number;
  closed: number;
  close(): Promise<void>;
}

async function byteCountingServer(certificate: CertificateBundle): Promise<ByteCountingServer> {
  const sockets = new Set<net.Socket>();
  const state = { url: '', bytesReceived: 0, connections: 0, closed: 0, close: async () => undefined };
  const server = tls.createServer({ cert: certificate.cert, key: certificate.key }, (socket) => {
    socket.on('data', (chunk: Buffer) => (state.bytesReceived += chunk.length));
    socket.on('error', () => undefined);
  });
  // Counted at TCP level: a client that hangs up mid-handshake (TLS 1.3) never makes a secure connection at all.
  server.on('connection', (socket: net.Socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => {
      state.closed++;
      sockets.delete(socket);
    });
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  state.close = () =>
    new Promise<undefined>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve(undefined));
    });
  return state;
}

/** Sign in against a refused server: the password must not leave the process. */
async function tlsFailureOf(client: AxiosProxmoxClient): Promise<ProxmoxError> {
  const error = await client.signIn('root@pam', new Secret(PASSWORD)).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProxmoxError);
  expect((error as ProxmoxError).kind).toBe('tls');
  return error as ProxmoxError;
}

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

describe('certificate pinning (--fingerprint)', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await httpsServer(selfSigned, answer(200, 'OK', VERSION));
  });
  afterAll(() => server.close());

  it.each([
    ['as shown by Proxmox', selfSigned.fingerprint],
    ['lower case without colons', selfSigned.fingerprint.replace(/:/g, '').toLowerCase()],
    ['with a sha256: prefix', `sha256:${selfSigned.fingerprint}`],
  ])('accepts a self-signed certificate pinned %s, verification still on', async (_form, fingerprint) => {
    const version = await clientFor({ url: server.url, fingerprint }).request({ ...PveApi.version(), anonymous: true });
    expect(version.version).toBe('9.1.2');
  });

  it('the byte counter used below does see a request once the certificate is accepted', async () => {
    const accepted = await byteCountingServer(selfSigned);
    const controller = new AbortController();
    try {
      const request = clientFor({ url: accepted.url, fingerprint: selfSigned.fingerprint }).request(PveApi.version(), { signal: controller.signal });
      await settle(() => accepted.bytesReceived > 0);
      controller.abort();
      await expect(request).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await accepted.close();
    }
  });

  it('refuses a mismatch, shows both fingerprints, and sends not one byte (no password) to that server', async () => {
    const impostor = await byteCountingServer(createCertificate({ commonName: 'impostor' }));
    try {
      const error = await tlsFailureOf(clientFor({ url: impostor.url, fingerprint: selfSigned.fingerprint }));
      const presented = error.details.tls?.presentedFingerprint;
      expect(error.details.tls).toMatchObject({ expectedFingerprint: selfSigned.fingerprint, code: 'fingerprint-mismatch' });
      expect(presented).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(presented).not.toBe(selfSigned.fingerprint);
      expect(error.message).toContain(`expected ${selfSigned.fingerprint}, presented ${presented}`);
      await settle(() => impostor.connections > 0 && impostor.closed === impostor.connections);
      expect(impostor.bytesReceived).toBe(0);
    } finally {
      await impostor.close();
    }
  });

  it('ignores proxy variables: a proxy would get its own tunnel agent and bypass the pin', async () => {
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = `http://127.0.0.1:${await closedPort()}`;
    try {
      const version = await clientFor({ url: server.url, fingerprint: selfSigned.fingerprint }).request({ ...PveApi.version(), anonymous: true });
      expect(version.version).toBe('9.1.2');
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
  });

  it('rejects a pin that is not a SHA-256 fingerprint before connecting', async () => {
    const error = await tlsFailureOf(clientFor({ url: server.url, fingerprint: 'AA:BB:CC' }));
    expect(error.message).toMatch(/not a SHA-256 fingerprint/);
  });
});

describe('verification against trusted CAs (the default)', () => {
  it('refuses a self-signed certificate, showing its fingerprint and how to pin it, without sending anything', async () => {
    const server = await byteCountingServer(selfSigned);
    try {
      const error = await tlsFailureOf(clientFor({ url: server.url }));
      expect(error.details.tls).toMatchObject({ presentedFingerprint: selfSigned.fingerprint, code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      expect(error.message).toContain(`--fingerprint ${selfSigned.fingerprint}`);
      expect(error.message).toContain('--ca-file');
      await settle(() => server.connections > 0 && server.closed === server.connections);
      expect(server.bytesReceived).toBe(0);
    } finally {
      await server.close();
    }
  });

  describe('with a private CA', () => {
    let dir: string;
    let caFile: string;
    let server: LocalServer;
    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-vm-tui-tls-'));
      caFile = path.join(dir, 'lab-ca.pem');
      fs.writeFileSync(caFile, ca.cert);
      server = await httpsServer(issuedForLoopback, answer(200, 'OK', VERSION));
    });
    afterAll(async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('trusts a certificate issued by the --ca-file CA, keeping the system roots too', async () => {
      const version = await clientFor({ url: server.url, caFile }).request({ ...PveApi.version(), anonymous: true });
      expect(version.release).toBe('9.1');
      expect(tls.rootCertificates.length).toBeGreaterThan(0);
    });

    it('refuses the same certificate without --ca-file', async () => {
      const error = await tlsFailureOf(clientFor({ url: server.url }));
      expect(error.details.tls?.presentedFingerprint).toBe(issuedForLoopback.fingerprint);
    });

    it('refuses a CA-issued certificate for another host name', async () => {
      const other = await byteCountingServer(issuedForOtherName);
      try {
        const error = await tlsFailureOf(clientFor({ url: other.url, caFile }));
        expect(error.message).toMatch(/not valid for 127\.0\.0\.1/);
        await settle(() => other.connections > 0 && other.closed === other.connections);
        expect(other.bytesReceived).toBe(0);
      } finally {
        await other.close();
      }
    });

    it('says so when the CA file cannot be read', async () => {
      const error = await tlsFailureOf(clientFor({ url: server.url, caFile: path.join(dir, 'missing.pem') }));
      expect(error.message).toMatch(/Could not read the CA file .*missing\.pem \(ENOENT\); check the --ca-file path/);
    });
  });
});

describe('--insecure', () => {
  it('accepts any certificate, and only when asked', async () => {
    const server = await httpsServer(createCertificate({ commonName: 'anything' }), answer(200, 'OK', VERSION));
    try {
      await expect(clientFor({ url: server.url }).request({ ...PveApi.version(), anonymous: true })).rejects.toMatchObject({ kind: 'tls' });
      await expect(clientFor({ url: server.url, insecure: true }).request({ ...PveApi.version(), anonymous: true })).resolves.toMatchObject({ version: '9.1.2' });
    } finally {
      await server.close();
    }
  });

  it('is never done by turning off verification for the whole process', () => {
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
    const sources = fs.readdirSync(path.join(__dirname, '..', '..', '..', 'src'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.ts'));
    const offenders = sources.filter((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8').includes('NODE_TLS_REJECT_UNAUTHORIZED'));
    expect(offenders.map((entry) => entry.name)).toEqual([]);
  });
});
