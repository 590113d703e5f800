/**
 * Replaying cassettes (mocks/cassettes/*.json) with nock.back in lockdown:
 * nothing reaches the network, an unrecorded request fails, and every test
 * ends by asserting that each recorded call was made.
 */
import * as path from 'node:path';
import nock from 'nock';
import { CASSETTE_HOST, IssuedSecrets, replayHook } from '../../../mocks/cassettes/cassette-format';
import { ManualClock } from '../../../mocks/fakes/clocks';
import { AxiosProxmoxClient } from '../../../src/proxmox/axios-proxmox-client';
import type { Clock } from '../../../src/proxmox/clock';
import { defaultClientOptions, type ProxmoxClientOptions } from '../../../src/proxmox/connection-options';
import { NullLogger, type Logger } from '../../../src/shared/logger';

/** The test's own secrets; cassettes hold placeholders that replay swaps for these. */
export const TEST_SECRETS = {
  password: 'correct-horse-battery-staple',
  tokenSecret: '9f1c7e52-3b8a-4d6e-a0f2-5c4b3a291807',
  wrongTotp: '111111',
  rightTotp: '123456',
  recoveryKey: 'a1b2-c3d4-e5f6-a7b8',
} as const;

/** Placeholder -> test value, for every cassette (unused entries are harmless). */
export const replayValues: Readonly<Record<string, string>> = {
  '[password-1]': TEST_SECRETS.password,
  '[token-secret-1]': TEST_SECRETS.tokenSecret,
  '[tfa-code-1]': TEST_SECRETS.wrongTotp,
  '[tfa-code-2]': TEST_SECRETS.rightTotp,
  '[recovery-key-1]': TEST_SECRETS.recoveryKey,
};

const CASSETTES = path.join(__dirname, '..', '..', '..', 'mocks', 'cassettes');

export interface Replay {
  /** Fails unless every recorded interaction was requested. */
  assertAllCalled(): void;
  /** The made-up tickets and CSRF tokens this replay handed out (cassettes hold placeholders; see IssuedSecrets). */
  issuedSecrets(): string[];
  /** Interactions not requested yet, as nock names them (`POST https://.../access/ticket`). */
  pending(): string[];
  done(): void;
}

/**
 * Load `mocks/cassettes/<name>.json` in lockdown, with realistic tickets and
 * CSRF tokens made up for this replay in place of the placeholders. Call
 * `done()` in afterEach; `stopReplaying()` in afterAll.
 */
export async function replay(name: string, values: Readonly<Record<string, string>> = replayValues): Promise<Replay> {
  nock.back.fixtures = CASSETTES;
  nock.back.setMode('lockdown');
  const issued = new IssuedSecrets();
  const { nockDone, context } = await nock.back(`${name}.json`, { before: replayHook(values, issued) as (def: nock.Definition) => void });
  return {
    assertAllCalled: () => context.assertScopesFinished(),
    issuedSecrets: () => issued.all(),
    pending: () => context.scopes.flatMap((scope) => scope.pendingMocks()),
    done: () => {
      nockDone();
      nock.cleanAll();
    },
  };
}

/** nock.back's mode and nock's interceptor are global to the worker: put both back for the next test file. */
export function stopReplaying(): void {
  nock.back.setMode('dryrun');
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
}

/** A real client pointed at the cassette host. */
export function cassetteClient(options: { clock?: Clock; logger?: Logger; client?: Partial<ProxmoxClientOptions> } = {}): AxiosProxmoxClient {
  return new AxiosProxmoxClient(
    { ...defaultClientOptions, ...options.client, endpoint: { url: CASSETTE_HOST } },
    options.logger ?? new NullLogger(),
    options.clock ?? new ManualClock(),
  );
}
