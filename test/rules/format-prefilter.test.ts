/**
 * The format reader's prefilters (session 14): `analyze` skips work that cannot change its result:
 * a text replacement whose pattern needs a character the sentence lacks, and the rest of the
 * reading when no token can state a directive (`mayState`: no value phrase with a value, no count,
 * no commentary noun). `analyze(sentence, false)` runs every step, and is the oracle here: on every
 * sentence of the fixtures and on generated sentences built from the lexicon's own words and the
 * characters each replacement needs, both readings must be equal.
 */
import { describe, expect, it, vi } from 'vitest';
import { analyze, mayState } from '../../rules/lib/format/sentence.js';
import { lexicon, VALUES } from '../../rules/lib/format/lexicon.js';
import { tokenize } from '../../rules/lib/words.js';
import { fixtureSentences } from '../helpers/fixture-sentences.js';
import { rng } from '../helpers/random.js';


/** Sentences built from the lexicon's phrases and the marks each replacement of `analyze` needs. */
function generatedSentences(count: number, seed: number): string[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const values = Object.values(lexicon.topics as Record<string, { values: Record<string, string[]> }>).flatMap((t) => Object.values(t.values).flat());
  const pieces: readonly (readonly string[])[] = [
    values,
    lexicon.directiveVerbs,
    lexicon.negationCues,
    lexicon.modals,
    lexicon.imperativeLeaders,
    lexicon.commentaryNouns,
    lexicon.commentaryPositions,
    lexicon.ignore,
    lexicon.prohibitionForms,
    lexicon.subjectLabels,
    Object.keys(lexicon.lengthUnits),
    lexicon.maxCues,
    lexicon.conditionMarkers,
    ['3', 'two', 'a couple of', '2-space', '4-SPACE', '120', 'one', 'k', '1,000'],
    ['the', 'answer', 'user', 'reply', 'code', 'file', 'tests', 'we', 'you', 'every', 'all', 'if asked', 'the JSON', 'is', 'are'],
    ["we've", "you're", 'they’re', 'to every question', 'for each request', 'markdown bold', 'Markdown emphasis'],
    ['`pnpm`', '`npm install`', '`uv`', '`x`', '`--flag`:', '**bold**', '*italics*', '_x_', '__y__'],
    ['"quoted text"', '“curly”', "'single'", '{', '}', '[[', ']]', '(', ')', ',', ';', ':', ' - ', '—'],
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 2 + Math.floor(random() * 10);
    const words: string[] = [];
    for (let k = 0; k < n; k++) words.push(pick(pick(pieces)));
    let s = words.join(' ');
    if (random() < 0.5) s = s.charAt(0).toUpperCase() + s.slice(1);
    out.push(s + pick(['.', '.', '!', '', '?', ':']));
  }
  return out;
}

describe('format reader: prefilters change no result', () => {
  it('on every sentence of the fixtures', () => {
    const sentences = fixtureSentences();
    expect(sentences.length).toBeGreaterThan(500);
    let directives = 0;
    for (const s of sentences) {
      const full = analyze(s, false);
      if (full.directives.length) directives++;
      expect(analyze(s), s).toEqual(full);
    }
    expect(directives).toBeGreaterThan(100);
  });

  it('on sentences built from the lexicon', () => {
    let directives = 0;
    let cut = 0;
    for (const s of generatedSentences(8_000, 14)) {
      const full = analyze(s, false);
      if (full.directives.length) directives++;
      const tokens = tokenize(s);
      if (tokens.length && !mayState(tokens, VALUES.matchAll(tokens))) cut++;
      expect(analyze(s), s).toEqual(full);
    }
    // the generated sentences reach both sides of the prefilter
    expect(directives).toBeGreaterThan(800);
    expect(cut).toBeGreaterThan(400);
  });

  it('reads each replacement the prefilters may skip', () => {
    const read = (s: string) => analyze(s).directives.map((d) => `${d.topic}:${d.value}:${d.polarity}`);
    // a count written with a hyphen or as "a couple of"
    expect(read('Use two-space indents.')).toEqual(['indentation:2 spaces:1']);
    expect(read('Answer in a couple of sentences.')).toEqual(['length:2 sentences:1']);
    // a contraction of the subject, a tool in code, a command in code
    expect(analyze("We've standardized on pnpm.")).toEqual({ directives: [{ topic: 'package-manager', value: 'pnpm', polarity: 1, at: 3, narrow: '' }], key: '', conflictKey: '' });
    expect(read("You're to answer in JSON.")).toEqual(['format:json:1']);
    expect(read('Use `pnpm` for installs.')).toEqual(['package-manager:pnpm:1']);
    expect(analyze('Run `npm install` first.').directives[0]).toMatchObject({ topic: 'package-manager', value: 'npm', loose: true });
    // emphasis shown by example, Markdown's emphasis
    expect(read('No **bold** text.')).toEqual(['emphasis:bold:-1']);
    expect(read('Avoid Markdown bold.')).toEqual(['emphasis:bold:-1']);
    // quoted text, a term defined in code, braces: no directive
    expect(read('Never reply with "JSON".')).toEqual([]);
    expect(read('`--use-npm`: bootstrap the app using npm')).toEqual([]);
    expect(read('Output JSON like {a}.')).toEqual([]);
    for (const s of ['Use two-space indents.', "We've standardized on pnpm.", 'No **bold** text.', 'Never reply with "JSON".', 'Output JSON like {a}.']) expect(analyze(s)).toEqual(analyze(s, false));
  });

  it('keeps each kind of directive source', () => {
    // a value phrase, a count, text around the output
    expect(analyze('Use bullet points.').directives.length).toBeGreaterThan(0);
    expect(analyze('Keep answers under 50 words.').directives[0]?.bounds).toEqual({ unit: 'words', min: 0, max: 50 });
    expect(analyze('After the JSON, add a short explanation.').directives.map((d) => d.value)).toContain('commentary');
    // an ignored phrase alone states nothing
    const tokens = tokenize('Update the table of contents.');
    expect(mayState(tokens, VALUES.matchAll(tokens))).toBe(false);
  });
});

describe('format reader: the prefilter follows the lexicon', () => {
  it('a value or commentary noun added to rules/data/format-directives.json is read', async () => {
    const real = (await import('../../rules/data/format-directives.json', { with: { type: 'json' } })).default as typeof lexicon;
    const edited = structuredClone(real) as typeof lexicon & { topics: Record<string, { values: Record<string, string[]> }> };
    edited.topics.format!.values.zorblat = ['zorblat'];
    edited.commentaryNouns = [...edited.commentaryNouns, 'gloss'];
    vi.resetModules();
    vi.doMock('../../rules/data/format-directives.json', () => ({ default: edited }));
    try {
      const fresh = await import('../../rules/lib/format/sentence.js');
      const value = fresh.analyze('Always answer in zorblat.');
      expect(value.directives.map((d) => `${d.topic}:${d.value}`)).toContain('format:zorblat');
      expect(value).toEqual(fresh.analyze('Always answer in zorblat.', false));
      const commentary = fresh.analyze('After the JSON, add a gloss.');
      expect(commentary.directives.map((d) => d.value)).toContain('commentary');
      // the real lexicon has neither word
      expect(analyze('Always answer in zorblat.').directives).toEqual([]);
      expect(analyze('After the JSON, add a gloss.').directives).toEqual([]);
    } finally {
      vi.doUnmock('../../rules/data/format-directives.json');
      vi.resetModules();
    }
  });
});
