/**
 * Generated sweep: random mixes of prompt fragments, truncations and mutations of the fixtures,
 * in every parser, with LF/CRLF/CR line ends and BOMs. Nothing throws; every invariant holds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../server/src/model/types.js';
import { rng } from '../helpers/random.js';
import { fixturesDir, parseText, violations } from './helpers.js';


const FRAGMENTS = [
  '# Heading one',
  '## Sub heading ##',
  'Setext\n===',
  'A plain sentence. Another one! A question?',
  'Use `code. Span` inside, e.g. here. Then continue.',
  '- bullet item',
  '  - nested bullet',
  '1. numbered\n2) second',
  '* star **bold** _em_ [link](http://x.y/z.md)',
  '> quoted line\n> - quoted item',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '```js\nconst x = 1;\n```',
  '```\nunclosed fence',
  '~~~\ntilde fence\n~~~',
  '    indented code',
  '<instructions>\nDo this. Do that.\n</instructions>',
  '<example>\nUser: hi\nAssistant: hello\n</example>',
  '<examples>',
  '<section>Inline html block text.</section>',
  '<!-- prompt-lint-disable rule-a rule-b -->',
  '<!-- unclosed comment',
  '<pre>\nraw\n</pre>',
  'User: question?\nAssistant: answer.',
  '## Examples\nExample body.',
  '你好。世界！',
  '\tTabbed line with\ttabs.',
  '{% if x %}\n{{ y }} text.\n{% endif %}',
  '{# jinja comment #}',
  'system:',
  'user:',
  '# assistant:',
  '---',
  '***',
  'key: value',
  'prompt: |\n  Block text. More.\n  - item',
  'system: "double \\" quoted\\nline"',
  "role: 'single ''q'' text'",
  'messages:\n  - role: user\n    content: Hello there.',
  '- [ ] task',
  '😀 emoji sentence. Next one.',
  '',
  '',
];

const KINDS: FileKind[] = ['markdown', 'yaml', 'prompty', 'text'];
/** PARSE_SWEEP_SEED / PARSE_SWEEP_SCALE widen the sweep locally (defaults keep it to a few seconds). */
const SEED = Number(process.env.PARSE_SWEEP_SEED ?? 20240601);
const SCALE = Number(process.env.PARSE_SWEEP_SCALE ?? 1);

function eolize(text: string, r: () => number): string {
  const mode = Math.floor(r() * 4);
  if (mode === 0) return text;
  if (mode === 1) return text.replace(/\n/g, '\r\n');
  if (mode === 2) return text.replace(/\n/g, '\r');
  return text.replace(/\n/g, () => (r() < 0.5 ? '\r\n' : '\n'));
}

function generate(r: () => number): string {
  const parts: string[] = [];
  if (r() < 0.3) parts.push(r() < 0.5 ? '---\ntitle: t\nglobs: **/*.ts\n---' : '---\ndescription: [bad\n---');
  const n = 1 + Math.floor(r() * 14);
  for (let i = 0; i < n; i++) parts.push(FRAGMENTS[Math.floor(r() * FRAGMENTS.length)]);
  let text = parts.join(r() < 0.7 ? '\n\n' : '\n');
  if (r() < 0.5) text += '\n';
  text = eolize(text, r);
  if (r() < 0.1) text = '\uFEFF' + text;
  return text;
}

const MUTATION_CHARS = ['`', '*', '_', '[', ']', '(', ')', '<', '>', '#', '-', '|', ':', '"', "'", '\\', '\n', '\r', '\t', ' ', '{', '%', '。', '\u00A0', '😀'];

function mutate(text: string, r: () => number): string {
  let t = text;
  const edits = 1 + Math.floor(r() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (t.length + 1));
    const op = r();
    if (op < 0.5) t = t.slice(0, at) + MUTATION_CHARS[Math.floor(r() * MUTATION_CHARS.length)] + t.slice(at);
    else if (op < 0.8) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 5));
    else t = t.slice(0, at);
  }
  return t;
}

