/**
 * Writes docs/answers.md, the answers file reference, from the code it
 * documents: the key tables walk the AnswersFile codec (every key, its type
 * in the codec's own words), the defaults come from resolveDefaults, and the
 * complete example is what --save-answers writes. Only the prose and the
 * meaning of each key are written here, and a key without a meaning stops the
 * generator, so the document cannot fall behind the codec.
 *
 *   npx tsx scripts/generate-answers-doc.ts           write docs/answers.md
 *   npx tsx scripts/generate-answers-doc.ts --check   exit 1 when docs/answers.md is stale
 *
 * tests/unit/app/unattended/answers-doc.test.ts runs the check and decodes and
 * validates every example; the integration tests dry-run them on the simulator.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as t from 'io-ts';
import { describe as describeCodec } from '../src/shared/decode';
import { toAnswers } from '../src/workflow/answers';
import { AnswersFile, type ConfigOverlay } from '../src/workflow/answers.codec';
import type { ClusterFacts, IsoImage, StorageInfo } from '../src/workflow/cluster-facts';
import { resolveDefaults } from '../src/workflow/resolve-defaults';
import type { VmConfig } from '../src/workflow/vm-config.codec';

/** One leaf key of the answers file: `general.startup.order`, `disks[].sizeGiB`. */
export interface AnswersKey {
  readonly path: string;
  /** What the codec accepts, in its own words. */
  readonly type: string;
  readonly codec: t.Mixed;
}

/** Every leaf key of the AnswersFile codec, in codec order. */
export function answersKeys(): AnswersKey[] {
  const keys: AnswersKey[] = [];
  const walk = (codec: t.Mixed, at: string): void => {
    if (codec instanceof t.ExactType) {
      const props = (codec.type as t.PartialType<t.Props>).props;
      for (const [key, child] of Object.entries(props)) walk(child, at ? `${at}.${key}` : key);
    } else if (codec instanceof t.ArrayType && codec.type instanceof t.ExactType) {
      walk(codec.type, `${at}[]`);
    } else {
      keys.push({ path: at, type: typeWords(codec), codec });
    }
  };
  walk(AnswersFile, '');
  return keys;
}

function typeWords(codec: t.Mixed): string {
  if (codec instanceof t.ArrayType) return `a list of ${describeCodec(codec.type).replace(/^an? /, '')}s`;
  return describeCodec(codec);
}

/** A key's meaning, and its default where the computed value alone would mislead (it depends on the cluster or on other keys). */
interface KeyDoc {
  readonly meaning: string;
  readonly default?: string;
}

