/** Fenced prompts (server/src/parse/fenced.ts): a prompt held in a ```markdown / ```text fence is parsed as a prompt. */
import { describe, expect, it } from 'vitest';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import type { PromptDocument } from '../../server/src/model/types.js';

const parse = (text: string, name = 'README.md'): PromptDocument => parseDocument(createSourceFile(name, text));
const instructions = (doc: PromptDocument) => doc.prompts.flatMap((p) => p.units.filter((u) => u.isInstruction && u.context !== 'heading').map((u) => u.text));
const RULES = [
  'You are a tutor for first-year chemistry students.',
  '',
  '## Rules',
  '',
  '- Explain each step of a calculation before giving the result.',
  '- Ask one question at a time and wait for the answer before going on.',
  '- Use SI units throughout, and convert any other unit the student gives.',
].join('\n');

describe('fenced prompts', () => {
  it('a fence that holds most of the file is a prompt, with exact positions', () => {
    const text = `# Chem tutor\n\n\`\`\`markdown\n${RULES}\n\`\`\`\n`;
    const doc = parse(text);
    expect(doc.prompts.map((p) => p.boundary)).toEqual(['file', 'fenced', 'file']);
    const fenced = doc.prompts[1]!;
    expect(fenced.sections.map((s) => s.title)).toEqual(['', 'Rules']);
    for (const u of fenced.units.filter((x) => x.context !== "heading")) expect(text.slice(u.range.start, u.range.end).replace(/^- /, '')).toBe(u.text);
    expect(instructions(doc)).toContain('Use SI units throughout, and convert any other unit the student gives.');
    expect(doc.prompts[1]!.range.start).toBe(text.indexOf('You are'));
  });

  it('a fence under a heading that names a prompt, whatever its share of the file; unlabelled fences too', () => {
    const filler = 'This project collects prompts for teaching. '.repeat(40);
    const doc = parse(`# Chem tutor\n\n${filler}\n\n## System prompt\n\n\`\`\`\n${RULES}\n\`\`\`\n\n## Notes\n\n${filler}\n`);
    expect(doc.prompts.map((p) => p.boundary)).toContain('fenced');
  });

  it('code stays code: a programming language, command lines, a short fence, a fence of prose that is neither most of the file nor named a prompt', () => {
    expect(parse(`# Tool\n\n\`\`\`python\n${RULES}\n\`\`\`\n`).prompts).toHaveLength(1);
    const commands = '$ npm install --save-dev prompt-lint\n$ npx prompt-lint check every file in the repository\n$ npx prompt-lint tokens for each prompt in the folder\n'.repeat(3);
    expect(parse(`# Tool\n\n\`\`\`text\n${commands}\`\`\`\n`).prompts).toHaveLength(1);
    expect(parse('# Tool\n\n```text\nYou are a tutor.\nBe brief.\n```\n').prompts).toHaveLength(1);
    const filler = 'This project collects prompts for teaching. '.repeat(40);
    const doc = parse(`# Chem tutor\n\n${filler}\n\n## Sample output\n\n\`\`\`text\n${RULES}\n\`\`\`\n\n${filler}\n`);
    expect(doc.prompts).toHaveLength(1);
    expect(instructions(doc)).not.toContain('Use SI units throughout, and convert any other unit the student gives.');
  });
});
