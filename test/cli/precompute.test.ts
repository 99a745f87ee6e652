/**
 * The precompute path of a parallel CLI run (cli/process-file.ts, cli/worker.ts): the lint thread
 * sends unit texts to its partner, which runs the rules' precomputes (the format analyses, the
 * comparison forms); the results cross back by structured clone and the rules read them instead of
 * doing the work. Here that path runs in-process over every rule fixture, with each message
 * cloned as a port would, and must give the same findings as the serial path. A precompute whose
 * results were wrong would change them: the last test proves the rules read what is provided.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine, type FileReport } from '../../server/src/engine/engine.js';
import { lintParsed, parseForLint, precomputeRequest, runPrecomputes, type ParsedForLint } from '../../server/src/cli/process-file.js';
import { tempTree } from '../helpers/cli.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/rules');
const isFixture = (name: string) => /\.(md|mdc|txt|ya?ml|prompty)$/.test(name) && !/\.expected\.txt$|\.fixed\.[^.]+$/.test(name);

/** Every rule fixture, under a plain name, in one tree with the defaults (every rule on). */
function fixtureTree(): { cwd: string; files: string[] } {
  const tree: Record<string, string> = { '.promptlintrc.json': JSON.stringify({ root: true }) };
  for (const rule of fs.readdirSync(FIXTURES)) {
    for (const kind of ['valid', 'invalid']) {
      const dir = path.join(FIXTURES, rule, kind);
      if (!fs.existsSync(dir)) continue;
      for (const name of fs.readdirSync(dir).filter(isFixture)) tree[`${rule}-${kind}-${name}`] = fs.readFileSync(path.join(dir, name), 'utf8');
    }
  }
  const cwd = tempTree(tree);
  return { cwd, files: Object.keys(tree).filter((n) => n !== '.promptlintrc.json').map((n) => path.join(cwd, n)) };
}

const shown = (report: FileReport) => JSON.stringify(report.findings.map((f) => [f.ruleId, f.start, f.end, f.message, f.related, f.suggestions]));

/** The lint thread's path: parse, send the request (cloned) to a partner engine, take its results (cloned) back, lint. */
function viaPartner(lintEngine: Engine, partner: Engine, file: string, tamper?: (parsed: ParsedForLint, results: unknown[][]) => void): FileReport | undefined {
  const parsed = parseForLint(lintEngine, file);
  if ('skipped' in parsed) return undefined;
  const results = structuredClone(runPrecomputes(partner, structuredClone(parsed.request.precompute)));
  tamper?.(parsed, results);
  return lintParsed(lintEngine, parsed, results, {});
}

