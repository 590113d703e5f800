import { isPrintable, keyLabel, keysLabel, matchesKey, normaliseKeyPress } from '../../../src/widgets/keys';

describe('keys', () => {
  it('counts a carriage return once: blessed reports it as enter, then as return', () => {
    expect(normaliseKeyPress('\r', { name: 'enter', full: 'enter', sequence: '\r' })?.full).toBe('enter');
    expect(normaliseKeyPress('\r', { name: 'return', full: 'return', sequence: '\r' })).toBeUndefined();
    expect(normaliseKeyPress('\n', { name: 'linefeed', full: 'linefeed', sequence: '\n' })?.full).toBe('enter');
  });

  it('marks typed characters printable and control keys not', () => {
    expect(isPrintable(normaliseKeyPress('a', { name: 'a', full: 'a' })!)).toBe(true);
    expect(isPrintable(normaliseKeyPress('?', { full: '?' })!)).toBe(true);
    expect(isPrintable(normaliseKeyPress(' ', { name: 'space', full: 'space' })!)).toBe(true);
    expect(isPrintable(normaliseKeyPress('\x0e', { name: 'n', ctrl: true, full: 'C-n' })!)).toBe(false);
    expect(isPrintable(normaliseKeyPress('\t', { name: 'tab', full: 'tab' })!)).toBe(false);
    expect(isPrintable(normaliseKeyPress(undefined, { name: 'f10', full: 'f10' })!)).toBe(false);
  });

  it('matches by blessed full name', () => {
    const key = normaliseKeyPress(undefined, { name: 'f10', full: 'f10' })!;
    expect(matchesKey(key, ['C-n', 'f10'])).toBe(true);
    expect(matchesKey(key, ['f1'])).toBe(false);
  });

  it('labels keys the way cli.md writes them', () => {
    expect(keyLabel('C-n')).toBe('Ctrl-N');
    expect(keyLabel('f10')).toBe('F10');
    expect(keyLabel('S-tab')).toBe('Shift-Tab');
    expect(keyLabel('escape')).toBe('Esc');
    expect(keyLabel('M-x')).toBe('Alt-x');
    expect(keyLabel('S-a')).toBe('A');
    expect(keyLabel('?')).toBe('?');
    expect(keysLabel(['C-q', 'C-c'])).toBe('Ctrl-Q/Ctrl-C');
  });
});
