/**
 * Run-time figures of guests (memory, CPU, uptime, traffic) as vmstatus and
 * the resource list report them. Derived from the config and the VM ID so
 * they are stable, with uptime following the simulator clock.
 */
import { GuestState, MiB } from './cluster';

/** `memory: [current=]<MiB>` of a config (512 when unset, qemu-server's default). */
export function memoryMiB(config: Readonly<Record<string, string>>): number {
  const match = /^(?:current=)?(\d+)/.exec(config.memory ?? '');
  return match ? Number(match[1]) : 512;
}

/** Number of vCPUs: `vcpus`, else sockets x cores. */
export function cpuCount(config: Readonly<Record<string, string>>): number {
  if (config.vcpus) return Number(config.vcpus);
  return Number(config.sockets ?? 1) * Number(config.cores ?? 1);
}

const UNITS: Readonly<Record<string, number>> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** Bytes of a `size=32G` option. */
export function sizeBytes(size: string | undefined): number {
  const match = /^(\d+(?:\.\d+)?)([KMGT])?/.exec(size ?? '');
  return match ? Math.round(Number(match[1]) * (match[2] ? UNITS[match[2]] : 1)) : 0;
}

/** Size of the boot disk (first non-CD disk) for `maxdisk`. */
export function bootDiskBytes(config: Readonly<Record<string, string>>): number {
  for (const key of Object.keys(config).filter((k) => /^(scsi|virtio|sata|ide)\d+$/.test(k)).sort()) {
    if (/media=cdrom/.test(config[key])) continue;
    const size = /(?:^|,)size=([^,]+)/.exec(config[key])?.[1];
    if (size) return sizeBytes(size);
  }
  if (config.rootfs) return sizeBytes(/(?:^|,)size=([^,]+)/.exec(config.rootfs)?.[1]);
  return 0;
}

/** The status figures of a guest, as in GET .../status/current and /cluster/resources. */
export function guestFigures(guest: GuestState, now: number) {
  const running = guest.status === 'running';
  const maxmem = memoryMiB(guest.config) * MiB;
  const seed = guest.vmid % 97;
  const uptime = running && guest.startedAtMs !== undefined ? Math.max(0, Math.floor((now - guest.startedAtMs) / 1000)) : 0;
  return {
    maxmem,
    mem: running ? Math.round(maxmem * (0.3 + (seed % 40) / 100)) : 0,
    maxdisk: bootDiskBytes(guest.config),
    disk: 0,
    cpus: cpuCount(guest.config),
    cpu: running ? Number((0.005 + (seed % 20) / 400).toFixed(4)) : 0,
    uptime,
    netin: running ? uptime * (1200 + seed * 13) : 0,
    netout: running ? uptime * (800 + seed * 7) : 0,
    diskread: running ? uptime * (4096 + seed * 31) : 0,
    diskwrite: running ? uptime * (2048 + seed * 17) : 0,
  };
}

/** The name vmstatus reports: the config's, else "VM <vmid>" (a VM still being created has none). */
export function guestName(guest: GuestState): string {
  return guest.config.name ?? guest.config.hostname ?? `${guest.type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid}`;
}
