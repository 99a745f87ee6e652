import { describe, expect, it } from 'vitest';
import { allUnits, parseFixture, parseText, prompt, slice, texts, unitByText, violations } from './helpers.js';

const FIXTURES = [
  'markdown/basic.md',
  'markdown/xml-tags.md',
  'markdown/examples.md',
  'markdown/lists.md',
  'markdown/unclosed-fence.md',
  'markdown/only-frontmatter.md',
  'markdown/unclosed-frontmatter.md',
  'markdown/invalid-frontmatter.md',
  'markdown/empty.md',
  'markdown/cjk.md',
  'markdown/cursor-globs.mdc',
  'markdown/directives.md',
];

describe('markdown fixtures: invariants', () => {
  it.each(FIXTURES)('%s (LF and CRLF)', (rel) => {
    for (const crlf of [false, true]) {
      const doc = parseFixture(rel, { crlf });
      expect(doc.kind).toBe('markdown');
      expect(doc.prompts).toHaveLength(1);
      expect(violations(doc, { textFromSource: true })).toEqual([]);
    }
  });

  it.each(FIXTURES)('%s: CRLF gives the same units as LF', (rel) => {
    const lf = parseFixture(rel);
    const crlf = parseFixture(rel, { crlf: true });
    const strip = (s: string): string => s.replace(/\r/g, '');
    expect(allUnits(crlf).map((x) => [x.unit.text, x.unit.context])).toEqual(allUnits(lf).map((x) => [x.unit.text, x.unit.context]));
    expect(allUnits(crlf).map((x) => strip(slice(crlf, x.unit.range)))).toEqual(allUnits(lf).map((x) => slice(lf, x.unit.range)));
    expect(allUnits(crlf).map((x) => strip(slice(crlf, x.unit.removalRange)))).toEqual(allUnits(lf).map((x) => slice(lf, x.unit.removalRange)));
    expect(crlf.prompts[0].sections.map((s) => [s.title, s.depth, s.parent])).toEqual(lf.prompts[0].sections.map((s) => [s.title, s.depth, s.parent]));
    expect(crlf.problems.map((p) => p.message)).toEqual(lf.problems.map((p) => p.message));
  });
});

