import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { closedPartial, decodeWith, formatIssues } from '../shared/decode';
import { UsageError } from './usage-error';

/** One named connection profile. `password` and `token` are secrets: the file must then be private. */
export const ConnectionProfile = closedPartial(
  {
    host: t.string,
    user: t.string,
    fingerprint: t.string,
    caFile: t.string,
    insecure: t.boolean,
    passwordFile: t.string,
    password: t.string,
    token: t.string,
  },
  'ConnectionProfile',
);
export type ConnectionProfile = t.TypeOf<typeof ConnectionProfile>;

export const ConfigFile = closedPartial(
  {
    profiles: t.record(t.string, ConnectionProfile),
    /** The profile used when `--profile` is not given. */
    default: t.string,
  },
  'ConfigFile',
);
export type ConfigFile = t.TypeOf<typeof ConfigFile>;

const SECRET_KEYS: ReadonlyArray<keyof ConnectionProfile> = ['password', 'token'];

/**
 * `$XDG_CONFIG_HOME/pve-vm-tui/config.json`, else `~/.config/...`. The XDG
 * rule is one line, so it is written here against the injected env (tests
 * swap it) rather than read from process.env at import by a library.
 * A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
 */
export function configFilePath(env: NodeJS.ProcessEnv, homeDir: string = os.homedir()): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(homeDir, '.config');
  return path.join(base, 'pve-vm-tui', 'config.json');
}

/** Read and decode the config file; `undefined` when it does not exist. */
export function loadConfigFile(filePath: string): ConfigFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read config file ${filePath}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`config file ${filePath} is not valid JSON: ${(error as Error).message}`);
  }
  const decoded = decodeWith(ConfigFile, json);
  if (E.isLeft(decoded)) {
    throw new UsageError(`config file ${filePath}: ${formatIssues(decoded.left).join('; ')}`);
  }
  refuseExposedSecrets(filePath, decoded.right);
  return decoded.right;
}

/** A file that holds a secret must not be readable by group or others (like ssh's private keys). */
function refuseExposedSecrets(filePath: string, file: ConfigFile): void {
  const secretPaths = Object.entries(file.profiles ?? {}).flatMap(([name, profile]) =>
    SECRET_KEYS.filter((key) => profile[key] !== undefined).map((key) => `profiles.${name}.${key}`),
  );
  if (secretPaths.length === 0) return;
  const mode = fs.statSync(filePath).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new UsageError(
      `config file ${filePath} holds a secret (${secretPaths.join(', ')}) and is readable by others ` +
        `(mode ${mode.toString(8).padStart(4, '0')}): run chmod 600 ${filePath}`,
    );
  }
}