function fixtureTexts(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const dir of fs.readdirSync(fixturesDir)) {
    const d = path.join(fixturesDir, dir);
    for (const f of fs.readdirSync(d)) out.push([`${dir}/${f}`, fs.readFileSync(path.join(d, f), 'utf8')]);
  }
  return out;
}

describe('generated sweep', () => {
  it('random fragment mixes parse in every parser with all invariants', () => {
    const r = rng(SEED);
    const failures: string[] = [];
    for (let i = 0; i < 150 * SCALE; i++) {
      const text = generate(r);
      for (const kind of KINDS) {
        let v: string[];
        try {
          const doc = parseText(`gen${i}.${kind}`, text, { kind });
          v = violations(doc, { textFromSource: kind !== 'yaml' });
          if (doc.problems.some((p) => p.message.startsWith('Internal parser error'))) v.push(`internal error: ${doc.problems[0].message}`);
        } catch (err) {
          v = [`threw: ${(err as Error).stack}`];
        }
        if (v.length) failures.push(`${kind} #${i} ${JSON.stringify(text)}\n  ${v.slice(0, 3).join('\n  ')}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('truncated and mutated fixtures parse with all invariants', () => {
    const r = rng(SEED + 1);
    const failures: string[] = [];
    for (const [name, text] of fixtureTexts()) {
      const cuts = [0, 1, 2, 3, 4, 5, Math.floor(text.length / 3), Math.floor(text.length / 2), text.length - 1];
      const variants = [...cuts.map((c) => text.slice(0, Math.max(0, c))), ...Array.from({ length: 12 * SCALE }, () => mutate(text, r))];
      for (const variant of variants) {
        for (const kind of KINDS) {
          let v: string[];
          try {
            const doc = parseText(name, variant, { kind });
            v = violations(doc, { textFromSource: kind !== 'yaml' });
            if (doc.problems.some((p) => p.message.startsWith('Internal parser error'))) v.push(`internal error: ${doc.problems[0].message}`);
          } catch (err) {
            v = [`threw: ${(err as Error).stack}`];
          }
          if (v.length) failures.push(`${kind} ${name} ${JSON.stringify(variant).slice(0, 300)}\n  ${v.slice(0, 3).join('\n  ')}`);
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

describe('pathological inputs stay linear', () => {
  const CASES: Record<string, string> = {
    'unmatched brackets': '['.repeat(20000) + ' text',
    'unclosed link destinations': '[a](b '.repeat(10000),
    'backtick runs of many lengths': Array.from({ length: 3000 }, (_, i) => '`'.repeat((i % 7) + 1) + ' x').join(' '),
    'one long sentence line': 'Do this now. '.repeat(20000),
    'tag soup line': '<div>' + '<b>x</b>'.repeat(10000) + ' tail',
    'trailing tags': 'text ' + '<i>'.repeat(20000),
    'many numbered fragments': '1. 2. 3. 4. '.repeat(10000),
    'deep quotes': '>'.repeat(3000) + ' deep',
    'deep lists': Array.from({ length: 500 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n'),
  };
  it.each(Object.keys(CASES))('%s', (name) => {
    const text = CASES[name];
    for (const kind of ['markdown', 'text'] as FileKind[]) {
      const t0 = performance.now();
      const doc = parseText(`p.${kind}`, text, { kind });
      const ms = performance.now() - t0;
      expect(violations(doc)).toEqual([]);
      // generous bound (shared CI machines); quadratic behaviour takes tens of seconds here
      expect(ms).toBeLessThan(3000);
    }
  });

  it('a YAML map with thousands of keys', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `k${i}:\n  prompt: Say hello ${i}.`).join('\n');
    const t0 = performance.now();
    const doc = parseText('many.yaml', text);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(doc.prompts).toHaveLength(5000);
    expect(doc.problems).toEqual([]);
  });
});
