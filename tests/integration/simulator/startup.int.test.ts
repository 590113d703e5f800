/**
 * Start-up stays light: the schema facts and the validator load on the first
 * call with parameters, not when the simulator starts or serves the realm
 * list for the login screen.
 */
import { startSimulator } from '../../../mocks/simulator';
import { factsLoaded } from '../../../mocks/simulator/schema/facts';
import { PveClient } from './pve-client';

test('the schema facts are loaded by the first validated call, not at start-up', async () => {
  const sim = await startSimulator();
  try {
    const client = new PveClient(sim);
    expect((await client.get('/access/domains')).status).toBe(200);
    expect(factsLoaded()).toBe(false);
    await client.login('root@pam', 'demo');
    expect(factsLoaded()).toBe(true);
  } finally {
    await sim.close();
  }
});

test('two simulators run side by side on different free ports with different certificates', async () => {
  const [first, second] = await Promise.all([startSimulator(), startSimulator()]);
  try {
    expect(first.port).not.toBe(second.port);
    expect(first.fingerprint).not.toBe(second.fingerprint);
    expect(first.url).toBe(`https://127.0.0.1:${first.port}`);
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});

test('close() also drops a socket still in its TLS handshake (a client killed mid-connect)', async () => {
  const net = await import('node:net');
  const sim = await startSimulator();
  const socket = net.connect(sim.port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  await sim.close();
  // Without the fix the server kept this socket until its 120 s timeout.
  await closed;
  expect(socket.destroyed).toBe(true);
});
