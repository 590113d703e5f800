import { compareNixosIsoNames, isNixosIso, isoFileName, newestNixosIso, parseNixosIsoName } from '../../../src/workflow/nixos-iso';
import { iso, NEWEST_NIXOS, NIXOS_ISOS, OTHER_ISOS } from './helpers/facts';

describe('parseNixosIsoName', () => {
  it('reads release, build, revision and architecture of a stable ISO', () => {
    expect(parseNixosIsoName('nixos-minimal-25.05.806273.992f916556fc-x86_64-linux.iso')).toEqual({
      year: 25,
      month: 5,
      channel: 'stable',
      build: 806273,
      revision: '992f916556fc',
      arch: 'x86_64',
    });
  });

  it('reads pre-release and beta names', () => {
    expect(parseNixosIsoName('nixos-minimal-25.11pre812345.a1b2c3d4e5f6-x86_64-linux.iso')).toMatchObject({ year: 25, month: 11, channel: 'pre', build: 812345 });
    expect(parseNixosIsoName('nixos-minimal-25.11beta1234.a1b2c3d4e5f6-aarch64-linux.iso')).toMatchObject({ channel: 'beta', build: 1234, arch: 'aarch64' });
  });

  it.each([...OTHER_ISOS, 'nixos-graphical-25.05.806273.992f916556fc-x86_64-linux.iso', 'nixos-minimal-25.05.806273.992f916556fc-x86_64-linux.iso.part', 'nixos-minimal-25.05-x86_64-linux.iso'])(
    'ignores %s',
    (name) => {
      expect(parseNixosIsoName(name)).toBeUndefined();
    },
  );
});

describe('compareNixosIsoNames', () => {
  const name = (fileName: string) => {
    const parsed = parseNixosIsoName(fileName);
    if (!parsed) throw new Error(fileName);
    return parsed;
  };

  it('orders releases 24.11 < 25.05 < 25.11 whatever the build numbers', () => {
    const older = name('nixos-minimal-25.05.806273.992f916556fc-x86_64-linux.iso');
    const newer = name('nixos-minimal-25.11.1948.9c4d6e5a7b8f-x86_64-linux.iso');
    const oldest = name('nixos-minimal-24.11.719113.50ab793786d9-x86_64-linux.iso');
    expect(compareNixosIsoNames(newer, older)).toBeGreaterThan(0);
    expect(compareNixosIsoNames(older, oldest)).toBeGreaterThan(0);
  });

  it('orders builds of one release numerically, not as text', () => {
    const lower = name('nixos-minimal-25.05.99999.1111111aaaaa-x86_64-linux.iso');
    const higher = name('nixos-minimal-25.05.100000.2222222bbbbb-x86_64-linux.iso');
    expect(compareNixosIsoNames(higher, lower)).toBeGreaterThan(0);
    expect('nixos-minimal-25.05.99999' > 'nixos-minimal-25.05.100000').toBe(true); // why text comparison is wrong
  });

  it('puts a release after its pre-releases and betas', () => {
    const pre = name('nixos-minimal-25.11pre900000.a1b2c3d4e5f6-x86_64-linux.iso');
    const beta = name('nixos-minimal-25.11beta10.a1b2c3d4e5f6-x86_64-linux.iso');
    const stable = name('nixos-minimal-25.11.5.a1b2c3d4e5f6-x86_64-linux.iso');
    expect(compareNixosIsoNames(beta, pre)).toBeGreaterThan(0);
    expect(compareNixosIsoNames(stable, beta)).toBeGreaterThan(0);
  });
});

describe('newestNixosIso', () => {
  const images = [...NIXOS_ISOS, ...OTHER_ISOS].map((fileName) => iso('cephfs', fileName));

  it('picks the newest x86_64 minimal ISO among real-looking names', () => {
    expect(newestNixosIso(images)?.fileName).toBe(NEWEST_NIXOS);
  });

  it('picks by architecture', () => {
    expect(newestNixosIso(images, 'aarch64')?.fileName).toBe('nixos-minimal-25.11.2210.0d5e0c3b1a2f-aarch64-linux.iso');
  });

  it('returns undefined when only other ISOs exist', () => {
    expect(newestNixosIso(OTHER_ISOS.map((fileName) => iso('local', fileName)))).toBeUndefined();
  });

  it('does not depend on list order', () => {
    expect(newestNixosIso([...images].reverse())?.fileName).toBe(NEWEST_NIXOS);
  });
});

describe('isNixosIso / isoFileName', () => {
  it('takes the file name out of a volume ID', () => {
    expect(isoFileName(`cephfs:iso/${NEWEST_NIXOS}`)).toBe(NEWEST_NIXOS);
    expect(isNixosIso(`cephfs:iso/${NEWEST_NIXOS}`)).toBe(true);
    expect(isNixosIso('local:iso/debian-12.0.0-amd64-netinst.iso')).toBe(false);
  });
});