/** The meaning of every key. A codec key missing here stops the generator; an entry the codec lacks too. */
export const KEY_DOCS: Readonly<Record<string, KeyDoc>> = {
  version: { meaning: 'The file format. Files without it are read as version 1; a newer version is refused by name.', default: '`1`' },
  'general.node': { meaning: 'The node the VM is created on. Must be online.', default: 'the node the app is connected to (the one that answers the API), else the first online node by name' },
  'general.vmid': {
    meaning: 'The VM ID (100 to 999999999). Given here, it is your choice: if someone takes it before the create, the run fails (exit 1) instead of moving on.',
    default: 'the next free ID (`/cluster/nextid`); taken meanwhile, the next one after it',
  },
  'general.name': { meaning: 'The VM name, a DNS name (letters, digits, hyphens; parts separated by dots). `null`: no name.' },
  'general.pool': { meaning: 'Resource pool to add the VM to; it must exist (`lab/ci` for nested pools). `null`: none.' },
  'general.tags': {
    meaning:
      'Tags (letters, digits, `_ - + .`), each once; Proxmox compares them case-insensitively. Without Sys.Modify on `/` the datacenter decides: ' +
      'no registered tag, and new tags only when its user tag access is `free` (`existing`: tags already in use, `list`: its allowed tags).',
  },
  'general.ha': {
    meaning: 'Manage the VM with HA (registered in the create call on PVE 9.1+, a separate request before). Needs the Sys.Console privilege on `/`.',
    default: '`true`; `false` for a user without Sys.Console on `/`',
  },
  'general.onboot': { meaning: 'Start the VM when the node boots.' },
  'general.startup.order': { meaning: 'Start/shutdown order (a whole number of 0 or more). `null`: any.' },
  'general.startup.up': { meaning: 'Seconds to wait after starting this VM before the next. `null`: the default.' },
  'general.startup.down': { meaning: 'Shutdown timeout in seconds. `null`: the default.' },
  'os.media': { meaning: 'The CD/DVD drive: an ISO image, the host\'s physical drive, or empty.' },
  'os.isoStorage': {
    meaning: 'The storage that holds the ISO image.',
    default: 'the storage of `os.iso` when that is given; else `cephfs` when the node has it, else the best storage for ISO images (a note on stderr says which)',
  },
  'os.iso': {
    meaning: 'The ISO image as a volume ID, `<storage>:iso/<file>`; it must exist on `os.isoStorage`.',
    default: 'the newest x86_64 `nixos-minimal-*` ISO on `os.isoStorage`',
  },
  'os.guestType': { meaning: 'The guest OS family (the OS step\'s Type list).', default: 'the family of `os.ostype`, else `"linux"`' },
  'os.ostype': { meaning: 'The guest OS version as Proxmox names it (`l26` is Linux 2.6 to 6.x). It decides the disk bus and NIC model defaults.', default: '`"l26"` (for another `os.guestType`: its first version)' },
  'system.machine': { meaning: 'Machine type: `q35`, or `pc` (i440fx, the server default).' },
  'system.bios': { meaning: 'Firmware: `ovmf` (UEFI) or `seabios`.' },
  'system.efiDisk': { meaning: 'Add an EFI disk for the UEFI variables (with `ovmf` only).', default: '`true` with `ovmf`' },
  'system.efiStorage': { meaning: 'Storage of the EFI disk.', default: '`ceph-pool` when the node has it, else the best storage for VM disks' },
  'system.preEnrolledKeys': {
    meaning: 'Pre-enroll Microsoft\'s Secure Boot keys in the EFI disk.',
    default: '`false` when booting a NixOS ISO (it is not signed for those keys), else `true`',
  },
  'system.scsihw': { meaning: 'SCSI controller.', default: 'from `os.ostype` (`"virtio-scsi-single"` for Linux)' },
  'system.agent': { meaning: 'Enable the QEMU guest agent.' },
  'disks[].bus': { meaning: 'Disk bus.', default: 'from `os.ostype` (`"scsi"` for Linux)' },
  'disks[].index': { meaning: 'Slot on the bus (`scsi0`, `scsi1`, ...); `ide2` is the CD/DVD drive.', default: 'the next free slot on the bus' },
  'disks[].storage': { meaning: 'Storage for the new volume; it must hold VM disks on the node.', default: '`ceph-pool` when the node has it, else the best storage for VM disks' },
  'disks[].sizeGiB': { meaning: 'Size in GiB, 0.001 to 131072, at most 3 decimals.' },
  'disks[].format': { meaning: 'Volume format; the storage must support it.', default: '`"raw"` where the storage supports it, else the storage\'s default' },
  'disks[].cache': { meaning: 'Cache mode (`none` is the server\'s default and is not sent).' },
  'disks[].discard': { meaning: 'Pass discard/TRIM to the storage.' },
  'disks[].iothread': { meaning: 'A dedicated IO thread (VirtIO disks, and SCSI disks with `virtio-scsi-single`).', default: '`true` for VirtIO, and for SCSI with `virtio-scsi-single`' },
  'disks[].ssd': { meaning: 'Show the disk to the guest as an SSD (not on VirtIO).', default: '`true` where the bus has the option' },
  'disks[].backup': { meaning: 'Include the disk in backups.' },
  'disks[].aio': { meaning: 'Asynchronous IO mode.' },
  'cpu.sockets': { meaning: 'CPU sockets (sockets x cores must not exceed the node\'s CPUs).' },
  'cpu.cores': { meaning: 'Cores per socket (1 to 256).' },
  'cpu.type': { meaning: 'CPU model (`host`, `x86-64-v2-AES`, ...); it must be one the node offers.' },
  'memory.memoryMiB': { meaning: 'Memory in MiB.' },
  'memory.minMemoryMiB': { meaning: 'Minimum memory for ballooning, up to `memory.memoryMiB`.', default: '`memory.memoryMiB` (fixed size)' },
  'memory.ballooning': { meaning: 'Keep the balloon device (`false` sends `balloon=0`).' },
  'memory.ksm': { meaning: 'Allow kernel samepage merging (`false` needs PVE 9.1+).' },
  'network.enabled': { meaning: 'Create the network device `net0`. `false`: no network device.' },
  'network.bridge': { meaning: 'Bridge (or SDN vnet) for `net0`; it must exist on the node.', default: '`vmbr9` when the node has it, else `vmbr0`, else the first bridge' },
  'network.vlan': { meaning: 'VLAN tag, 1 to 4094. `null`: untagged.' },
  'network.model': { meaning: 'NIC model.', default: 'from `os.ostype` (`"virtio"` for Linux)' },
  'network.mac': { meaning: 'MAC address `XX:XX:XX:XX:XX:XX` (unicast). `null`: Proxmox generates one.' },
  'network.firewall': { meaning: 'Enable the Proxmox firewall on the NIC.' },
  'network.linkDown': {
    meaning: 'The web UI\'s "Disconnect": the NIC starts with its link down, as if unplugged (`link_down=1`); connect it later with `qm set`. Files without it keep the link up.',
  },
  'network.mtu': { meaning: 'MTU (VirtIO only): 1 for the bridge\'s MTU, or 576 to 65520 and at most the bridge\'s MTU (1500 unless the bridge sets one), else the VM would not start. `null`: the bridge\'s.' },
  'network.rateMBps': { meaning: 'Rate limit in MB/s. `null`: unlimited.' },
  'network.queues': { meaning: 'Multiqueue: the number of queues. `null`: off.' },
  'confirm.start': { meaning: 'Start the VM once it is created and configured.' },
};

