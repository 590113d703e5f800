import * as fs from 'node:fs';
import { Secret } from '../shared/secret';
import type { AppConfig, Credentials, ServerTarget, SettingSource, TlsOptions, WizardOptions } from './app-config';
import type { CommandLineFlags } from './command-line';
import { ConfigFile, ConnectionProfile, configFilePath, loadConfigFile } from './config-file';
import { UsageError } from './usage-error';

/** The env vars of the contract (docs/cli.md). */
export const ENV = {
  host: 'PROXMOX_VE_ENDPOINT',
  user: 'PROXMOX_VE_USERNAME',
  password: 'PROXMOX_VE_PASSWORD',
  token: 'PROXMOX_VE_API_TOKEN',
  fingerprint: 'PROXMOX_VE_FINGERPRINT',
  caFile: 'PROXMOX_VE_CA_FILE',
  insecure: 'PROXMOX_VE_INSECURE',
} as const;

const DEFAULT_API_PORT = 8006;

export interface ResolveInputs {
  readonly flags: CommandLineFlags;
  readonly env: NodeJS.ProcessEnv;
  /** Defaults to the XDG location derived from `env`. */
  readonly configFile?: string;
}

/** One connection setting with where it came from. */
interface Sourced<T> {
  readonly value: T;
  readonly source: SettingSource;
}

/**
 * Merge flags > env vars > config file profile into one AppConfig, checking
 * every rule of the contract. Throws UsageError (exit 2) with one line.
 */
export function resolveConfig(inputs: ResolveInputs): AppConfig {
  const { flags, env } = inputs;
  const filePath = inputs.configFile ?? configFilePath(env);
  const { profile, profileName } = selectProfile(filePath, flags.profile);

  const pick = <T>(flag: T | undefined, envValue: T | undefined, profileValue: T | undefined): Sourced<T> | undefined => {
    if (flag !== undefined) return { value: flag, source: 'flag' };
    if (envValue !== undefined) return { value: envValue, source: 'env' };
    if (profileValue !== undefined) return { value: profileValue, source: 'profile' };
    return undefined;
  };

  const envInsecure = parseBooleanEnv(env, ENV.insecure);
  const host = pick(flags.host, nonEmpty(env[ENV.host]), profile?.host);
  const fingerprint = pick(flags.fingerprint, nonEmpty(env[ENV.fingerprint]), profile?.fingerprint);
  const caFile = pick(flags.caFile, nonEmpty(env[ENV.caFile]), profile?.caFile);
  const insecure = pick(flags.insecure, envInsecure, profile?.insecure);

  const wizard = resolveWizard(flags);
  const server = resolveServer(flags, host);
  const tls = resolveTls(fingerprint?.value, caFile?.value, insecure?.value ?? false, server);
  const credentials = resolveCredentials(flags, env, profile, filePath, profileName);

  const sources: Record<string, SettingSource> = {};
  for (const [name, setting] of Object.entries({ host, fingerprint, caFile, insecure })) {
    sources[name] = setting?.source ?? 'default';
  }

  return {
    server,
    tls,
    credentials,
    wizard,
    logFile: flags.logFile,
    profile: profileName,
    sources,
    warnings: tls.insecure
      ? ['TLS verification is OFF (--insecure): anyone on the network path can read your password. Pin the certificate with --fingerprint instead.']
      : [],
  };
}

function selectProfile(filePath: string, requested: string | undefined): { profile?: ConnectionProfile; profileName?: string } {
  const file: ConfigFile | undefined = loadConfigFile(filePath);
  if (!file) {
    if (requested !== undefined) {
      throw new UsageError(`--profile ${requested}: no config file at ${filePath} (create it, see docs/configuration.md)`);
    }
    return {};
  }
  const profiles = file.profiles ?? {};
  const name = requested ?? file.default;
  if (name === undefined) return {};
  const profile = profiles[name];
  if (!profile) {
    const known = Object.keys(profiles);
    const origin = requested !== undefined ? `--profile ${name}` : `"default": "${name}" in ${filePath}`;
    throw new UsageError(`${origin}: no such profile (known: ${known.length ? known.join(', ') : 'none'})`);
  }
  return { profile, profileName: name };
}

function resolveWizard(flags: CommandLineFlags): WizardOptions {
  if (flags.yes && flags.answers === undefined) {
    throw new UsageError('--yes needs --answers FILE: without an answers file there is nothing to create unattended');
  }
  const output = flags.output ?? 'text';
  if (output !== 'text' && !flags.yes && !flags.dryRun) {
    throw new UsageError('--output applies to --yes and --dry-run only: add one of them or drop --output');
  }
  return {
    answersFile: flags.answers,
    yes: flags.yes ?? false,
    dryRun: flags.dryRun ?? false,
    saveAnswersFile: flags.saveAnswers,
    output,
  };
}

function resolveServer(flags: CommandLineFlags, host: Sourced<string> | undefined): ServerTarget {
  if (flags.demo) {
    if (host?.source === 'flag') {
      throw new UsageError('--demo starts its own simulated cluster: drop --host (or drop --demo to use your server)');
    }
    return { kind: 'demo' };
  }
  if (!host) return { kind: 'unset' };
  return { kind: 'remote', url: normalizeHostUrl(host.value, host.source) };
}

/**
 * `pve1` -> `https://pve1:8006`. A bare host gets the API port; a full URL is
 * taken as given (a reverse proxy may serve it on 443). A trailing
 * `/api2/json` is dropped: the client adds it.
 */