describe('markdown: basic.md', () => {
  const doc = parseFixture('markdown/basic.md');
  const body = doc.prompts[0];

  it('parses the frontmatter with ranges and keeps the body offsets', () => {
    expect(doc.frontmatter?.data).toEqual({ description: 'Review helper for pull requests', globs: 'src/**/*.ts', alwaysApply: true });
    const globs = doc.frontmatter!.fields.find((f) => f.key === 'globs')!;
    expect(slice(doc, globs.keyRange)).toBe('globs');
    expect(slice(doc, globs.valueRange)).toBe('"src/**/*.ts"');
    expect(slice(doc, doc.frontmatter!.range)).toMatch(/^---\n[\s\S]*\n---$/);
    expect(body.id).toBe('body');
    expect(body.label).toBe('body');
    expect(body.range.start).toBe(doc.file.text.indexOf('# Role'));
    expect(body.range.end).toBe(doc.file.text.length);
    expect(body.text).toBe(doc.file.text.slice(body.range.start));
    expect(body.toSource(2)).toBe(body.range.start + 2);
    expect(doc.problems).toEqual([]);
  });

  it('builds the section tree', () => {
    expect(body.sections.map((s) => [s.title, s.depth, s.parent])).toEqual([
      ['', 0, -1],
      ['Role', 1, 0],
      ['Rules', 2, 1],
      ['Setext Title', 2, 1],
    ]);
    const rules = body.sections[2];
    expect(slice(doc, rules.headingRange!)).toBe('## Rules');
    expect(slice(doc, rules.range).startsWith('## Rules')).toBe(true);
    expect(slice(doc, rules.range).endsWith('-->\n\n')).toBe(true);
    expect(slice(doc, body.sections[3].headingRange!)).toBe('Setext Title\n------------');
  });

  it('splits paragraphs into sentences', () => {
    expect(texts(body, 'paragraph')).toEqual([
      'You are a careful code reviewer.',
      'Read the diff before commenting, e.g. the whole file.',
      'Version 2.5 of the API is current.',
      'Check README.md first!',
      'Then summarise the change.',
      'Plain closing paragraph.',
    ]);
    const first = unitByText(doc, 'You are a careful code reviewer.');
    expect(slice(doc, first.removalRange)).toBe('You are a careful code reviewer. ');
    const last = unitByText(doc, 'Then summarise the change.');
    expect(slice(doc, last.removalRange)).toBe(' Then summarise the change.');
    expect(last.section).toBe(1);
    const closing = unitByText(doc, 'Plain closing paragraph.');
    // a one-sentence paragraph takes one adjacent blank line with it
    expect(slice(doc, closing.removalRange)).toBe('\nPlain closing paragraph.\n');
  });

  it('makes one unit per list item, nested items separate', () => {
    expect(texts(body, 'list-item')).toEqual([
      'Always cite the style guide when you flag a problem.',
      'Never approve a change without tests. Keep comments short and specific.',
      'Prefer `const` over `let`.',
      'Start with a summary.',
      'End with a verdict.',
    ]);
    const nested = unitByText(doc, 'Prefer `const` over `let`.');
    expect(slice(doc, nested.range)).toBe('- Prefer `const` over `let`.');
    expect(slice(doc, nested.removalRange)).toBe('  - Prefer `const` over `let`.\n');
    expect(nested.codeSpans.map((r) => slice(doc, r))).toEqual(['`const`', '`let`']);
    const multi = unitByText(doc, 'Never approve a change without tests. Keep comments short and specific.');
    expect(slice(doc, multi.range)).toBe('- Never approve a change without tests.\n  Keep comments short and specific.');
    expect(slice(doc, multi.removalRange)).toBe('- Never approve a change without tests.\n  Keep comments short and specific.\n');
    expect(body.units.filter((u) => u.context === 'list-item').every((u) => u.section === 2)).toBe(true);
  });

  it('makes table body rows units and skips the header', () => {
    expect(texts(body, 'table-row')).toEqual(['Missing tests | high', 'Uses `any` | unknown | low']);
    const row = unitByText(doc, 'Missing tests | high');
    expect(slice(doc, row.range)).toBe('| Missing tests | high |');
    expect(slice(doc, row.removalRange)).toBe('| Missing tests | high |\n');
    expect(row.isInstruction).toBe(true);
  });

  it('marks code, quotes, comments and headings as non-instructions', () => {
    const ctx = (t: string) => unitByText(doc, t);
    expect(ctx('Quoted guidance is not an instruction.').context).toBe('blockquote');
    expect(ctx('It is background.').isInstruction).toBe(false);
    const code = body.units.filter((u) => u.context === 'code');
    expect(code.map((u) => slice(doc, u.range))).toEqual(['```ts\nconst example = 1; // Do not run this.\n```', 'indented code block line']);
    expect(code.every((u) => !u.isInstruction)).toBe(true);
    const html = body.units.filter((u) => u.context === 'html');
    expect(html).toHaveLength(1);
    expect(slice(doc, html[0].range)).toMatch(/^<!-- prompt-lint-disable/);
    const headings = body.units.filter((u) => u.context === 'heading');
    expect(headings.map((u) => u.text)).toEqual(['Role', 'Rules', 'Setext Title']);
    expect(headings.every((u) => !u.isInstruction)).toBe(true);
    // no unit comes from inside the code block
    expect(allUnits(doc).some((x) => x.unit.text.includes('Do not run this') && x.unit.context !== 'code')).toBe(false);
  });

  it('reads the directive with rule ranges', () => {
    expect(doc.directives).toHaveLength(1);
    const d = doc.directives[0];
    expect(d.kind).toBe('disable');
    expect(d.rules).toEqual(['filler-phrase', 'duplicate-instruction']);
    expect(d.ruleRanges.map((r) => slice(doc, r))).toEqual(['filler-phrase', 'duplicate-instruction']);
    expect(slice(doc, d.range)).toBe('<!-- prompt-lint-disable filler-phrase, duplicate-instruction -- reviewed -->');
  });
});

