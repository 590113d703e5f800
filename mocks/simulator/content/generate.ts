/**
 * Large generated lists for benchmarks (`generate` in a scenario): thousands
 * of ISO images, tags and guests. Names are varied and realistic so that
 * filtering and "newest nixos-minimal" selection have real work to do, and
 * deterministic so that benchmark runs compare.
 */
import type { GuestSpec } from '../scenario/codec';
import { SeededRandom } from './random';

const DISTRO_TEMPLATES: ReadonlyArray<(index: number, random: SeededRandom) => string> = [
  (i, r) => `nixos-minimal-${r.pick(['23.11', '24.05', '24.11', '25.05', '25.11'])}.${100000 + i}.${r.hex(12)}-${r.pick(['x86_64', 'x86_64', 'aarch64'])}-linux.iso`,
  (i, r) => `nixos-graphical-${r.pick(['24.11', '25.05', '25.11'])}.${100000 + i}.${r.hex(12)}-x86_64-linux.iso`,
  (i, r) => `debian-${r.int(10, 13)}.${r.int(0, 12)}.0-amd64-netinst-${i}.iso`,
  (i, r) => `ubuntu-${r.pick(['22.04', '24.04', '25.04', '25.10'])}.${r.int(0, 5)}-live-server-amd64-build${i}.iso`,
  (i, r) => `archlinux-20${r.int(23, 25)}.${String(r.int(1, 12)).padStart(2, '0')}.01-x86_64-${i}.iso`,
  (i, r) => `Fedora-Server-dvd-x86_64-${r.int(39, 43)}-1.${r.int(1, 9)}-${i}.iso`,
  (i, r) => `AlmaLinux-${r.int(8, 10)}.${r.int(0, 6)}-x86_64-minimal-${i}.iso`,
  (i) => `virtio-win-0.1.${200 + (i % 100)}-${i}.iso`,
];

/** `count` distinct ISO file names. */
export function generateIsoNames(count: number, seed = 4711): string[] {
  const random = new SeededRandom(seed);
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(DISTRO_TEMPLATES[i % DISTRO_TEMPLATES.length](i, random));
  return names;
}

const TAG_WORDS = ['team', 'app', 'env', 'svc', 'k8s', 'db', 'cache', 'edge', 'batch', 'ml', 'qa', 'ops'];

/** `count` distinct valid tags (pve-tag: letters, digits, `_ - + .`). */
export function generateTags(count: number): string[] {
  const tags: string[] = [];
  for (let i = 0; i < count; i++) tags.push(`${TAG_WORDS[i % TAG_WORDS.length]}-${String(i).padStart(4, '0')}`);
  return tags;
}

/** `count` stopped/running VMs spread over `nodes`, from VM ID `firstVmid`, each with a few of `tags`. */
export function generateGuests(count: number, nodes: readonly string[], tags: readonly string[], firstVmid: number, seed = 815): GuestSpec[] {
  const random = new SeededRandom(seed);
  const guests: GuestSpec[] = [];
  for (let i = 0; i < count; i++) {
    const guestTags = tags.length === 0 ? [] : [random.pick(tags), random.pick(tags)].filter((tag, index, all) => all.indexOf(tag) === index);
    guests.push({
      vmid: firstVmid + i,
      name: `gen-${String(i).padStart(5, '0')}`,
      node: nodes[i % nodes.length],
      status: random.next() < 0.6 ? 'running' : 'stopped',
      tags: guestTags,
      memoryMiB: random.pick([1024, 2048, 4096, 8192]),
      cores: random.pick([1, 2, 4]),
    });
  }
  return guests;
}
