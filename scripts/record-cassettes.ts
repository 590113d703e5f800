/**
 * Records fresh cassettes against a real Proxmox VE cluster, scrubbed of every
 * secret before anything is written (see docs/cassettes.md).
 *
 *   PVE_RECORD_HOST=https://pve1.example.org:8006 \
 *   PVE_RECORD_USER=root@pam PVE_RECORD_PASSWORD_FILE=~/.pve-pass \
 *   PVE_RECORD_FINGERPRINT=AA:BB:... \
 *   npx tsx scripts/record-cassettes.ts
 *
 * Settings (environment):
 *   PVE_RECORD_HOST            API endpoint (required)
 *   PVE_RECORD_USER            user@realm for the password scenarios
 *   PVE_RECORD_PASSWORD_FILE   file holding that user's password (or PVE_RECORD_PASSWORD)
 *   PVE_RECORD_TOKEN           USER@REALM!TOKENID=SECRET for the token scenarios
 *   PVE_RECORD_TFA_USER        a user with TOTP, its password in PVE_RECORD_TFA_PASSWORD_FILE
 *   PVE_RECORD_TOTP_SECRET     base32 TOTP secret of that user (codes are computed here)
 *   PVE_RECORD_FINGERPRINT / PVE_RECORD_CA_FILE / PVE_RECORD_INSECURE=true   TLS, as --fingerprint etc.
 *   PVE_RECORD_NODE            node to read node data from (default: the first online node)
 *   PVE_RECORD_OUT             output directory (default mocks/cassettes/recorded)
 *   PVE_RECORD_WRITE=true      also record provision-create: creates VM <nextid> named
 *                              pve-vm-tui-recording (1 GiB disk on PVE_RECORD_STORAGE, NIC on
 *                              PVE_RECORD_BRIDGE), sets its serial console, then deletes it again
 *
 * Only reads are recorded unless PVE_RECORD_WRITE is set. Recorded cassettes
 * go to their own directory: the committed ones are built from the fixtures
 * (mocks/cassettes/build-cassettes.ts) and the tests check their exact
 * values, so a recording replaces one only on purpose.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import nock from 'nock';
import * as OTPAuth from 'otpauth';
import { scrubCassette, type CassetteEntry } from '../mocks/cassettes/cassette-format';
import { ManualClock } from '../mocks/fakes/clocks';
import { PveApi } from '../src/proxmox/api-calls';
import { AxiosProxmoxClient } from '../src/proxmox/axios-proxmox-client';
import { parseUpid } from '../src/proxmox/upid';
import { defaultClientOptions, type ProxmoxEndpoint } from '../src/proxmox/connection-options';
import { NullLogger } from '../src/shared/logger';
import { Secret } from '../src/shared/secret';

export interface RecordingSettings {
  readonly endpoint: ProxmoxEndpoint;
  readonly outDir: string;
  readonly password?: { readonly user: string; readonly password: string };
  readonly token?: { readonly tokenId: string; readonly secret: string };
  readonly tfa?: { readonly user: string; readonly password: string; readonly totpSecret: string };
  readonly node?: string;
  readonly write?: { readonly storage: string; readonly bridge: string };
  /** Progress lines (the CLI prints them). */
  readonly say?: (line: string) => void;
}

type Scenario = (client: AxiosProxmoxClient, clock: ManualClock) => Promise<void>;

const MINUTE = 60_000;

/** The scenarios that make sense with the given credentials, by cassette name. */
function scenarios(settings: RecordingSettings): Record<string, Scenario> {
  const result: Record<string, Scenario> = {};
  const { password, token, tfa } = settings;
  if (password) {
    const login = (client: AxiosProxmoxClient): Promise<unknown> => client.signIn(password.user, new Secret(password.password));
    result['auth-ticket'] = async (client) => {
      await client.request(PveApi.domains());
      await login(client);
      await client.request(PveApi.version());
      await client.request(PveApi.nodes());
    };
    result['auth-login-refused'] = async (client) => {
      await client.signIn(password.user, new Secret(`${password.password}-wrong`)).catch(() => undefined);
    };
    result['auth-renewal'] = async (client, clock) => {
      await login(client);
      await client.request(PveApi.version());
      // Virtual time: the client renews as it would after 16 minutes, without waiting for them.
      clock.jump(16 * MINUTE);
      await client.request(PveApi.nodes());
      clock.jump(16 * MINUTE);
      await client.request(PveApi.version());
    };
  }
  if (tfa) {
    result['auth-tfa'] = async (client) => {
      await client.signIn(tfa.user, new Secret(tfa.password));
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(tfa.totpSecret) }).generate();
      await client.answerSecondFactor(new Secret(`totp:${code}`));
      await client.request(PveApi.version());
    };
  }
  if (token) {
    const useToken = (client: AxiosProxmoxClient): void => client.useApiToken(token.tokenId, new Secret(token.secret));
    result['auth-token'] = async (client) => {
      useToken(client);
      await client.request(PveApi.version());
      await client.request(PveApi.nodes());
    };
    result['reference-data'] = async (client) => {
      useToken(client);
      await recordReferenceData(client, settings.node);
    };
    if (settings.write) result['provision-create'] = async (client) => recordProvisioning(client, settings);
  }
  return result;
}

