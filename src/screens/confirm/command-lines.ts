/**
 * Shell commands laid out to be read and copied: one long `qm create ...` is
 * broken at argument boundaries into continuation lines, each but the last
 * ending in ` \`, the ones after the first indented, so the block pasted into
 * a shell runs as the one command. The words come from the workflow's
 * renderers (renderQmCommand, renderPveshCommands); this only decides where
 * the lines break.
 */

/** Indent of continuation lines. */
export const CONTINUATION_INDENT = '    ';

/** What ends every line that the next one continues. */
const CONTINUATION = ' \\';

/**
 * `command` as lines of at most `width` cells where that is possible: breaks
 * only between shell words, never inside a quoted word, and keeps an option
 * with its value where it can (see argumentUnits). A quoted value longer
 * than the width gets a line wider than `width`: a broken quote would not
 * run, and the views scroll sideways to it (or `c` prints it whole).
 */
export function continuationLines(command: string, width: number): string[] {
  const units = argumentUnits(shellWords(command), width);
  const lines: string[] = [];
  let line = '';
  units.forEach((unit, at) => {
    const isLast = at === units.length - 1;
    const candidate = line === '' ? unit : `${line} ${unit}`;
    const room = isLast ? width : width - CONTINUATION.length;
    if (line === '' || cells(candidate) <= room) {
      line = candidate;
      return;
    }
    lines.push(line + CONTINUATION);
    line = CONTINUATION_INDENT + unit;
  });
  if (line !== '') lines.push(line);
  return lines;
}

/** Every command of `commands` (one per line, as the renderers write them) laid out by continuationLines. */
export function commandBlockLines(commands: string, width: number): string[] {
  return commands
    .split('\n')
    .filter((command) => command.trim() !== '')
    .flatMap((command) => continuationLines(command, width));
}

/**
 * The words of a POSIX shell command line as written (quotes kept), split at
 * unquoted spaces: `qm set 106 --name 'a b'` -> qm, set, 106, --name, 'a b'.
 * Knows single and double quotes and backslash escapes, as the renderers'
 * `'it'\''s'` quoting needs.
 */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: "'" | '"' | undefined;
  for (let at = 0; at < command.length; at++) {
    const char = command[at];
    if (quote) {
      word += char;
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && at + 1 < command.length) word += command[++at];
    } else if (char === ' ') {
      if (word !== '') words.push(word);
      word = '';
    } else {
      word += char;
      if (char === "'" || char === '"') quote = char;
      else if (char === '\\' && at + 1 < command.length) word += command[++at];
    }
  }
  if (word !== '') words.push(word);
  return words;
}

/**
 * Words grouped as they read: an option and its value stay together when
 * the pair fits on a continuation line, and also when the value alone does
 * not (it is wider than the line either way, and reads better beside its
 * option). Otherwise the value may start the next line.
 */
function argumentUnits(words: readonly string[], width: number): string[] {
  const fitsALine = (text: string): boolean => cells(CONTINUATION_INDENT + text + CONTINUATION) <= width;
  const units: string[] = [];
  for (let at = 0; at < words.length; at++) {
    const word = words[at];
    const value = words[at + 1];
    const isOptionWithValue = word.startsWith('--') && value !== undefined && !value.startsWith('--');
    if (isOptionWithValue && (fitsALine(`${word} ${value}`) || !fitsALine(value))) {
      units.push(`${word} ${value}`);
      at++;
    } else {
      units.push(word);
    }
  }
  return units;
}

function cells(text: string): number {
  return Array.from(text).length;
}
