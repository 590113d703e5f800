/**
 * Editing one disk of the Disks step in a dialog: bus, storage, size, format,
 * cache, discard, IO thread, and in its advanced group SSD emulation, backup
 * and async IO. The dialog checks the edit with the domain's rules before it
 * closes (the disk as it would be, validated with the whole config), so a
 * wrong size or a format the storage cannot hold is said at its field.
 */
import { slotRange } from '../../workflow/disk-slots';
import { isWithin } from '../../workflow/field-message';
import { parseNumberInput } from '../../workflow/field-input';
import { familyParameter, propertyStringHasKey, SCHEMA } from '../../workflow/pve-schema';
import { validate } from '../../workflow/validate';
import { DISK_BUSES, deviceName, type DiskBus, type DiskConfig } from '../../workflow/vm-config.codec';
import { updateDisk } from '../../workflow/wizard-actions';
import { reduceWizard, type WizardStore } from '../../workflow/wizard-store';
import type { Checkbox } from '../../widgets/checkbox';
import type { Dropdown } from '../../widgets/dropdown';
import type { FieldIssue, FormLayout } from '../../widgets/form-layout';
import type { TextField } from '../../widgets/text-field';
import type { ScreenModals } from '../screen-controller';
import { storageItems } from '../storage-items';

/** The buses in the web UI's words. */
export const BUS_LABELS: Readonly<Record<DiskBus, string>> = { scsi: 'SCSI', virtio: 'VirtIO Block', sata: 'SATA', ide: 'IDE' };

/** Cache modes in the web UI's words (`none` is Proxmox's default and is not sent). */
const CACHE_LABELS: Readonly<Record<string, string>> = {
  none: 'No cache (default)',
  directsync: 'Direct sync',
  writethrough: 'Write through',
  writeback: 'Write back',
  unsafe: 'Write back (unsafe)',
};

/** Formats a new volume may take, when the storage does not say. */
const ALL_FORMATS: readonly DiskConfig['format'][] = ['raw', 'qcow2', 'vmdk'];

/** The dialog's fields. */
interface DiskFields {
  bus: Dropdown<DiskBus>;
  storage: Dropdown<string>;
  size: TextField;
  format: Dropdown<DiskConfig['format']>;
  cache: Dropdown<string>;
  discard: Checkbox;
  iothread: Checkbox;
  ssd: Checkbox;
  backup: Checkbox;
  aio: Dropdown<string>;
}

/**
 * Edit the disk at `position`; resolves with the changes to apply (only what
 * differs from the disk as it was), or undefined when cancelled or unchanged.
 */
export async function editDisk(modals: ScreenModals, store: WizardStore, position: number): Promise<Partial<DiskConfig> | undefined> {
  const disk = store.config.disks[position];
  if (!disk) return undefined;
  let fields: DiskFields | undefined;
  const accepted = await modals.form({
    title: `Disk ${deviceName(disk)}`,
    // Eight fields and the advanced line; three more once the advanced group is open.
    rows: 11,
    build: (form, dialog) => {
      const built = buildFields(form, store, disk, position);
      // The device follows the bus (scsi0 -> virtio0): the title says which it will be.
      built.bus.onDidChange(() => dialog.setTitle(`Disk ${deviceName(reduceWizard(store.state, updateDisk(position, changes(disk, built))).config.disks[position] ?? disk)}`));
      fields = built;
    },
    validate: () => (fields ? problems(store, position, disk, fields) : []),
  });
  if (!accepted || !fields) return undefined;
  const patch = changes(disk, fields);
  return Object.keys(patch).length ? patch : undefined;
}

function buildFields(form: FormLayout, store: WizardStore, disk: DiskConfig, position: number): DiskFields {
  const busItems = DISK_BUSES.map((value) => ({ value, label: BUS_LABELS[value], detail: `${value}${slotRange(value).min} to ${value}${slotRange(value).max}` }));
  const bus = form.dropdown<DiskBus>('bus', { label: 'Bus', value: disk.bus, items: busItems });
  const storage = form.dropdown<string>('storage', { label: 'Storage', value: disk.storage, items: storageItems(store, 'images') });
  const size = form.text('sizeGiB', { label: 'Size (GiB)', value: String(disk.sizeGiB), maxLength: 12, validate: (text) => sizeProblem(store, position, text) }, { width: 12 });
  const format = form.dropdown<DiskConfig['format']>('format', { label: 'Format', value: disk.format, items: formatItems(store, disk.storage) });
  const cache = form.dropdown<string>('cache', { label: 'Cache', value: disk.cache, items: SCHEMA.cacheModes.map((value) => ({ value, label: CACHE_LABELS[value] ?? value, detail: value })) });
  const discard = form.checkbox('discard', { label: 'Discard', checked: disk.discard, text: 'pass TRIM on to the storage' });
  const iothread = form.checkbox('iothread', { label: 'IO thread', checked: disk.iothread, text: 'a thread of its own for I/O' });
  let ssd!: Checkbox;
  let backup!: Checkbox;
  let aio!: Dropdown<string>;
  form.advanced('Advanced: SSD emulation, backup, async IO', () => {
    ssd = form.checkbox('ssd', { label: 'SSD emulation', checked: disk.ssd, text: 'the guest sees an SSD' });
    backup = form.checkbox('backup', { label: 'Backup', checked: disk.backup, text: 'include in backup jobs' });
    aio = form.dropdown<string>('aio', { label: 'Async IO', value: disk.aio, items: SCHEMA.aioModes.map((value) => ({ value, label: value, detail: value === 'io_uring' ? 'default' : undefined })) });
  });
  const fields: DiskFields = { bus, storage, size, format, cache, discard, iothread, ssd, backup, aio };
  showBusOptions(fields, disk.bus);
  bus.onDidChange((value) => value && followBus(store, fields, value));
  storage.onDidChange((value) => value && followStorage(store, fields, value));
  return fields;
}

