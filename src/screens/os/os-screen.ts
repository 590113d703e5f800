/**
 * The OS step: the CD/DVD media (an ISO image, the host's physical drive, or
 * none), the ISO storage and its ISO images in a list that filters as you
 * type (thousands of images stay fast), and the guest OS type and version.
 * The ISO list has its own loading / empty / error state: the rest of the
 * step stays usable while another storage's list loads.
 */
import type { IsoImage } from '../../workflow/cluster-facts';
import { GUEST_OS_TYPES, guestOsType } from '../../workflow/os-types';
import type { GuestType } from '../../workflow/vm-config.codec';
import { setGuestType, setIso, setIsoStorage, setMedia, setOstype } from '../../workflow/wizard-actions';
import type { WizardStore } from '../../workflow/wizard-store';
import type { ListItem } from '../../widgets/filter-model';
import type { FormLayout } from '../../widgets/form-layout';
import type { SelectList } from '../../widgets/select-list';
import type { StateView } from '../../widgets/state-view';
import { errorInfo } from '../error-messages';
import { storageItems } from '../storage-items';
import { WizardStep } from '../wizard-step';

/** The OS step. */
export class OsScreen extends WizardStep {
  readonly id = 'os';
  readonly title = 'OS';
  readonly step = 'os';
  /** The fields show while the ISO list loads in its place; Next waits for it (the ISO is chosen from it). */
  protected override readonly leaveNeeds = 'everything';
  /** The ISO list's items are built once per loaded list (thousands of images). */
  private itemsFor: { readonly images: readonly IsoImage[]; readonly items: ListItem<string>[] } | undefined;
  /** What the ISO list's state view shows now, so an unchanged state is not set again. */
  private listState = '';

  protected buildFields(form: FormLayout, store: WizardStore): void {
    this.bindRadio(
      form,
      'os.media',
      {
        label: 'Media',
        options: [
          { value: 'iso', label: 'ISO image' },
          { value: 'drive', label: 'Physical drive' },
          { value: 'none', label: 'None' },
        ],
      },
      (c) => c.os.media,
      setMedia,
    );
    this.bindDropdown(form, 'os.isoStorage', { label: 'ISO storage', placeholder: 'choose a storage' }, (s) => storageItems(s, 'iso'), (c) => c.os.isoStorage, setIsoStorage, notIso);
    this.bindIsoList(form, store);
    const types = GUEST_OS_TYPES.map((type) => ({ value: type.guestType, label: type.label }));
    this.bindDropdown<GuestType>(form, 'os.guestType', { label: 'Guest OS' }, () => types, (c) => c.os.guestType, setGuestType);
    this.bindDropdown(form, 'os.ostype', { label: 'Version' }, versionItems, (c) => c.os.ostype, setOstype);
  }

  override unmount(): void {
    // The next visit builds a new, empty list: it must be filled again.
    this.itemsFor = undefined;
    this.listState = '';
    super.unmount();
  }

  private bindIsoList(form: FormLayout, store: WizardStore): void {
    const list = form.select<string>('os.iso', { label: 'ISO image', value: store.config.os.iso ?? undefined, rows: 8, emptyText: 'No ISO images here.' }, { fill: true });
    list.onDidChange((volid) => {
      if (volid !== undefined) this.edit('os.iso', setIso(volid));
    });
    const state = form.loadState('os.iso');
    this.onSync(() => this.syncIsoList(list, state));
  }

  /** The list shows the chosen storage's images, or why it cannot. */
  private syncIsoList(list: SelectList<string>, state: StateView): void {
    const { config, state: wizardState } = this.store;
    const { node } = config.general;
    const storage = config.os.isoStorage;
    const images = storage ? wizardState.facts.nodeFacts[node]?.isoImages[storage] : undefined;
    list.setDisabled(config.os.media !== 'iso');
    if (images) {
      if (this.itemsFor?.images !== images) {
        this.itemsFor = { images, items: isoItems(images) };
        list.setItems(this.itemsFor.items);
      }
      if (list.value !== (config.os.iso ?? undefined)) list.value = config.os.iso ?? undefined;
    }
    if (config.os.media !== 'iso' || !storage) return this.setListState(state, 'ready', () => state.showReady());
    const status = this.wizard.isoListStatus(node, storage);
    if (status.kind === 'failed') return this.setListState(state, `failed ${storage}`, () => state.showError(errorInfo(status.error, status.retry, { inline: true })));
    if (!images) return this.setListState(state, `loading ${storage}`, () => state.showLoading(`ISO images on ${storage}`));
    if (images.length === 0) {
      return this.setListState(state, `empty ${storage}`, () =>
        state.showEmpty({
          title: `No ISO images on ${storage}.`,
          hint: 'Upload one in the web UI (the storage\'s "ISO Images"), choose another ISO storage, or set Media to None.',
        }),
      );
    }
    this.setListState(state, 'ready', () => state.showReady());
  }

  private setListState(state: StateView, key: string, show: () => void): void {
    if (this.listState === key && !(key === 'ready' && state.current.kind !== 'ready')) return;
    this.listState = key;
    show();
  }
}

const notIso = (c: { readonly os: { readonly media: string } }): boolean => c.os.media !== 'iso';

/** ISO images by file name (no size beside it: at 80 columns the whole name is worth more). */
function isoItems(images: readonly IsoImage[]): ListItem<string>[] {
  return [...images].sort((a, b) => a.fileName.localeCompare(b.fileName)).map((image) => ({ value: image.volid, label: image.fileName }));
}

/** The versions of the chosen guest type, with their `ostype`. */
function versionItems(store: WizardStore): ListItem<string>[] {
  return guestOsType(store.config.os.guestType).versions.map((version) => ({ value: version.ostype, label: version.label, detail: version.ostype }));
}
