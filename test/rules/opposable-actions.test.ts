/**
 * `opposableActions` leaves unparsed the requirements that can meet none of their prompt's
 * prohibitions (a prefilter on the sentence, `meetsNeeds`, before `parse`). It is only sound if
 * every requirement it leaves out would have met no prohibition of its prompt in any way
 * conflicting-instruction compares them: the full reading (`actions`) is the oracle, on the rule's
 * fixtures, on hand-written sentences that only reach a prohibition through a synonym, emphasis, an
 * aside in parentheses or a character that lower-cases to an ASCII letter, on random documents made
 * of the lexicon's words, and on the tuning half of the corpus when it is present.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import lexicon from '../../rules/data/actions.json' with { type: 'json' };
import { actions, actionWords, opposableActions, requirementNeeds, type Action } from '../../rules/lib/actions.js';
import { opening, stem } from '../../rules/lib/words.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import type { PromptDocument } from '../../server/src/model/types.js';
import { REPO } from '../helpers/cli.js';
import { corpusFiles, corpusHalf, corpusPresent, readCorpusFile } from '../helpers/corpus.js';
import { rng } from '../helpers/random.js';

const doc = (text: string, name = '/virtual/AGENTS.md') => parseDocument(createSourceFile(name, text));

/** Every way conflicting-instruction lets a requirement meet a prohibition (scope and modality aside). */
function meets(req: Action, ban: Action): boolean {
  const banKeys = [ban.key, ban.nominal].filter((k): k is string => !!k);
  if ([req.key, req.core, req.occasion, req.instrument].some((k) => k !== undefined && banKeys.includes(k))) return true;
  // `covers`: the prohibition's object as a phrase among the requirement's words
  const object = actionWords(ban.key).slice(1);
  const words = actionWords(req.key);
  for (let i = 1; i + object.length <= words.length; i++) if (object.every((w, k) => words[i + k] === w)) return true;
  return false;
}

const id = (a: Action) => `${a.polarity} ${a.unit.range.start} ${a.sentence} ${a.key}`;

