/**
 * Validation: what would make Proxmox reject the VM (its parameter formats and
 * ranges, read from the schema), what the web UI forbids on top (documented in
 * pve-schema.ts BEYOND_SCHEMA), and what the cluster rules out (a VM ID in use,
 * a storage or bridge the node lacks). Every issue names the field and the
 * rule. Cluster checks need the node's facts; while they are not loaded those
 * checks are skipped (the wizard waits for them before Confirm).
 */
import { mayManageHa, type BridgeInfo, type ClusterFacts, type NodeFacts, type StorageContent, type TagCatalog } from './cluster-facts';
import { storageHolds } from './cluster-picks';
import { isCdDriveSlot, slotRange } from './disk-slots';
import { fieldMessage, isWithin, type ValidationIssue } from './field-message';
import { guestOsType } from './os-types';
import { BEYOND_SCHEMA, FORMATS, SCHEMA, familyParameter, propertyStringHasKey, type NumberRange } from './pve-schema';
import { supportsAllowKsm, versionText } from './server-features';
import { DISK_BUSES, deviceName, type DiskConfig, type StepName, type VmConfig } from './vm-config.codec';

/** Every issue of the config, in step order. */
export function validate(config: VmConfig, facts: ClusterFacts): ValidationIssue[] {
  const nodeFacts = facts.nodeFacts[config.general.node];
  return [
    ...validateGeneral(config, facts),
    ...validateOs(config, nodeFacts),
    ...validateSystem(config, nodeFacts),
    ...validateDisks(config, nodeFacts),
    ...validateCpu(config, facts, nodeFacts),
    ...validateMemory(config, facts),
    ...validateNetwork(config, nodeFacts),
  ];
}

/** The issues one step shows. */
export function issuesOfStep(issues: readonly ValidationIssue[], step: StepName): ValidationIssue[] {
  return issues.filter((issue) => issue.step === step);
}

/**
 * The issues of one field and what lies inside it (`disks[1]` includes
 * `disks[1].sizeGiB`): what the UI shows when the user leaves a field.
 */
export function validateField(path: string, config: VmConfig, facts: ClusterFacts): ValidationIssue[] {
  return validate(config, facts).filter((issue) => isWithin(issue.path, path));
}

// ---------------------------------------------------------------- helpers

function isWhole(value: number): boolean {
  return Number.isInteger(value);
}

