/**
 * `make bench`: the performance targets of issue 9, measured on the built
 * program against the simulated cluster, printed as measured vs target,
 * recorded in docs/benchmarks.md with the machine and date; the exit code is
 * 1 when a target is missed.
 *
 *   npx tsx scripts/bench.ts [--only startup,keys,waiting,creates] [--runs N] [--no-record]
 *
 * --runs sets the start-up rounds (default 15; the other groups scale from
 * it). --only runs some groups; then nothing is recorded unless every group
 * ran. docs/benchmarks.md says what each benchmark measures and how.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { V8_FLAGS } from '../src/launch';
import { describeMachine } from './bench/machine';
import { markdownSection, recordResults, terminalTable } from './bench/report';
import { type BenchResult, passed } from './bench/result';
import { ROOT } from './bench/simulator-process';
import { benchStartup } from './bench/startup';
import { benchCreates, benchWaiting } from './bench/walkthrough-results';

const GROUPS = ['startup', 'keys', 'waiting', 'creates'] as const;
type Group = (typeof GROUPS)[number];

interface Options {
  readonly groups: readonly Group[];
  readonly runs: number;
  readonly record: boolean;
}

function parseOptions(args: readonly string[]): Options {
  let groups: readonly Group[] = GROUPS;
  let runs = 15;
  let record = true;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--no-record') record = false;
    else if (arg === '--runs') runs = Number(args[++index]);
    else if (arg === '--only') {
      const wanted = (args[++index] ?? '').split(',');
      const unknown = wanted.filter((name) => !(GROUPS as readonly string[]).includes(name));
      if (unknown.length) throw new Error(`--only: unknown group ${unknown.join(', ')}; groups: ${GROUPS.join(', ')}`);
      groups = wanted as Group[];
    } else throw new Error(`unknown argument ${arg}; usage: bench.ts [--only ${GROUPS.join(',')}] [--runs N] [--no-record]`);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: expected a whole number of at least 1');
  return { groups, runs, record: record && groups.length === GROUPS.length };
}

/** Keys and bytes run in a Node.js with the program's V8 flags (src/launch.ts), not in this tsx process. */
function benchInProcess(rounds: number): Promise<BenchResult[]> {
  const child = spawn(process.execPath, [...V8_FLAGS, '--import', 'tsx', path.join(__dirname, 'bench/in-process.ts'), String(rounds)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = output.split('\n').find((candidate) => candidate.startsWith('RESULTS '));
      if (code !== 0 || !line) reject(new Error(`the in-process benchmarks ended with ${code}`));
      else resolve(JSON.parse(line.slice('RESULTS '.length)) as BenchResult[]);
    });
  });
}

async function runGroup(group: Group, runs: number): Promise<BenchResult[]> {
  process.stderr.write(`bench: ${group}...\n`);
  if (group === 'startup') return benchStartup(runs);
  if (group === 'keys') return benchInProcess(Math.max(3, Math.round(runs / 3)));
  if (group === 'waiting') return benchWaiting(Math.max(3, Math.round(runs / 3)));
  return benchCreates(Math.max(5, Math.round(runs / 2)));
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const machine = describeMachine();
  const results: BenchResult[] = [];
  for (const group of options.groups) results.push(...(await runGroup(group, options.runs)));
  process.stdout.write(`${terminalTable(results)}\n`);
  const missed = results.filter((result) => !passed(result));
  if (options.record) {
    const command = `make bench${options.runs === 15 ? '' : ` BENCH_ARGS="--runs ${options.runs}"`}`;
    recordResults(path.join(ROOT, 'docs/benchmarks.md'), markdownSection(results, machine, new Date(), command));
    process.stdout.write('bench: recorded in docs/benchmarks.md\n');
  }
  process.stdout.write(missed.length ? `bench: ${missed.length} target(s) missed\n` : 'bench: every target met\n');
  return missed.length ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