export function normalizeHostUrl(raw: string, source: SettingSource = 'flag'): string {
  const origin = source === 'flag' ? '--host' : source === 'env' ? ENV.host : 'profile host';
  const trimmed = raw.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `https://${trimmed}`);
  } catch {
    throw new UsageError(`${origin} ${raw}: not a host name or URL (e.g. https://pve1.example.org:8006)`);
  }
  if (url.protocol !== 'https:') {
    throw new UsageError(`${origin} ${raw}: Proxmox VE serves its API over HTTPS only; use https://`);
  }
  if (!url.hostname) throw new UsageError(`${origin} ${raw}: no host name in it`);
  if (!hasScheme && !url.port) url.port = String(DEFAULT_API_PORT);
  const pathname = url.pathname.replace(/\/+$/, '').replace(/\/api2\/json$/, '');
  return `${url.protocol}//${url.host}${pathname}`;
}

function resolveTls(
  fingerprint: string | undefined,
  caFile: string | undefined,
  insecure: boolean,
  server: ServerTarget,
): TlsOptions {
  if (server.kind === 'demo') return { insecure: false }; // the demo pins its own generated certificate
  if (caFile !== undefined && !fs.existsSync(caFile)) {
    throw new UsageError(`--ca-file ${caFile}: no such file`);
  }
  return {
    fingerprint: fingerprint === undefined ? undefined : normalizeFingerprint(fingerprint),
    caFile,
    insecure,
  };
}

/** Accepts `aa:bb:..`, `AABB..` or `SHA256:AA:BB..`; returns `AA:BB:...`. */
export function normalizeFingerprint(raw: string): string {
  const hex = raw.trim().replace(/^sha-?256[:=\s]*/i, '').replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) {
    throw new UsageError(
      `fingerprint ${raw}: expected the SHA-256 of the certificate, 32 bytes in hex like AA:BB:...` +
        ' (shown in the web UI under Node > System > Certificates)',
    );
  }
  return hex.match(/../g)!.join(':');
}

function resolveCredentials(
  flags: CommandLineFlags,
  env: NodeJS.ProcessEnv,
  profile: ConnectionProfile | undefined,
  filePath: string,
  profileName: string | undefined,
): Credentials {
  // The highest source that says anything about auth decides how to log in; lower ones only fill gaps.
  if (flags.token !== undefined && (flags.user !== undefined || flags.passwordFile !== undefined)) {
    throw new UsageError('--token cannot be combined with --user or --password-file: an API token already names its user');
  }
  const envToken = nonEmpty(env[ENV.token]);
  const envUser = nonEmpty(env[ENV.user]);
  const envPassword = env[ENV.password];
  const profileLabel = `profile ${profileName} in ${filePath}`;

  if (flags.token !== undefined) return parseToken(flags.token, '--token');
  if (flagsSayAuth(flags)) {
    const password =
      flags.passwordFile !== undefined ? readPasswordFile(flags.passwordFile, '--password-file') : envOrProfilePassword(envPassword, profile);
    return passwordCredentials(flags.user ?? envUser ?? profile?.user, password);
  }
  if (envToken !== undefined) {
    if (envUser !== undefined || envPassword !== undefined) {
      throw new UsageError(`${ENV.token} cannot be combined with ${ENV.user} or ${ENV.password}: unset one of them`);
    }
    return parseToken(envToken, ENV.token);
  }
  if (envUser !== undefined || envPassword !== undefined) {
    return passwordCredentials(envUser ?? profile?.user, envOrProfilePassword(envPassword, profile));
  }
  if (profile?.token !== undefined) {
    if (profile.user !== undefined || profile.password !== undefined || profile.passwordFile !== undefined) {
      throw new UsageError(`${profileLabel}: "token" cannot be combined with "user" or a password; keep one`);
    }
    return parseToken(profile.token, profileLabel);
  }
  return passwordCredentials(profile?.user, envOrProfilePassword(undefined, profile));
}

function flagsSayAuth(flags: CommandLineFlags): boolean {
  return flags.user !== undefined || flags.passwordFile !== undefined;
}

function envOrProfilePassword(envPassword: string | undefined, profile: ConnectionProfile | undefined): Secret | undefined {
  if (envPassword !== undefined) return new Secret(envPassword);
  if (profile?.passwordFile !== undefined) return readPasswordFile(profile.passwordFile, 'profile passwordFile');
  if (profile?.password !== undefined) return new Secret(profile.password);
  return undefined;
}

function passwordCredentials(user: string | undefined, password: Secret | undefined): Credentials {
  if (user !== undefined && !/^[^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+$/.test(user)) {
    throw new UsageError(`user ${user}: expected USER@REALM, e.g. root@pam`);
  }
  return { kind: 'password', user, password };
}

/** `USER@REALM!TOKENID=SECRET`; the secret is split off at the last `=`, as Proxmox does. */
export function parseToken(raw: string, origin: string): Credentials {
  const separator = raw.lastIndexOf('=');
  const tokenId = separator > 0 ? raw.slice(0, separator) : '';
  const secret = separator > 0 ? raw.slice(separator + 1) : '';
  if (!/^[^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+![A-Za-z][A-Za-z0-9.\-_]+$/.test(tokenId) || secret === '') {
    throw new UsageError(`${origin}: expected USER@REALM!TOKENID=SECRET, e.g. root@pam!ci=8d2b...-...`);
  }
  return { kind: 'token', tokenId, secret: new Secret(secret) };
}

/** A password file may end with one newline (as `echo pw > file` writes it); that newline is not part of the password. */
export function readPasswordFile(filePath: string, origin: string): Secret {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UsageError(`${origin} ${filePath}: ${reason}`);
  }
  const password = text.replace(/\r?\n$/, '');
  if (password.length === 0) throw new UsageError(`${origin} ${filePath}: the file is empty`);
  return new Secret(password);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function parseBooleanEnv(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = nonEmpty(env[name]);
  if (value === undefined) return undefined;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new UsageError(`${name}=${value}: expected true or false`);
}
