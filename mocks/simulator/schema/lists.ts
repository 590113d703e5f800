/**
 * List and boolean parsing of pve-common (PVE::Tools::split_list,
 * JSONSchema::parse_boolean), kept apart from the format checks so handlers
 * can use them without loading the validator.
 */

/** PVE::Tools::split_list: NUL-separated if it has NULs, else split on commas, semicolons and whitespace. */
export function splitList(text: string): string[] {
  if (text.includes('\0')) return text.split('\0').filter((item) => item !== '');
  return text.trim().split(/[,;\s]+/).filter((item) => item !== '');
}

/** pve-common parse_boolean: 1/on/yes/true and 0/off/no/false, any case. */
export function parseBoolean(text: string): '1' | '0' | undefined {
  if (/^(1|on|yes|true)$/i.test(text)) return '1';
  if (/^(0|off|no|false)$/i.test(text)) return '0';
  return undefined;
}