// ---------------------------------------------------------------- facts

const GiB = 1024 ** 3;
const NIXOS_ISOS = ['nixos-minimal-25.05.806273.992f916556fc-x86_64-linux.iso', 'nixos-minimal-25.11.1042.8e5f7b9c0d1a-x86_64-linux.iso'];

function iso(storage: string, fileName: string): IsoImage {
  return { volid: `${storage}:iso/${fileName}`, fileName };
}

function storage(id: string, type: string, content: StorageInfo['content'], shared: boolean, raw = false): StorageInfo {
  return { id, type, content, active: true, enabled: true, shared, availableBytes: 100 * GiB, ...(raw ? { formats: { supported: ['raw'], default: 'raw' } } : {}) };
}

/**
 * A cluster shaped like the demo cluster of docs/cli.md (`--demo`): the
 * defaults the tables show and the cluster the examples are checked against.
 */
export function documentedCluster(): ClusterFacts {
  const nodeFacts = {
    storages: [
      storage('cephfs', 'cephfs', ['iso', 'vztmpl', 'backup'], true),
      storage('ceph-pool', 'rbd', ['images'], true, true),
      storage('local', 'dir', ['iso', 'vztmpl', 'backup'], false),
      storage('local-lvm', 'lvmthin', ['images', 'rootdir'], false, true),
    ],
    bridges: [
      { name: 'vmbr0', kind: 'bridge' as const, active: true, mtu: 1500 },
      { name: 'vmbr9', kind: 'bridge' as const, active: true, vlanAware: true, mtu: 1500 },
    ],
    isoImages: {
      cephfs: NIXOS_ISOS.map((name) => iso('cephfs', name)),
      local: [iso('local', 'debian-12.12.0-amd64-netinst.iso')],
    },
  };
  return {
    nodes: [
      { name: 'pve1', online: true, maxCpu: 16 },
      { name: 'pve2', online: true, maxCpu: 32 },
      { name: 'pve3', online: false, maxCpu: 8 },
    ],
    nextVmid: 106,
    usedVmids: new Set([100, 101, 102, 103, 104, 105, 9000]),
    pools: [{ id: 'prod' }, { id: 'lab' }, { id: 'lab/ci' }],
    // As root@pam sees the demo cluster: registered prod and lab, existing tags only for others, root may set any.
    tags: {
      existing: ['ci', 'db', 'debian', 'infra', 'lab', 'nixos', 'prod', 'web'],
      userTagAccess: 'existing',
      allowedTags: ['ci', 'db', 'debian', 'infra', 'lab', 'nixos', 'prod', 'web'],
      registered: ['lab', 'prod'],
      sysModifyOnRoot: true,
    },
    serverVersion: { version: '9.1.2', major: 9, minor: 1 },
    nodeFacts: { pve1: nodeFacts, pve2: nodeFacts },
  };
}