function inRange(value: number, range: NumberRange): boolean {
  return (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
}

/** "a whole number from 1 to 4094" / "a whole number of at least 1". */
function rangeWords(range: NumberRange, kind = 'a whole number', unit = ''): string {
  const suffix = unit ? ` ${unit}` : '';
  if (range.min !== undefined && range.max !== undefined) return `${kind} from ${range.min} to ${range.max}${suffix}`;
  if (range.min !== undefined) return `${kind} of at least ${range.min}${suffix}`;
  return `${kind} of at most ${range.max}${suffix}`;
}

/** An issue when `value` is not a whole number in `range`. */
function wholeInRange(path: string, label: string, value: number, range: NumberRange, unit = ''): ValidationIssue[] {
  if (isWhole(value) && inRange(value, range)) return [];
  return [fieldMessage(path, `${label} must be ${rangeWords(range, 'a whole number', unit)}`)];
}

/** Storage checks shared by ISO, EFI and disk storages. */
function storageIssues(path: string, label: string, id: string, content: StorageContent, node: string, nodeFacts: NodeFacts | undefined): ValidationIssue[] {
  if (!FORMATS.storageId.test(id)) return [fieldMessage(path, `${label} "${id}" is not a storage ID (letters, digits, - _ ., starting with a letter)`)];
  if (!nodeFacts) return [];
  const storage = nodeFacts.storages.find((candidate) => candidate.id === id);
  if (!storage) return [fieldMessage(path, `${label} ${id} does not exist on ${node}`)];
  if (!storageHolds(storage, content)) return [fieldMessage(path, `${label} ${id} cannot hold ${content === 'iso' ? 'ISO images' : 'VM disks'}`)];
  return [];
}

// ---------------------------------------------------------------- General

function validateGeneral(config: VmConfig, facts: ClusterFacts): ValidationIssue[] {
  const { general } = config;
  return [
    ...nodeIssues(general.node, facts),
    ...vmidIssues(general.vmid, facts),
    ...(general.name !== null && !FORMATS.dnsName.test(general.name)
      ? [fieldMessage('general.name', 'Name must be a DNS name: letters, digits and hyphens (not first or last), parts separated by dots')]
      : []),
    ...poolIssues(general.pool, facts),
    ...tagIssues(general.tags, facts.tags),
    ...startupIssues(config, facts.tags),
    ...(general.ha && !mayManageHa(facts)
      ? [fieldMessage('general.ha', 'Add to HA needs the Sys.Console privilege on / (the HA manager is cluster-wide); turn it off or ask an admin')]
      : []),
  ];
}

function nodeIssues(node: string, facts: ClusterFacts): ValidationIssue[] {
  if (!node) return [fieldMessage('general.node', 'Node is required: choose the node the VM runs on')];
  const known = facts.nodes.find((candidate) => candidate.name === node);
  if (!known) return [fieldMessage('general.node', `Node ${node} is not in this cluster`)];
  if (!known.online) return [fieldMessage('general.node', `Node ${node} is offline: choose an online node`)];
  return [];
}

function vmidIssues(vmid: number, facts: ClusterFacts): ValidationIssue[] {
  const range = wholeInRange('general.vmid', 'VM ID', vmid, SCHEMA.vmid);
  if (range.length) return range;
  return facts.usedVmids.has(vmid) ? [fieldMessage('general.vmid', `VM ID ${vmid} is already in use: choose another`)] : [];
}

function poolIssues(pool: string | null, facts: ClusterFacts): ValidationIssue[] {
  if (pool === null) return [];
  if (!FORMATS.poolId.test(pool)) {
    return [fieldMessage('general.pool', 'Resource pool must be a pool ID: letters, digits, . - _, at most 3 levels (a/b/c)')];
  }
  // create_vm refuses a pool that does not exist.
  return facts.pools.some((candidate) => candidate.id === pool) ? [] : [fieldMessage('general.pool', `Resource pool ${pool} does not exist`)];
}

function tagIssues(tags: readonly string[], catalog: TagCatalog): ValidationIssue[] {
  const seen = new Set<string>();
  return tags.flatMap((tag, position) => {
    const path = `general.tags[${position}]`;
    if (!FORMATS.tag.test(tag)) {
      return [fieldMessage(path, `Tag "${tag}" may only contain letters, digits and _ - + ., and must start with a letter, digit or _`)];
    }
    // Proxmox compares tags case-insensitively when it de-duplicates them; say so instead of dropping one silently.
    const key = tag.toLowerCase();
    if (seen.has(key)) return [fieldMessage(path, `Tag ${tag} is given twice`)];
    seen.add(key);
    const refusal = tagPermissionRefusal(tag, catalog);
    return refusal ? [fieldMessage(path, refusal)] : [];
  });
}

/**
 * Why Proxmox would refuse this user the tag (pve-guest-common
 * assert_tag_permissions, which fails the create task after the disks were
 * allocated), or undefined. Sys.Modify on / may set anything; otherwise a
 * registered tag never, and a tag outside the allowed ones only when new tags
 * are free. Tags compare exactly, as Proxmox compares them here.
 */
/**
 * The existing tags worth offering this user: all of them with Sys.Modify on
 * /, else only those the datacenter allows (registered tags never), so the
 * tag editor does not suggest what validation would then refuse.
 */
export function tagSuggestions(catalog: TagCatalog): readonly string[] {
  if (catalog.sysModifyOnRoot) return catalog.existing;
  return catalog.existing.filter((tag) => tagPermissionRefusal(tag, catalog) === undefined);
}

function tagPermissionRefusal(tag: string, catalog: TagCatalog): string | undefined {
  if (catalog.sysModifyOnRoot) return undefined;
  if (catalog.registered.includes(tag)) {
    return `Tag '${tag}' is registered by the datacenter: only users with Sys.Modify on / may set it; remove it or ask an admin`;
  }
  if (catalog.userTagAccess === 'free' || catalog.allowedTags.includes(tag)) return undefined;
  // `Web` for the existing `web`: Proxmox compares exactly here, so name the spelling that would pass.
  const sameButCase = catalog.allowedTags.find((allowed) => allowed.toLowerCase() === tag.toLowerCase());
  const hint = sameButCase ? ` (did you mean '${sameButCase}'?)` : '';
  switch (catalog.userTagAccess) {
    case 'existing':
      return `Tag '${tag}' is new${hint}, and the datacenter lets you set only tags already in use; pick an existing one or ask an admin`;
    case 'list':
      return `Tag '${tag}' is not in the datacenter's allowed tags${hint}; pick one of them or ask an admin`;
    case 'none':
      return `Tag '${tag}' cannot be set: the datacenter lets only admins (Sys.Modify on /) set tags; remove it or ask an admin`;
  }
}

function startupIssues(config: VmConfig, tags: TagCatalog): ValidationIssue[] {
  const { order, up, down } = config.general.startup;
  // pve-startup-order: each part is `\d+`.
  const wholeOrNull = (path: string, label: string, value: number | null): ValidationIssue[] =>
    value === null ? [] : wholeInRange(path, label, value, { min: 0 });
  const format = [
    ...wholeOrNull('general.startup.order', 'Start/shutdown order', order),
    ...wholeOrNull('general.startup.up', 'Startup delay', up),
    ...wholeOrNull('general.startup.down', 'Shutdown timeout', down),
  ];
  if (format.length > 0 || tags.sysModifyOnRoot) return format;
  // qemu-server's $check_vm_modify_config_perm: "special case for startup since it changes host
  // behaviour" -> Sys.Modify on /. Without it the create is refused with a bare 403.
  const firstSet = (['order', 'up', 'down'] as const).find((part) => config.general.startup[part] !== null);
  if (firstSet === undefined) return [];
  return [
    fieldMessage(
      `general.startup.${firstSet}`,
      'Start/shutdown order, delay and timeout need the Sys.Modify privilege on / (they change how the node boots); leave them empty or ask an admin',
    ),
  ];
}

// ---------------------------------------------------------------- OS

function validateOs(config: VmConfig, nodeFacts: NodeFacts | undefined): ValidationIssue[] {
  const { os } = config;
  const versionIssues = guestOsType(os.guestType).versions.some((version) => version.ostype === os.ostype)
    ? []
    : [fieldMessage('os.ostype', `Version ${os.ostype} is not a ${guestOsType(os.guestType).label} version`)];
  return [...(os.media === 'iso' ? isoIssues(config, nodeFacts) : []), ...versionIssues];
}

function isoIssues(config: VmConfig, nodeFacts: NodeFacts | undefined): ValidationIssue[] {
  const { isoStorage, iso } = config.os;
  if (isoStorage === null) return [fieldMessage('os.isoStorage', 'ISO storage is required when the media is an ISO image')];
  const storage = storageIssues('os.isoStorage', 'ISO storage', isoStorage, 'iso', config.general.node, nodeFacts);
  if (storage.length) return storage;
  if (iso === null || iso === '') return [fieldMessage('os.iso', 'ISO image is required when the media is an ISO image')];
  if (!iso.startsWith(`${isoStorage}:`)) return [fieldMessage('os.iso', `ISO image ${iso} is not on the ISO storage ${isoStorage}`)];
  const images = nodeFacts?.isoImages[isoStorage];
  if (images && !images.some((image) => image.volid === iso)) return [fieldMessage('os.iso', `ISO image ${iso} does not exist on ${isoStorage}`)];
  // ide2 is a property string: a ',' or '=' in the file name would split it, and Proxmox refuses the create.
  if (/[,=]/.test(iso)) return [fieldMessage('os.iso', `ISO image ${iso} has a ',' or '=' in its name, which Proxmox cannot take in a drive option: rename the file on ${isoStorage}`)];
  return [];
}

// ---------------------------------------------------------------- System

function validateSystem(config: VmConfig, nodeFacts: NodeFacts | undefined): ValidationIssue[] {
  const { system } = config;
  if (system.bios !== 'ovmf' || !system.efiDisk) return [];
  if (system.efiStorage === null) return [fieldMessage('system.efiStorage', 'EFI storage is required for the EFI disk')];
  return storageIssues('system.efiStorage', 'EFI storage', system.efiStorage, 'images', config.general.node, nodeFacts);
}

// ---------------------------------------------------------------- Disks

function validateDisks(config: VmConfig, nodeFacts: NodeFacts | undefined): ValidationIssue[] {
  const used = new Set<string>();
  return config.disks.flatMap((disk, position) => {
    const path = `disks[${position}]`;
    const slot = slotIssues(disk, path, used);
    used.add(deviceName(disk));
    return [...slot, ...diskStorageIssues(config, disk, path, nodeFacts), ...diskSizeIssues(disk, path), ...diskOptionIssues(config, disk, path)];
  });
}

function busLabel(bus: DiskConfig['bus']): string {
  return bus === 'virtio' ? 'VirtIO' : bus.toUpperCase();
}

function slotIssues(disk: DiskConfig, path: string, used: ReadonlySet<string>): ValidationIssue[] {
  if (!DISK_BUSES.includes(disk.bus)) return [fieldMessage(`${path}.bus`, `Bus must be one of ${DISK_BUSES.join(', ')}`)];
  const range = slotRange(disk.bus);
  if (!isWhole(disk.index) || !inRange(disk.index, range)) {
    return [fieldMessage(`${path}.index`, `${busLabel(disk.bus)} slot must be a whole number from ${range.min} to ${range.max}`)];
  }
  if (isCdDriveSlot(disk)) return [fieldMessage(`${path}.index`, `${deviceName(disk)} is the CD/DVD drive: choose another slot`)];
  if (used.has(deviceName(disk))) return [fieldMessage(`${path}.index`, `${deviceName(disk)} is already used by another disk`)];
  return [];
}

function diskStorageIssues(config: VmConfig, disk: DiskConfig, path: string, nodeFacts: NodeFacts | undefined): ValidationIssue[] {
  const storage = storageIssues(`${path}.storage`, 'Disk storage', disk.storage, 'images', config.general.node, nodeFacts);
  if (storage.length) return storage;
  const formats = nodeFacts?.storages.find((candidate) => candidate.id === disk.storage)?.formats;
  if (formats && !formats.supported.includes(disk.format)) {
    return [fieldMessage(`${path}.format`, `Format ${disk.format} is not supported by ${disk.storage} (supported: ${formats.supported.join(', ')})`)];
  }
  return [];
}

function diskSizeIssues(disk: DiskConfig, path: string): ValidationIssue[] {
  const { min, max, decimals } = BEYOND_SCHEMA.diskSizeGiB;
  const scaled = disk.sizeGiB * 10 ** decimals;
  const hasAllowedDecimals = Math.abs(scaled - Math.round(scaled)) < 1e-6;
  if (Number.isFinite(disk.sizeGiB) && disk.sizeGiB >= min && disk.sizeGiB <= max && hasAllowedDecimals) return [];
  return [fieldMessage(`${path}.sizeGiB`, `Disk size must be from ${min} to ${max} GiB, with at most ${decimals} decimals`)];
}

/** Options the bus' property string lacks in the schema (no IO thread on SATA/IDE, no SSD flag on VirtIO). */
function diskOptionIssues(config: VmConfig, disk: DiskConfig, path: string): ValidationIssue[] {
  const family = familyParameter(disk.bus);
  const busesWith = (key: string) => wordList(DISK_BUSES.filter((bus) => propertyStringHasKey(familyParameter(bus), key)).map(busLabel));
  const issues: ValidationIssue[] = [];
  if (disk.iothread && !propertyStringHasKey(family, 'iothread')) {
    issues.push(fieldMessage(`${path}.iothread`, `IO thread is only available on ${busesWith('iothread')} disks`));
  } else if (disk.iothread && disk.bus === 'scsi' && config.system.scsihw !== 'virtio-scsi-single') {
    // qemu-server ignores it with a warning; refuse a setting that would silently do nothing.
    issues.push(fieldMessage(`${path}.iothread`, 'IO thread on a SCSI disk needs the VirtIO SCSI single controller (System step)'));
  }
  if (disk.ssd && !propertyStringHasKey(family, 'ssd')) {
    issues.push(fieldMessage(`${path}.ssd`, `SSD emulation is only available on ${busesWith('ssd')} disks`));
  }
  return issues;
}

/** `A`, `A and B`, `A, B and C`. */
function wordList(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

// ---------------------------------------------------------------- CPU

function validateCpu(config: VmConfig, facts: ClusterFacts, nodeFacts: NodeFacts | undefined): ValidationIssue[] {
  const { cpu } = config;
  const issues = [
    ...wholeInRange('cpu.sockets', 'Sockets', cpu.sockets, SCHEMA.sockets),
    ...wholeInRange('cpu.cores', 'Cores', cpu.cores, { min: SCHEMA.cores.min, max: BEYOND_SCHEMA.maxCores }),
    ...cpuTypeIssues(cpu.type, config.general.node, nodeFacts),
  ];
  if (issues.length) return issues;
  const hostCpus = facts.nodes.find((node) => node.name === config.general.node)?.maxCpu;
  if (hostCpus !== undefined && cpu.sockets * cpu.cores > hostCpus) {
    // qemu-server refuses to start a VM with more vCPUs than the host has.
    return [fieldMessage('cpu.cores', `Sockets x cores (${cpu.sockets * cpu.cores}) exceeds the ${hostCpus} CPUs of ${config.general.node}: the VM would not start`)];
  }
  return [];
}

function cpuTypeIssues(type: string, node: string, nodeFacts: NodeFacts | undefined): ValidationIssue[] {
  // The type is the default key of the `cpu` property string: a comma or `=` would start another key.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.+-]*$/.test(type)) return [fieldMessage('cpu.type', 'CPU type must be a CPU model name (letters, digits, - _ . +)')];
  const models = nodeFacts?.cpuModels;
  if (type === 'host' || !models || models.some((model) => model.name === type)) return [];
  return [fieldMessage('cpu.type', `CPU type ${type} is not offered by ${node}`)];
}

// ---------------------------------------------------------------- Memory

function validateMemory(config: VmConfig, facts: ClusterFacts): ValidationIssue[] {
  const { memory } = config;
  const issues = wholeInRange('memory.memoryMiB', 'Memory', memory.memoryMiB, { min: SCHEMA.memory.min, max: BEYOND_SCHEMA.maxMemoryMiB }, 'MiB');
  if (memory.ballooning && !issues.length) {
    issues.push(...wholeInRange('memory.minMemoryMiB', 'Minimum memory', memory.minMemoryMiB, { min: BEYOND_SCHEMA.minBalloonMiB, max: memory.memoryMiB }, 'MiB (the memory)'));
  }
  if (!memory.ksm && !supportsAllowKsm(facts.serverVersion)) {
    issues.push(
      fieldMessage('memory.ksm', `Turning KSM off needs Proxmox VE ${versionText(BEYOND_SCHEMA.allowKsmSince)} or newer (the server runs ${facts.serverVersion.version})`),
    );
  }
  return issues;
}

// ---------------------------------------------------------------- Network

function validateNetwork(config: VmConfig, nodeFacts: NodeFacts | undefined): ValidationIssue[] {
  const { network } = config;
  if (!network.enabled) return [];
  const optional = (value: number | null, check: (value: number) => ValidationIssue[]) => (value === null ? [] : check(value));
  return [
    ...bridgeIssues(network.bridge, config.general.node, nodeFacts),
    ...optional(network.vlan, (vlan) => wholeInRange('network.vlan', 'VLAN tag', vlan, SCHEMA.vlanTag)),
    ...(network.mac !== null && !FORMATS.macAddress.test(network.mac)
      ? [fieldMessage('network.mac', 'MAC address must be a unicast address XX:XX:XX:XX:XX:XX (hex digits; the second digit even)')]
      : []),
    ...optional(network.mtu, (mtu) => mtuIssues(mtu, network.model, nodeFacts?.bridges.find((bridge) => bridge.name === network.bridge))),
    ...optional(network.rateMBps, rateIssues),
    ...optional(network.queues, (queues) => wholeInRange('network.queues', 'Multiqueue', queues, { min: BEYOND_SCHEMA.minQueues, max: SCHEMA.queues.max })),
  ];
}

function bridgeIssues(bridge: string | null, node: string, nodeFacts: NodeFacts | undefined): ValidationIssue[] {
  if (bridge === null || bridge === '') return [fieldMessage('network.bridge', 'Bridge is required: choose one, or turn off the network device')];
  if (!FORMATS.bridgeId.test(bridge)) return [fieldMessage('network.bridge', `Bridge "${bridge}" is not a bridge name (letters, digits, - _ .)`)];
  if (nodeFacts && !nodeFacts.bridges.some((candidate) => candidate.name === bridge)) {
    return [fieldMessage('network.bridge', `Bridge ${bridge} does not exist on ${node}`)];
  }
  return [];
}

function mtuIssues(mtu: number, model: string, bridge: BridgeInfo | undefined): ValidationIssue[] {
  const { mtuInherit, mtuFloor } = BEYOND_SCHEMA;
  if (model !== 'virtio') return [fieldMessage('network.mtu', 'MTU can only be set on VirtIO network devices')];
  if (!isWhole(mtu) || !(mtu === mtuInherit || inRange(mtu, { min: mtuFloor, max: SCHEMA.mtu.max }))) {
    return [fieldMessage('network.mtu', `MTU must be ${mtuInherit} (same as the bridge) or a whole number from ${mtuFloor} to ${SCHEMA.mtu.max}`)];
  }
  // qemu-server refuses to start a VM whose NIC MTU is bigger than its bridge's; the create itself would pass.
  if (bridge?.mtu !== undefined && mtu !== mtuInherit && mtu > bridge.mtu) {
    return [fieldMessage('network.mtu', `MTU ${mtu} is bigger than the MTU of bridge ${bridge.name} (${bridge.mtu}): the VM would not start; use ${bridge.mtu} or less, or ${mtuInherit} for the bridge's`)];
  }
  return [];
}

function rateIssues(rate: number): ValidationIssue[] {
  const range = { min: SCHEMA.rate.min, max: BEYOND_SCHEMA.maxRateMBps };
  if (Number.isFinite(rate) && inRange(rate, range)) return [];
  return [fieldMessage('network.rateMBps', `Rate limit must be ${rangeWords(range, 'a number')} MB/s`)];
}
