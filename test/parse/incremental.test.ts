/**
 * The incremental Markdown parse (server/src/parse/block-cache.ts) gives exactly the full parse's
 * PromptDocument: over the real corpus (../shared/corpus, skipped when absent), over the parse
 * fixtures and tricky texts of our own, and over sequences of random edits to them (each edit
 * parsed incrementally, reusing the chunks cached for the versions before it). Cutting at every
 * possible place (`spread: 1`) is checked as well as the default.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSourceFile } from '../../server/src/model/source.js';
import type { PromptDocument, SourceFile } from '../../server/src/model/types.js';
import { BlockCache } from '../../server/src/parse/block-cache.js';
import { collectGarbage } from '../../server/src/lsp/lint-backend.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { scanMarkdown } from '../../server/src/parse/markdown.js';
import { fixturesDir, repoRoot } from './helpers.js';

/** One cache per spread, kept across the parses of a test (as the language server keeps its own). */
const caches = new Map<number | undefined, BlockCache>();
const cacheFor = (spread?: number): BlockCache => {
  let cache = caches.get(spread);
  if (!cache) caches.set(spread, (cache = new BlockCache({ spread })));
  return cache;
};
const clearCaches = (): void => caches.forEach((c) => c.clear());

afterAll(clearCaches);

/** A document as plain data: `toSource` sampled, the source file left out (both parses share it). */
function plain(doc: PromptDocument): unknown {
  return {
    ...doc,
    file: undefined,
    prompts: doc.prompts.map((p) => {
      const n = p.text.length;
      const at = [...new Set([0, 1, Math.floor(n / 3), Math.floor(n / 2), n - 1, n, n + 5].filter((i) => i >= 0))];
      return { ...p, toSource: at.map((i) => p.toSource(i)) };
    }),
  };
}

function parseBoth(file: SourceFile, spread?: number): { full: unknown; incremental: unknown } {
  const full = plain(parseDocument(file));
  const incremental = plain(parseDocument(file, { blocks: cacheFor(spread) }));
  return { full, incremental };
}

function scanBoth(text: string, spread?: number): { full: unknown; incremental: unknown } {
  const full = scanMarkdown(text);
  const { shapeOf: _shapeOf, ...incremental } = scanMarkdown(text, cacheFor(spread));
  return { full, incremental };
}

// ---------------------------------------------------------------------------------------------
// Texts of our own: every construct that could tie a chunk to the one before it.