describe('markdown: XML-ish tags', () => {
  const doc = parseFixture('markdown/xml-tags.md');
  const body = doc.prompts[0];

  it('keeps text inside tags as instructions', () => {
    const instructions = body.units.filter((u) => u.isInstruction).map((u) => u.text);
    expect(instructions).toEqual([
      'You are a travel planner.',
      'Answer in English.',
      'Ask for the travel dates.',
      'Confirm the budget.',
      'Offer at most three options.',
      'Mention visa requirements.',
      'Never book anything yourself.',
      'Keep answers under 200 words.',
      'Summarise the plan at the end.',
      'Use a table for the itinerary.',
      'Final instruction outside tags.',
    ]);
    expect(unitByText(doc, 'Offer at most three options.').context).toBe('list-item');
    const inline = unitByText(doc, 'Keep answers under 200 words.');
    expect(slice(doc, inline.range)).toBe('<rule>Keep answers under 200 words.</rule>');
    const section = unitByText(doc, 'Summarise the plan at the end.');
    expect(slice(doc, section.range)).toBe('Summarise the plan at the end.');
  });

  it('treats <example> and <good_example> content as examples', () => {
    expect(texts(body, 'example')).toEqual(['Plan a weekend in Lisbon.', 'Day one: Alfama walk.', 'Three nights in Porto for two people.']);
  });

  it('treats comments as html', () => {
    const html = body.units.filter((u) => u.context === 'html');
    expect(html).toHaveLength(1);
    expect(slice(doc, html[0].range)).toBe('<!--\nA multi-line comment.\nIt holds notes for maintainers.\n-->');
    expect(body.units.some((u) => u.text.includes('holds notes') && u.context !== 'html')).toBe(false);
  });

  it('tag lines do not start sentences or units', () => {
    expect(allUnits(doc).some((x) => /<\/?(role|instructions|constraints|example)>/.test(x.unit.text))).toBe(false);
  });
});

describe('markdown: examples and transcripts', () => {
  const doc = parseFixture('markdown/examples.md');
  const body = doc.prompts[0];
  it('marks transcript lines and Example/Sample sections as examples', () => {
    expect(texts(body, 'paragraph')).toEqual(['Greet the user by name.', 'Be warm but concise.']);
    expect(texts(body, 'example')).toEqual([
      'User: Hi, I need help with my order.',
      'Assistant: Of course.',
      'What is the order number?',
      'Q: Can I return an item?',
      'A: Yes, within 30 days.',
      'User: list-shaped transcript line.',
      'Answer politely even when the user is rude.',
      'Stay calm.',
      'A short reply.',
    ]);
    expect(body.sections.map((s) => s.title)).toEqual(['', 'Assistant', 'Examples', 'Rude customer', 'Sample output', 'Tone']);
    expect(unitByText(doc, 'Stay calm.').section).toBe(3);
  });
});

describe('markdown: lists', () => {
  const doc = parseFixture('markdown/lists.md');
  const body = doc.prompts[0];
  it('handles nesting, tabs, markers, tasks and lazy lines', () => {
    expect(texts(body, 'list-item')).toEqual([
      'Doubly nested first item.',
      'Outer item.',
      'Tab-indented nested item.',
      'Star item with a long body. It has two sentences, and stays one unit.',
      'Plus item',
      'Ten',
      'Eleven continued on an indented line',
      'Task item',
      'Item whose text starts on the next line.',
    ]);
    const nested = unitByText(doc, 'Doubly nested first item.');
    expect(slice(doc, nested.range)).toBe('- Doubly nested first item.');
    expect(slice(doc, nested.removalRange)).toBe('- - Doubly nested first item.\n');
    const tab = unitByText(doc, 'Tab-indented nested item.');
    expect(slice(doc, tab.removalRange)).toBe('\t- Tab-indented nested item.\n');
    const late = unitByText(doc, 'Item whose text starts on the next line.');
    expect(slice(doc, late.range)).toBe('Item whose text starts on the next line.');
    expect(slice(doc, late.removalRange)).toBe('-\n  Item whose text starts on the next line.\n');
    const quoted = body.units.filter((u) => u.context === 'blockquote');
    expect(quoted).toHaveLength(1);
    expect(slice(doc, quoted[0].range)).toBe('- Quoted list item.\n> Quoted paragraph line one.\nlazy continuation line.');
  });
});

