import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../server/src/parse/index.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { allUnits, parseFixture, parseText, prompt, slice, texts, unitByText, violations } from './helpers.js';

const FIXTURES = [
  'prompty/chat.prompty',
  'prompty/no-markers.prompty',
  'prompty/leading-text.prompty',
  'text/plain.txt',
  'text/template.j2',
  'text/dotprompt.prompt',
  'text/SYSTEM_PROMPT',
  'text/dashes.txt',
];

describe('prompty and text fixtures: invariants', () => {
  it.each(FIXTURES)('%s (LF and CRLF)', (rel) => {
    for (const crlf of [false, true]) {
      const doc = parseFixture(rel, { crlf });
      expect(violations(doc, { textFromSource: true })).toEqual([]);
    }
    const lf = parseFixture(rel);
    const crlf = parseFixture(rel, { crlf: true });
    expect(allUnits(crlf).map((x) => [x.prompt.id, x.unit.text, x.unit.context])).toEqual(allUnits(lf).map((x) => [x.prompt.id, x.unit.text, x.unit.context]));
  });
});

describe('prompty', () => {
  it('splits role blocks, each parsed as Markdown with source offsets', () => {
    const doc = parseFixture('prompty/chat.prompty');
    expect(doc.kind).toBe('prompty');
    expect(doc.prompts.map((p) => [p.id, p.role])).toEqual([
      ['system', 'system'],
      ['user', 'user'],
      ['assistant', 'assistant'],
      ['user#2', 'user'],
    ]);
    const sys = prompt(doc, 'system');
    expect(sys.text.startsWith('You are a support assistant.')).toBe(true);
    expect(sys.sections.map((s) => s.title)).toEqual(['', 'Context']);
    expect(texts(sys, 'paragraph')).toEqual(['You are a support assistant.', 'Answer briefly.', 'Use only the documents below.']);
    const u = unitByText(doc, 'Answer briefly.');
    expect(slice(doc, u.range)).toBe('Answer briefly.');
    expect(sys.toSource(0)).toBe(sys.range.start);
    expect(doc.file.text.slice(sys.toSource(4), sys.toSource(7))).toBe('are');
    expect(texts(prompt(doc, 'user#2'))).toEqual(['Thanks.', 'Follow up please.']);
    expect(doc.frontmatter?.fields.map((f) => f.key)).toEqual(['name', 'description', 'model', 'inputs']);
  });

  it('reads directives from the frontmatter and the body', () => {
    const doc = parseFixture('prompty/chat.prompty');
    expect(doc.directives.map((d) => [d.kind, d.rules])).toEqual([
      ['disable-next-line', ['filler-phrase']],
      ['disable-line', ['duplicate-instruction']],
    ]);
  });

  it('no marker: one body prompt', () => {
    const doc = parseFixture('prompty/no-markers.prompty');
    expect(doc.prompts.map((p) => p.id)).toEqual(['body']);
    expect(texts(doc.prompts[0])).toEqual(['Summarise the text below in three bullet points.', '{{text}}']);
  });

  it('text before the first marker is body; # markers count; fenced markers do not', () => {
    const doc = parseFixture('prompty/leading-text.prompty');
    expect(doc.prompts.map((p) => [p.id, p.role ?? null])).toEqual([
      ['body', null],
      ['system', 'system'],
    ]);
    expect(texts(prompt(doc, 'system'))).toEqual(['Marker written as a heading.', 'user:\ninside a fence is not a marker']);
  });

  it('unclosed frontmatter is a warning', () => {
    const doc = parseText('x.prompty', '---\nname: x\nsystem:\nHello.\n');
    expect(doc.problems.map((p) => p.severity)).toEqual(['warning']);
    expect(violations(doc)).toEqual([]);
  });
});

describe('plain text', () => {
  it('paragraphs, list markers (-, *, •, 1., 2)), sentences, transcripts', () => {
    const doc = parseFixture('text/plain.txt');
    expect(doc.kind).toBe('text');
    const body = doc.prompts[0];
    expect(texts(body, 'paragraph')).toEqual(['You are a translation assistant.', 'Translate into French.', 'Keep proper nouns unchanged.', 'Rules:']);
    expect(texts(body, 'list-item')).toEqual(['Preserve formatting. Including line breaks.', 'Do not translate code.', 'Keep numbers as digits.', 'Ask when unsure.', 'Never add commentary.']);
    expect(texts(body, 'example')).toEqual(['User: Translate "good morning".', 'Assistant: Bonjour.']);
    const item = unitByText(doc, 'Keep numbers as digits.');
    expect(slice(doc, item.removalRange)).toBe('• Keep numbers as digits.\n');
  });

  it('Jinja: statements separate blocks, expressions stay text, {# #} are comments', () => {
    const doc = parseFixture('text/template.j2');
    const body = doc.prompts[0];
    expect(texts(body, 'paragraph')).toEqual(['You help {{ user_name }} plan meals.', 'Suggest only vegetarian dishes.', '{% for item in pantry %}- Use {{ item }}.']);
    expect(body.text).toContain('{% if vegetarian %}');
    expect(doc.directives.map((d) => [d.kind, d.rules])).toEqual([
      ['disable', ['filler-phrase']],
      ['disable-next-line', []],
    ]);
  });

  it('dotprompt frontmatter', () => {
    const doc = parseFixture('text/dotprompt.prompt');
    expect(doc.frontmatter?.data).toEqual({ model: 'example/model-1', input: { schema: { topic: 'string' } } });
    expect(texts(doc.prompts[0])).toEqual(['Write a short poem about {{topic}}.', 'Keep it under eight lines.']);
  });

  it('a leading --- rule in a .txt is text, not frontmatter', () => {
    const doc = parseFixture('text/dashes.txt');
    expect(doc.frontmatter).toBeUndefined();
    expect(doc.prompts[0].range.start).toBe(0);
    expect(texts(doc.prompts[0])).toEqual(['This is not frontmatter, just a rule line.', 'Real prompt text here.']);
  });

  it('extensionless files are text with headings and fences', () => {
    const doc = parseFixture('text/SYSTEM_PROMPT');
    expect(doc.kind).toBe('text');
    expect(doc.prompts[0].sections.map((s) => [s.title, s.depth, s.parent])).toEqual([
      ['', 0, -1],
      ['Identity', 1, 0],
      ['Behaviour', 2, 1],
    ]);
    expect(texts(doc.prompts[0], 'code')).toEqual(['Code in a text prompt stays code.']);
  });

  it('kind option overrides the file name', () => {
    const f = createSourceFile('notes.md', '- item\n# not a heading in yaml\n');
    expect(parseDocument(f, { kind: 'text' }).kind).toBe('text');
    const y = parseDocument(createSourceFile('x.txt', 'prompt: Hi there.\n'), { kind: 'yaml' });
    expect(y.prompts.map((p) => p.id)).toEqual(['prompt']);
  });

  it('unknown extensions default to text', () => {
    expect(parseText('data.xyz', 'One. Two.').kind).toBe('text');
  });
});
