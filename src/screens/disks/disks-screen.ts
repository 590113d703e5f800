/**
 * The Disks step: the VM's disks in a list editor. `a` adds a disk on the
 * lowest free slot of the bus (scsi0, scsi1, ...: device names follow the
 * bus), Enter edits the highlighted one in a dialog, Del removes it.
 */
import { nextDiskSlot } from '../../workflow/wizard-store';
import type { Notice, ValidationIssue } from '../../workflow/field-message';
import { deviceName, type DiskConfig } from '../../workflow/vm-config.codec';
import { addDisk, moveDisk, removeDisk, updateDisk } from '../../workflow/wizard-actions';
import type { WizardStore } from '../../workflow/wizard-store';
import type { FormLayout } from '../../widgets/form-layout';
import type { ListEditor } from '../../widgets/list-editor';
import type { KeyHint } from '../../widgets/keys';
import { fit, fitRight } from '../../widgets/text';
import type { KeyBinding } from '../screen-controller';
import { WizardStep } from '../wizard-step';
import { BUS_LABELS, editDisk } from './disk-dialog';

/** The Disks step's own keys (docs/keys.md): the list editor has add, edit and remove. */
export const DISKS_KEYS: readonly KeyHint[] = [
  { keys: ['S-up'], description: 'Move the disk up (the first disk boots)', group: 'This step', priority: 2 },
  { keys: ['S-down'], description: 'Move the disk down', group: 'This step', priority: 1 },
];

/** Column widths of a disk row: device, storage, size, format, then the options. */
/** Column widths, each with room for a space after it (`virtio15`, 8 characters, is the longest device name). */
const COLUMNS = { device: 9, storage: 13, size: 8, format: 7 } as const;

/** A left-aligned column: the text cut to leave at least one space before the next. */
const column = (text: string, width: number): string => `${fit(text, width - 1)} `;

/** The Disks step. */
export class DisksScreen extends WizardStep {
  readonly id = 'disks';
  readonly title = 'Disks';
  readonly step = 'disks';
  private list: ListEditor<DiskConfig> | undefined;

  protected buildFields(form: FormLayout, store: WizardStore): void {
    const list = form.list<DiskConfig>(
      'disks',
      {
        label: 'Disks',
        items: store.config.disks,
        header: diskHeader(),
        renderRow: diskRow,
        noun: 'disk',
        rows: 8,
        canAdd: () => this.whyNoMoreDisks(),
      },
      { fill: true },
    );
    this.list = list;
    list.onDidRequestAdd(() => {
      this.edit('disks', addDisk());
      list.setItems(this.store.config.disks, this.store.config.disks.length - 1);
    });
    list.onDidRequestEdit(({ index }) => void this.editDiskAt(index));
    list.onDidRequestRemove(({ index }) => this.edit('disks', removeDisk(index)));
    this.onSync(() => list.setItems(this.store.config.disks));
    form.note('A new disk takes the next free slot of its bus (scsi1, scsi2, ...). Enter edits bus, storage, size, format, cache and the rest.');
  }

  override unmount(): void {
    this.list = undefined;
    super.unmount();
  }

  /** Shift-Up / Shift-Down reorder the disks (the first one boots; slots stay). */
  override bindings(): readonly KeyBinding[] {
    const [up, down] = DISKS_KEYS;
    const onList = (): boolean => this.list !== undefined && this.host?.focus.current === this.list && this.list.value.length > 1;
    return [
      { ...up, when: onList, handler: () => this.move(-1) },
      { ...down, when: onList, handler: () => this.move(1) },
    ];
  }

  /** Disk messages name the disk: 'scsi1: Disk size must be ...'. */
  protected override describeIssue(issue: ValidationIssue | Notice): string {
    const position = /^disks\[(\d+)\]/.exec(issue.path)?.[1];
    const disk = position === undefined ? undefined : this.wizard.store?.config.disks[Number(position)];
    return disk ? `${deviceName(disk)}: ${issue.message}` : issue.message;
  }

  /** Focusing a disk's field highlights that disk. */
  override focusField(path: string): boolean {
    const position = /^disks\[(\d+)\]/.exec(path)?.[1];
    const focused = super.focusField(path);
    if (position !== undefined && this.list) this.list.setItems(this.store.config.disks, Number(position));
    return focused;
  }

  private move(by: -1 | 1): void {
    const list = this.list;
    if (!list) return;
    const from = list.highlightedIndex;
    const to = from + by;
    if (to < 0 || to >= this.store.config.disks.length) return;
    this.edit('disks', moveDisk(from, to));
    list.setItems(this.store.config.disks, to);
  }

  private whyNoMoreDisks(): string | undefined {
    const config = this.store.config;
    if (nextDiskSlot(config)) return undefined;
    const bus = config.disks[config.disks.length - 1]?.bus ?? 'scsi';
    return `The ${BUS_LABELS[bus]} bus has no free slot: edit a disk to put it on another bus.`;
  }

  private async editDiskAt(position: number): Promise<void> {
    const host = this.host;
    if (!host) return;
    const patch = await editDisk(host.modals, this.store, position);
    if (patch && this.wizard.store) this.edit('disks', updateDisk(position, patch));
  }
}

function diskHeader(): string {
  return `${column('Device', COLUMNS.device)}${column('Storage', COLUMNS.storage)}${fitRight('Size', COLUMNS.size)}  ${column('Format', COLUMNS.format)}Options`;
}

/** `scsi0  ceph-pool     32 GiB  raw    iothread ssd`. */
function diskRow(disk: DiskConfig): string {
  const options = [
    disk.iothread ? 'iothread' : '',
    disk.ssd ? 'ssd' : '',
    disk.discard ? 'discard' : '',
    disk.cache !== 'none' ? `cache=${disk.cache}` : '',
    disk.aio !== 'io_uring' ? `aio=${disk.aio}` : '',
    disk.backup ? '' : 'no backup',
  ].filter(Boolean);
  return `${column(deviceName(disk), COLUMNS.device)}${column(disk.storage, COLUMNS.storage)}${fitRight(`${disk.sizeGiB} GiB`, COLUMNS.size)}  ${column(disk.format, COLUMNS.format)}${options.join(' ')}`;
}
