/** The storage choices the OS, System and Disks steps offer, from the chosen node's facts. */
import type { StorageContent, StorageInfo } from '../workflow/cluster-facts';
import { storageHolds } from '../workflow/cluster-picks';
import type { WizardStore } from '../workflow/wizard-store';
import type { ListItem } from '../widgets/filter-model';
import { formatBytes } from './format';

/** Storages of the chosen node that hold `content`, with their type and free space. */
export function storageItems(store: WizardStore, content: StorageContent): ListItem<string>[] {
  const node = store.config.general.node;
  const storages: readonly StorageInfo[] = store.state.facts.nodeFacts[node]?.storages ?? [];
  return storages.filter((storage) => storageHolds(storage, content)).map(storageItem);
}

function storageItem(storage: StorageInfo): ListItem<string> {
  const free = storage.availableBytes !== undefined ? `${formatBytes(storage.availableBytes)} free` : '';
  return { value: storage.id, label: storage.id, detail: [storage.type, free].filter(Boolean).join(', ') };
}
