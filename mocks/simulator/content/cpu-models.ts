/**
 * Built-in QEMU CPU models and their vendors, as qemu-server's CPUConfig.pm
 * lists them ($cpu_vendor_list plus the x86-64-v* $builtin_models). Served by
 * GET /nodes/{node}/capabilities/qemu/cpu and used to check `cpu=<type>`.
 */
const INTEL = 'GenuineIntel';
const AMD = 'AuthenticAMD';

const intel = [
  '486', 'pentium', 'pentium2', 'pentium3', 'coreduo', 'core2duo', 'Conroe', 'Penryn', 'Nehalem', 'Nehalem-IBRS',
  'Westmere', 'Westmere-IBRS', 'SandyBridge', 'SandyBridge-IBRS', 'IvyBridge', 'IvyBridge-IBRS', 'Haswell',
  'Haswell-IBRS', 'Haswell-noTSX', 'Haswell-noTSX-IBRS', 'Broadwell', 'Broadwell-IBRS', 'Broadwell-noTSX',
  'Broadwell-noTSX-IBRS', 'Skylake-Client', 'Skylake-Client-IBRS', 'Skylake-Client-noTSX-IBRS', 'Skylake-Client-v4',
  'Skylake-Server', 'Skylake-Server-IBRS', 'Skylake-Server-noTSX-IBRS', 'Skylake-Server-v4', 'Skylake-Server-v5',
  'Cascadelake-Server', 'Cascadelake-Server-v2', 'Cascadelake-Server-noTSX', 'Cascadelake-Server-v4',
  'Cascadelake-Server-v5', 'Cooperlake', 'Cooperlake-v2', 'KnightsMill', 'Icelake-Client', 'Icelake-Client-noTSX',
  'Icelake-Server', 'Icelake-Server-noTSX', 'Icelake-Server-v3', 'Icelake-Server-v4', 'Icelake-Server-v5',
  'Icelake-Server-v6', 'SapphireRapids', 'SapphireRapids-v2', 'GraniteRapids',
];
const amd = [
  'athlon', 'phenom', 'Opteron_G1', 'Opteron_G2', 'Opteron_G3', 'Opteron_G4', 'Opteron_G5', 'EPYC', 'EPYC-IBPB',
  'EPYC-v3', 'EPYC-v4', 'EPYC-Rome', 'EPYC-Rome-v2', 'EPYC-Rome-v3', 'EPYC-Rome-v4', 'EPYC-Milan', 'EPYC-Milan-v2',
  'EPYC-Genoa',
];
/** Generic models take the host's vendor ("default"); x86-64-v* report as qemu64. */
const generic = ['host', 'kvm32', 'kvm64', 'qemu32', 'qemu64', 'max', 'x86-64-v2', 'x86-64-v2-AES', 'x86-64-v3', 'x86-64-v4'];

/** One entry of GET /nodes/{node}/capabilities/qemu/cpu. */
export interface CpuModel {
  readonly name: string;
  readonly vendor: string;
  readonly custom: 0 | 1;
}

/**
 * Every built-in model (qemu-server lists them from a hash, so unordered; grouped by vendor here).
 * No localeCompare sorting: it initialises ICU, which costs milliseconds at start-up.
 */
export const BUILTIN_CPU_MODELS: readonly CpuModel[] = [
  ...intel.map((name) => ({ name, vendor: INTEL, custom: 0 as const })),
  ...amd.map((name) => ({ name, vendor: AMD, custom: 0 as const })),
  ...generic.map((name) => ({ name, vendor: 'default', custom: 0 as const })),
];

const builtinNames = new Set(BUILTIN_CPU_MODELS.map((model) => model.name));

/** Whether `name` is a built-in CPU model (case-sensitive, like qemu-server). */
export function isBuiltinCpuModel(name: string): boolean {
  return builtinNames.has(name);
}

/** CPU flags a VM-specific `cpu` may set (qemu-server @supported_cpu_flags). */
export const VM_CPU_FLAGS = ['pcid', 'spec-ctrl', 'ibpb', 'ssbd', 'virt-ssbd', 'amd-ssbd', 'amd-no-ssb', 'pdpe1gb', 'md-clear', 'hv-tlbflush', 'hv-evmcs', 'aes'];