/** Every read the wizard makes, on one node. */
async function recordReferenceData(client: AxiosProxmoxClient, preferredNode: string | undefined): Promise<void> {
  const nodes = await client.request(PveApi.nodes());
  const node = preferredNode ?? nodes.find((candidate) => candidate.status === 'online')?.node ?? nodes[0].node;
  await client.request(PveApi.clusterStatus());
  const nextId = await client.request(PveApi.nextId());
  const guests = await client.request(PveApi.vmResources());
  if (guests[0]) await client.request(PveApi.nextId(guests[0].vmid)).catch(() => undefined);
  await client.request(PveApi.nextId(nextId));
  await client.request(PveApi.pools());
  await client.request(PveApi.clusterOptions());
  await client.request(PveApi.version());
  await client.request(PveApi.storages(node, 'images'));
  const isoStorages = await client.request(PveApi.storages(node, 'iso'));
  if (isoStorages[0]) await client.request(PveApi.storageContent(node, isoStorages[0].storage, 'iso'));
  await client.request(PveApi.networks(node));
  await client.request(PveApi.cpuModels(node));
  // The wizard reads the answering node's facts by `localhost` before it knows the node's name.
  await client.request(PveApi.storages('localhost', 'iso'));
  await client.request(PveApi.networks('localhost'));
}

/** Create a throw-away VM, wait for its task, set the serial console; the VM is deleted after recording. */
async function recordProvisioning(client: AxiosProxmoxClient, settings: RecordingSettings): Promise<void> {
  const nodes = await client.request(PveApi.nodes());
  const node = settings.node ?? nodes.find((candidate) => candidate.status === 'online')!.node;
  const vmid = await client.request(PveApi.nextId());
  const upid = await client.request(
    PveApi.taskWrite('POST', `/nodes/${node}/qemu`, {
      vmid,
      name: 'pve-vm-tui-recording',
      ostype: 'l26',
      memory: 512,
      scsihw: 'virtio-scsi-single',
      scsi0: `${settings.write!.storage}:1`,
      net0: `virtio,bridge=${settings.write!.bridge}`,
    }),
  );
  await waitForTask(client, upid);
  await client.request(PveApi.write('PUT', `/nodes/${node}/qemu/${vmid}/config`, { serial0: 'socket', vga: 'serial0' }));
  recordedVms.push({ node, vmid });
}

const recordedVms: Array<{ node: string; vmid: number }> = [];

