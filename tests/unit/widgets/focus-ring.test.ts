import { FocusRing } from '../../../src/widgets/focus-ring';
import { LayerStack } from '../../../src/widgets/layer-stack';
import type { KeyPress } from '../../../src/widgets/keys';
import { RenderScheduler } from '../../../src/widgets/render-scheduler';
import type { Focusable, Layer } from '../../../src/widgets/widget';

function item(name: string, focusable = true): Focusable & { focused: boolean; enabled: boolean } {
  return {
    focusName: name,
    focused: false,
    enabled: focusable,
    canFocus() {
      return this.enabled;
    },
    setFocused(focused: boolean) {
      this.focused = focused;
    },
    handleKey: () => false,
    keyHints: () => [],
  };
}

const key = (full: string): KeyPress => ({ full, ctrl: false, meta: false });

describe('FocusRing', () => {
  it('moves forward and back, wrapping, and skips what cannot take the focus', () => {
    const ring = new FocusRing();
    const [a, b, c] = [item('a'), item('b', false), item('c')];
    [a, b, c].forEach((entry) => ring.add(entry));
    ring.focusFirst();
    expect(ring.current?.focusName).toBe('a');
    ring.next();
    expect(ring.current?.focusName).toBe('c');
    ring.next();
    expect(ring.current?.focusName).toBe('a');
    ring.previous();
    expect(ring.current?.focusName).toBe('c');
    expect(a.focused).toBe(false);
    expect(c.focused).toBe(true);
  });

  it('tells listeners where the focus went, and repairs a focus that became hidden', () => {
    const ring = new FocusRing();
    const [a, b] = [item('a'), item('b')];
    ring.add(a);
    ring.add(b);
    const seen: (string | undefined)[] = [];
    ring.onDidChangeFocus((focused) => seen.push(focused?.focusName));
    ring.focus(a);
    a.enabled = false;
    ring.repair();
    expect(seen).toEqual(['a', 'b']);
  });

  it('refuses to focus an item that cannot take it, and forgets removed items', () => {
    const ring = new FocusRing();
    const hidden = item('hidden', false);
    const shown = item('shown');
    const removal = ring.add(hidden);
    ring.add(shown);
    expect(ring.focus(hidden)).toBe(false);
    ring.focus(shown);
    removal.dispose();
    expect(ring.all.map((entry) => entry.focusName)).toEqual(['shown']);
  });
});

describe('LayerStack', () => {
  function layer(name: string, uses: string[] = []): Layer & { dismissed: number } {
    return { name, dismissed: 0, handleKey: (press) => uses.includes(press.full), keyHints: () => [], dismiss() {
      this.dismissed++;
    } };
  }

  it('gives keys to the top layer only and closes it on an unused Esc', () => {
    const stack = new LayerStack();
    const bottom = layer('bottom');
    const top = layer('top');
    stack.open(bottom);
    const handle = stack.open(top);
    expect(stack.handleKey(key('x'))).toBe(true);
    stack.handleKey(key('escape'));
    expect(top.dismissed).toBe(1);
    expect(bottom.dismissed).toBe(0);
    handle.dispose();
    expect(stack.top?.name).toBe('bottom');
  });

  it('lets a layer keep Esc for itself (a list clearing its filter)', () => {
    const stack = new LayerStack();
    const list = layer('list', ['escape']);
    stack.open(list);
    stack.handleKey(key('escape'));
    expect(list.dismissed).toBe(0);
  });

  it('passes keys on when no layer is open', () => {
    expect(new LayerStack().handleKey(key('a'))).toBe(false);
  });
});

describe('RenderScheduler', () => {
  it('draws once for many requests in one turn', () => {
    let frames = 0;
    const deferred: (() => void)[] = [];
    const scheduler = new RenderScheduler(
      () => frames++,
      (callback) => deferred.push(callback),
    );
    scheduler.request();
    scheduler.request();
    scheduler.request();
    expect(deferred).toHaveLength(1);
    deferred[0]();
    expect(frames).toBe(1);
    expect(scheduler.pending).toBe(false);
  });
});
