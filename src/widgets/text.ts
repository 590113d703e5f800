/**
 * Plain-text helpers for fitting text into cells. Widgets pre-fit every line
 * they draw, so blessed never wraps or clips in surprising places. Widths
 * count code points: the app's text (names, ISO files, messages) is ASCII or
 * narrow Unicode; a wide CJK name may be one cell short, never garbled.
 */

/** The number of terminal cells `text` takes. */
export function textWidth(text: string): number {
  let width = 0;
  for (const _ of text) width += 1;
  return width;
}

/** `text` cut to `width` cells, ending in '~' when cut (ASCII, so any terminal shows it). */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width && textWidth(text) <= width) return text;
  const points = Array.from(text);
  if (points.length <= width) return text;
  return `${points.slice(0, width - 1).join('')}~`;
}

/** `text` fitted to exactly `width` cells: cut, or padded with spaces on the right. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - textWidth(cut)));
}

/** `text` padded on the left to `width` cells (right-aligned numbers, counters). */
export function fitRight(text: string, width: number): string {
  const cut = truncate(text, width);
  return ' '.repeat(Math.max(0, width - textWidth(cut))) + cut;
}

/** `text` centred in `width` cells. */
export function centre(text: string, width: number): string {
  const cut = truncate(text, width);
  const room = Math.max(0, width - textWidth(cut));
  const left = Math.floor(room / 2);
  return ' '.repeat(left) + cut + ' '.repeat(room - left);
}

/**
 * Word-wraps `text` to lines of at most `width` cells. Paragraphs ('\n') are
 * kept; a word longer than a line is split.
 */
export function wrap(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      for (const piece of splitLongWord(word, width)) {
        if (line === '') line = piece;
        else if (textWidth(line) + 1 + textWidth(piece) <= width) line = `${line} ${piece}`;
        else {
          lines.push(line);
          line = piece;
        }
      }
    }
    lines.push(line);
  }
  return lines;
}

/**
 * A word wider than the line, in pieces of at most `width`: each piece ends
 * after the last separator that fits (`:` of a fingerprint, `/` of a path),
 * so a fingerprint breaks between bytes and a path between segments; only a
 * run without one in its second half is cut at the width.
 */
function splitLongWord(word: string, width: number): string[] {
  const points = Array.from(word);
  if (points.length <= width) return [word];
  const pieces: string[] = [];
  let start = 0;
  while (points.length - start > width) {
    const window = points.slice(start, start + width);
    const lastSeparator = Math.max(window.lastIndexOf(':'), window.lastIndexOf('/'));
    // A separator in the first half would leave short rows: cut at the width instead.
    const end = lastSeparator >= width / 2 ? lastSeparator + 1 : width;
    pieces.push(points.slice(start, start + end).join(''));
    start += end;
  }
  pieces.push(points.slice(start).join(''));
  return pieces;
}

/**
 * Breaks one line of `text` into rows of at most `width` cells for a log:
 * the first row uses the whole width, the rows after it are indented by
 * `indent` spaces (a hanging indent, so a reader sees where each line
 * starts). Rows break at the last space, or after the last comma (property
 * strings like 'ceph-pool:vm-106-disk-1,aio=io_uring,...'), else anywhere.
 * Text that fits is returned as it is, spaces and all.
 */
export function wrapHanging(text: string, width: number, indent = 2): string[] {
  if (width <= 0) return [];
  const points = Array.from(text);
  if (points.length <= width) return [text];
  // At least one cell of text on an indented row, however narrow.
  const hang = Math.max(0, Math.min(indent, width - 1));
  const rows: string[] = [];
  let start = 0;
  while (start < points.length) {
    const room = rows.length === 0 ? width : width - hang;
    const end = rowEnd(points, start, room);
    const row = points.slice(start, end).join('').trimEnd();
    rows.push(rows.length === 0 ? row : ' '.repeat(hang) + row);
    start = end;
    while (start < points.length && points[start] === ' ') start++;
  }
  return rows;
}

/** Where a row that starts at `start` with `room` cells ends (exclusive): at a space or after a comma when there is one. */
function rowEnd(points: readonly string[], start: number, room: number): number {
  const hardEnd = start + room;
  if (hardEnd >= points.length || points[hardEnd] === ' ') return Math.min(points.length, hardEnd);
  for (let at = hardEnd - 1; at > start; at--) {
    if (points[at] === ' ') return at;
    if (points[at] === ',') return at + 1;
  }
  return hardEnd;
}
