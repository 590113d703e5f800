/**
 * The benchmark report: a table on the terminal, and the same table with the
 * machine and date in docs/benchmarks.md, between two markers so the
 * hand-written parts of that page (how to run, what each figure means, the
 * misses) stay as they are.
 */
import * as fs from 'node:fs';
import type { Machine } from './machine';
import { type BenchResult, passed } from './result';
import { fixed } from './stats';

export const RESULTS_START = '<!-- bench:results:start (written by make bench) -->';
export const RESULTS_END = '<!-- bench:results:end -->';

function figure(value: number, unit: string): string {
  if (unit === 'bytes' || unit === 'requests') return `${Math.round(value)} ${unit}`;
  if (unit.startsWith('x ')) return `${fixed(value, 2)}${unit}`;
  return `${fixed(value, unit === 'ms' && value < 20 ? 2 : 1)} ${unit}`;
}

function verdict(result: BenchResult): string {
  if (result.informational) return 'info';
  return passed(result) ? 'pass' : `MISS by ${figure(result.measured - result.target, result.unit)}`;
}

interface Row {
  readonly cells: readonly string[];
}

function rows(results: readonly BenchResult[]): Row[] {
  return results.map((result) => ({
    cells: [result.group, result.title, figure(result.measured, result.unit), result.informational ? '-' : `<= ${figure(result.target, result.unit)}`, verdict(result), result.detail],
  }));
}

const HEADERS = ['Group', 'Benchmark', 'Measured', 'Target', 'Result', 'Notes'];

/** The table for the terminal: columns padded, notes on their own line under each row. */
export function terminalTable(results: readonly BenchResult[]): string {
  const table = rows(results).map((row) => row.cells.slice(0, 5));
  const widths = HEADERS.slice(0, 5).map((header, column) => Math.max(header.length, ...table.map((cells) => cells[column].length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  const out = [line(HEADERS.slice(0, 5)), widths.map((width) => '-'.repeat(width)).join('  ')];
  results.forEach((result, index) => {
    out.push(line(table[index]));
    out.push(`    ${result.detail}`);
  });
  return out.join('\n');
}

function markdownTable(results: readonly BenchResult[]): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const out = [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`];
  for (const row of rows(results)) out.push(`| ${row.cells.map(escape).join(' | ')} |`);
  return out.join('\n');
}

export function markdownSection(results: readonly BenchResult[], machine: Machine, date: Date, command: string): string {
  return [
    RESULTS_START,
    `Measured ${date.toISOString().replace(/\.\d+Z$/, 'Z')} with \`${command}\` on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB RAM), ` +
      `Node.js ${machine.node}, ${machine.system}; 1-minute load average at the start: ${machine.loadAverage}.`,
    '',
    markdownTable(results),
    RESULTS_END,
  ].join('\n');
}

/** Replace the results section of `file` (or append one when the page has none yet). */
export function recordResults(file: string, section: string): void {
  const page = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = page.indexOf(RESULTS_START);
  const end = page.indexOf(RESULTS_END);
  const updated = start >= 0 && end > start ? page.slice(0, start) + section + page.slice(end + RESULTS_END.length) : `${page.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, updated);
}
