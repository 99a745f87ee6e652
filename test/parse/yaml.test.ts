import { describe, expect, it } from 'vitest';
import { isScalar, parse as yamlParse, parseAllDocuments, visit, type Scalar } from 'yaml';
import type { Prompt, PromptDocument } from '../../server/src/model/types.js';
import { DEFAULT_PROMPT_KEYS } from '../../server/src/parse/yaml.js';
import { decodeScalar } from '../../server/src/parse/yaml-scalar.js';
import { allUnits, parseFixture, parseText, prompt, slice, texts, violations } from './helpers.js';

type Style = 'literal' | 'folded' | 'plain' | 'single' | 'double';

/** Folds lines the way YAML folds plain, single-quoted and (simple) folded scalars. */
function fold(src: string): string {
  const lines = src.replace(/\r\n/g, '\n').split('\n');
  let out = lines[0].replace(/[ \t]+$/, '');
  let empties = 0;
  for (let k = 1; k < lines.length; k++) {
    const l = lines[k].trim();
    if (l === '') empties++;
    else {
      out += empties ? '\n'.repeat(empties) : ' ';
      out += l;
      empties = 0;
    }
  }
  return out;
}

/** Decodes a source fragment of a scalar of the given style (the fragments are whole units). */
function decodeFragment(style: Style, src: string, indent: number): string {
  switch (style) {
    case 'literal':
      return src
        .replace(/\r\n/g, '\n')
        .split('\n')
        .map((l, i) => (i === 0 ? l : l.slice(indent)))
        .join('\n');
    case 'folded':
    case 'plain':
      return fold(src);
    case 'single':
      return fold(src).replace(/''/g, "'");
    case 'double':
      return yamlParse(`"${src}"`) as string;
  }
}

/** Every unit's source slice, YAML-decoded, is the unit's text in the decoded prompt. */
function expectUnitsDecode(doc: PromptDocument, p: Prompt, style: Style, indent = 0): void {
  expect(p.units.length).toBeGreaterThan(0);
  for (const u of p.units) {
    const src = slice(doc, u.range);
    const decoded = decodeFragment(style, src, indent);
    let a = -1;
    for (let i = 0; i <= p.text.length; i++) {
      if (p.toSource(i) === u.range.start) {
        a = i;
        break;
      }
    }
    expect(a, `unit ${JSON.stringify(u.text)} start maps back`).toBeGreaterThanOrEqual(0);
    expect(p.text.slice(a, a + decoded.length), `unit ${JSON.stringify(src)}`).toBe(decoded);
  }
}

const SCALAR_KEYS = ['literal', 'literal_strip', 'literal_keep', 'literal_indent', 'folded', 'folded_strip', 'plain', 'single', 'double', 'double_fold', 'prompt', 'instructions'];

const FIXTURES = ['yaml/promptfooconfig.yaml', 'yaml/agents.yaml', 'yaml/tasks.yaml', 'yaml/review.prompt.yml', 'yaml/scalars.yaml', 'yaml/crlf.yaml', 'yaml/multi-doc.yaml', 'yaml/invalid.yaml', 'yaml/.roomodes', 'yaml/directives.yaml'];

describe('yaml fixtures: invariants', () => {
  it.each(FIXTURES)('%s (LF and CRLF)', (rel) => {
    for (const crlf of [false, true]) {
      const doc = parseFixture(rel, { crlf, promptKeys: rel.endsWith('scalars.yaml') ? SCALAR_KEYS : undefined });
      expect(doc.kind).toBe('yaml');
      expect(violations(doc)).toEqual([]);
    }
  });

  it.each(FIXTURES)('%s: CRLF decodes to the same prompts as LF', (rel) => {
    const opts = { promptKeys: rel.endsWith('scalars.yaml') ? SCALAR_KEYS : undefined };
    const lf = parseFixture(rel, opts);
    const crlf = parseFixture(rel, { ...opts, crlf: true });
    expect(crlf.prompts.map((p) => [p.id, p.role, p.text])).toEqual(lf.prompts.map((p) => [p.id, p.role, p.text]));
    expect(allUnits(crlf).map((x) => [x.unit.text, x.unit.context])).toEqual(allUnits(lf).map((x) => [x.unit.text, x.unit.context]));
  });
});