describe('markdown: robustness', () => {
  it('reports an unclosed fence and reads the rest as code', () => {
    const doc = parseFixture('markdown/unclosed-fence.md');
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0].severity).toBe('warning');
    expect(slice(doc, doc.problems[0].range)).toBe('```python');
    expect(texts(doc.prompts[0])).toEqual(['Intro sentence.', 'print("never closed")\n\nStill inside the fence.']);
  });

  it('file with only frontmatter has one empty prompt', () => {
    const doc = parseFixture('markdown/only-frontmatter.md');
    expect(doc.frontmatter?.data).toEqual({ title: 'Only frontmatter' });
    expect(doc.prompts[0].units).toEqual([]);
    expect(doc.prompts[0].range).toEqual({ start: doc.file.text.length, end: doc.file.text.length });
    expect(doc.prompts[0].sections).toHaveLength(1);
  });

  it('unclosed frontmatter: warning, everything is body', () => {
    const doc = parseFixture('markdown/unclosed-frontmatter.md');
    expect(doc.frontmatter).toBeUndefined();
    expect(doc.problems.map((p) => [p.severity, slice(doc, p.range)])).toEqual([['warning', '---']]);
    expect(doc.prompts[0].range.start).toBe(0);
    expect(texts(doc.prompts[0])).toContain('Body text stays a body.');
  });

  it('invalid frontmatter: error at the YAML error position, body still parsed', () => {
    const doc = parseFixture('markdown/invalid-frontmatter.md');
    expect(doc.problems).toHaveLength(1);
    const p = doc.problems[0];
    expect(p.severity).toBe('error');
    expect(p.message).toMatch(/Flow sequence/);
    expect(p.message).not.toMatch(/line \d+, column/);
    const pos = doc.file.lines.positionAt(p.range.start);
    expect(pos.line).toBe(2); // the error is reported where YAML finds it: the next key
    expect(texts(doc.prompts[0])).toEqual(['Body', 'The body is still parsed.']);
  });

  it('lenient frontmatter: Cursor globs read as text without a problem', () => {
    const doc = parseFixture('markdown/cursor-globs.mdc');
    expect(doc.frontmatter?.data).toEqual({ description: 'TypeScript conventions', globs: '**/*.ts,**/*.tsx', alwaysApply: false });
    expect(doc.problems).toEqual([]);
    const globs = doc.frontmatter!.fields.find((f) => f.key === 'globs')!;
    expect(slice(doc, globs.valueRange)).toBe('**/*.ts,**/*.tsx');
  });

  it('lenient frontmatter: other invalid one-line values are text with a warning', () => {
    const doc = parseText('agent.md', '---\nname: helper\ndescription: Use when: the user asks\ntools: Read\n---\nBody.\n');
    expect(doc.frontmatter?.data).toEqual({ name: 'helper', description: 'Use when: the user asks', tools: 'Read' });
    expect(doc.problems.map((p) => [p.severity, slice(doc, p.range)])).toEqual([['warning', 'Use when: the user asks']]);
    const bad = parseText('bad.md', '---\nname: [unclosed\n  more: x\n---\nBody.\n');
    expect(bad.problems.some((p) => p.severity === 'error')).toBe(true);
  });

  it('empty file: one prompt, no units', () => {
    const doc = parseFixture('markdown/empty.md');
    expect(doc.prompts).toHaveLength(1);
    expect(doc.prompts[0].units).toEqual([]);
    expect(doc.prompts[0].range).toEqual({ start: 0, end: 0 });
  });

  it('CJK sentences end with 。！？', () => {
    const doc = parseFixture('markdown/cjk.md');
    expect(texts(doc.prompts[0], 'paragraph')).toEqual(['你是一个助手。', '请用中文回答！', '不要猜测？']);
    expect(texts(doc.prompts[0], 'heading')).toEqual(['指示']);
  });

  it('BOM is stripped and offsets stay on the stripped text', () => {
    const doc = parseText('bom.md', '\uFEFF# T\n\nDo this.\n');
    expect(doc.file.hasBom).toBe(true);
    expect(slice(doc, unitByText(doc, 'Do this.').range)).toBe('Do this.');
  });

  it('lone CR line breaks work', () => {
    const doc = parseText('cr.md', '# Title\r\rFirst. Second.\r- item\r');
    expect(violations(doc)).toEqual([]);
    expect(texts(doc.prompts[0])).toEqual(['Title', 'First.', 'Second.', 'item']);
  });

  it('frontmatter with CRLF', () => {
    const doc = parseText('fm.md', '---\r\ntitle: x\r\n---\r\nBody.\r\n');
    expect(doc.frontmatter?.data).toEqual({ title: 'x' });
    expect(doc.prompts[0].range.start).toBe(20);
    expect(texts(doc.prompts[0])).toEqual(['Body.']);
  });

  it('HTML blocks with text are re-read; script/pre stay html', () => {
    const doc = parseText('h.md', '<div>\n<p>Be kind.</p>\n</div>\n\n<pre>\nDo not read me.\n</pre>\n\n<details><summary>More</summary>\nShow the details.\n</details>\n');
    expect(violations(doc, { textFromSource: true })).toEqual([]);
    expect(texts(doc.prompts[0], 'paragraph')).toEqual(['Be kind.', 'More Show the details.']);
    expect(unitByText(doc, '<pre> Do not read me. </pre>').context).toBe('html');
  });

  it('text after a comment on the same line is read', () => {
    const doc = parseText('c.md', '<!-- note -->  Do this first.\n\nThen that.\n');
    expect(violations(doc, { textFromSource: true })).toEqual([]);
    expect(doc.prompts[0].units.map((u) => [u.context, u.text])).toEqual([
      ['html', '<!-- note -->'],
      ['paragraph', 'Do this first.'],
      ['paragraph', 'Then that.'],
    ]);
  });

  it('Jinja statement lines do not join sentences', () => {
    const doc = parseText('j.md', 'Greet the user.\n{% if admin %}\nShow the admin panel\n{% endif %}\n');
    expect(texts(doc.prompts[0])).toEqual(['Greet the user.', 'Show the admin panel']);
  });

  it('headings inside block quotes and example tags do not open sections', () => {
    const doc = parseText('q.md', '# Real\n\n> # Quoted heading\n\n<example>\n# Example heading\nText.\n</example>\n');
    expect(prompt(doc, 'body').sections.map((s) => s.title)).toEqual(['', 'Real']);
    expect(unitByText(doc, 'Quoted heading').context).toBe('blockquote');
    expect(unitByText(doc, 'Example heading').context).toBe('example');
  });

  it('a removed unit leaves well-formed Markdown', () => {
    const doc = parseFixture('markdown/basic.md');
    for (const { unit } of allUnits(doc)) {
      if (unit.context !== 'list-item') continue;
      const t = doc.file.text;
      const after = t.slice(0, unit.removalRange.start) + t.slice(unit.removalRange.end);
      const re = parseText('after.md', after);
      expect(re.prompts[0].units.some((u) => u.text === unit.text)).toBe(false);
      // no dangling bullets
      expect(/^[ \t]*[-*+][ \t]*$/m.test(after)).toBe(false);
    }
  });
});

describe('markdown: directives', () => {
  const doc = parseFixture('markdown/directives.md');
  it('finds directives only in comment positions', () => {
    expect(doc.directives.map((d) => [d.kind, d.rules])).toEqual([
      ['disable-file', ['token-budget']],
      ['disable-line', ['filler-phrase']],
      ['disable-next-line', []],
      ['enable', ['filler-phrase', 'duplicate-instruction']],
    ]);
    const line = doc.directives[1];
    expect(doc.file.lines.positionAt(line.range.start).line).toBe(1);
    expect(slice(doc, line.ruleRanges[0])).toBe('filler-phrase');
  });
  it('accepts a colon after the kind', () => {
    const d = parseText('d.md', 'Text.\n<!-- prompt-lint-disable-next-line: rule-a -->\n').directives;
    expect(d.map((x) => [x.kind, x.rules])).toEqual([['disable-next-line', ['rule-a']]]);
  });

  it('warns about unknown directive kinds', () => {
    expect(doc.problems.map((p) => [p.severity, slice(doc, p.range)])).toEqual([['warning', 'prompt-lint-disabel']]);
  });
});
