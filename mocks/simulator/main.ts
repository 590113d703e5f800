/**
 * `npm run --silent simulator -- [--port N] [--scenario FILE] [--verbose]`:
 * runs the simulated cluster alone, prints one JSON line
 * `{"url": ..., "fingerprint": ...}` on stdout and serves until SIGTERM or
 * SIGINT. Arguments are parsed by hand to keep start-up fast.
 */
import { startSimulator } from './index';

const USAGE = `usage: simulator [--port N] [--scenario FILE] [--verbose]

  --port N          TCP port on 127.0.0.1 (default: a free one)
  --scenario FILE   scenario JSON (docs/simulator.md); default: the demo cluster
  --verbose         one line per request on stderr (method, path, status)
`;

interface CliOptions {
  port?: number;
  scenario?: string;
  verbose: boolean;
}

/** Parse argv; throws an Error with a one-line message on bad usage. */
export function parseArguments(args: readonly string[]): CliOptions | 'help' {
  const options: CliOptions = { verbose: false };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const next = inline ?? args[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--verbose') options.verbose = true;
    else if (flag === '--scenario') options.scenario = value();
    else if (flag === '--port') {
      const text = value();
      if (!/^\d+$/.test(text) || Number(text) > 65535) throw new Error(`--port: expected a port number 0-65535, got '${text}'`);
      options.port = Number(text);
    } else throw new Error(`unknown argument '${args[i]}'`);
  }
  return options;
}

async function main(): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`simulator: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const verbose = options.verbose;
  const simulator = await startSimulator({
    port: options.port,
    scenario: options.scenario,
    onRequest: verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
  }).catch((error: Error) => {
    process.stderr.write(`simulator: ${error.message}\n`);
    process.exit(2);
  });
  process.stdout.write(`${JSON.stringify({ url: simulator.url, fingerprint: simulator.fingerprint })}\n`);
  const stop = () => {
    simulator.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) void main();
