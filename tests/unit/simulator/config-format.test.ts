/**
 * How the simulated qemu-server writes tags: pve-guest-common get_unique_tags
 * lower-cases them unless the datacenter's tag-style is case-sensitive, and
 * sorts them unless its ordering is `config`.
 */
import { uniqueTags } from '../../../mocks/simulator/qemu/config-format';

describe('uniqueTags', () => {
  test.each([
    [{}, 'Web;nixos;web;Alpha', 'alpha;nixos;web'],
    [{ ordering: 'alphabetical' }, 'b,a c', 'a;b;c'],
    [{ ordering: 'config' }, 'Web;nixos;web;Alpha', 'web;nixos;alpha'],
    [{ caseSensitive: true }, 'Web;nixos;web;Alpha', 'Alpha;Web;nixos;web'],
    [{ caseSensitive: true, ordering: 'config' }, 'Web;nixos;web;Web', 'Web;nixos;web'],
    [{}, '', ''],
  ])('tag-style %j: %j -> %j', (style, tags, expected) => {
    expect(uniqueTags(tags, style)).toBe(expected);
  });
});
