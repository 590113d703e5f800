import fc from 'fast-check';
import { centre, fit, fitRight, textWidth, truncate, wrap } from '../../../src/widgets/text';

describe('text fitting', () => {
  it('fits any text to exactly the width', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 120 }), (text, width) => {
        expect(textWidth(fit(text, width))).toBe(width);
        expect(textWidth(fitRight(text, width))).toBe(width);
        expect(textWidth(centre(text, width))).toBe(width);
      }),
    );
  });

  it('marks cut text with "~" and leaves short text alone', () => {
    expect(truncate('nixos-minimal-25.05.iso', 10)).toBe('nixos-min~');
    expect(truncate('short', 10)).toBe('short');
  });

  it('wraps words without losing any and without exceeding the width', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 30 }), fc.integer({ min: 1, max: 40 }), (words, width) => {
        const lines = wrap(words.join(' '), width);
        for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(width);
        expect(lines.join('').replace(/ /g, '')).toBe(words.join(''));
      }),
    );
  });

  it('keeps paragraphs', () => {
    expect(wrap('one\n\ntwo', 10)).toEqual(['one', '', 'two']);
  });
});