/** The requirements `opposableActions` left out that meet a prohibition of their prompt (must be none), and how many it left out. */
function lost(d: PromptDocument): { lost: string[]; left: number; kept: number } {
  const all = actions(d);
  const some = opposableActions(d);
  const kept = new Set(some.map(id));
  // the prohibitions are the same, and so is every requirement that is kept
  expect(some.filter((a) => a.polarity === -1).map(id)).toEqual(all.filter((a) => a.polarity === -1).map(id));
  const ids = new Set(all.map(id));
  for (const a of some) expect(ids.has(id(a)), id(a)).toBe(true);
  const out: string[] = [];
  let left = 0;
  for (const req of all) {
    if (req.polarity !== 1 || kept.has(id(req))) continue;
    left++;
    for (const ban of all) if (ban.polarity === -1 && ban.prompt === req.prompt && meets(req, ban)) out.push(`${req.sentence} ⟷ ${ban.sentence}`);
  }
  return { lost: out, left, kept: some.length };
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('opposableActions', () => {
  it('keeps every requirement that meets a prohibition on the rule fixtures', () => {
    let left = 0;
    for (const f of filesUnder(path.join(REPO, 'fixtures/rules')).filter((f) => /\.(md|mdc)$/.test(f))) {
      const r = lost(doc(fs.readFileSync(f, 'utf8'), `/virtual/${path.basename(f)}`));
      expect(r.lost, f).toEqual([]);
      left += r.left;
    }
    // the prefilter does leave requirements out (else this test proves nothing)
    expect(left).toBeGreaterThan(10);
  });

  it('keeps requirements that reach a prohibition only through a synonym, emphasis, an aside or a Kelvin sign', () => {
    const cases: [string, string][] = [
      // "changes" is "modify" (a synonym of the canonical word), as "updates" is
      ['Never use updates in the lockfile.', 'Use changes in the lockfile.'],
      // emphasis inside a word: `clean` drops it, joining "s" and "ecrets"
      ['Never commit secrets.', 'Always commit s**ecrets**.'],
      // an aside in parentheses is dropped with the spaces before it: "s (for example) ecrets" is one word
      ['Never commit secrets.', 'Always commit s (for example)ecrets.'],
      // U+212A KELVIN SIGN lower-cases to "k"
      ['Never use Kubernetes.', 'Always use \u212Aubernetes.'],
      // a command's word stem ("clippi") against the plain word
      ['Never run clippy.', 'Always run `cargo clippy` before you push.'],
      // the nominal reading: "Avoid abbreviations in variable names" is "abbreviate variable names"
      ['Avoid abbreviations in variable names.', 'Abbreviate variable names.'],
    ];
    for (const [ban, req] of cases) {
      const d = doc(`# Rules\n\n${ban}\n\n${req}\n`);
      const kept = opposableActions(d).filter((a) => a.polarity === 1);
      const all = actions(d).filter((a) => a.polarity === 1);
      expect(all.length, req).toBe(1);
      expect(lost(d).lost, req).toEqual([]);
      expect(kept.map((a) => a.key), req).toEqual(all.map((a) => a.key));
    }
    // and leaves out one that cannot meet the prohibition
    const d = doc('# Rules\n\nNever commit secrets.\n\nAlways commit the lockfile.\n');
    expect(actions(d).filter((a) => a.polarity === 1)).toHaveLength(1);
    expect(opposableActions(d).filter((a) => a.polarity === 1)).toHaveLength(0);
  });

  it('keeps every requirement that meets a prohibition in random documents of the lexicon\'s words', () => {
    const next = rng(20261207);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const synonyms = Object.entries(lexicon.synonyms as Record<string, string[]>).flatMap(([w, s]) => [w, ...s]);
    const verbs = ['use', 'run', 'add', 'commit', 'write', 'delete', 'edit', ...synonyms];
    const objects = ['tests', 'the tests', 'secrets', 'mocks', 'updates', 'changes', 'emojis', 'the lockfile', '`cargo clippy`', '`yarn`', 'yarn', 'var', 'inline styles', 'default exports', 'abbreviations', 'variable names', 'comments', 'the Bash tool', 's**ecrets**', 's (x)ecrets', '\u212Aubernetes', 'Kubernetes', 'happy paths', 'eyed cases', 'replies'];
    const tails = ['', ' before committing', ' for every change', ' to find files', ' with `var`', ' using inline styles', ' in variable names', ' when asked', ' in library code'];
    const negative = () => `${pick(lexicon.negativeOpeners as string[])} ${pick(verbs)} ${pick(objects)}${pick(tails)}.`;
    const positive = () =>
      pick([
        () => `${pick(verbs)} ${pick(objects)}${pick(tails)}.`,
        () => `${pick(lexicon.positiveOpeners as string[])} ${pick(verbs)} ${pick(objects)}${pick(tails)}.`,
        () => `${pick(objects)} ${pick(lexicon.positiveTails as string[])}.`,
        () => `Library code should ${pick(verbs)} ${pick(objects)}.`,
      ])();
    let left = 0;
    let kept = 0;
    for (let n = 0; n < 300; n++) {
      const lines: string[] = ['# Rules', ''];
      for (let k = 0, m = 2 + Math.floor(next() * 8); k < m; k++) lines.push(`- ${next() < 0.35 ? negative() : positive()}${next() < 0.2 ? ` ${positive()}` : ''}`);
      const r = lost(doc(lines.join('\n') + '\n'));
      expect(r.lost, lines.join('\n')).toEqual([]);
      left += r.left;
      kept += r.kept;
    }
    expect(left).toBeGreaterThan(100);
    expect(kept).toBeGreaterThan(100);
  });

  it('asks, for a prohibition\'s word, for the openings of every synonym the lexicon gives it (a new entry reaches the prefilter)', () => {
    for (const [word, synonyms] of Object.entries(lexicon.synonyms as Record<string, string[]>)) {
      // the implied verb ("use") is never asked for (below)
      if (stem(word) === stem(lexicon.impliedVerb)) continue;
      const needs = requirementNeeds([{ key: `xx ${stem(word)}` }]);
      expect(needs, word).not.toBeNull();
      const asked = needs!.flat(2);
      for (const s of [word, ...synonyms]) expect(asked, `${word}: ${s}`).toContain(opening(stem(s)));
    }
    // the implied verb is put in by `parse`: a prohibition needing only it asks nothing
    expect(requirementNeeds([{ key: `xx ${stem(lexicon.impliedVerb)}` }])).toBeNull();
  });

  it.skipIf(!corpusPresent)('keeps every requirement that meets a prohibition on the tuning half of the corpus', () => {
    let left = 0;
    let kept = 0;
    for (const f of corpusFiles()!) {
      if (corpusHalf(f.path) !== 'tuning' || !/\.(md|mdc)$/i.test(f.path)) continue;
      const r = lost(doc(readCorpusFile(f), `/virtual/${path.basename(f.path)}`));
      expect(r.lost, f.path).toEqual([]);
      left += r.left;
      kept += r.kept;
    }
    expect(left).toBeGreaterThan(1000);
    expect(kept).toBeGreaterThan(1000);
  }, 300_000);
});
