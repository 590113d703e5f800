/**
 * No ticket, CSRF token, password or token secret in the cassettes, in the
 * debug log of a full run, or in the errors that run produced. The run covers
 * every way a secret travels: password login, TFA (wrong and right code),
 * renewal, API token, writes with CSRF, provisioning, refused logins.
 *
 * The replay hands the client realistic tickets and CSRF tokens made up for
 * this run (the cassettes hold placeholders, which the scanner ignores on
 * purpose), and the scan knows those exact values. The log is scanned twice:
 * as written (through the Redactor) and as the code handed it to the logger,
 * so code that logs a Cookie or CSRF header fails here even though the
 * Redactor would have caught it at the last moment.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { BUILDER_SECRETS } from '../../../mocks/cassettes/build-cassettes';
import { createPlan } from '../../../mocks/cassettes/scenario-plans';
import { FastForwardClock, ManualClock } from '../../../mocks/fakes/clocks';
import { PveApi } from '../../../src/proxmox/api-calls';
import { ProxmoxProvisioningService } from '../../../src/services/impl/proxmox-provisioning-service';
import { ProxmoxSessionService } from '../../../src/services/impl/proxmox-session-service';
import { ServerVersionSource } from '../../../src/services/impl/server-version';
import { defaultTaskWatcherOptions, ProxmoxTaskWatcher } from '../../../src/services/impl/proxmox-task-watcher';
import { FileLogger, type Logger } from '../../../src/shared/logger';
import { Redactor } from '../../../src/shared/redact';
import { Secret } from '../../../src/shared/secret';
import { cassetteClient, replay, stopReplaying, TEST_SECRETS } from '../proxmox/cassette-replay';

const CASSETTES = path.join(__dirname, '..', '..', '..', 'mocks', 'cassettes');

/** Shapes of real secrets; placeholders (`[ticket-1]`, `[password-1]`) deliberately do not match. */
const SECRET_SHAPES: ReadonlyArray<[string, RegExp]> = [
  ['ticket with a signature', /PVE:[^\s"']*?::(?!\[)[A-Za-z0-9+/=]{8,}/],
  ['URL-encoded ticket with a signature', /PVE%3A[^\s"']*?%3A%3A(?!%5B)[A-Za-z0-9%+/=]{8,}/i],
  ['CSRF token', /\b[0-9A-F]{8}:(?!\[)[A-Za-z0-9+/]{16,}/],
  ['API token secret', /PVEAPIToken[= ][^\s"'=]+=(?!\[)[0-9a-f-]{8,}/i],
  ['UUID (token secrets are UUIDs)', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i],
  ['password in a form body', /(?:^|[?&\s])password=(?!%5B|\[)[^&\s"]+/],
  ['password in JSON', /"password"\s*:\s*"(?!\[|PVE:[^"]*\[ticket-\d+\]|(?:totp|recovery|yubico):\[)[^"]*"/],
];

const KNOWN_SECRETS = [...Object.values(TEST_SECRETS), ...BUILDER_SECRETS];

function findSecrets(text: string, alsoKnown: readonly string[] = []): string[] {
  const found = SECRET_SHAPES.filter(([, shape]) => shape.test(text)).map(([name]) => name);
  for (const secret of [...KNOWN_SECRETS, ...alsoKnown]) if (text.includes(secret) || text.includes(encodeURIComponent(secret))) found.push(`known test secret ${secret.slice(0, 3)}…`);
  return found;
}

/** Keeps every message and detail exactly as the code handed it over (before any redaction), and passes it on. */
class RecordingLogger implements Logger {
  readonly handed: string[] = [];

  constructor(private readonly next: Logger) {}

  debug(message: string, details?: unknown): void {
    this.keep(message, details);
    this.next.debug(message, details);
  }
  info(message: string, details?: unknown): void {
    this.keep(message, details);
    this.next.info(message, details);
  }
  warn(message: string, details?: unknown): void {
    this.keep(message, details);
    this.next.warn(message, details);
  }
  error(message: string, details?: unknown): void {
    this.keep(message, details);
    this.next.error(message, details);
  }

  private keep(message: string, details: unknown): void {
    this.handed.push(details === undefined ? message : `${message} ${inspect(details, { depth: 10 })}`);
  }
}

describe('secrets scan', () => {
  it('the scanner finds each kind of secret it looks for (so a clean result means something)', () => {
    const samples = [
      'Cookie: PVEAuthCookie=PVE:root@pam:4EEC61E2::rsKoApxDTLYPn6H3NNT6iP2mv/gUHRVnhOK6Yv5uiXP==',
      'PVEAuthCookie=PVE%3Aroot%40pam%3A4EEC61E2%3A%3ArsKoApxDTLYPn6H3NNT6iP2mv',
      'CSRFPreventionToken: 4EEC61E2:lwk7od06fa1+DcPUwBTXCcndyAY',
      'Authorization: PVEAPIToken=root@pam!ci=0b2a5b6e-9a77-4c1f-8f2e-3e2a1f6c9d10',
      'username=root%40pam&password=hunter2',
      '{"password": "hunter2"}',
      `the password was ${TEST_SECRETS.password}`,
    ];
    for (const sample of samples) expect(findSecrets(sample)).not.toEqual([]);
    expect(findSecrets('{"password": "[password-1]", "ticket": "PVE:root@pam:64E10CBA::[ticket-1]", "CSRFPreventionToken": "64E10CBA:[csrf-1]"}')).toEqual([]);
  });

  // Recursive: recorded cassettes (mocks/cassettes/recorded/) are scanned as well as the built ones.
  const cassetteFiles = (fs.readdirSync(CASSETTES, { recursive: true }) as string[]).filter((file) => file.endsWith('.json'));

  it('has cassettes to scan', () => {
    expect(cassetteFiles.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(cassetteFiles)('cassette %s', (file) => {
    it('holds no secret', () => {
      expect(findSecrets(fs.readFileSync(path.join(CASSETTES, file), 'utf8'))).toEqual([]);
    });
  });

  describe('the log and the errors of an integration run', () => {
    let dir: string;
    let logFile: string;
    let logger: RecordingLogger;
    const errors: unknown[] = [];
    /** The tickets and CSRF tokens the replays made up: the client held these, so they must show up nowhere. */
    const issued: string[] = [];

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-vm-tui-scan-'));
      logFile = path.join(dir, 'debug.log');
      // The app's own logger path: FileLogger through a Redactor told about the secrets it was given.
      const redactor = new Redactor();
      redactor.addSecret(TEST_SECRETS.password);
      redactor.addSecret(TEST_SECRETS.tokenSecret);
      logger = new RecordingLogger(new FileLogger(logFile, redactor));
      const keep = (promise: Promise<unknown>): Promise<unknown> => promise.catch((error: unknown) => errors.push(error));
      const password = new Secret(TEST_SECRETS.password);

      const run = async (cassetteName: string, steps: (client: ReturnType<typeof cassetteClient>, clock: ManualClock) => Promise<void>): Promise<void> => {
        const cassette = await replay(cassetteName);
        const clock = new ManualClock();
        const client = cassetteClient({ clock, logger });
        try {
          await steps(client, clock);
          cassette.assertAllCalled();
        } finally {
          issued.push(...cassette.issuedSecrets());
          client.dispose();
          cassette.done();
        }
      };

      await run('auth-ticket', async (client) => {
        const session = new ProxmoxSessionService(client, new ServerVersionSource(client), logger);
        await session.realms();
        await session.login('root@pam', password);
        await client.request(PveApi.version());
        await client.request(PveApi.nodes());
        await client.request(PveApi.write('PUT', '/nodes/node1/qemu/100/config', { serial0: 'socket', vga: 'serial0' }));
      });
      await run('auth-tfa', async (client) => {
        const session = new ProxmoxSessionService(client, new ServerVersionSource(client), logger);
        await session.login('alice@pve', password);
        await keep(session.completeSecondFactor({ kind: 'totp', code: TEST_SECRETS.wrongTotp }));
        await session.completeSecondFactor({ kind: 'totp', code: TEST_SECRETS.rightTotp });
        await client.request(PveApi.version());
      });
      await run('auth-renewal', async (client, clock) => {
        await client.signIn('root@pam', password);
        await client.request(PveApi.version());
        clock.jump(16 * 60_000);
        await client.request(PveApi.nodes());
        clock.advance(16 * 60_000);
        await client.request(PveApi.write('PUT', '/nodes/node1/qemu/100/config', { serial0: 'socket', vga: 'serial0' }));
      });
      await run('auth-login-refused', async (client) => {
        await keep(client.signIn('root@pam', password));
      });
      await run('auth-token-rejected', async (client) => {
        await keep(new ProxmoxSessionService(client, new ServerVersionSource(client), logger).useToken('root@pam!ci', new Secret(TEST_SECRETS.tokenSecret)));
      });
      await run('provision-partial-resume', async (client) => {
        client.useApiToken('root@pam!ci', new Secret(TEST_SECRETS.tokenSecret));
        const fastClock = new FastForwardClock();
        const service = new ProxmoxProvisioningService(client, new ProxmoxTaskWatcher(client, fastClock, defaultTaskWatcherOptions, logger), fastClock, logger);
        const partial = await service.run(createPlan, { onVmidConflict: 'take-next' }, () => undefined);
        if (partial.status !== 'partial') throw new Error(`expected a partial result, got ${partial.status}`);
        errors.push(partial.error);
        await service.resume(createPlan, partial, () => undefined);
      });
    });

    afterAll(() => {
      stopReplaying();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('logged the run (so the scan below is not of an empty file)', () => {
      const log = fs.readFileSync(logFile, 'utf8');
      expect(log).toMatch(/debug POST \/access\/ticket -> 200 in \d+ ms/);
      expect(log).toMatch(/debug PUT \/nodes\/node1\/qemu\/100\/config -> 200/);
      expect(log).toMatch(/debug POST \/nodes\/pve1\/qemu -> 200/);
      expect(log).toContain('ticket renewed');
      expect(errors).toHaveLength(4);
    });

    it('the replays handed out realistic tickets and CSRF tokens (so finding none below means something)', () => {
      expect(issued.length).toBeGreaterThanOrEqual(10);
      expect(issued.filter((value) => value.length === 344)).not.toEqual([]);
    });

    it('the log holds no secret', () => {
      expect(findSecrets(fs.readFileSync(logFile, 'utf8'), issued)).toEqual([]);
    });

    it('the code hands the logger no secret (the Redactor is the last line, not the only one)', () => {
      expect(logger.handed.length).toBeGreaterThan(20);
      expect(findSecrets(logger.handed.join('\n'), issued)).toEqual([]);
    });

    it('no error message or error detail holds a secret', () => {
      for (const error of errors) expect(findSecrets(inspect(error, { depth: 10 }) + JSON.stringify(error), issued)).toEqual([]);
    });
  });
});