/** A new bus: IO thread and SSD take that bus' defaults, and are greyed out where the bus has no such option. */
function followBus(store: WizardStore, fields: DiskFields, bus: DiskBus): void {
  const scsihw = store.config.system.scsihw;
  fields.iothread.value = propertyStringHasKey(familyParameter(bus), 'iothread') && (bus !== 'scsi' || scsihw === 'virtio-scsi-single');
  fields.ssd.value = propertyStringHasKey(familyParameter(bus), 'ssd');
  showBusOptions(fields, bus);
}

function showBusOptions(fields: DiskFields, bus: DiskBus): void {
  fields.iothread.setDisabled(!propertyStringHasKey(familyParameter(bus), 'iothread'));
  fields.ssd.setDisabled(!propertyStringHasKey(familyParameter(bus), 'ssd'));
}

/** A new storage: its formats; a format it cannot hold gives way to its first one. */
function followStorage(store: WizardStore, fields: DiskFields, storage: string): void {
  const items = formatItems(store, storage);
  fields.format.setItems(items);
  if (!items.some((item) => item.value === fields.format.value)) fields.format.value = items[0]?.value;
}

function formatItems(store: WizardStore, storageId: string): { value: DiskConfig['format']; label: string; detail?: string }[] {
  const storage = store.state.facts.nodeFacts[store.config.general.node]?.storages.find((candidate) => candidate.id === storageId);
  const formats = storage?.formats;
  const supported = formats ? ALL_FORMATS.filter((format) => formats.supported.includes(format)) : ALL_FORMATS;
  return supported.map((value) => ({ value, label: value, detail: value === formats?.default ? 'default' : undefined }));
}

/** What the dialog changes, compared with the disk as it was. */
function changes(disk: DiskConfig, fields: DiskFields): Partial<DiskConfig> {
  const size = parseNumberInput('disks[0].sizeGiB', fields.size.value);
  const next: Partial<DiskConfig> = {
    bus: fields.bus.value,
    storage: fields.storage.value,
    sizeGiB: size.ok && size.value !== null ? size.value : undefined,
    format: fields.format.value,
    cache: fields.cache.value,
    discard: fields.discard.value,
    iothread: fields.iothread.value,
    ssd: fields.ssd.value,
    backup: fields.backup.value,
    aio: fields.aio.value,
  };
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => value !== undefined && value !== disk[key as keyof DiskConfig])) as Partial<DiskConfig>;
}

/** The edit's problems at the dialog's fields: the size as typed, then the domain's rules for the disk as it would be. */
function problems(store: WizardStore, position: number, disk: DiskConfig, fields: DiskFields): FieldIssue[] {
  const size = parseNumberInput(`disks[${position}].sizeGiB`, fields.size.value);
  if (!size.ok) return [{ path: 'sizeGiB', message: size.issue.message }];
  const trial = reduceWizard(store.state, updateDisk(position, changes(disk, fields)));
  const prefix = `disks[${position}]`;
  return validate(trial.config, trial.facts)
    .filter((issue) => isWithin(issue.path, prefix))
    .map((issue) => ({ path: dialogPath(issue.path.slice(prefix.length + 1)), message: issue.message }));
}

/** The size as typed, checked as the steps check a field: when the user leaves it, not only on OK. */
function sizeProblem(store: WizardStore, position: number, text: string): string | undefined {
  const size = parseNumberInput(`disks[${position}].sizeGiB`, text);
  if (!size.ok) return size.issue.message;
  if (size.value === null) return undefined;
  const trial = reduceWizard(store.state, updateDisk(position, { sizeGiB: size.value }));
  return validate(trial.config, trial.facts).find((issue) => issue.path === `disks[${position}].sizeGiB`)?.message;
}

/** A disk field's path in the dialog ('index' problems are about the bus: the slot follows it). */
function dialogPath(key: string): string {
  return key === 'index' || key === '' ? 'bus' : key;
}
