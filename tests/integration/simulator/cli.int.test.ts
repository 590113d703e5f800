/**
 * The simulator as a process (`npm run simulator`, here through tsx so the
 * test needs no build): one JSON line with URL and fingerprint, a pinned
 * HTTPS API, clean exit on SIGTERM, usage errors with exit code 2.
 */
import { ChildProcessByStdio, spawn } from 'node:child_process';
import * as https from 'node:https';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';

const ROOT = path.join(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const MAIN = path.join(ROOT, 'mocks/simulator/main.ts');

type Child = ChildProcessByStdio<null, Readable, Readable>;

function run(args: string[]): Child {
  return spawn(TSX, [MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

function collect(stream: Readable): { text: () => string } {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { text: () => text };
}

function firstLine(child: Child): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      if (buffer.includes('\n')) resolve(buffer.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

function exitCode(child: Child): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

/** A request with the fingerprint pinned: the self-signed certificate is accepted only if its SHA-256 matches. */
function pinnedRequest(url: string, fingerprint: string, options: https.RequestOptions = {}, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { rejectUnauthorized: false, agent: false, ...options }, (response) => {
      if ((response.socket as TLSSocket).getPeerCertificate().fingerprint256 !== fingerprint) return reject(new Error('fingerprint mismatch'));
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const pinnedGet = (url: string, fingerprint: string, headers: Record<string, string> = {}) => pinnedRequest(url, fingerprint, { headers });

describe('simulator command line', () => {
  test('prints one JSON line with URL and fingerprint, serves the API, and exits 0 on SIGTERM', async () => {
    const child = run(['--port', '0']);
    const stdout = collect(child.stdout);
    const line = await firstLine(child);
    const { url, fingerprint } = JSON.parse(line);
    expect(Object.keys(JSON.parse(line))).toEqual(['url', 'fingerprint']);
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const answer = await pinnedGet(`${url}/api2/json/access/domains`, fingerprint);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).data.map((realm: { realm: string }) => realm.realm)).toEqual(['pam', 'pve']);
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
    expect(stdout.text().trim().split('\n')).toHaveLength(1);
  }, 20_000);

  test('--scenario loads a scenario file', async () => {
    const child = run(['--scenario', 'mocks/scenarios/pve-8.json']);
    const { url, fingerprint } = JSON.parse(await firstLine(child));
    try {
      const login = await pinnedRequest(`${url}/api2/json/access/ticket`, fingerprint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 'username=root%40pam&password=demo');
      const ticket: string = JSON.parse(login.body).data.ticket;
      const version = await pinnedGet(`${url}/api2/json/version`, fingerprint, { Cookie: `PVEAuthCookie=${encodeURIComponent(ticket)}` });
      expect(JSON.parse(version.body).data.version).toBe('8.4.1');
    } finally {
      child.kill('SIGTERM');
      await exitCode(child);
    }
  }, 20_000);

  test.each([
    [['--port', 'eighty'], "--port: expected a port number 0-65535, got 'eighty'"],
    [['--frobnicate'], "unknown argument '--frobnicate'"],
    [['--scenario', 'mocks/scenarios/missing.json'], 'cannot read scenario mocks/scenarios/missing.json'],
  ])('%j is a usage error: exit code 2 and one line on stderr', async (args, message) => {
    const child = run(args);
    const stderr = collect(child.stderr);
    expect(await exitCode(child)).toBe(2);
    expect(stderr.text()).toContain(`simulator: ${message}`);
  }, 20_000);
});