describe('precomputes on the partner thread', () => {
  const { cwd, files } = fixtureTree();

  it('give the same findings as the serial path on every rule fixture', () => {
    const serial = new Engine({ cwd, contexts: false });
    const lintEngine = new Engine({ cwd, contexts: false });
    const partner = new Engine({ cwd, contexts: false });
    let compared = 0;
    let findings = 0;
    for (const file of files) {
      const loaded = serial.loadFile(file);
      if (!loaded.ok) continue;
      const expected = serial.lintLoaded(loaded, false);
      const piped = viaPartner(lintEngine, partner, file)!;
      expect(shown(piped), path.basename(file)).toBe(shown(expected));
      compared++;
      findings += expected.findings.length;
    }
    console.log(`compared ${compared} files, ${findings} findings`);
    expect(compared).toBeGreaterThan(150);
    expect(findings).toBeGreaterThan(100);
  });

  it('asks for the format analyses, the prohibitions and the comparison forms, each unit text sent once', () => {
    const engine = new Engine({ cwd, contexts: false });
    const parsed = parseForLint(engine, files.find((f) => f.includes('conflicting-format-rule-invalid'))!) as ParsedForLint;
    const { ids, texts, picks } = parsed.request.precompute;
    expect([...ids].sort()).toEqual(['comparison-forms', 'format-analyses', 'negative-actions']);
    // the union holds every unit either selected, once, in unit order
    const prompt = parsed.loaded.doc.prompts[0]!;
    const union = [...new Set(parsed.units.flatMap((perPrompt) => perPrompt[0]!))].sort((a, b) => a - b);
    expect(texts[0]).toEqual(union.map((i) => prompt.units[i]!.text));
    parsed.units.forEach((perPrompt, j) => {
      const pick = picks[j]![0];
      expect(pick ? pick.map((k) => texts[0]![k]) : texts[0]).toEqual(perPrompt[0]!.map((i) => prompt.units[i]!.text));
    });
  });

  it('picks each precompute its own units from the shared texts', () => {
    const prompt = { units: ['a', 'b', 'c', 'd', 'e'].map((text, index) => ({ text, index })) } as never;
    const request = precomputeRequest(['x', 'y'], [[[0, 2, 4]], [[1, 2]]], [prompt]);
    expect(request.texts).toEqual([['a', 'b', 'c', 'e']]);
    expect(request.picks).toEqual([[[0, 2, 3]], [[1, 2]]]);
    const all = precomputeRequest(['x', 'y'], [[[1, 3]], [[1, 3]]], [prompt]);
    expect(all.texts).toEqual([['b', 'd']]);
    expect(all.picks).toEqual([[null], [null]]);
  });

  /** The findings of `rules` over the invalid fixtures of `rules`, with the results of precompute `id` emptied or not. */
  function withEmptied(rules: readonly string[], id: string, empty: (unit: unknown) => unknown = () => null): { before: number; after: number } {
    const lintEngine = new Engine({ cwd, contexts: false });
    const partner = new Engine({ cwd, contexts: false });
    const count = (report: FileReport) => report.findings.filter((f) => rules.includes(f.ruleId!)).length;
    let before = 0;
    let after = 0;
    for (const file of files.filter((f) => rules.some((rule) => path.basename(f).startsWith(`${rule}-invalid`)))) {
      before += count(viaPartner(lintEngine, partner, file)!);
      const emptied = viaPartner(lintEngine, partner, file, (parsed, results) => {
        const j = parsed.request.precompute.ids.indexOf(id);
        results[j] = (results[j] as unknown[][]).map((perPrompt) => perPrompt.map(empty));
      })!;
      after += count(emptied);
    }
    return { before, after };
  }

  it('are what the rules read: emptied format analyses silence the format rules', () => {
    // before: the findings the fixtures' .expected.txt files list for the two rules
    const rules = ['conflicting-format-rule', 'repeated-format-rule'];
    const expected = rules
      .flatMap((rule) => fs.readdirSync(path.join(FIXTURES, rule, 'invalid')).filter((f) => f.endsWith('.expected.txt')).map((f) => fs.readFileSync(path.join(FIXTURES, rule, 'invalid', f), 'utf8')))
      .flatMap((text) => text.split('\n'))
      .filter((line) => rules.some((rule) => line.endsWith(`[${rule}]`))).length;
    expect(expected).toBeGreaterThan(10);
    expect(withEmptied(rules, 'format-analyses')).toEqual({ before: expected, after: 0 });
  });

  it('are what the rules read: no prohibitions provided, no contradiction found', () => {
    const lines = fs
      .readdirSync(path.join(FIXTURES, 'conflicting-instruction/invalid'))
      .filter((n) => n.endsWith('.expected.txt'))
      .flatMap((name) => fs.readFileSync(path.join(FIXTURES, 'conflicting-instruction/invalid', name), 'utf8').split('\n').filter(Boolean));
    // the naming-case slot (rules/lib/naming-case.ts) reads no prohibition: its findings stay
    const naming = lines.filter((line) => /^\S+: naming: /.test(line)).length;
    expect(lines.length - naming).toBeGreaterThan(3);
    expect(naming).toBeGreaterThan(0);
    expect(withEmptied(['conflicting-instruction'], 'negative-actions')).toEqual({ before: lines.length, after: naming });
  });

  it('are what the rules read: requirements provided as unparsable are not read again', () => {
    const expected = withEmptied(['conflicting-instruction'], 'negative-actions').before;
    // each provided parse of a requirement replaced by "no parse": the prohibitions stay, their counterparts go
    const noRequirements = (unit: unknown) => {
      const u = unit as { negatives: unknown; positives: [number, unknown][] | null } | null;
      return u && { negatives: u.negatives, positives: u.positives?.map(([at]) => [at, undefined]) ?? null };
    };
    const { before, after } = withEmptied(['conflicting-instruction'], 'negative-actions', noRequirements);
    expect(before).toBe(expected);
    expect(after).toBeLessThan(before);
  });
});