describe('yaml: scalar styles map back to the source exactly', () => {
  for (const crlf of [false, true]) {
    const doc = parseFixture('yaml/scalars.yaml', { promptKeys: SCALAR_KEYS, crlf });
    const label = crlf ? ' (CRLF)' : '';

    it(`block literal${label}`, () => {
      const p = prompt(doc, 'literal');
      expect(p.text).toBe('First line. Second sentence.\n  Indented more.\n- list item one\n- list item two\n');
      expect(texts(p)).toEqual(['First line.', 'Second sentence.', 'Indented more.', 'list item one', 'list item two']);
      expectUnitsDecode(doc, p, 'literal', 2);
      const item = p.units.find((u) => u.text === 'list item one')!;
      expect(slice(doc, item.range)).toBe('- list item one');
      // removing a list item removes its whole source line, indentation included
      expect(slice(doc, item.removalRange).replace(/\r/g, '')).toBe('  - list item one\n');
    });

    it(`block literal with chomping and indentation indicators${label}`, () => {
      expect(prompt(doc, 'literal_strip').text).toBe('Stripped ending.');
      expect(prompt(doc, 'literal_keep').text).toBe('Kept ending.\n\n');
      const ind = prompt(doc, 'literal_indent');
      expect(ind.text).toBe('  Two extra spaces kept. Next one.\n');
      expect(texts(ind)).toEqual(['Two extra spaces kept.', 'Next one.']);
      for (const id of ['literal_strip', 'literal_keep', 'literal_indent']) expectUnitsDecode(doc, prompt(doc, id), 'literal', 2);
    });

    it(`folded${label}`, () => {
      const p = prompt(doc, 'folded');
      expect(p.text).toBe('Folded line one continues here. Another sentence.\nNew paragraph after blank.\n');
      expect(texts(p)).toEqual(['Folded line one continues here.', 'Another sentence.', 'New paragraph after blank.']);
      expectUnitsDecode(doc, p, 'folded');
      expect(prompt(doc, 'folded_strip').text).toBe('Short folded.');
    });

    it(`plain multi-line${label}`, () => {
      const p = prompt(doc, 'plain');
      expect(p.text).toBe('Plain scalar spanning two lines. Second sentence here.');
      expectUnitsDecode(doc, p, 'plain');
      expect(slice(doc, p.units[0].range).replace(/\r/g, '')).toBe('Plain scalar\n  spanning two lines.');
    });

    it(`single-quoted${label}`, () => {
      const p = prompt(doc, 'single');
      expect(p.text).toBe("It's single quoted. Two 'quotes' inside.");
      expect(texts(p)).toEqual(["It's single quoted.", "Two 'quotes' inside."]);
      expectUnitsDecode(doc, p, 'single');
      expect(slice(doc, p.range)).toBe("It''s single quoted. Two ''quotes'' inside.");
    });

    it(`double-quoted with escapes${label}`, () => {
      const p = prompt(doc, 'double');
      expect(p.text).toBe('Escapes: "quoted" and \\ backslash. Tab\there. Été ends.\nNew line sentence.');
      expect(texts(p)).toEqual(['Escapes: "quoted" and \\ backslash.', 'Tab here.', 'Été ends.', 'New line sentence.']);
      expectUnitsDecode(doc, p, 'double');
      expect(slice(doc, p.units[2].range)).toBe('\\u00c9t\\u00e9 ends.');
      expect(slice(doc, p.units[3].range)).toBe('New line sentence.');
      expect(slice(doc, p.units[2].removalRange)).toBe('\\u00c9t\\u00e9 ends.\\n');
      const fold2 = prompt(doc, 'double_fold');
      expect(fold2.text).toBe('Folded double quoted line. Trailingcontinuation works.');
      expectUnitsDecode(doc, fold2, 'double');
    });

    it(`nested keys and lists of strings${label}`, () => {
      expect(prompt(doc, 'nested.prompt').text).toBe('Do the nested thing.');
      expect(doc.prompts.map((p) => p.id)).toContain('list_prompts.instructions[1]');
      expect(prompt(doc, 'list_prompts.instructions[0]').text).toBe('First instruction string.');
    });
  }
});