// ---------------------------------------------------------------- examples

/** A short answers file of the document, with what it shows. */
export interface AnswersExample {
  readonly title: string;
  readonly text: string;
  readonly answers: ConfigOverlay & { readonly version: 1 };
}

/** The examples: each must decode and validate on the documented cluster (the unit test checks; the integration test dry-runs them). */
export const EXAMPLES: readonly AnswersExample[] = [
  {
    title: 'Only a name',
    text: 'Everything else follows the defaults: node, VM ID, the newest NixOS minimal ISO, q35 + OVMF, one 32 GiB disk, 2 cores, 2 GiB, bridge `vmbr9`.',
    answers: { version: 1, general: { name: 'web-2' } },
  },
  {
    title: 'A web server in a pool, started when created',
    text: 'Tagged, in pool `prod`, 4 cores and 8 GiB, on VLAN 20.',
    answers: {
      version: 1,
      general: { name: 'web-3', pool: 'prod', tags: ['web', 'nixos'] },
      cpu: { cores: 4 },
      memory: { memoryMiB: 8192 },
      network: { vlan: 20 },
      confirm: { start: true },
    },
  },
  {
    title: 'A fixed VM ID on another node, with a data disk',
    text: 'A given `vmid` is yours: if it is taken when the create runs, the run fails rather than take another. The second disk goes on `local-lvm` with discard on.',
    answers: {
      version: 1,
      general: { node: 'pve2', vmid: 250, name: 'db-2', ha: false },
      disks: [{ sizeGiB: 32 }, { storage: 'local-lvm', sizeGiB: 200, discard: true }],
    },
  },
  {
    title: 'Another installer, legacy BIOS, no network',
    text: 'An ISO from the `local` storage, SeaBIOS on i440fx (no EFI disk then), and no network device.',
    answers: {
      version: 1,
      general: { name: 'rescue' },
      os: { isoStorage: 'local', iso: 'local:iso/debian-12.12.0-amd64-netinst.iso' },
      system: { bios: 'seabios', machine: 'pc' },
      network: { enabled: false },
    },
  },
];

/** What `--save-answers` writes for the first example on the documented cluster: every key. */
export function completeExample(): ReturnType<typeof toAnswers> {
  return toAnswers(resolveDefaults(documentedCluster(), EXAMPLES[0].answers).config);
}

// ---------------------------------------------------------------- document

