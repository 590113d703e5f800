/**
 * Perl regexes from the PVE schema, compiled for JavaScript. The schema's
 * patterns come straight from Perl source (pve-common, qemu-server), so they
 * use a few constructs JavaScript lacks or reads differently.
 */

const cache = new Map<string, RegExp>();

/**
 * Compile a schema `pattern` the way pve-common's check_prop matches it:
 * `m/^$pattern$/`. The pattern is interpolated as is, so a top-level
 * alternation binds the anchors to its outer branches only (Perl does the
 * same; `/dev/parport\d+|/dev/usb/lp\d+` really is `^/dev/parport\d+` OR
 * `/dev/usb/lp\d+$`).
 */
export function schemaPattern(pattern: string): RegExp {
  const key = `pattern:${pattern}`;
  let regex = cache.get(key);
  if (!regex) {
    const { source, flags } = translate(pattern);
    regex = new RegExp(`^${source}$`, flags);
    cache.set(key, regex);
  }
  return regex;
}

/** Compile an already anchored regex from the facts' `formats` table. */
export function formatRegex(source: string, caseInsensitive: boolean): RegExp {
  const key = `format:${caseInsensitive ? 'i' : ''}:${source}`;
  let regex = cache.get(key);
  if (!regex) {
    const translated = translate(source);
    regex = new RegExp(translated.source, caseInsensitive ? 'i' : translated.flags);
    cache.set(key, regex);
  }
  return regex;
}

/**
 * Perl-to-JavaScript differences handled:
 * - `(?^:...)` and `(?^i:...)` (stringified qr// objects): JavaScript has no
 *   inline flags, so the group becomes `(?:...)` and an `i` anywhere makes the
 *   whole regex case-insensitive (the only `i` groups in the schema are tag
 *   patterns, whose surroundings are case-neutral).
 * - `{,N}` means `{0,N}` in Perl.
 */
function translate(pattern: string): { source: string; flags: string } {
  const caseInsensitive = /\(\?\^i:/.test(pattern);
  const source = pattern
    .replace(/\(\?\^i?:/g, '(?:')
    .replace(/\{,(\d+)\}/g, '{0,$1}');
  return { source, flags: caseInsensitive ? 'i' : '' };
}
