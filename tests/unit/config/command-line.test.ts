import { parseCommandLine } from '../../../src/config/command-line';
import { UsageError } from '../../../src/config/usage-error';

const CONTRACT_FLAGS = [
  '--host', '--user', '--password-file', '--token', '--fingerprint', '--ca-file', '--insecure', '--profile', '--demo',
  '--answers', '--yes', '--dry-run', '--save-answers', '--output', '--log-file', '--help', '--version',
];

function usageMessage(args: string[]): string {
  try {
    parseCommandLine(args, '1.2.3');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a usage error for ${args.join(' ')}`);
}

describe('parseCommandLine', () => {
  it('lists every flag of the contract in --help', () => {
    const result = parseCommandLine(['--help'], '1.2.3');
    expect(result.kind).toBe('print');
    const text = result.kind === 'print' ? result.text : '';
    for (const flag of CONTRACT_FLAGS) expect(text).toContain(flag);
    expect(text).toContain('PROXMOX_VE_ENDPOINT');
    expect(text).not.toContain('--password <');
  });

  it('prints the version', () => {
    expect(parseCommandLine(['--version'], '1.2.3')).toEqual({ kind: 'print', text: '1.2.3\n' });
  });

  it('parses flags into camelCase options', () => {
    const result = parseCommandLine(
      ['--host', 'pve1', '--user', 'root@pam', '--dry-run', '--output', 'json', '--answers', 'a.json', '--save-answers', 'b.json'],
      '1.2.3',
    );
    expect(result).toEqual({
      kind: 'run',
      flags: { host: 'pve1', user: 'root@pam', dryRun: true, output: 'json', answers: 'a.json', saveAnswers: 'b.json' },
    });
  });

  it('rejects an unknown flag with a hint', () => {
    expect(usageMessage(['--hots', 'pve1'])).toMatch(/unknown option '--hots'.*--host.*see pve-vm-tui --help/s);
  });

  it('refuses a password on argv and says what to use instead', () => {
    const message = usageMessage(['--password', 'hunter2']);
    expect(message).toMatch(/--password-file PATH or PROXMOX_VE_PASSWORD/);
    expect(message).not.toContain('hunter2');
  });

  it('rejects an --output that is not text or json', () => {
    expect(usageMessage(['--output', 'yaml', '--dry-run'])).toMatch(/--output.*yaml.*text, json/s);
  });

  it('rejects stray positional arguments', () => {
    expect(usageMessage(['create'])).toMatch(/too many arguments|unknown command/);
  });

  it('rejects a flag that is missing its value', () => {
    expect(usageMessage(['--host'])).toMatch(/--host.*argument missing/);
  });
});
