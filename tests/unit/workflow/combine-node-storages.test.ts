import { combineNodeStorages, type StorageInfo } from '../../../src/workflow/cluster-facts';

const storage = (id: string, content: StorageInfo['content']): StorageInfo => ({ id, type: 'dir', content, active: true, enabled: true, shared: false });

describe('combineNodeStorages', () => {
  it('keeps a storage listed for ISO images and for disks once, in ID order', () => {
    const iso = [storage('local', ['iso', 'images']), storage('cephfs', ['iso'])];
    const images = [storage('local', ['iso', 'images']), storage('ceph-pool', ['images'])];
    expect(combineNodeStorages(iso, images).map((entry) => entry.id)).toEqual(['ceph-pool', 'cephfs', 'local']);
  });

  it('is empty when the node lists none', () => {
    expect(combineNodeStorages([], [])).toEqual([]);
  });
});
