import fc from 'fast-check';
import { centre, fit, fitRight, textWidth, truncate, wrap, wrapHanging } from '../../../src/widgets/text';

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

  it('breaks a word wider than the line after a colon or slash in its second half: a fingerprint between bytes', () => {
    const fingerprint = '41:C0:26:B9:00:69:5F:1A:48:45:7A:17:8E:A2:D6:A5:53:37:FA:85:C3:53:72:C8:50:F8:7E:E8:96:2D:9D:41';
    const lines = wrap(`SHA-256 ${fingerprint}`, 76);
    expect(lines).toEqual(['SHA-256', '41:C0:26:B9:00:69:5F:1A:48:45:7A:17:8E:A2:D6:A5:53:37:FA:85:C3:53:72:C8:50:', 'F8:7E:E8:96:2D:9D:41']);
    expect(wrap('x'.repeat(30), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(10)]);
  });

  it('keeps paragraphs', () => {
    expect(wrap('one\n\ntwo', 10)).toEqual(['one', '', 'two']);
  });

  it('breaks a long log line with a hanging indent, at spaces or after commas, never losing a character', () => {
    const line = "scsi0: successfully created disk 'ceph-pool:vm-106-disk-1,aio=io_uring,backup=1,format=raw,iothread=1,ssd=1'";
    expect(wrapHanging(line, 40)).toEqual([
      'scsi0: successfully created disk',
      "  'ceph-pool:vm-106-disk-1,aio=io_uring,",
      '  backup=1,format=raw,iothread=1,ssd=1\'',
    ]);
    expect(wrapHanging('transferred 0.0 B  of 1.0 MiB', 40)).toEqual(['transferred 0.0 B  of 1.0 MiB']);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 1, max: 60 }), (text, width) => {
        const rows = wrapHanging(text, width);
        for (const row of rows) expect(textWidth(row)).toBeLessThanOrEqual(width);
        expect(rows.map((row, at) => (at === 0 ? row : row.slice(Math.min(2, width - 1)))).join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      }),
    );
  });
});