async function waitForTask(client: AxiosProxmoxClient, upid: string): Promise<void> {
  const parsed = parseUpid(upid);
  if (!parsed) throw new Error(`not a task ID: ${upid}`);
  for (;;) {
    const status = await client.request(PveApi.taskStatus(parsed));
    if (status.status === 'stopped') {
      await client.request(PveApi.taskLog(parsed, 0, 500));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Record every scenario the settings allow; returns the cassette files written. */
export async function recordCassettes(settings: RecordingSettings): Promise<string[]> {
  const say = settings.say ?? (() => undefined);
  const knownSecrets = [settings.password?.password, settings.token?.secret, settings.tfa?.password].filter((secret): secret is string => Boolean(secret));
  fs.mkdirSync(settings.outDir, { recursive: true });
  nock.back.fixtures = settings.outDir;
  nock.back.setMode('update');
  const written: string[] = [];
  try {
    for (const [name, scenario] of Object.entries(scenarios(settings))) {
      const { nockDone } = await nock.back(`${name}.json`, {
        recorder: { enable_reqheaders_recording: true, output_objects: true, dont_print: true },
        afterRecord: (recorded: nock.Definition[]) =>
          scrubCassette((recorded as unknown as CassetteEntry[]).map((entry) => ({ ...entry, 'x-source': 'recorded' })), {
            originalHost: new URL(settings.endpoint.url).origin,
            knownSecrets,
          }) as unknown as nock.Definition[],
      });
      const clock = new ManualClock(Date.now());
      const client = new AxiosProxmoxClient({ ...defaultClientOptions, endpoint: settings.endpoint }, new NullLogger(), clock);
      try {
        await scenario(client, clock);
      } finally {
        nockDone();
        client.dispose();
      }
      written.push(path.join(settings.outDir, `${name}.json`));
      say(`recorded ${name}`);
    }
  } finally {
    nock.back.setMode('dryrun');
    nock.restore();
    await deleteRecordedVms(settings, say);
  }
  return written;
}

/** Remove what provision-create made, outside any recording. */
async function deleteRecordedVms(settings: RecordingSettings, say: (line: string) => void): Promise<void> {
  if (!recordedVms.length || !settings.token) return;
  const client = new AxiosProxmoxClient({ ...defaultClientOptions, endpoint: settings.endpoint }, new NullLogger(), new ManualClock(Date.now()));
  client.useApiToken(settings.token.tokenId, new Secret(settings.token.secret));
  for (const { node, vmid } of recordedVms.splice(0)) {
    try {
      await waitForTask(client, await client.request(PveApi.destroyVm(node, vmid)));
      say(`deleted VM ${vmid} on ${node}`);
    } catch (error) {
      say(`could not delete VM ${vmid} on ${node} (${(error as Error).message}); delete it by hand`);
    }
  }
  client.dispose();
}

function readSecret(fileVariable: string, valueVariable: string): string | undefined {
  const file = process.env[fileVariable];
  if (file) return fs.readFileSync(file.replace(/^~/, process.env.HOME ?? '~'), 'utf8').replace(/\r?\n$/, '');
  return process.env[valueVariable];
}

function settingsFromEnvironment(): RecordingSettings {
  const env = process.env;
  if (!env.PVE_RECORD_HOST) throw new Error('PVE_RECORD_HOST is not set; see the comment at the top of scripts/record-cassettes.ts.');
  const password = readSecret('PVE_RECORD_PASSWORD_FILE', 'PVE_RECORD_PASSWORD');
  const tfaPassword = readSecret('PVE_RECORD_TFA_PASSWORD_FILE', 'PVE_RECORD_TFA_PASSWORD');
  const token = /^(.+?!.+?)=(.+)$/.exec(env.PVE_RECORD_TOKEN ?? '');
  return {
    endpoint: { url: env.PVE_RECORD_HOST, fingerprint: env.PVE_RECORD_FINGERPRINT, caFile: env.PVE_RECORD_CA_FILE, insecure: env.PVE_RECORD_INSECURE === 'true' },
    outDir: path.resolve(env.PVE_RECORD_OUT ?? path.join(__dirname, '..', 'mocks', 'cassettes', 'recorded')),
    password: env.PVE_RECORD_USER && password ? { user: env.PVE_RECORD_USER, password } : undefined,
    token: token ? { tokenId: token[1], secret: token[2] } : undefined,
    tfa: env.PVE_RECORD_TFA_USER && tfaPassword && env.PVE_RECORD_TOTP_SECRET ? { user: env.PVE_RECORD_TFA_USER, password: tfaPassword, totpSecret: env.PVE_RECORD_TOTP_SECRET } : undefined,
    node: env.PVE_RECORD_NODE,
    write: env.PVE_RECORD_WRITE === 'true' ? { storage: env.PVE_RECORD_STORAGE ?? 'local-lvm', bridge: env.PVE_RECORD_BRIDGE ?? 'vmbr0' } : undefined,
    say: (line) => console.log(line),
  };
}

if (require.main === module) {
  recordCassettes(settingsFromEnvironment()).then(
    (files) => console.log(`${files.length} cassettes written, secrets scrubbed. Run the secrets scan: npx jest tests/integration/services/secrets-scan`),
    (error: unknown) => {
      console.error(`record-cassettes: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