describe('yaml: prompt shapes', () => {
  it('promptfoo: strings and raw prompts, file:// references skipped', () => {
    const doc = parseFixture('yaml/promptfooconfig.yaml');
    expect(doc.prompts.map((p) => p.id)).toEqual(['prompts[0]', 'prompts[3].raw', 'prompts[4].content', 'defaultTest.vars.system_message']);
    expect(prompt(doc, 'defaultTest.vars.system_message').role).toBe('system');
    expect(prompt(doc, 'prompts[0]').text).toBe("Answer the question: {{question}}. Don't invent facts.");
    expect(prompt(doc, 'prompts[0]').label).toBe('prompts[0]');
    const raw = prompt(doc, 'prompts[3].raw');
    expect(texts(raw)).toEqual(['You are a support agent.', 'Be brief.', 'Cite the help centre.', 'Escalate billing issues.']);
    expect(raw.units.map((u) => u.context)).toEqual(['paragraph', 'paragraph', 'list-item', 'list-item']);
    expectUnitsDecode(doc, raw, 'literal', 6);
    expect(prompt(doc, 'prompts[4].content').role).toBe('system');
    // test cases (vars, red-team attacks, metadata goals) and assertion values are not prompts
    expect(doc.prompts.some((p) => /reset|Ignore previous|leak/.test(p.text))).toBe(false);
  });

  it('crewAI agents: role, goal, backstory', () => {
    const doc = parseFixture('yaml/agents.yaml');
    expect(doc.prompts.map((p) => p.id)).toEqual(['researcher.role', 'researcher.goal', 'researcher.backstory', 'writer.role', 'writer.goal', 'writer.backstory']);
    expect(prompt(doc, 'researcher.role').text).toBe('Senior Data Researcher\n');
    const back = prompt(doc, 'researcher.backstory');
    expect(texts(back)).toEqual(['You are a seasoned researcher.', 'You find the most relevant information and present it clearly.']);
    expectUnitsDecode(doc, back, 'folded');
    const wb = prompt(doc, 'writer.backstory');
    expect(texts(wb)).toEqual(['You write for busy engineers.', 'You never pad the text.']);
    expectUnitsDecode(doc, wb, 'double');
  });

  it('role, goal and backstory only count together (crewAI agents)', () => {
    const doc = parseText('x.yaml', 'user:\n  role: admin\nredteam:\n  goal: Extract the system prompt.\nagent:\n  role: Analyst\n  goal: Find trends.\n');
    expect(doc.prompts.map((p) => p.id)).toEqual(['agent.role', 'agent.goal']);
  });

  it('crewAI tasks: description only beside expected_output', () => {
    const doc = parseFixture('yaml/tasks.yaml');
    expect(doc.prompts.map((p) => p.id)).toEqual(['research_task.description', 'research_task.expected_output']);
  });

  it('GitHub .prompt.yml messages: content with roles, Markdown inside', () => {
    const doc = parseFixture('yaml/review.prompt.yml');
    expect(doc.prompts.map((p) => [p.id, p.role])).toEqual([
      ['messages[0].content', 'system'],
      ['messages[1].content', 'user'],
    ]);
    const sys = prompt(doc, 'messages[0].content');
    expect(sys.sections.map((s) => s.title)).toEqual(['', 'Labels']);
    expect(slice(doc, sys.sections[1].headingRange!)).toBe('## Labels');
    const bug = sys.units.find((u) => u.text === '`bug`: something is broken.')!;
    expect(bug.section).toBe(1);
    expect(bug.codeSpans.map((r) => slice(doc, r))).toEqual(['`bug`']);
    expectUnitsDecode(doc, sys, 'literal', 6);
    // the top-level description is not a prompt (no crewAI siblings)
    expect(doc.prompts.some((p) => p.id === 'description')).toBe(false);
  });

  it('.roomodes: roleDefinition, whenToUse, customInstructions', () => {
    const doc = parseFixture('yaml/.roomodes');
    expect(doc.kind).toBe('yaml');
    expect(doc.prompts.map((p) => p.id)).toEqual(['customModes[0].roleDefinition', 'customModes[0].whenToUse', 'customModes[0].customInstructions']);
    expect(texts(prompt(doc, 'customModes[0].customInstructions'))).toEqual(['Keep examples runnable.', 'Link to the API reference.']);
  });

  it('multi-document files', () => {
    const doc = parseFixture('yaml/multi-doc.yaml');
    expect(doc.prompts.map((p) => [p.id, p.text])).toEqual([
      ['prompt', 'First document prompt.'],
      ['documents[1].prompt', 'Second document prompt.'],
      ['documents[2].system', 'Third document system text.'],
    ]);
    expect(prompt(doc, 'documents[2].system').role).toBe('system');
  });

  it('promptKeys overrides the default list', () => {
    const doc = parseText('x.yaml', 'system_template: Be brief.\nprompt: Not this one.\n', { promptKeys: ['system_template'] });
    expect(doc.prompts.map((p) => p.id)).toEqual(['system_template']);
    expect(DEFAULT_PROMPT_KEYS).toContain('backstory');
    expect(DEFAULT_PROMPT_KEYS).toContain('customInstructions');
  });

  it('keys that need quoting get bracketed ids', () => {
    const doc = parseText('x.yaml', '"my agent":\n  role: Planner\n  goal: Plan.\n');
    expect(doc.prompts.map((p) => p.id)).toEqual(['["my agent"].role', '["my agent"].goal']);
  });

  it('chat role names are not prompts; empty strings are skipped', () => {
    const doc = parseText('x.yaml', 'messages:\n  - role: user\n    content: ""\n  - role: assistant\n    content: Sure.\n    description: a note, not a prompt\n');
    expect(doc.prompts.map((p) => [p.id, p.role])).toEqual([['messages[1].content', 'assistant']]);
  });
});

