/**
 * Colours and text attributes, by role. Widgets never name a colour: they ask
 * the theme for a role ('fieldFocused', 'error'). The colour theme uses only
 * the 8 ANSI colours (readable on 8-colour terminals such as TERM=screen and
 * the Linux console); the monochrome theme (NO_COLOR, https://no-color.org)
 * uses no colour at all and shows focus and selection with inverse video,
 * bold and underline, which every terminal has.
 */

/** The attributes of a run of cells (a subset of blessed's style). */
export interface CellStyle {
  readonly fg?: string;
  readonly bg?: string;
  readonly bold?: boolean;
  readonly underline?: boolean;
  readonly inverse?: boolean;
}

/** Every role a widget may paint. */
export type StyleRole =
  | 'text'
  | 'muted'
  | 'label'
  | 'labelFocused'
  | 'field'
  | 'fieldFocused'
  | 'cursor'
  | 'placeholder'
  | 'selection'
  | 'selectionFocused'
  | 'error'
  | 'warning'
  | 'success'
  | 'running'
  | 'header'
  | 'headerStep'
  | 'footerKey'
  | 'title'
  | 'button'
  | 'buttonFocused'
  | 'border'
  | 'borderFocused'
  | 'match';

/** What a widget gets to paint with. */
export interface Theme {
  /** True for NO_COLOR: no colour escape codes at all. */
  readonly monochrome: boolean;
  /** The attributes of a role. */
  style(role: StyleRole): CellStyle;
  /** `text` painted in `role`, as blessed tags; `text` is escaped (a `{` in an ISO name stays a `{`). */
  paint(role: StyleRole, text: string): string;
  /** Like `paint`, for text that already holds tags (nesting other painted runs). */
  paintTagged(role: StyleRole, taggedText: string): string;
  /** The style object for a blessed element option (`style: theme.elementStyle('border')`). */
  elementStyle(role: StyleRole): Record<string, unknown>;
}

const COLOUR_ROLES: Readonly<Record<StyleRole, CellStyle>> = {
  text: {},
  // Disabled fields and hints: blue is the dimmest of the 8 colours that stays readable on dark and light terminals.
  muted: { fg: 'blue' },
  label: {},
  labelFocused: { fg: 'cyan', bold: true },
  field: { underline: true },
  fieldFocused: { fg: 'black', bg: 'cyan' },
  cursor: { fg: 'black', bg: 'white' },
  placeholder: { fg: 'blue' },
  selection: { fg: 'white', bg: 'blue' },
  selectionFocused: { fg: 'black', bg: 'cyan' },
  error: { fg: 'red', bold: true },
  warning: { fg: 'yellow', bold: true },
  success: { fg: 'green', bold: true },
  running: { fg: 'cyan', bold: true },
  header: { fg: 'white', bg: 'blue' },
  headerStep: { fg: 'white', bg: 'blue', bold: true },
  footerKey: { fg: 'cyan', bold: true },
  title: { bold: true },
  button: {},
  buttonFocused: { fg: 'black', bg: 'cyan' },
  border: {},
  borderFocused: { fg: 'cyan' },
  match: { underline: true },
};

/** Focus and selection without colour: inverse for "you are here", underline for "chosen". */
const MONOCHROME_ROLES: Readonly<Record<StyleRole, CellStyle>> = {
  text: {},
  muted: {},
  label: {},
  labelFocused: { bold: true },
  field: { underline: true },
  fieldFocused: { inverse: true },
  cursor: { underline: true },
  placeholder: {},
  selection: { underline: true },
  selectionFocused: { inverse: true },
  error: { bold: true },
  warning: { bold: true },
  success: { bold: true },
  running: { bold: true },
  header: { inverse: true },
  headerStep: { inverse: true, bold: true },
  footerKey: { bold: true },
  title: { bold: true },
  button: {},
  buttonFocused: { inverse: true },
  border: {},
  borderFocused: { bold: true },
  match: { underline: true },
};

/** Options of `createTheme`. */
export interface ThemeOptions {
  /** Drop every colour (NO_COLOR). */
  readonly monochrome: boolean;
  /** Colours the terminal has (blessed's `tput.colors`); fewer than 8 means monochrome. */
  readonly colors?: number;
}

/** With 16 colours or more, grey (bright black) reads as "not active" better than blue. */
const MANY_COLOUR_ROLES: Readonly<Record<StyleRole, CellStyle>> = { ...COLOUR_ROLES, muted: { fg: 'gray' } };

/** Builds the theme for a terminal. */
export function createTheme(options: ThemeOptions): Theme {
  const monochrome = options.monochrome || (options.colors !== undefined && options.colors < 8);
  if (monochrome) return new TagTheme(MONOCHROME_ROLES, true);
  return new TagTheme(options.colors !== undefined && options.colors >= 16 ? MANY_COLOUR_ROLES : COLOUR_ROLES, false);
}

/** blessed tags are `{name}`; a literal brace must be written `{open}` / `{close}`. */
export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (brace) => (brace === '{' ? '{open}' : '{close}'));
}

class TagTheme implements Theme {
  private readonly tags = new Map<StyleRole, readonly [string, string]>();

  constructor(
    private readonly roles: Readonly<Record<StyleRole, CellStyle>>,
    readonly monochrome: boolean,
  ) {}

  style(role: StyleRole): CellStyle {
    return this.roles[role];
  }

  paint(role: StyleRole, text: string): string {
    return this.paintTagged(role, escapeTags(text));
  }

  paintTagged(role: StyleRole, taggedText: string): string {
    if (taggedText === '') return '';
    const [open, close] = this.tagsOf(role);
    return `${open}${taggedText}${close}`;
  }

  elementStyle(role: StyleRole): Record<string, unknown> {
    return { ...this.roles[role] };
  }

  private tagsOf(role: StyleRole): readonly [string, string] {
    let pair = this.tags.get(role);
    if (!pair) {
      pair = tagPair(this.roles[role]);
      this.tags.set(role, pair);
    }
    return pair;
  }
}

/** Opening and closing blessed tags for a style; closing in reverse order so runs nest. */
function tagPair(style: CellStyle): readonly [string, string] {
  const names: string[] = [];
  if (style.fg) names.push(`${style.fg}-fg`);
  if (style.bg) names.push(`${style.bg}-bg`);
  if (style.bold) names.push('bold');
  if (style.underline) names.push('underline');
  if (style.inverse) names.push('inverse');
  const open = names.map((name) => `{${name}}`).join('');
  const close = [...names].reverse().map((name) => `{/${name}}`).join('');
  return [open, close];
}
