import fc from 'fast-check';
import { FilterModel, type ListItem } from '../../../src/widgets/filter-model';

const items = (labels: readonly string[]): ListItem<string>[] => labels.map((label) => ({ value: label, label }));

describe('FilterModel', () => {
  it('matches every word of the query, in any order, ignoring case', () => {
    const model = new FilterModel<string>();
    model.setItems(items(['nixos-minimal-25.05-x86_64.iso', 'nixos-minimal-24.11-x86_64.iso', 'debian-12.iso']));
    model.setQuery('25.05 NIXOS');
    expect(model.matchCount).toBe(1);
    expect(model.highlightedItem?.label).toBe('nixos-minimal-25.05-x86_64.iso');
  });

  it('searches the detail too', () => {
    const model = new FilterModel<string>();
    model.setItems([{ value: 'pve3', label: 'pve3', detail: 'offline' }, { value: 'pve1', label: 'pve1', detail: 'online' }]);
    model.setQuery('offline');
    expect(model.highlightedItem?.value).toBe('pve3');
  });

  it('gives the same matches typed key by key as typed at once (the narrowing shortcut is exact)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-c .-]{0,8}$/), { maxLength: 40 }), fc.stringMatching(/^[a-c ]{0,6}$/), (labels, query) => {
        const typed = new FilterModel<string>();
        typed.setItems(items(labels));
        for (let length = 1; length <= query.length; length++) typed.setQuery(query.slice(0, length));
        const direct = new FilterModel<string>();
        direct.setItems(items(labels));
        direct.setQuery(query);
        const all = (model: FilterModel<string>) => Array.from({ length: model.matchCount }, (_, at) => model.matchAt(at)?.label);
        expect(all(typed)).toEqual(all(direct));
      }),
    );
  });

  it('widens again when the query gets shorter', () => {
    const model = new FilterModel<string>();
    model.setItems(items(['alpha', 'beta', 'gamma']));
    model.setQuery('alp');
    expect(model.matchCount).toBe(1);
    model.setQuery('a');
    expect(model.matchCount).toBe(3);
  });

  it('keeps the highlighted value when the query or the items change', () => {
    const model = new FilterModel<string>();
    model.setItems(items(['vmbr0', 'vmbr1', 'vmbr9']));
    model.highlightValue('vmbr9');
    model.setQuery('vmbr');
    expect(model.highlightedItem?.value).toBe('vmbr9');
    model.setItems(items(['vmbr9', 'vmbr10']));
    expect(model.highlightedItem?.value).toBe('vmbr9');
  });

  it('clamps moves and scrolls the window to the highlight', () => {
    const model = new FilterModel<string>();
    model.setItems(items(Array.from({ length: 100 }, (_, at) => `item-${at}`)));
    model.move(-5);
    expect(model.highlighted).toBe(0);
    model.moveTo(50);
    expect(model.scrollIntoView(10)).toBe(41);
    model.move(1000);
    expect(model.highlighted).toBe(99);
    expect(model.scrollIntoView(10)).toBe(90);
    model.moveTo(0);
    expect(model.scrollIntoView(10)).toBe(0);
  });
});