describe('yaml: errors and directives', () => {
  it('invalid YAML: problems at the exact error position, valid prompts kept', () => {
    const doc = parseFixture('yaml/invalid.yaml');
    expect(doc.problems.length).toBeGreaterThan(0);
    const p = doc.problems[0];
    expect(p.severity).toBe('error');
    expect(p.message).toMatch(/Flow sequence/);
    const expected = parseAllDocuments(doc.file.text)[0];
    expect(p.range.start).toBe((expected as { errors: Array<{ pos: [number, number] }> }).errors[0].pos[0]);
    expect(doc.prompts.map((x) => x.id)).toContain('prompt');
  });

  it('never throws on garbage', () => {
    for (const text of ['', '---', ':', '- [', '"unclosed', 'a: |\n', 'a: *nope', '%YAML 9.9\n---\nx', '\t\tfoo: bar', 'a:\n\tb: c', '? [a\n: b']) {
      const doc = parseText('g.yaml', text);
      expect(violations(doc)).toEqual([]);
    }
  });

  it('directives come from real comments only', () => {
    const doc = parseFixture('yaml/directives.yaml');
    expect(doc.directives.map((d) => [d.kind, d.rules])).toEqual([
      ['disable-file', ['token-budget']],
      ['disable', ['duplicate-instruction', 'filler-phrase']],
      ['disable-line', ['conflicting-format-rule']],
      ['enable', []],
    ]);
    for (const d of doc.directives) expect(slice(doc, d.range).startsWith('# prompt-lint-')).toBe(true);
    expect(doc.directives[2].ruleRanges.map((r) => slice(doc, r))).toEqual(['conflicting-format-rule']);
    // the "#" line inside the block scalar is a Markdown heading of the prompt
    expect(prompt(doc, 'system').sections.map((s) => s.title)).toEqual(['', 'prompt-lint-disable not-a-comment']);
  });
});

describe('yaml: decodeScalar property test', () => {
  const SOURCES = [
    'a: |\n  x\n\n  y\n\n\nb: 1\n',
    'a: |+\n  keep\n\n\n',
    'a: |-\n\n  leading blank\n   more\n',
    'a: >\n  one\n  two\n\n    more indented\n  back\n\n\n  last\n',
    'a: >2-\n     indented\n  b\n',
    'a: |1\n  one space kept\n',
    'a: "tab\\tand \\x41 and \\U0001F600 and \\\n    continued and \\\\ end"\n',
    'a: "multi\n\n  blank line\n  \n  end  "\n',
    "a: 'one\n\n  two '' three\n   four'\n",
    'a: plain\n  with   inner   spaces\n\n  and paragraphs\n',
    'list:\n  - |\n    item block\n  - >-\n    folded item\n    two\n  - "dq item"\n',
    'a: "unicode é 😀 \\u00e9"\n',
    'a: |\n\tTab content line\n',
    'k: >\n\tTab starts more-indented\n  normal\n',
  ];
  for (const base of SOURCES) {
    for (const crlf of [false, true]) {
      const src = crlf ? base.replace(/\n/g, '\r\n') : base;
      it(`${JSON.stringify(src).slice(0, 60)}`, () => {
        let count = 0;
        for (const doc of parseAllDocuments(src, { keepSourceTokens: true })) {
          visit(doc, {
            Scalar(_k, node: Scalar) {
              if (typeof node.value !== 'string' || !isScalar(node)) return;
              count++;
              const d = decodeScalar(node, src)!;
              expect(d.exact).toBe(true);
              expect(d.value).toBe(node.value);
              for (let i = 0; i < d.value.length; i++) {
                expect(d.starts[i]).toBeGreaterThanOrEqual(node.range![0]);
                expect(d.ends[i]).toBeLessThanOrEqual(node.range![1]);
                expect(d.starts[i]).toBeLessThanOrEqual(d.ends[i]);
                if (i > 0) expect(d.starts[i]).toBeGreaterThanOrEqual(d.starts[i - 1]);
                // a character copied verbatim points at itself
                if (d.ends[i] - d.starts[i] === 1 && d.value[i] !== '\n' && d.value[i] !== ' ') expect(src[d.starts[i]]).toBe(d.value[i]);
              }
            },
          });
        }
        expect(count).toBeGreaterThan(0);
      });
    }
  }
});