/** Section order and headings of the key tables. */
const SECTIONS: readonly [string, string][] = [
  ['version', 'Top level'],
  ['general', 'general: the General step'],
  ['os', 'os: the OS step'],
  ['system', 'system: the System step'],
  ['disks', 'disks: the Disks step (a list; each entry one disk)'],
  ['cpu', 'cpu: the CPU step'],
  ['memory', 'memory: the Memory step'],
  ['network', 'network: the Network step (one NIC, net0)'],
  ['confirm', 'confirm: the Confirm step'],
];

/** docs/answers.md as it must be. Throws when a codec key has no meaning in KEY_DOCS, or KEY_DOCS names a key the codec lacks. */
export function answersDocument(): string {
  const keys = answersKeys();
  checkKeyDocs(keys);
  const defaults = resolveDefaults(documentedCluster(), {}).config;
  const json = (value: unknown): string => JSON.stringify(value, null, 2);
  const parts = [
    INTRO,
    ...EXAMPLES.map((example) => `### ${example.title}\n\n${example.text}\n\n\`\`\`json answers\n${json(example.answers)}\n\`\`\`\n`),
    `### Every key (what --save-answers writes)\n\n` +
      'The first example as `--dry-run --save-answers FILE` saves it on the demo cluster: every key written, so it replays to the same requests ' +
      'even if a later version changes a default. The VM ID and the ISO are written too; delete `general.vmid` to take the next free ID again.\n\n' +
      `\`\`\`json answers\n${json(completeExample())}\n\`\`\`\n`,
    KEYS_INTRO,
    ...SECTIONS.map(([prefix, heading]) => keyTable(heading, keys.filter((key) => key.path === prefix || key.path.startsWith(`${prefix}.`) || key.path.startsWith(`${prefix}[]`)), defaults)),
    OUTRO,
  ];
  return `${parts.join('\n')}`;
}

function checkKeyDocs(keys: readonly AnswersKey[]): void {
  const paths = new Set(keys.map((key) => key.path));
  const undocumented = keys.filter((key) => !KEY_DOCS[key.path]).map((key) => key.path);
  const unknown = Object.keys(KEY_DOCS).filter((key) => !paths.has(key));
  if (undocumented.length || unknown.length) {
    throw new Error(
      `scripts/generate-answers-doc.ts KEY_DOCS is out of step with the AnswersFile codec: ` +
        `${undocumented.length ? `undocumented: ${undocumented.join(', ')}` : ''}${undocumented.length && unknown.length ? '; ' : ''}${unknown.length ? `not in the codec: ${unknown.join(', ')}` : ''}`,
    );
  }
}

function keyTable(heading: string, keys: readonly AnswersKey[], defaults: VmConfig): string {
  const rows = keys.map((key) => {
    const doc = KEY_DOCS[key.path];
    const fallback = defaultOf(defaults, key.path);
    return `| \`${key.path}\` | ${cell(key.type)} | ${cell(doc.default ?? (fallback === undefined ? '' : `\`${JSON.stringify(fallback)}\``))} | ${cell(doc.meaning)} |`;
  });
  return [`### ${heading}`, '', '| key | type | default | meaning |', '|---|---|---|---|', ...rows, ''].join('\n');
}

