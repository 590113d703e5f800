/**
 * Answers-file fuzzing (fast-check): random files through
 * `main(--demo --dry-run --answers FILE)`: valid answers with random
 * corruptions (wrong types, unknown keys, out-of-range numbers, huge strings,
 * deep nesting), arbitrary JSON, and text that is not JSON. Every run ends
 * with 0 (the plan on stdout) or 2 with a message naming the file and the
 * path of the problem; never 1, 3 or 70, and main never throws.
 *
 * Deterministic by default; FUZZ_SEED=n and FUZZ_RUNS=n change it.
 */
import * as fc from 'fast-check';
import { runCli, Workspace } from './harness';

jest.setTimeout(120_000);

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

/** docs/cli.md's complete example: every key, valid on the demo cluster. */
const VALID = {
  version: 1,
  general: { node: 'pve2', vmid: 123, name: 'web-1', pool: 'prod', tags: ['web', 'nixos'], ha: true, onboot: false, startup: { order: 1, up: 30, down: 60 } },
  os: { media: 'iso', isoStorage: 'cephfs', guestType: 'linux', ostype: 'l26' },
  system: { machine: 'q35', bios: 'ovmf', efiDisk: true, efiStorage: 'ceph-pool', preEnrolledKeys: false, scsihw: 'virtio-scsi-single', agent: true },
  disks: [{ bus: 'scsi', index: 0, storage: 'ceph-pool', sizeGiB: 32, format: 'raw', cache: 'none', discard: false, iothread: true, ssd: true, backup: true, aio: 'io_uring' }],
  cpu: { sockets: 1, cores: 2, type: 'host' },
  memory: { memoryMiB: 2048, minMemoryMiB: 2048, ballooning: true, ksm: true },
  network: { enabled: true, bridge: 'vmbr9', vlan: null, model: 'virtio', mac: null, firewall: true, linkDown: false, mtu: null, rateMBps: null, queues: null },
  confirm: { start: false },
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every place in a JSON value down to the answers file's depth: [] is the root, ['disks', 0, 'sizeGiB'] a leaf. */
function placesOf(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  // Deeper than any answers key: a corruption's deep nesting, not a place worth breaking again.
  if (at.length >= 4) return here;
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, index) => placesOf(item, [...at, index]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, item]) => placesOf(item, [...at, key]))];
  return here;
}

/** A copy of `value` with `replace` applied at `place`. */
function changedAt(value: Json, place: readonly (string | number)[], replace: (old: Json) => Json): Json {
  if (place.length === 0) return replace(value);
  const [head, ...rest] = place;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? changedAt(item, rest, replace) : item));
  if (value && typeof value === 'object') return { ...value, [head]: changedAt((value as Record<string, Json>)[head], rest, replace) };
  return value;
}

/** `depth` levels of arrays or objects around a leaf. */
const nested = (depth: number, asArray: boolean): Json => {
  let value: Json = 1;
  for (let level = 0; level < depth; level++) value = asArray ? [value] : { deeper: value };
  return value;
};

/** A value that does not belong: another type, a number out of range, a huge string, deep nesting. */
const badValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, '', 'yes', '42', [], {}, [1, 'two'], { nested: { thing: 1 } }),
  fc.constantFrom<Json>(-1, 0, 0.5, -0.0001, 1e308, -1e308, 4095, 65536, 2 ** 53 + 2, 99999999999),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 1_000, max: 100_000 }).map((length) => 'x'.repeat(length)),
  fc.tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean()).map(([depth, asArray]) => nested(depth, asArray)),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

/** A valid file with one to three things broken. */
const corrupted: fc.Arbitrary<Json> = fc
  .array(fc.tuple(fc.nat(), fc.oneof(badValue.map((bad) => ({ kind: 'replace' as const, bad })), fc.string({ minLength: 1, maxLength: 12 }).map((key) => ({ kind: 'unknown-key' as const, key })))), {
    minLength: 1,
    maxLength: 3,
  })
  .map((changes) =>
    changes.reduce<Json>((file, [pick, change]) => {
      const places = placesOf(file);
      const place = places[pick % places.length];
      if (change.kind === 'replace') return changedAt(file, place, () => change.bad);
      return changedAt(file, place, (old) => (old && typeof old === 'object' && !Array.isArray(old) ? { ...old, [change.key]: 1 } : old));
    }, VALID as Json),
  );

/** Some of a valid file's keys, as a file that leaves the rest to the defaults. */
const partial: fc.Arbitrary<Json> = fc.subarray(Object.keys(VALID)).map((keys) => Object.fromEntries(keys.map((key) => [key, (VALID as Record<string, Json>)[key]])));

/** The file's text. */
const fileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: corrupted.map((json) => JSON.stringify(json)) },
  { weight: 2, arbitrary: partial.map((json) => JSON.stringify(json)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((json) => JSON.stringify(json)) },
  { weight: 1, arbitrary: fc.tuple(fc.constant(JSON.stringify(VALID)), fc.nat()).map(([text, cut]) => text.slice(0, cut % text.length)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

describe('random answers files through --demo --dry-run', () => {
  let workspace: Workspace;
  beforeAll(() => {
    workspace = new Workspace();
  });
  afterAll(() => workspace.remove());

  it(`end with 0 and a plan, or 2 naming the file and the path; never anything else (${RUNS} files, seed ${SEED})`, async () => {
    let file = 0;
    await fc.assert(
      fc.asyncProperty(fileText, async (text) => {
        const answers = workspace.file(`answers-${file++}.json`, text);
        const run = await runCli(workspace, ['--demo', '--dry-run', '--answers', answers]);
        if (run.code === 0) {
          expect(run.stdout).toMatch(/POST \/nodes\/\S+\/qemu/);
          return;
        }
        expect({ code: run.code, stderr: run.stderr.slice(0, 400) }).toMatchObject({ code: 2 });
        expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n|TypeError|RangeError|crashed/);
        // Which file, and where in it: a key path (general.vmid, disks[0].sizeGiB, (root)), or that it is not JSON.
        const message = run.stderr.split('\n').find((line) => line.startsWith('pve-vm-tui: ')) ?? '';
        expect(message).toContain(answers);
        expect(message).toMatch(/: (not valid JSON|\(root\): |([A-Za-z_$][\w$-]*|\[".*?"\])(\.[\w$-]+|\[\d+\]|\[".*?"\])*: )/);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
