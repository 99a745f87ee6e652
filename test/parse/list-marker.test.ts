import { describe, expect, it } from 'vitest';
import { ITEM_LINE, LIST_MARKER_SOURCE, ONLY_MARKER } from '../../server/src/parse/list-marker.js';

// Expectations written by hand from CommonMark's list markers (bullets `-*+`, ordinals of at most
// nine digits with `.` or `)`) plus the `•` that pasted prompts use.
describe('the list marker shared by the parser and the rules', () => {
  it('opens an item with a bullet, a bullet dot or an ordinal, then a space or tab', () => {
    for (const line of ['- a', '* a', '+ a', '\u2022 a', '1. a', '12) a', '  - nested', '\t3.\tx', '123456789. a']) expect(ITEM_LINE.test(line), line).toBe(true);
  });
  it('does not open an item without the space, with ten digits, or with another mark', () => {
    for (const line of ['-a', '1.a', '1234567890. a', '# a', '> a', 'a. b', '(1) a', '']) expect(ITEM_LINE.test(line), JSON.stringify(line)).toBe(false);
  });
  it('ONLY_MARKER: indentation and at most one marker, nothing else', () => {
    for (const text of ['', '   ', '- ', '  2) ', '\u2022\t']) expect(ONLY_MARKER.test(text), JSON.stringify(text)).toBe(true);
    for (const text of ['- a', '- - ', 'x ', '-']) expect(ONLY_MARKER.test(text), JSON.stringify(text)).toBe(false);
  });
  it('is one group, so patterns can make it optional', () => {
    expect(new RegExp(`^${LIST_MARKER_SOURCE}?x`).test('x')).toBe(true);
    expect(new RegExp(`^${LIST_MARKER_SOURCE}?x`).test('-x')).toBe(true);
  });
});