/** The resolved default at a key path (`disks[].sizeGiB` reads the default disk). */
function defaultOf(config: VmConfig, keyPath: string): unknown {
  let value: unknown = config;
  for (const part of keyPath.replace(/\[\]/g, '.0').split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

const INTRO = `<!-- Generated by scripts/generate-answers-doc.ts from the answers codec; edit the script, not this file. -->
# Answers files

An answers file describes one VM as JSON: what you would choose in the wizard, step by step. Design a VM once,
keep the file next to your scripts, and create the same VM again without the UI.

\`\`\`sh
pve-vm-tui --answers web.json                       # the wizard, pre-filled from the file
pve-vm-tui --answers web.json --dry-run             # print the requests it would send; sends nothing
pve-vm-tui --answers web.json --yes                 # create it, no UI (progress on stderr, result on stdout)
pve-vm-tui --answers web.json --yes --output json   # the result as JSON, for scripts
pve-vm-tui --dry-run --save-answers web.json        # write a complete file from the defaults, then edit it
\`\`\`

Every key is optional: what is missing gets the wizard's default, resolved against the cluster (the node's
storages and bridges, the next free VM ID, the newest NixOS ISO). When a preferred default such as \`cephfs\` or
\`vmbr9\` does not exist, another one is used and a \`note:\` line on stderr says which.

Before anything is sent, the file is checked twice. First its shape: not JSON, an unknown key (a typo), a wrong
type or a newer \`version\` end the run with exit code 2, before connecting, naming the path:

\`\`\`text
pve-vm-tui: answers file web.json: general.nmae: unknown key (known keys: node, vmid, name, ...)
            Fix the file and run again. Nothing was sent.
\`\`\`

Then its values against the cluster: a VLAN tag out of range, a storage or bridge the node does not have, a VM ID in
use, an offline node. Also exit code 2, with every problem by path and rule:

\`\`\`text
pve-vm-tui: answers file web.json does not fit this cluster: network.vlan: VLAN tag must be a whole number from 1 to 4094; disks[0].storage: Disk storage fast-nvme does not exist on pve1
            Fix the file and run again. Nothing was sent.
\`\`\`

## Examples

Each example below is checked by the tests: it decodes, and it dry-runs on the demo cluster (\`--demo\`).
`;

const KEYS_INTRO = `## Keys

Types are what the file must hold; ranges and cluster facts (a storage exists, a VLAN tag is 1 to 4094) are
checked after reading, with the rule in the message. \`null\` is a choice ("no name", "untagged"), unlike a key
left out ("the default"). Defaults are those of the demo cluster; on yours the cluster-dependent ones follow
what it has.
`;

const OUTRO = `## Running it unattended

\`--yes\` signs in without the UI: with an API token (\`--token\`, \`PROXMOX_VE_API_TOKEN\` or a profile's \`token\`),
or a user and password (\`--user\` with \`--password-file\`, \`PROXMOX_VE_USERNAME\`/\`PROXMOX_VE_PASSWORD\`, or a
profile). When a password or a second factor (TOTP, a recovery key) is needed and not configured, it is asked on
the terminal; without a terminal (cron, CI) a missing password ends the run with exit 2 and a user with a second
factor with exit 3: use an API token there. With \`--demo\`, the simulated cluster's \`root@pam\` is used.

It then reads the cluster, resolves the defaults, checks the file, and sends the requests \`--dry-run\` shows, in
that order: create, wait for the task, the serial console (\`serial0=socket\`, \`vga=serial0\`), HA on servers
before 9.1, start when \`confirm.start\` is set. One line per step goes to stderr, with the task log indented
under it. Ctrl-C before the create ends the run at once; after it, the run stops before the next step.

The result goes to stdout: \`VM 106 created on pve1.\` or, with \`--output json\`, the document of
[cli.md](cli.md#result-output---yes---output-json). Exit codes: 0 created; 1 the create failed (nothing left
behind; a VM ID the file names that was taken meanwhile); 2 the file or the command line; 3 connection, TLS,
sign-in or reading the cluster; 4 the VM exists but a later step failed (the message names the VM, the step and
the commands that finish it); 130 cancelled.

A VM ID the file does not name is suggested (\`/cluster/nextid\`): when someone else takes it between the check and
the create, the run takes the next free one, says so on stderr, and reports the ID it really created.
`;

function main(): void {
  const target = path.resolve(__dirname, '../docs/answers.md');
  const wanted = answersDocument();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current !== wanted) {
      console.error('docs/answers.md is stale: run npx tsx scripts/generate-answers-doc.ts');
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(target, wanted);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}

if (require.main === module) main();
