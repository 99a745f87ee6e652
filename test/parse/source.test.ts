import { describe, expect, it } from 'vitest';
import { computeLineStarts, createSourceFile, decodeBuffer, detectEol } from '../../server/src/model/source.js';

describe('createSourceFile', () => {
  it('strips the BOM and records it', () => {
    const f = createSourceFile('a.md', '\uFEFF# Title\n');
    expect(f.hasBom).toBe(true);
    expect(f.text).toBe('# Title\n');
    const g = createSourceFile('b.md', '# Title\n');
    expect(g.hasBom).toBe(false);
    expect(g.text).toBe('# Title\n');
  });

  it('detects the dominant line ending', () => {
    expect(createSourceFile('a', 'a\r\nb\r\nc\n').eol).toBe('\r\n');
    expect(createSourceFile('a', 'a\nb\nc\r\n').eol).toBe('\n');
    expect(createSourceFile('a', 'no breaks').eol).toBe('\n');
    expect(detectEol('a\r\n')).toBe('\r\n');
  });

  it('counts CRLF as one break and lone CR as a break', () => {
    expect(computeLineStarts('a\r\nb\rc\nd')).toEqual([0, 3, 5, 7]);
    expect(computeLineStarts('')).toEqual([0]);
    expect(computeLineStarts('x\n')).toEqual([0, 2]);
    expect(computeLineStarts('\r\n\r\n')).toEqual([0, 2, 4]);
  });

  it('converts offsets and positions in UTF-16 code units', () => {
    // "😀" is two UTF-16 code units
    const f = createSourceFile('a.md', 'ab\r\n😀x\rlast');
    expect(f.lines.lineStarts).toEqual([0, 4, 8]);
    expect(f.lines.positionAt(0)).toEqual({ line: 0, character: 0 });
    expect(f.lines.positionAt(2)).toEqual({ line: 0, character: 2 });
    expect(f.lines.positionAt(4)).toEqual({ line: 1, character: 0 });
    expect(f.lines.positionAt(6)).toEqual({ line: 1, character: 2 }); // the "x" after the emoji
    expect(f.lines.positionAt(8)).toEqual({ line: 2, character: 0 });
    expect(f.lines.positionAt(12)).toEqual({ line: 2, character: 4 });
    expect(f.lines.offsetAt({ line: 1, character: 2 })).toBe(6);
    expect(f.lines.offsetAt({ line: 2, character: 4 })).toBe(12);
  });

  it('clamps out-of-range offsets and positions', () => {
    const f = createSourceFile('a.md', 'one\ntwo');
    expect(f.lines.positionAt(-5)).toEqual({ line: 0, character: 0 });
    expect(f.lines.positionAt(999)).toEqual({ line: 1, character: 3 });
    expect(f.lines.offsetAt({ line: 0, character: 99 })).toBe(3); // end of line, before the break
    expect(f.lines.offsetAt({ line: 9, character: 0 })).toBe(7);
    expect(f.lines.offsetAt({ line: -1, character: 0 })).toBe(0);
    const crlf = createSourceFile('b.md', 'ab\r\ncd');
    expect(crlf.lines.offsetAt({ line: 0, character: 10 })).toBe(2);
  });

  it('round-trips every offset of a mixed file', () => {
    const text = 'a\r\nbc\rdé😀\n\nend';
    const f = createSourceFile('x', text);
    for (let o = 0; o <= text.length; o++) {
      const pos = f.lines.positionAt(o);
      const back = f.lines.offsetAt(pos);
      // offsets inside a CRLF pair map to the end of the line's content
      if (text[o - 1] === '\r' && text[o] === '\n') expect(back).toBe(o - 1);
      else expect(back).toBe(o);
    }
  });
});

describe('decodeBuffer', () => {
  it('decodes UTF-8 and keeps a BOM for createSourceFile', () => {
    const r = decodeBuffer(Buffer.from('\uFEFFhé', 'utf8'));
    expect(r).toEqual({ text: '\uFEFFhé' });
    if ('text' in r) expect(createSourceFile('a', r.text).hasBom).toBe(true);
  });

  it('rejects NUL bytes', () => {
    const r = decodeBuffer(Buffer.from([0x61, 0x00, 0x62]));
    expect('error' in r && r.error).toMatch(/NUL byte at offset 1/);
  });

  it('rejects invalid UTF-8 with the offset of the first bad byte', () => {
    const r = decodeBuffer(Buffer.from([0x61, 0x62, 0xc3, 0x28]));
    expect('error' in r && r.error).toMatch(/not valid UTF-8.*offset 2/);
    const lone = decodeBuffer(Buffer.from([0xff]));
    expect('error' in lone && lone.error).toMatch(/offset 0/);
  });

  it('explains UTF-16 files', () => {
    const r = decodeBuffer(Buffer.from([0xff, 0xfe, 0x61, 0x00]));
    expect('error' in r && r.error).toMatch(/UTF-16/);
  });

  it('accepts an empty buffer', () => {
    expect(decodeBuffer(Buffer.alloc(0))).toEqual({ text: '' });
  });
});
