/**
 * The Guest OS choices of the OS step, as the web UI lists them
 * (pve-manager `PVE.Utils.kvm_ostypes`), and the per-OS hardware defaults of
 * its OSDefaults.js. Labels follow the product: l26 is "6.x - 2.6 Kernel"
 * (the label of PVE 7.3 to 9.1; 9.2 says "7.x").
 */
import type { DiskBus, GuestType } from './vm-config.codec';

/** One entry of the Version list. */
export interface OsVersion {
  /** The API's `ostype` value. */
  readonly ostype: string;
  /** The web UI's label. */
  readonly label: string;
}

/** One entry of the Type list and the versions it offers, first = the default. */
export interface GuestOsType {
  readonly guestType: GuestType;
  readonly label: string;
  readonly versions: readonly OsVersion[];
}

/** Type -> Version lists in the web UI's order. Every `ostype` is in the schema's enum (tested). */
export const GUEST_OS_TYPES: readonly GuestOsType[] = [
  {
    guestType: 'linux',
    label: 'Linux',
    versions: [
      { ostype: 'l26', label: '6.x - 2.6 Kernel' },
      { ostype: 'l24', label: '2.4 Kernel' },
    ],
  },
  {
    guestType: 'windows',
    label: 'Microsoft Windows',
    versions: [
      { ostype: 'win11', label: '11/2022/2025' },
      { ostype: 'win10', label: '10/2016/2019' },
      { ostype: 'win8', label: '8.x/2012/2012r2' },
      { ostype: 'win7', label: '7/2008r2' },
      { ostype: 'w2k8', label: 'Vista/2008' },
      { ostype: 'wxp', label: 'XP/2003' },
      { ostype: 'w2k', label: '2000' },
    ],
  },
  { guestType: 'solaris', label: 'Solaris Kernel', versions: [{ ostype: 'solaris', label: '-' }] },
  { guestType: 'other', label: 'Other', versions: [{ ostype: 'other', label: '-' }] },
];

/** The Type entry of a guest type. */
export function guestOsType(guestType: GuestType): GuestOsType {
  const found = GUEST_OS_TYPES.find((entry) => entry.guestType === guestType);
  if (!found) throw new Error(`unknown guest type ${guestType}`);
  return found;
}

/** The guest type an `ostype` belongs to, if the wizard offers it. */
export function guestTypeOf(ostype: string): GuestType | undefined {
  return GUEST_OS_TYPES.find((entry) => entry.versions.some((version) => version.ostype === ostype))?.guestType;
}

/** Words for an ostype: `Linux 6.x - 2.6 Kernel`. */
export function describeOstype(ostype: string): string {
  for (const entry of GUEST_OS_TYPES) {
    const version = entry.versions.find((candidate) => candidate.ostype === ostype);
    if (version) return version.label === '-' ? entry.label : `${entry.label} ${version.label}`;
  }
  return ostype;
}

/** Hardware the web UI suggests for an OS (OSDefaults.js, x86_64). */
export interface OsHardwareDefaults {
  readonly diskBus: DiskBus;
  readonly nicModel: string;
  readonly scsihw: string;
  /** Windows 11 needs more memory than the product default (the UI sets 4096 MiB). */
  readonly memoryMiB?: number;
}

const LINUX_DEFAULTS: OsHardwareDefaults = { diskBus: 'scsi', nicModel: 'virtio', scsihw: 'virtio-scsi-single' };
/** OSDefaults `generic`: emulated IDE and e1000 that every guest has drivers for. */
const GENERIC_DEFAULTS: OsHardwareDefaults = { diskBus: 'ide', nicModel: 'e1000', scsihw: 'virtio-scsi-single' };

/**
 * Per-OS defaults for what the user has not set. Machine and BIOS are not
 * here: the product wants q35 + OVMF for every guest (OSDefaults only sets them
 * for win11, where they agree).
 */
export function osHardwareDefaults(ostype: string): OsHardwareDefaults {
  switch (ostype) {
    case 'l26':
      return LINUX_DEFAULTS;
    case 'w2k':
    case 'wxp':
      // Their drivers predate VirtIO and e1000: the UI picks rtl8139 and the default LSI controller.
      return { diskBus: 'ide', nicModel: 'rtl8139', scsihw: 'lsi' };
    case 'win11':
      return { ...GENERIC_DEFAULTS, memoryMiB: 4096 };
    default:
      return GENERIC_DEFAULTS;
  }
}
