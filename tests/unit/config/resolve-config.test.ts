import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalizeFingerprint, normalizeHostUrl, resolveConfig } from '../../../src/config/resolve-config';
import { configFilePath } from '../../../src/config/config-file';
import type { CommandLineFlags } from '../../../src/config/command-line';
import { UsageError } from '../../../src/config/usage-error';
import { useTempDir } from '../../helpers/temp-dir';

const FP_A = 'AA:'.repeat(31) + 'AA';
const FP_B = 'BB:'.repeat(31) + 'BB';
const FP_C = 'CC:'.repeat(31) + 'CC';

describe('resolveConfig', () => {
  const tmp = useTempDir();
  const configFile = () => path.join(tmp.path, 'config.json');
  const writeConfig = (content: unknown, mode = 0o600) => tmp.write('config.json', JSON.stringify(content), mode);
  const resolve = (flags: CommandLineFlags = {}, env: NodeJS.ProcessEnv = {}) => resolveConfig({ flags, env, configFile: configFile() });
  const usage = (flags: CommandLineFlags, env: NodeJS.ProcessEnv = {}): string => {
    try {
      resolve(flags, env);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    throw new Error('expected a UsageError');
  };

  describe('precedence: flags > env vars > config file profile', () => {
    beforeEach(() => {
      writeConfig({ profiles: { lab: { host: 'profile-host', user: 'profile@pve', fingerprint: FP_C } }, default: 'lab' });
    });

    it('takes the profile when nothing else is given', () => {
      const config = resolve();
      expect(config.server).toEqual({ kind: 'remote', url: 'https://profile-host:8006' });
      expect(config.tls.fingerprint).toBe(FP_C);
      expect(config.credentials).toEqual({ kind: 'password', user: 'profile@pve', password: undefined });
      expect(config.profile).toBe('lab');
      expect(config.sources).toMatchObject({ host: 'profile', fingerprint: 'profile', caFile: 'default' });
    });

    it('lets env vars override the profile', () => {
      const config = resolve({}, { PROXMOX_VE_ENDPOINT: 'env-host', PROXMOX_VE_USERNAME: 'env@pam', PROXMOX_VE_FINGERPRINT: FP_B });
      expect(config.server).toEqual({ kind: 'remote', url: 'https://env-host:8006' });
      expect(config.tls.fingerprint).toBe(FP_B);
      expect(config.credentials).toMatchObject({ kind: 'password', user: 'env@pam' });
      expect(config.sources).toMatchObject({ host: 'env', fingerprint: 'env' });
    });

    it('lets flags override env vars and the profile', () => {
      const config = resolve(
        { host: 'flag-host', user: 'flag@pam', fingerprint: FP_A },
        { PROXMOX_VE_ENDPOINT: 'env-host', PROXMOX_VE_USERNAME: 'env@pam', PROXMOX_VE_FINGERPRINT: FP_B },
      );
      expect(config.server).toEqual({ kind: 'remote', url: 'https://flag-host:8006' });
      expect(config.tls.fingerprint).toBe(FP_A);
      expect(config.credentials).toMatchObject({ kind: 'password', user: 'flag@pam' });
      expect(config.sources).toMatchObject({ host: 'flag', fingerprint: 'flag' });
    });

    it('selects a profile by --profile over the file default', () => {
      writeConfig({ profiles: { lab: { host: 'lab-host' }, prod: { host: 'prod-host' } }, default: 'lab' });
      expect(resolve({ profile: 'prod' }).server).toEqual({ kind: 'remote', url: 'https://prod-host:8006' });
    });

    it('reads PROXMOX_VE_INSECURE=true and warns loudly', () => {
      const config = resolve({}, { PROXMOX_VE_INSECURE: 'true' });
      expect(config.tls.insecure).toBe(true);
      expect(config.warnings.join(' ')).toMatch(/TLS verification is OFF/);
    });

    it('an API token in env wins over a profile user', () => {
      const config = resolve({}, { PROXMOX_VE_API_TOKEN: 'root@pam!ci=00000000-0000-0000-0000-000000000000' });
      expect(config.credentials).toMatchObject({ kind: 'token', tokenId: 'root@pam!ci' });
    });
  });

  it('works without a config file', () => {
    const config = resolve({ host: 'https://pve.example.org/' });
    expect(config.server).toEqual({ kind: 'remote', url: 'https://pve.example.org' });
    expect(config.profile).toBeUndefined();
  });

  it('reports no server when none is configured', () => {
    expect(resolve().server).toEqual({ kind: 'unset' });
  });

  it('uses the XDG config home, and ~/.config when it is unset or relative', () => {
    expect(configFilePath({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/a')).toBe('/x/cfg/pve-vm-tui/config.json');
    expect(configFilePath({}, '/home/a')).toBe('/home/a/.config/pve-vm-tui/config.json');
    expect(configFilePath({ XDG_CONFIG_HOME: 'relative' }, '/home/a')).toBe('/home/a/.config/pve-vm-tui/config.json');
  });

  describe('usage errors (exit 2) with one line that says what to do', () => {
    it('a missing --password-file', () => {
      expect(usage({ user: 'root@pam', passwordFile: path.join('/nonexistent', 'pw') })).toMatch(/--password-file .*pw: no such file/);
    });

    it('an empty password file', () => {
      const file = tmp.write('pw', '');
      expect(usage({ user: 'root@pam', passwordFile: file })).toMatch(/the file is empty/);
    });

    it('--token with --user', () => {
      expect(usage({ token: 'root@pam!ci=secret-value', user: 'root@pam' })).toMatch(/--token cannot be combined with --user/);
    });

    it('--token with --password-file', () => {
      const file = tmp.write('pw', 'pw\n');
      expect(usage({ token: 'root@pam!ci=secret-value', passwordFile: file })).toMatch(/--token cannot be combined/);
    });

    it('a token and a user in the env at once', () => {
      expect(usage({}, { PROXMOX_VE_API_TOKEN: 'root@pam!ci=abcdef12', PROXMOX_VE_USERNAME: 'root@pam' })).toMatch(
        /PROXMOX_VE_API_TOKEN cannot be combined with PROXMOX_VE_USERNAME/,
      );
    });

    it('a malformed token, without echoing the secret', () => {
      const message = usage({ token: 'root@pam=s3cr3t-value' });
      expect(message).toMatch(/USER@REALM!TOKENID=SECRET/);
      expect(message).not.toContain('s3cr3t-value');
    });

    it('--yes without --answers', () => {
      expect(usage({ yes: true })).toMatch(/--yes needs --answers FILE/);
    });

    it('--output json without --yes or --dry-run', () => {
      expect(usage({ output: 'json' })).toMatch(/--output applies to --yes and --dry-run/);
    });

    it('--demo with --host', () => {
      expect(usage({ demo: true, host: 'pve1' })).toMatch(/--demo starts its own simulated cluster/);
    });

    it('an http:// host', () => {
      expect(usage({ host: 'http://pve1:8006' })).toMatch(/HTTPS only/);
    });

    it('a malformed fingerprint', () => {
      expect(usage({ host: 'pve1', fingerprint: 'AA:BB' })).toMatch(/SHA-256.*AA:BB:/);
    });

    it('a missing --ca-file', () => {
      expect(usage({ host: 'pve1', caFile: '/nonexistent/ca.pem' })).toMatch(/--ca-file .*no such file/);
    });

    it('an unknown --profile', () => {
      writeConfig({ profiles: { lab: {} } });
      expect(usage({ profile: 'prod' })).toMatch(/--profile prod: no such profile \(known: lab\)/);
    });

    it('--profile without a config file', () => {
      expect(usage({ profile: 'lab' })).toMatch(/no config file at/);
    });

    it('a user that is not USER@REALM', () => {
      expect(usage({ user: 'root' })).toMatch(/expected USER@REALM/);
    });

    it('a PROXMOX_VE_INSECURE that is not a boolean', () => {
      expect(usage({}, { PROXMOX_VE_INSECURE: 'maybe' })).toMatch(/PROXMOX_VE_INSECURE=maybe: expected true or false/);
    });
  });

  describe('config file', () => {
    it('names the path of a wrong key', () => {
      writeConfig({ profiles: { lab: { hots: 'pve1' } } });
      expect(usage({})).toMatch(/profiles\.lab\.hots: unknown key/);
    });

    it('names the path of a wrong type', () => {
      writeConfig({ profiles: { lab: { insecure: 'yes' } }, default: 'lab' });
      expect(usage({})).toMatch(/profiles\.lab\.insecure: expected true or false/);
    });

    it('reports invalid JSON', () => {
      tmp.write('config.json', '{ "profiles": ');
      expect(usage({})).toMatch(/is not valid JSON/);
    });

    it('refuses a group/world-readable file that holds a secret', () => {
      writeConfig({ profiles: { lab: { host: 'pve1', token: 'root@pam!ci=abc12345' } }, default: 'lab' }, 0o644);
      const message = usage({});
      expect(message).toMatch(/holds a secret \(profiles\.lab\.token\) and is readable by others \(mode 0644\): run chmod 600/);
      expect(message).not.toContain('abc12345');
    });

    it('accepts a secret in a private (0600) file', () => {
      writeConfig({ profiles: { lab: { host: 'pve1', token: 'root@pam!ci=abc12345' } }, default: 'lab' }, 0o600);
      expect(resolve().credentials).toMatchObject({ kind: 'token', tokenId: 'root@pam!ci' });
    });

    it('accepts a readable file without secrets', () => {
      writeConfig({ profiles: { lab: { host: 'pve1', user: 'root@pam' } }, default: 'lab' }, 0o644);
      expect(resolve().server).toEqual({ kind: 'remote', url: 'https://pve1:8006' });
    });
  });

  describe('password file', () => {
    it('drops one trailing newline, as echo writes it', () => {
      const file = tmp.write('pw', 'hunter2\n');
      const config = resolve({ user: 'root@pam', passwordFile: file });
      expect(config.credentials.kind === 'password' && config.credentials.password?.reveal()).toBe('hunter2');
    });

    it('keeps inner and leading whitespace, and a second newline', () => {
      const file = tmp.write('pw', ' a b\n\n');
      const config = resolve({ user: 'root@pam', passwordFile: file });
      expect(config.credentials.kind === 'password' && config.credentials.password?.reveal()).toBe(' a b\n');
    });

    it('never shows the password when the config is printed', () => {
      const file = tmp.write('pw', 'hunter2\n');
      const config = resolve({ user: 'root@pam', passwordFile: file });
      expect(JSON.stringify(config)).not.toContain('hunter2');
      expect(String((config.credentials as { password: unknown }).password)).toBe('[redacted]');
    });
  });

  it('lets the config file path default to XDG_CONFIG_HOME', () => {
    const dir = path.join(tmp.path, 'xdg', 'pve-vm-tui');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ profiles: { a: { host: 'xdg-host' } }, default: 'a' }));
    const config = resolveConfig({ flags: {}, env: { XDG_CONFIG_HOME: path.join(tmp.path, 'xdg') } });
    expect(config.server).toEqual({ kind: 'remote', url: 'https://xdg-host:8006' });
  });
});

describe('normalizeHostUrl', () => {
  it.each([
    ['pve1', 'https://pve1:8006'],
    ['pve1.example.org:8443', 'https://pve1.example.org:8443'],
    ['https://pve1.example.org', 'https://pve1.example.org'],
    ['https://pve1.example.org:8006/api2/json/', 'https://pve1.example.org:8006'],
    ['10.0.0.5', 'https://10.0.0.5:8006'],
    ['[fd00::5]', 'https://[fd00::5]:8006'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalizeHostUrl(raw)).toBe(expected);
  });
});

describe('normalizeFingerprint', () => {
  it('accepts lower case, no colons and a sha256 prefix', () => {
    const hex = 'ab'.repeat(32);
    expect(normalizeFingerprint(hex)).toBe('AB:'.repeat(31) + 'AB');
    expect(normalizeFingerprint(`sha256:${'AB:'.repeat(31)}AB`)).toBe('AB:'.repeat(31) + 'AB');
  });
});
