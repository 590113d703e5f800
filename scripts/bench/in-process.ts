/**
 * The in-process benchmarks (scripts/bench/keys.ts) as their own Node.js
 * process, started by scripts/bench.ts with the V8 flags the program runs
 * with (src/launch.ts), so keystrokes are measured on the engine users get:
 *
 *   node <V8_FLAGS> --import tsx scripts/bench/in-process.ts <rounds>
 *
 * Prints one line: RESULTS <json of BenchResult[]>.
 */
import { benchBytes, benchKeyLatency } from './keys';

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const results = [...(await benchKeyLatency(rounds)), ...(await benchBytes())];
  process.stdout.write(`RESULTS ${JSON.stringify(results)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
