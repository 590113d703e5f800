import * as blessed from 'blessed';

/** A bordered panel with a title and a paragraph, centred on its parent. */
export function noticePanel(parent: blessed.Widgets.Node, title: string, text: string): blessed.Widgets.BoxElement {
  return blessed.box({
    parent,
    top: 'center',
    left: 'center',
    width: '80%',
    height: 9,
    border: { type: 'line' },
    label: ` ${title} `,
    tags: false,
    padding: { left: 1, right: 1 },
    content: text,
  });
}