const TRICKY: Record<string, string> = {
  'fences.md': [
    '# Fences',
    '',
    '```python',
    'def f():',
    '',
    'x = 1',
    '```',
    '',
    'After the fence.',
    '',
    '~~~~',
    '```',
    '',
    'still code',
    '~~~~',
    '',
    '```js`x`',
    '',
    'Not a fence above (backtick in the info string).',
    '',
    '```',
    'code',
    '    ```',
    '',
    'still code: the closing fence above is indented four spaces',
    '```',
    '',
    '> ```',
    '> quoted code',
    '',
    'After the quote.',
    '',
    '- ```',
    '  item code',
    '',
    '  more item code',
    '  ```',
    '',
    'Last line.',
    '',
  ].join('\n'),
  'html.md': [
    '<!--',
    'a comment',
    '',
    'still a comment',
    '-->',
    '',
    'Text.',
    '',
    '<pre>',
    'pre text',
    '',
    'more pre',
    '</pre>',
    '',
    '<script>',
    '',
    'x()',
    '</script >',
    '',
    '<?php',
    '',
    'echo 1; ?>',
    '',
    '<!DOCTYPE html',
    '',
    '>',
    '',
    '<![CDATA[',
    '',
    ']]>',
    '',
    '<div>',
    '',
    'Inside a div.',
    '',
    '</div>',
    '',
    '<instructions>',
    '',
    'Follow the rules.',
    '',
    '</instructions>',
    '',
    '<Steps>',
    '<Step title="One">',
    '    Run the installer.',
    '',
    '    <Check>',
    '    It worked.',
    '    </Check>',
    '</Step>',
    '',
    '<Step title="Two">',
    '    Configure it.',
    '</Step>',
    '</Steps>',
    '',
    '{% if user %}',
    '',
    'Hello {{ user }}.',
    '',
    '{% endif %}',
    '',
  ].join('\n'),
  'lists.md': [
    '- one',
    '',
    '- two',
    '',
    '  continued two',
    '',
    '      code in two',
    '',
    '* other list',
    '',
    '1. first',
    '',
    '2) second',
    '',
    '10. tenth',
    '',
    '    indented code after the list',
    '',
    '        more code',
    '',
    'Paragraph.',
    '    lazy continuation',
    '',
    '> quote one',
    '',
    '> quote two',
    '> - item in quote',
    '',
    '-',
    '',
    '  item after an empty marker',
    '',
  ].join('\n'),
  'headings.md': [
    'Setext title',
    '============',
    '',
    '===',
    '',
    '---',
    '',
    'Sub title',
    '---------',
    '',
    '## ATX ##',
    '',
    '#',
    '',
    '| a | b |',
    '| --- | --- |',
    '| `x|y` | z |',
    '',
    '[ref]: https://example.com "Title"',
    '',
    '<example>',
    '',
    'User: hi',
    'Assistant: hello',
    '',
    '</example>',
    '',
    '## Examples',
    '',
    'Always be brief. Never be rude! Ask: why?',
    '',
    '<good_example>',
    '',
    'unclosed example region',
    '',
    '# Next',
    '',
    'Done.',
  ].join('\n'),
  'unclosed.md': ['# Unclosed', '', 'Before.', '', '```', 'code', '', 'Still code.', '', '## Not a heading', ''].join('\n'),
  'tabs.md': ['\tTabbed code', '', 'Text\twith tab.', '', ' One space.', '', '\u00a0Non-breaking space.', '', '   - three spaces', ''].join('\n'),
};

function ownTexts(): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  for (const [name, text] of Object.entries(TRICKY)) {
    out.push({ name, text });
    out.push({ name: name.replace(/\.md$/, '-crlf.md'), text: text.replace(/\n/g, '\r\n') });
    out.push({ name: name.replace(/\.md$/, '-cr.md'), text: text.replace(/\n/g, '\r') });
  }
  for (const dir of fs.readdirSync(fixturesDir)) {
    for (const file of fs.readdirSync(path.join(fixturesDir, dir))) out.push({ name: `${dir}/${file}`, text: fs.readFileSync(path.join(fixturesDir, dir, file), 'utf8') });
  }
  return out;
}

/** Snippets that open, close or join constructs: what an edit most likely breaks. */
const SNIPPETS = [
  '\n',
  '\n\n',
  '\r\n',
  '```',
  '```\n',
  '~~~\n',
  '    ',
  '\t',
  '- ',
  '1. ',
  '> ',
  '# ',
  '===\n',
  '---\n',
  '<!--',
  '-->',
  '<pre>\n',
  '</pre>',
  '<rules>\n',
  '</rules>\n',
  '<example>\n',
  '</example>',
  '{% if x %}\n',
  '| a | b |\n| --- | --- |\n',
  'User: ',
  ' Keep it short. ',
  'word',
  '`code`',
  '<!-- prompt-lint-disable-next-line token-budget -->\n',
];

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** A random edit: insert a snippet, delete a few characters, or both, at a random place (often a line start). */
function randomEdit(text: string, r: () => number): string {
  let at = Math.floor(r() * (text.length + 1));
  if (r() < 0.5) {
    const nl = text.lastIndexOf('\n', at - 1);
    at = nl + 1;
  }
  const del = r() < 0.4 ? Math.floor(r() * 6) : 0;
  const insert = r() < 0.85 ? SNIPPETS[Math.floor(r() * SNIPPETS.length)]! : '';
  return text.slice(0, at) + insert + text.slice(at + del);
}

