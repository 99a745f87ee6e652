import { describe, expect, it } from 'vitest';
import { analyze } from '../../rules/lib/format/sentence.js';

const read = (sentence: string) => analyze(sentence).directives.map((d) => `${d.topic}:${d.value}:${d.polarity}`);

describe('format sentence reading', () => {
  it('a length adjective before a list keeps both the length and the list', () => {
    expect(read('Reply with a brief bulleted list.')).toEqual(expect.arrayContaining(['list-style:bullets:1', 'length:short:1']));
  });
  it('a length adjective before a format value still describes the noun after it', () => {
    expect(read('Follow with comprehensive Markdown notes.').filter((d) => d.startsWith('length:'))).toEqual([]);
  });
});
