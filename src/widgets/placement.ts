import * as blessed from 'blessed';
import type { Widgets } from 'blessed';

/** Where a widget goes: its parent element and its position in it (blessed units: cells, '50%', '100%-20'). */
export interface Placement {
  /** The element (or screen) to draw in. */
  readonly parent: Widgets.Node;
  /** Row offset in the parent (default 0). */
  readonly top?: number | string;
  /** Column offset in the parent (default 0). */
  readonly left?: number | string;
  /** Width (default: the rest of the parent's width). */
  readonly width?: number | string;
  /** Height (default: the widget's own choice, usually 1). */
  readonly height?: number | string;
}

/**
 * A borderless box that shows pre-fitted, tagged lines and never wraps: the
 * building block of every widget here. Extra blessed options may be passed
 * for borders and labels.
 */
export function textBox(placement: Placement, extra: Widgets.BoxOptions = {}): Widgets.BoxElement {
  return blessed.box({
    parent: placement.parent,
    top: placement.top ?? 0,
    left: placement.left ?? 0,
    width: placement.width ?? '100%',
    height: placement.height ?? 1,
    tags: true,
    wrap: false,
    ...extra,
  } as Widgets.BoxOptions);
}
