import { createTheme, escapeTags } from '../../../src/widgets/theme';

const ROLES = ['text', 'muted', 'fieldFocused', 'selectionFocused', 'error', 'header', 'buttonFocused', 'cursor'] as const;

describe('theme', () => {
  it('uses no colour at all in monochrome (NO_COLOR)', () => {
    const theme = createTheme({ monochrome: true });
    for (const role of ROLES) {
      expect(theme.style(role).fg).toBeUndefined();
      expect(theme.style(role).bg).toBeUndefined();
      expect(theme.paint(role, 'x')).not.toMatch(/-(fg|bg)\}/);
    }
  });

  it('shows focus without colour by inverse video', () => {
    const theme = createTheme({ monochrome: true });
    expect(theme.style('fieldFocused').inverse).toBe(true);
    expect(theme.style('selectionFocused').inverse).toBe(true);
    expect(theme.style('buttonFocused').inverse).toBe(true);
  });

  it('uses only the 8 ANSI colours in colour', () => {
    const theme = createTheme({ monochrome: false });
    const eight = new Set(['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white']);
    for (const role of ROLES) {
      const style = theme.style(role);
      for (const colour of [style.fg, style.bg]) if (colour) expect(eight.has(colour)).toBe(true);
    }
  });

  it('paints disabled and secondary text (muted) apart from normal text, and never invisibly', () => {
    const eightColours = createTheme({ monochrome: false, colors: 8 });
    expect(eightColours.style('muted')).not.toEqual(eightColours.style('text'));
    expect(eightColours.style('muted').fg).not.toBe('black');
    // With 16 colours or more grey is available: the usual look of "not active".
    expect(createTheme({ monochrome: false, colors: 256 }).style('muted')).toEqual({ fg: 'gray' });
    // Without colour an enabled field is underlined and a disabled one is not.
    const mono = createTheme({ monochrome: true });
    expect(mono.style('field').underline).toBe(true);
    expect(mono.style('muted').underline).toBeUndefined();
  });

  it('falls back to monochrome on terminals with fewer than 8 colours', () => {
    expect(createTheme({ monochrome: false, colors: 2 }).monochrome).toBe(true);
    expect(createTheme({ monochrome: false, colors: 256 }).monochrome).toBe(false);
  });

  it('escapes braces so text never turns into tags', () => {
    expect(escapeTags('a{bold}b}')).toBe('a{open}bold{close}b{close}');
    expect(createTheme({ monochrome: true }).paint('error', '{x}')).toBe('{bold}{open}x{close}{/bold}');
  });
});
