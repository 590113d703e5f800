/**
 * Picking the NixOS installer the product preselects: the newest
 * `nixos-minimal-*` ISO of the VM's architecture on the ISO storage.
 *
 * NixOS names its ISOs `nixos-minimal-<YY.MM>.<build>.<rev>-<arch>-linux.iso`
 * (stable channels) and `nixos-minimal-<YY.MM>pre<build>.<rev>-<arch>-linux.iso`
 * (unstable before a release; `beta` around release time). Comparing the
 * names as strings gets 25.05 vs 24.11 right by luck and build 99999 vs 100000
 * wrong, so the parts are compared as numbers.
 */
import type { IsoImage } from './cluster-facts';

/** The parts of a NixOS minimal ISO file name. */
export interface NixosIsoName {
  readonly year: number;
  readonly month: number;
  /** `stable` for `25.05.806273`, `pre`/`beta` for `25.11pre806273`. */
  readonly channel: 'stable' | 'pre' | 'beta';
  /** Hydra's evaluation counter: higher is newer within a release. */
  readonly build: number;
  readonly revision: string;
  /** `x86_64`, `aarch64`, `i686`. */
  readonly arch: string;
}

const NIXOS_MINIMAL = /^nixos-minimal-(\d{2})\.(\d{2})(?:\.(\d+)|(pre|beta)(\d+))\.([0-9a-f]+)-([a-z0-9_]+)-linux\.iso$/;

/** The NixOS parts of an ISO file name, or undefined for any other file. */
export function parseNixosIsoName(fileName: string): NixosIsoName | undefined {
  const match = NIXOS_MINIMAL.exec(fileName);
  if (!match) return undefined;
  const [, year, month, stableBuild, prerelease, prereleaseBuild, revision, arch] = match;
  return {
    year: Number(year),
    month: Number(month),
    channel: prerelease === 'pre' || prerelease === 'beta' ? prerelease : 'stable',
    build: Number(stableBuild ?? prereleaseBuild),
    revision,
    arch,
  };
}

/** Channel rank within one release: a release's stable builds follow its betas, which follow its pre-releases. */
const CHANNEL_RANK = { pre: 0, beta: 1, stable: 2 } as const;

/** Orders NixOS ISOs oldest first: release (year, month), then channel, then build number. */
export function compareNixosIsoNames(a: NixosIsoName, b: NixosIsoName): number {
  return a.year - b.year || a.month - b.month || CHANNEL_RANK[a.channel] - CHANNEL_RANK[b.channel] || a.build - b.build;
}

/** The file name part of a volume ID: `cephfs:iso/x.iso` -> `x.iso`. */
export function isoFileName(volid: string): string {
  return volid.slice(volid.lastIndexOf('/') + 1).replace(/^[^:]*:/, '');
}

/** Whether a volume ID or file name is a NixOS minimal ISO (any architecture). */
export function isNixosIso(volidOrFileName: string): boolean {
  return parseNixosIsoName(isoFileName(volidOrFileName)) !== undefined;
}

/**
 * The newest NixOS minimal ISO for `arch` among `images`, or undefined when
 * there is none (other ISOs and other architectures are ignored: an aarch64
 * installer does not boot in an x86_64 VM).
 */
export function newestNixosIso(images: readonly IsoImage[], arch = 'x86_64'): IsoImage | undefined {
  let newest: { image: IsoImage; name: NixosIsoName } | undefined;
  for (const image of images) {
    const name = parseNixosIsoName(image.fileName || isoFileName(image.volid));
    if (!name || name.arch !== arch) continue;
    if (!newest || compareNixosIsoNames(name, newest.name) > 0) newest = { image, name };
  }
  return newest?.image;
}
