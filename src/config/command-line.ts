import { Command, CommanderError, Option } from 'commander';
import { UsageError } from './usage-error';

/** The flags as typed, before env vars and the config file are merged in. */
export interface CommandLineFlags {
  host?: string;
  user?: string;
  passwordFile?: string;
  token?: string;
  fingerprint?: string;
  caFile?: string;
  insecure?: boolean;
  profile?: string;
  demo?: boolean;
  answers?: string;
  yes?: boolean;
  dryRun?: boolean;
  saveAnswers?: string;
  output?: 'text' | 'json';
  logFile?: string;
}

export type CommandLine =
  | { readonly kind: 'run'; readonly flags: CommandLineFlags }
  /** --help or --version: print `text` to stdout and exit 0. */
  | { readonly kind: 'print'; readonly text: string };

const ENV_NOTE = `
Environment (flags win over env vars, env vars over the config file profile):
  PROXMOX_VE_ENDPOINT, PROXMOX_VE_USERNAME, PROXMOX_VE_PASSWORD, PROXMOX_VE_API_TOKEN,
  PROXMOX_VE_FINGERPRINT, PROXMOX_VE_CA_FILE, PROXMOX_VE_INSECURE=true, NO_COLOR

Config file: $XDG_CONFIG_HOME/pve-vm-tui/config.json (else ~/.config/pve-vm-tui/config.json)

Exit codes: 0 done, 1 create failed, 2 usage or validation error, 3 connection/TLS/login
or cluster data failed before any write, 4 partial success, 130 cancelled.

Examples:
  pve-vm-tui --demo                                  try it on the built-in simulated cluster
  pve-vm-tui --host pve1.example.org --user root@pam
  pve-vm-tui --answers web-1.json --yes --output json
`;

function buildProgram(version: string): Command {
  const program = new Command('pve-vm-tui')
    .description('Create a Proxmox VE virtual machine from the terminal, step by step like the web UI wizard.')
    .version(version, '--version', 'print the version and exit')
    .helpOption('-h, --help', 'show this help and exit')
    .allowExcessArguments(false)
    .showSuggestionAfterError(true)
    .addHelpText('after', ENV_NOTE);

  program.optionsGroup('Connection:');
  program
    .option('--host <url>', 'API endpoint, e.g. https://pve1.example.org:8006')
    .option('--user <user@realm>', 'pre-fills the login screen')
    .option('--password-file <path>', 'read the password from a file (never from argv)')
    .option('--token <id=secret>', 'API token USER@REALM!TOKENID=UUID, skips login')
    .option('--fingerprint <sha256>', 'pin the server certificate (AA:BB:... form)')
    .option('--ca-file <path>', 'trust this CA bundle')
    .option('--insecure', 'skip TLS verification (warns on every start)')
    .option('--profile <name>', 'a connection profile from the config file')
    .option('--demo', 'start the built-in simulated cluster on loopback and connect to it')
    // Accepted only to refuse it with a useful message: argv is visible to every user (ps).
    .addOption(new Option('--password <password>').hideHelp());

  program.optionsGroup('Wizard:');
  program
    .option('--answers <file>', 'pre-fill the wizard from an answers file (JSON)')
    .option('--yes', 'with --answers: no UI; validate, create, print the result')
    .option('--dry-run', 'never change anything: print the request sequence that would be sent')
    .option('--save-answers <file>', 'write the answers file for what was confirmed')
    .addOption(new Option('--output <format>', 'result format for --yes / --dry-run').choices(['text', 'json']).default('text'));

  program.optionsGroup('Other:');
  program.option('--log-file <path>', 'debug log; secrets are redacted');
  return program;
}

/**
 * Parse argv (without the node and script entries). Usage mistakes throw
 * UsageError with one line that says what to do; `--help`/`--version` come
 * back as text to print, so nothing here writes or exits.
 */
export function parseCommandLine(args: readonly string[], version: string): CommandLine {
  const program = buildProgram(version);
  let printed = '';
  program
    .exitOverride()
    .configureOutput({
      writeOut: (text) => (printed += text),
      writeErr: () => undefined,
      outputError: () => undefined,
    });
  try {
    program.parse([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        return { kind: 'print', text: printed };
      }
      throw new UsageError(`${stripPrefix(error.message)} (see pve-vm-tui --help)`);
    }
    throw error;
  }
  const options = program.opts<CommandLineFlags & { password?: string }>();
  if (options.password !== undefined) {
    throw new UsageError(
      'a password on the command line is visible to every user of this machine: use --password-file PATH or PROXMOX_VE_PASSWORD',
    );
  }
  const { password: _refused, ...flags } = options;
  return { kind: 'run', flags };
}

function stripPrefix(message: string): string {
  return message.replace(/^error:\s*/i, '').trim();
}
