/**
 * The server going away and coming back (pause / resume), answers that do
 * not keep their connection (setKeepAlive), and a certificate given to the
 * simulator instead of its own: what the fault matrix and the TLS tests use.
 */
import * as https from 'node:https';
import { startSimulator, type RunningSimulator } from '../../../mocks/simulator';
import { createCertificate } from '../../../mocks/simulator/certificate';
import { PveClient } from './pve-client';

/** The error code of a request, or 'answered'. */
function outcomeOf(request: Promise<unknown>): Promise<string> {
  return request.then(
    () => 'answered',
    (error: NodeJS.ErrnoException) => error.code ?? error.message,
  );
}

/** GET over a keep-alive connection (as the app's agent does), trusting the simulator's certificate. */
async function get(sim: RunningSimulator, path: string): Promise<{ status: number; connection: string | undefined; body: string }> {
  const agent = new https.Agent({ keepAlive: true, ca: sim.certificatePem });
  try {
    return await new Promise((resolve, reject) => {
      https
        .get(`${sim.url}/api2/json${path}`, { agent }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }));
        })
        .on('error', reject);
    });
  } finally {
    agent.destroy();
  }
}

describe('pause and resume', () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    sim = await startSimulator({ scenario: { taskDurationMs: 0 } });
  });
  afterEach(() => sim.close());

  it('paused, connecting is refused; resumed on the same port, the state and the tickets are still there', async () => {
    const client = new PveClient(sim);
    await client.login('root@pam', 'demo');
    await sim.pause();
    expect(await outcomeOf(client.get('/nodes'))).toBe('ECONNREFUSED');
    await sim.resume();
    const nodes = await client.get('/nodes');
    expect(nodes.status).toBe(200);
    expect(sim.url).toBe(`https://127.0.0.1:${sim.port}`);
  });

  it('paused while answering (from onRequest), the answer still arrives and says it closes the connection', async () => {
    await sim.close();
    const started: { sim?: RunningSimulator } = {};
    sim = await startSimulator({ onRequest: () => void started.sim?.pause() });
    started.sim = sim;
    const answer = await get(sim, '/access/domains');
    expect(answer).toMatchObject({ status: 200, connection: 'close' });
    expect(JSON.parse(answer.body).data.length).toBeGreaterThan(0);
    expect(await outcomeOf(get(sim, '/access/domains'))).toBe('ECONNREFUSED');
  });

  it('without keep-alive every answer closes its connection', async () => {
    sim.setKeepAlive(false);
    expect((await get(sim, '/access/domains')).connection).toBe('close');
    sim.setKeepAlive(true);
    expect((await get(sim, '/access/domains')).connection).toBe('keep-alive');
  });
});

it('serves a certificate it is given (issued by a test CA), and reports its fingerprint', async () => {
  const ca = createCertificate({ commonName: 'test CA', isCa: true });
  const leaf = createCertificate({ commonName: 'pve1', issuer: ca });
  const sim = await startSimulator({ certificate: leaf });
  try {
    expect(sim.fingerprint).toBe(leaf.fingerprint);
    const agent = new https.Agent({ ca: ca.cert });
    const status = await new Promise<number>((resolve, reject) => {
      https.get(`${sim.url}/api2/json/access/domains`, { agent }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      }).on('error', reject);
    });
    agent.destroy();
    expect(status).toBe(200);
  } finally {
    await sim.close();
  }
});