describe('incremental Markdown parse = full parse', () => {
  it('is off unless the parser is handed a cache (the language server hands one)', () => {
    const cache = new BlockCache();
    const text = '# A\n\nFirst paragraph.\n\nSecond paragraph.\n';
    expect(scanMarkdown(text).shapeOf).toBeUndefined();
    expect(cache.stats().entries).toBe(0);
    expect(scanMarkdown(text, cache).shapeOf).toBeTypeOf('function');
    expect(cache.stats().entries).toBeGreaterThan(0);
  });

  it('on our own texts and the parse fixtures (LF, CRLF, CR), cutting at every place and by default', () => {
    for (const spread of [1, undefined]) {
      for (const { name, text } of ownTexts()) {
        const file = createSourceFile(`/virtual/${name}`, text);
        const { full, incremental } = parseBoth(file, spread);
        expect(incremental, `${name} (spread ${spread ?? 'default'})`).toEqual(full);
        const scans = scanBoth(text, spread);
        expect(scans.incremental, `${name}: scan (spread ${spread ?? 'default'})`).toEqual(scans.full);
      }
    }
  });

  it('over random edits of them, each version parsed with the chunks cached for the ones before', () => {
    clearCaches();
    const r = rng(20240607);
    let versions = 0;
    for (const { name, text: original } of ownTexts()) {
      if (!/\.(md|mdc|prompty|ya?ml)$/.test(name)) continue;
      for (const spread of [1, 4]) {
        let text = original;
        for (let i = 0; i < 40; i++) {
          text = randomEdit(text, r);
          const file = createSourceFile(`/virtual/${name}`, text);
          const { full, incremental } = parseBoth(file, spread);
          versions++;
          if (JSON.stringify(incremental) !== JSON.stringify(full)) {
            expect({ name, spread, edit: i, text, doc: incremental }).toEqual({ name, spread, edit: i, text, doc: full });
          }
        }
      }
    }
    expect(versions).toBeGreaterThan(1000);
    // the versions shared most of their chunks
    const stats = [cacheFor(1), cacheFor(4)].map((c) => c.stats());
    expect(stats[0]!.hits + stats[1]!.hits).toBeGreaterThan(stats[0]!.misses + stats[1]!.misses);
  });

  it('keeps no document alive: the cache holds its own copies of chunk texts, a few bytes per cached character', () => {
    collectGarbage();
    const cache = new BlockCache();
    const r = rng(7);
    const paragraph = (i: number) => `## Part ${i}\n\nKeep answers short and cite the order number ${i}. Ask before refunding order ${i * 7}.\n\n- item ${i}\n- other ${i}\n`;
    let text = Array.from({ length: 800 }, (_, i) => paragraph(i)).join('\n');
    for (let i = 0; i < 150; i++) {
      const at = Math.floor(r() * text.length);
      text = `${text.slice(0, at)} again${text.slice(at)}`;
      parseDocument(createSourceFile('/virtual/big.md', text), { blocks: cache });
    }
    text = '';
    collectGarbage();
    const held = process.memoryUsage().heapUsed;
    const { chars } = cache.stats();
    cache.clear();
    collectGarbage();
    const perChar = (held - process.memoryUsage().heapUsed) / chars;
    // About 25 here; chunks that kept their 90 KB document alive made it over 130.
    expect(perChar, `${perChar.toFixed(1)} bytes per cached character`).toBeLessThan(50);
  });

  const CORPUS = path.resolve(repoRoot, '../shared/corpus');
  const MANIFEST = path.join(CORPUS, 'MANIFEST.tsv');
  const present = fs.existsSync(MANIFEST);
  it.skipIf(!present)(`over the corpus${present ? '' : ` (skipped: no corpus at ${CORPUS})`}`, () => {
    const lines = fs.readFileSync(MANIFEST, 'utf8').split(/\r?\n/).filter(Boolean);
    const col = lines[0]!.split('\t').indexOf('path');
    const different: string[] = [];
    let files = 0;
    for (const line of lines.slice(1)) {
      const rel = line.split('\t')[col]!;
      const text = fs.readFileSync(path.join(CORPUS, rel), 'utf8');
      const file = createSourceFile(rel, text);
      for (const spread of [1, undefined]) {
        const { full, incremental } = parseBoth(file, spread);
        if (JSON.stringify(incremental) !== JSON.stringify(full)) different.push(`${rel} (spread ${spread ?? 'default'})`);
      }
      files++;
    }
    expect(files).toBeGreaterThan(1000);
    expect(different).toEqual([]);
  });
});
