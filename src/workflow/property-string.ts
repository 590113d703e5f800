/**
 * Writing Proxmox property strings (`scsi0`, `net0`, `efidisk0`, ...): the
 * default-key value first without `key=`, then `key=value` pairs in
 * alphabetical order, so the same config always gives the same string
 * (stable diffs of dry-run output, cassettes that match).
 */

/** A property value as written; `undefined` leaves the key out. */
export type PropertyValue = string | number | undefined;

/** `head,key=value,...` with keys sorted and unset ones left out. */
export function propertyString(head: string, entries: Readonly<Record<string, PropertyValue>>): string {
  const pairs = Object.keys(entries)
    .sort()
    .flatMap((key) => (entries[key] === undefined ? [] : [`${key}=${entries[key]}`]));
  return [head, ...pairs].join(',');
}

/** A boolean as the API takes it. */
export function flag(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

/** `1` when on, nothing when off: for options whose server default is off and that the web UI omits. */
export function onlyWhenOn(value: boolean): 1 | undefined {
  return value ? 1 : undefined;
}
