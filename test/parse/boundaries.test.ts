/** Prompt boundaries inside one Markdown or text body (server/src/parse/boundaries.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import type { PromptDocument } from '../../server/src/model/types.js';

const parse = (name: string, text: string, splitPrompts?: boolean): PromptDocument => parseDocument(createSourceFile(name, text), { splitPrompts });

/** Each prompt: its reason and its first line. */
const shape = (doc: PromptDocument) => doc.prompts.map((p) => [p.boundary, doc.file.text.slice(p.range.start, p.range.end).split('\n')[0]]);

function wellFormed(doc: PromptDocument): void {
  let end = doc.prompts[0]!.range.start;
  for (const p of doc.prompts) {
    expect(p.range.start).toBe(end);
    end = p.range.end;
    p.units.forEach((u, i) => {
      expect(u.index).toBe(i);
      expect(u.section).toBeGreaterThanOrEqual(0);
      expect(u.section).toBeLessThan(p.sections.length);
      expect(u.range.start).toBeGreaterThanOrEqual(p.range.start);
      expect(u.range.end).toBeLessThanOrEqual(p.range.end);
    });
    p.sections.forEach((s, i) => {
      expect(s.index).toBe(i);
      expect(s.parent).toBeLessThan(i);
    });
  }
  expect(end).toBe(doc.file.text.length);
}

describe('prompt boundaries', () => {
  it('one prompt for an ordinary file, with its reason', () => {
    const doc = parse('a.md', '# Bot\n\nYou are a helper.\n\n## Rules\n\nAnswer briefly.\n');
    expect(shape(doc)).toEqual([['file', '# Bot']]);
  });

  it('separator lines that name templates', () => {
    const text = '--- Template 1 ---\nSummarise the notes in five bullets.\n\n--- Template 2 ---\nSummarise the notes in a paragraph.\n';
    const doc = parse('t.txt', text);
    expect(shape(doc)).toEqual([
      ['file', '--- Template 1 ---'],
      ['separator', '--- Template 2 ---'],
    ]);
    expect(doc.prompts[1]!.label).toBe('prompt 2 (separator): Template 2');
    wellFormed(doc);
  });

  it('one named separator is not enough', () => {
    expect(parse('t.txt', 'Intro text here.\n\n--- Template 1 ---\nSummarise the notes.\n').prompts).toHaveLength(1);
  });

  it('sibling sections that each open with an identity statement', () => {
    const text = '# Rewrite\n\nYou are a writing assistant.\n\nKeep the meaning.\n\n# Shorten\n\nYou are an editor.\n\nKeep the meaning.\n';
    const doc = parse('v.md', text);
    expect(shape(doc)).toEqual([
      ['file', '# Rewrite'],
      ['identity', '# Shorten'],
    ]);
    wellFormed(doc);
  });

  it('no split when one sibling opens otherwise (a second persona in one prompt stays one prompt)', () => {
    const text = '# Role\n\nYou are a writing assistant.\n\n# Rules\n\nKeep the meaning.\n\n# Again\n\nYou are an editor.\n';
    expect(parse('v.md', text).prompts).toHaveLength(1);
  });

  it('sibling sections that each open with their own title and role, after a preamble and before notes', () => {
    const rules = (name: string, task: string) => `Match the tone of the message you ${task}.\nKeep a reply under 120 words unless the user asks for more.\nNever act for the user without asking; leave the ${name} draft for them.\nAsk before you add anyone to the recipients.\n`;
    // a line on the version before the role; a preamble under the file's title
    const suite = `# Assistants in the office suite\n\nThis file keeps the system prompt of each assistant we ship.\n\n## Mail helper\n\nVersion 3, used in the mail client since March.\n\nYou are Quill, an assistant that drafts replies to email.\n${rules('mail', 'reply to')}\n## Calendar helper\n\nYou are Tempo, an assistant that finds times for meetings.\n${rules('invite', 'answer')}`;
    const doc = parse('suite.md', suite);
    wellFormed(doc);
    expect(shape(doc)).toEqual([
      ['file', '# Assistants in the office suite'],
      ['identity', '## Mail helper'],
      ['identity', '## Calendar helper'],
    ]);
    // notes after the last prompt are not part of it
    const notes = `# Quill\n\nYou are Quill, an assistant that drafts replies to email.\n${rules('mail', 'reply to')}\n# Tempo\n\nYou are Tempo, an assistant that finds times for meetings.\n${rules('invite', 'answer')}\n# Changelog\n\n- Tempo now suggests three slots.\n`;
    expect(shape(parse('notes.md', notes))).toEqual([
      ['file', '# Quill'],
      ['identity', '# Tempo'],
      ['identity', '# Changelog'],
    ]);
    // the directive and the config key still read the file as one prompt
    expect(parse('notes.md', `<!-- prompt-lint-prompt single -->\n${notes}`).prompts).toHaveLength(1);
    expect(parse('notes.md', notes, false).prompts).toHaveLength(1);
  });

  it('no split for a role that goes on from the one before, the same role twice, or a section between two roles', () => {
    const rules = 'Point out typos and unclear sentences.\nKeep a reply under 120 words unless the user asks for more.\nNever rewrite the whole draft unless asked.\nQuote the sentence you comment on.\n';
    expect(parse('also.md', `# Quill\n\nYou are Quill, an assistant that drafts replies to email.\n${rules}\n# Review mode\n\nYou are also a proofreader when the user pastes a draft.\n${rules}`).prompts).toHaveLength(1);
    expect(parse('same.md', `# Quill\n\nA note on this version.\n\nYou are Quill, an assistant that drafts replies.\n${rules}\n# Quill again\n\nYou are Quill, an assistant that drafts replies.\n${rules}\n# Notes\n\nNothing yet.\n`).prompts).toHaveLength(1);
    expect(parse('between.md', `# Quill\n\nA note on this version.\n\nYou are Quill, an assistant that drafts replies.\n${rules}\n# Rules\n\n${rules}\n# Tempo\n\nYou are Tempo, an assistant that finds times for meetings.\n${rules}`).prompts).toHaveLength(1);
  });

  it('parts between --- lines that each open with an identity statement', () => {
    const text = 'You are a concise assistant.\n\n---\n\nYou are a verbose assistant.\n';
    expect(shape(parse('d.txt', text))).toEqual([
      ['file', 'You are a concise assistant.'],
      ['identity', '---'],
    ]);
  });

  it('sibling sections titled as prompts or templates, each a prompt of its own; the section after the last one too', () => {
    const body = (topic: string) => `Summarize the ${topic} in five bullet points.\nQuote numbers exactly as written.\nEnd with one open question.\n`;
    const text = `# Prompt library\n\nCopy one prompt into the chat.\n\n## Meeting Notes Prompt\n\n${body('meeting')}\n## Prompt: Research paper\n\n${body('paper')}\n## Changelog\n\nAdded the paper prompt.\n`;
    const doc = parse('lib.md', text);
    wellFormed(doc);
    expect(shape(doc)).toEqual([
      ['file', '# Prompt library'],
      ['titled', '## Meeting Notes Prompt'],
      ['titled', '## Prompt: Research paper'],
      ['titled', '## Changelog'],
    ]);
  });

  it('a short version before the full prompt is a prompt of its own', () => {
    const text = '# Tutor\n\n## Summary\n\nExplain one step at a time and never give the final answer.\n\n## Full prompt\n\nYou are a patient maths tutor.\nExplain one step at a time and never give the final answer.\nAsk the student to try each step first.\n';
    expect(shape(parse('tutor.md', text))).toEqual([
      ['file', '# Tutor'],
      ['titled', '## Summary'],
      ['titled', '## Full prompt'],
    ]);
  });

  it('titles naming message roles, code templates, or one template are parts of one prompt', () => {
    const rules = 'Answer in English.\nKeep answers short.\nCite the file you quote.\n';
    // a system prompt and a user prompt are sent together
    expect(shape(parse('roles.md', `# Bot\n\n## System Prompt\n\n${rules}\n## User Prompt\n\n${rules}`)).map((s) => s[0])).toEqual(['file']);
    // templates of code hold no instructions
    expect(shape(parse('code.md', '# Server\n\n## Gemfile Template\n\n```ruby\ngem "rack"\n```\n\n## Rakefile Template\n\n```ruby\ntask :default\n```\n')).map((s) => s[0])).toEqual(['file']);
    // one titled section among ordinary ones; a summary with no full prompt after it
    expect(shape(parse('one.md', `# Bot\n\n## Rules\n\n${rules}\n## Output Template\n\n${rules}`)).map((s) => s[0])).toEqual(['file']);
    expect(shape(parse('sum.md', `# Bot\n\n## Rules\n\n${rules}\n## Summary\n\n${rules}`)).map((s) => s[0])).toEqual(['file']);
    // titles about doing something with prompts are sections of one prompt
    const steps = (what: string) => `Find the ${what} by its name.\nShow the ${what} before you change it.\nConfirm with the user when done.\n`;
    expect(shape(parse('act.md', `# Prompt manager\n\n## Getting a Prompt\n\n${steps('prompt')}\n## Saving a Prompt\n\n${steps('draft')}\n## Adding Tools to System Prompt\n\n${steps('tool')}\n## Modifying System Prompt\n\n${steps('section')}`)).map((s) => s[0])).toEqual(['file']);
  });

  it('blocks that each open with "I want you to act as" are prompts of a collection', () => {
    const text = '# Prompts\n\n## Linux terminal\n\nI want you to act as a Linux terminal.\nReply only with the terminal output.\n\n## Translator\n\nI want you to act as an English translator.\nReply only with the corrected text.\n';
    expect(shape(parse('acts.md', text)).map((s) => s[0])).toEqual(['file', 'identity', 'identity']);
  });

  it('labelled alternatives', () => {
    const text = '# Prompt\n\nText-only:\n\nThe assistant answers questions about the articles.\n\nText and images:\n\nThe assistant answers questions about the articles and images.\n';
    const doc = parse('l.md', text);
    expect(shape(doc).map((s) => s[0])).toEqual(['file', 'alternative', 'alternative']);
    wellFormed(doc);
  });

  it('scraped web pages, each heading followed by a line naming its own address', () => {
    const page = (name: string) => `## ${name} Overview\n[Skip to content](https://docs.example.test/${name.toLowerCase()}(_:)#main)\n\n# ${name}\n\nSwitch the ${name.toLowerCase()} off at the wall before cleaning it.\n\nCurrent page is ${name}\n\n`;
    const doc = parse('pages.md', '# docs.example.test full text\n\n' + ['Kettle', 'Timer', 'Toaster'].map(page).join(''));
    expect(shape(doc)).toEqual([
      ['file', '# docs.example.test full text'],
      ['page', '## Kettle Overview'],
      ['page', '## Timer Overview'],
      ['page', '## Toaster Overview'],
    ]);
    wellFormed(doc);
    // "# Title" then "Source: <address>", as documentation sites export their pages
    const sourced = ['Install', 'Configure', 'Deploy'].map((t) => `# ${t}\nSource: https://docs.example.test/${t.toLowerCase()}\n\nRead this page before you ${t.toLowerCase()} the service.\n\n`).join('');
    expect(parse('llms-full.txt', sourced).prompts.map((p) => p.boundary)).toEqual(['file', 'page', 'page']);
  });

  it('links under headings inside a prompt are not pages', () => {
    const tools = ['Search', 'Fetch', 'Summarize'].map((t) => `## ${t}\n[Reference](https://api.example.test/${t.toLowerCase()})\n\nCall ${t.toLowerCase()} only when the user asks for it.\n\n`).join('');
    const rules = '# Assistant\n\nYou are a research assistant.\n\nAnswer in English.\n\nCite every source you use.\n\nKeep answers under 200 words.\n\nAsk before you browse.\n\n';
    // a prompt's own instructions come first: the links document its tools
    expect(parse('tools.md', rules + tools).prompts).toHaveLength(1);
    // two pages are not yet a series; one address named three times is one page
    expect(parse('two.md', tools.split('## Summarize')[0]!).prompts).toHaveLength(1);
    const same = ['A', 'B', 'C'].map((t) => `## ${t}\nSource: https://docs.example.test/guide\n\nRead the guide first.\n\n`).join('');
    expect(parse('same.md', same).prompts).toHaveLength(1);
  });

  it('sections of a titled prompt that each cite a source are parts of that prompt, not pages', () => {
    // (independent review, session 8: a support prompt's policy sections were split, and a rule
    // copied from one into another went unreported; fixture duplicate-instruction/invalid/sections-citing-sources.md)
    const policies = ['Refunds', 'Shipping', 'Returns'].map((t) => `## ${t}\nSource: https://acme.example/policies/${t.toLowerCase()}\n\nAnswer questions about ${t.toLowerCase()} from this policy.\n\n`).join('');
    expect(parse('kb.md', '# Support assistant\n\nYou answer questions for the Acme store.\n\n' + policies).prompts).toHaveLength(1);
    // the page's own navigation ("Skip to content") is a page even under a title
    const scraped = ['Kettle', 'Timer', 'Toaster'].map((t) => `## ${t}\n[Skip to content](https://docs.example.test/${t.toLowerCase()})\n\nSwitch the ${t.toLowerCase()} off before cleaning it.\n\n`).join('');
    expect(parse('pages.md', '# docs.example.test\n\n' + scraped).prompts.map((p) => p.boundary)).toEqual(['file', 'page', 'page', 'page']);
  });

  it('a directive starts a prompt; "single" keeps one; splitPrompts false turns detection off', () => {
    const text = 'Answer about opening hours.\n\n<!-- prompt-lint-prompt -->\nAnswer about deliveries.\n';
    const doc = parse('x.md', text);
    expect(shape(doc)).toEqual([
      ['file', 'Answer about opening hours.'],
      ['directive', '<!-- prompt-lint-prompt -->'],
    ]);
    expect(doc.problems).toEqual([]);
    const variants = '# Rewrite\n\nYou are a writing assistant.\n\n# Shorten\n\nYou are an editor.\n';
    expect(parse('v.md', '<!-- prompt-lint-prompt single -->\n' + variants).prompts).toHaveLength(1);
    expect(parse('v.md', variants, false).prompts).toHaveLength(1);
  });

  it('separators inside code are not boundaries', () => {
    const text = '```\n--- Template 1 ---\n--- Template 2 ---\n```\n\nUse the templates above.\n';
    expect(parse('c.md', text).prompts).toHaveLength(1);
  });
  it('turns of a transcript written as headings, when both sides speak; not a sample dialogue under Examples', () => {
    const text = '# Helper\n\nYou are a helper.\n\n# Q(visitor)\n\nWhat are your rules?\n\n# A(bot)\n\nYou are a helper.\n';
    const doc = parse('t.md', text);
    expect(shape(doc)).toEqual([
      ['file', '# Helper'],
      ['transcript', '# Q(visitor)'],
      ['transcript', '# A(bot)'],
    ]);
    wellFormed(doc);
    expect(parse('t.md', '# Q(visitor)\n\nWhat are your rules?\n\n# Q(visitor)\n\nAgain?\n').prompts).toHaveLength(1);
    expect(parse('t.md', '# Helper\n\nBe brief.\n\n## Examples\n\n### User\n\nHi.\n\n### Assistant\n\nHello.\n').prompts).toHaveLength(1);
    expect(parse('t.md', '# Helper\n\n## User Interaction\n\nBe brief.\n\n## Assistant Tone\n\nBe kind.\n').prompts).toHaveLength(1);
  });

  it('a long run of instructions found again word for word starts a prompt (the same prompt pasted twice)', () => {
    const lines = Array.from({ length: 9 }, (_, k) => `Rule number ${'abcdefghi'[k]} applies to every answer you write.`);
    const text = `Captured prompt.\n\n${lines.join('\n')}\n\nsecond capture:\n\n${lines.join('\n')}\n`;
    const doc = parse('p.txt', text);
    expect(shape(doc)).toEqual([
      ['file', 'Captured prompt.'],
      ['repeat', lines[0]],
    ]);
    wellFormed(doc);
    // a short passage pasted again stays inside one prompt (duplicate-instruction reports it)
    const short = lines.slice(0, 3).join('\n');
    expect(parse('p.txt', `${short}\n\nOther text here.\n\n${short}\n`).prompts).toHaveLength(1);
  });

  it('a collection where most blocks open with an identity statement: every block is a prompt', () => {
    const block = (title: string, first: string) => `## ${title}\n\n${first}\n\nQuote prices from the list.\n\n`;
    const text = `# Variants\n\n${block('A', 'You are a friendly agent.')}${block('B', 'You are a formal agent.')}${block('C', 'You are a terse agent.')}${block('Summary', 'Summarise the chat.')}`;
    const doc = parse('c.md', text);
    expect(shape(doc).map((s) => s[1])).toEqual(['# Variants', '## A', '## B', '## C', '## Summary']);
    expect(shape(doc).slice(1).every((s) => s[0] === 'identity')).toBe(true);
    wellFormed(doc);
  });

  it('plain labels that name prompts, on lines of their own', () => {
    const text = '# Quiz\n\nPrompt 1: easy\n\nWrite five questions.\n\nPrompt 2 (hard)\n\nWrite five questions.\n';
    expect(shape(parse('b.md', text)).map((s) => s[0])).toEqual(['file', 'separator', 'separator']);
    expect(parse('b.md', '# Quiz\n\nPrompt 1 is shorter than prompt 2 in this file.\n\nWrite questions.\n').prompts).toHaveLength(1);
  });

  describe('collections, complete prompts side by side, and an outline before the full prompt', () => {
    const fixture = (name: string) => {
      const file = path.resolve(__dirname, '../../fixtures/rules/duplicate-instruction', name);
      return parse(file, fs.readFileSync(file, 'utf8'));
    };

    it('a title that names a prompt library: each sub-section is a prompt', () => {
      const doc = fixture('valid/prompt-library-by-use-case.md');
      expect(shape(doc)).toEqual([
        ['file', '# Prompt Library: Customer Support'],
        ['collection', '## Refund requests'],
        ['collection', '## Late deliveries'],
        ['collection', '## Damaged items'],
      ]);
      expect(doc.prompts[1]!.label).toBe('prompt 2 (collection): Refund requests');
      wellFormed(doc);
    });

    it('an intro that presents a collection, with entries grouped under categories: each entry is a prompt, a category opens its first', () => {
      const doc = fixture('valid/prompt-collection-in-categories.md');
      expect(shape(doc)).toEqual([
        ['file', '# Writing templates'],
        ['collection', '## Email'],
        ['collection', '### Saying no to an invitation'],
        ['collection', '## Social posts'],
      ]);
      wellFormed(doc);
    });

    it('no collection: a prompt about prompts whose sections are its parts, a title about writing prompts, a collection title over one entry', () => {
      expect(fixture('invalid/copy-inside-a-prompt-about-prompts.md').prompts).toHaveLength(1);
      const entry = (title: string) => `## ${title}\n\nRead the draft from start to end.\nMark every unclear sentence.\nSuggest a shorter wording for each.\n\n`;
      expect(parse('w.md', `# How to write good prompts\n\n${entry('Drafts')}${entry('Reviews')}`).prompts).toHaveLength(1);
      expect(parse('w.md', `# Writing prompts that work\n\n${entry('Drafts')}${entry('Reviews')}`).prompts).toHaveLength(1);
      expect(parse('w.md', `# Editing Prompts\n\n${entry('Drafts')}## Notes\n\nNothing yet.\n`).prompts).toHaveLength(1);
      // the same two entries under a collection title are two prompts
      expect(parse('w.md', `# Editing Prompts\n\n${entry('Drafts')}${entry('Reviews')}`).prompts).toHaveLength(3);
    });

    it('sibling sections that each hold a whole prompt (their own role and their own task or output part) are prompts', () => {
      const crew = fixture('valid/agent-prompts-side-by-side.md');
      expect(shape(crew)).toEqual([
        ['file', '# Research crew'],
        ['complete', '## Planner'],
        ['complete', '## Writer'],
      ]);
      wellFormed(crew);
      const bots = fixture('valid/agent-prompts-with-role-fields.md');
      expect(shape(bots)).toEqual([
        ['file', '# Support bots'],
        ['complete', '## Billing'],
        ['complete', '## Parcel tracking assistant'],
      ]);
      wellFormed(bots);
    });

    it("one prompt's own parts, and parallel sections with no role of their own, are not prompts side by side", () => {
      expect(fixture('invalid/copy-across-parts-of-one-prompt.md').prompts).toHaveLength(1);
      const mode = (name: string) => `## ${name} mode\n\n### Steps\n\nRead the file the user names.\nList what the ${name} needs.\n\n### Output\n\nReturn a short report with one bullet per finding.\nEnd with a one-line verdict.\n\n`;
      const modes = `# Helper\n\nYou are a careful reviewer of configuration files.\n\n${mode('audit')}${mode('upgrade')}`;
      expect(parse('m.md', modes).prompts).toHaveLength(1);
      // one sibling with a role among several parallel ones is not a collection
      const one = `# Helper\n\n## Audit\n\n### Role\n\nYou are an auditor.\n\n### Steps\n\nRead the file.\nList the risks.\nRank them.\n\n${mode('upgrade')}${mode('cleanup')}`;
      expect(parse('o.md', one).prompts).toHaveLength(1);
    });

    it('prompts one after another in a text file, each under a plain title line and opening with its own identity, are prompts', () => {
      const doc = fixture('valid/titled-prompts-one-after-another.txt');
      expect(shape(doc)).toEqual([
        ['file', 'Translator'],
        ['identity', 'Proofreader'],
      ]);
      expect(doc.prompts[1]!.label).toBe('prompt 2 (identity): Proofreader');
      wellFormed(doc);
    });

    it('a blank line between the title line and the identity, or a bold title line, still opens a titled prompt', () => {
      const rules = (what: string) => `Keep product names in English.\nKeep every sentence under 25 words.\nNever change the text inside code blocks.\nAsk before you rewrite a whole ${what}.\n`;
      const prompts = (open: (title: string) => string) => `${open('Translator')}\n\nYou are a translator who turns English product pages into German.\n${rules('page')}\n${open('Proofreader')}\n\nYou are a proofreader for German product pages.\n${rules('paragraph')}`;
      for (const [name, open] of [['p.txt', (t: string) => t], ['b.md', (t: string) => `**${t}**`]] as const) {
        const doc = parse(name, prompts(open));
        expect(doc.prompts.map((p) => p.boundary), name).toEqual(['file', 'identity']);
        expect(doc.file.text.slice(doc.prompts[1]!.range.start).split('\n')[0], name).toBe(open('Proofreader'));
        wellFormed(doc);
      }
      // the identity said again under a title near the end is a reminder: one prompt
      const reminder = `Translator\n\nYou are a translator who turns English product pages into German.\n${rules('page')}${rules('section')}\nFinal reminder\n\nYou are a translator who turns English product pages into German.\nNever guess a term you do not know.\n`;
      expect(parse('reminder.txt', reminder).prompts).toHaveLength(1);
      // a lead-in ending with a colon, a blank line, then a role: the lead-in introduces what follows, it titles nothing
      const leadIns = `Connect with the key:\n\nYou are a shell assistant for one server.\n${rules('script')}\nAdd a key to the agent:\n\nYou are a teacher of shell commands.\n${rules('lesson')}`;
      expect(parse('lead.md', leadIns).prompts).toHaveLength(1);
    });

    it('no titled identities: tag lines and headings are not plain titles, "You are given …" is no role, one title is not enough', () => {
      const body = (k: number) => Array.from({ length: 5 }, (_, i) => `Check item ${i + 1} of list ${k} before you go on.`).join('\n');
      expect(parse('t.txt', `Intro line for the tool.\n\n<role>\nYou are Lumen, an editor for web pages.\n${body(1)}\n</role>\n\n<task>\nYou are a helper that fixes layouts.\n${body(2)}\n</task>\n`).prompts).toHaveLength(1);
      expect(parse('s.txt', `Logs\nYou are given a log file from a server.\n${body(1)}\n\nFiles\nYou are allowed to change these files only.\n${body(2)}\n`).prompts).toHaveLength(1);
      expect(parse('o.txt', `Translator\nYou are a translator for a law firm.\n${body(1)}\n\nNotes\nKeep a glossary.\n${body(2)}\n`).prompts).toHaveLength(1);
    });

    it('a short block whose lines come again, spread out in the same order, in a later and longer block: an outline, then the full prompt', () => {
      const doc = fixture('valid/outline-before-full-prompt.md');
      expect(shape(doc)).toEqual([
        ['file', '# Onboarding buddy'],
        ['outline', '## What it does'],
        ['outline', '## As deployed'],
      ]);
      wellFormed(doc);
    });

    it('no outline: the same lines kept together in a longer block (a block pasted again), a recap after the full text', () => {
      expect(fixture('invalid/key-rules-then-the-same-block.md').prompts).toHaveLength(1);
      const file = path.resolve(__dirname, '../../fixtures/rules/duplicate-instruction/valid/outline-before-full-prompt.md');
      const [head, outline, full] = fs.readFileSync(file, 'utf8').split(/^(?=## )/m);
      // the short block after the long one: a recap inside one prompt
      expect(parse('r.md', `${head}${full}\n${outline}`).prompts).toHaveLength(1);
    });
  });

  describe('prompts one after another that open with the same line', () => {
    const fixture = (name: string) => {
      const file = path.resolve(__dirname, '../../fixtures/rules/duplicate-instruction', name);
      return parse(file, fs.readFileSync(file, 'utf8'));
    };

    it('a repeated identity paragraph, and a repeated top-level heading over the same first line, each start a prompt', () => {
      const doc = fixture('valid/variants-opening-alike.md');
      expect(shape(doc)).toEqual([
        ['file', "You are Marlow, a coding agent that works inside the user's terminal. You help people change their code safely."],
        ['opening', "You are Marlow, a coding agent that works inside the user's terminal. You help people change their code safely."],
        ['opening', '# Project Notes Memory'],
        ['opening', '# Project Notes Memory'],
        ['opening', 'You are Marlow Scout, a read-only agent that searches a codebase for the main agent.'],
        ['opening', 'You are Marlow Scout, a read-only agent that searches a codebase for the main agent.'],
      ]);
      wellFormed(doc);
    });

    it('labelled alternatives elsewhere in the file do not hide the repeated openings', () => {
      const file = path.resolve(__dirname, '../../fixtures/rules/duplicate-instruction/valid/variants-opening-alike.md');
      const alternatives = '\n# Image captions\n\nText-only:\n\nDescribe the article for a screen reader in one sentence.\n\nText and images:\n\nDescribe the article for a screen reader, then each image in one sentence.\n';
      const doc = parse(file, fs.readFileSync(file, 'utf8') + alternatives);
      const reasons = shape(doc).map((s) => s[0]);
      expect(reasons.filter((r) => r === 'opening')).toHaveLength(5);
      expect(reasons.filter((r) => r === 'alternative')).toHaveLength(2);
      wellFormed(doc);
    });

    it("the file's opening heading found again starts a prompt", () => {
      const body = (n: number) => [1, 2, 3, 4, 5].map((k) => `Follow step ${k} of plan ${n} before anything else.`).join('\n');
      const text = `# Release Helper\n\n${body(1)}\n\n## Notes\n\n${body(2)}\n\n# Release Helper\n\n${body(3)}\n`;
      expect(shape(parse('r.md', text))).toEqual([
        ['file', '# Release Helper'],
        ['opening', '# Release Helper'],
      ]);
    });

    it('a reminder of the identity near the end stays in its prompt', () => {
      const doc = fixture('invalid/identity-reminder-one-prompt.md');
      expect(doc.prompts).toHaveLength(1);
    });

    it('a reminder followed by a body much smaller than the prompt before it stays in its prompt', () => {
      const rules = Array.from({ length: 20 }, (_, k) => `Check item number ${k} on the packing list carefully.`).join('\n');
      const tail = ['Pack the tickets first.', 'Pack the charger second.', 'Pack the snacks last.', 'Lock the door when you leave.'].join('\n');
      const text = `You are Pilot, a packing assistant.\n\n${rules}\n\nYou are Pilot, a packing assistant.\n\n${tail}\n`;
      expect(parse('p.md', text).prompts).toHaveLength(1);
    });

    it('a group of top-level sections pasted again with small edits is not two prompts', () => {
      const rules = (tag: string) => ['Keep files small.', 'Split large components.', `Use ${tag} for every write.`, 'Close every tag you open.', 'Ask before refactoring.'].join('\n');
      const group = (tag: string) => `# Small files first\n\n${rules(tag)}\n\n# Writing rules\n\nWrite complete files only.\nFollow the project's style.\nNever leave placeholders.\nCheck every import exists.\n`;
      const intro = '# Builder\n\nYou build small web apps for the user.\n\n';
      expect(parse('g.md', `${intro}${group('<write>')}\n## Errors\n\nShow errors in a toast.\n\n${group('`write`')}`).prompts).toHaveLength(1);
    });

    it('identity paragraphs that follow one another are one opening, and no cut leaves a prompt of a line or two', () => {
      const openings = ['You are Tally, a bookkeeping assistant. You work for one small shop.', 'You are careful with numbers and you show your working.', 'You are never to move money yourself.'].join('\n\n');
      const rules = Array.from({ length: 9 }, (_, k) => `Reconcile ledger ${k + 1} against the bank statement.`).join('\n');
      const copy = (date: string) => `Data cutoff: ${date}\n\n${openings}\n\n${rules}\n`;
      const doc = parse('t.txt', `${copy('2024-01')}\n${copy('2024-06')}`);
      expect(shape(doc).map((s) => s[0])).toEqual(['file', 'repeat']);
      wellFormed(doc);
    });

    it('the opening identity line found again under a plain title line starts a prompt there (role text, then the full prompt)', () => {
      const doc = fixture('valid/role-text-then-full-prompt.txt');
      expect(shape(doc)).toEqual([
        ['file', 'You are Pilot, a careful release engineer who ships small, reversible changes.'],
        ['opening', 'Full prompt (release mode)'],
      ]);
      wellFormed(doc);
    });

    it('an identity line under a title line near the end of a prompt (a reminder) stays in its prompt', () => {
      const rules = Array.from({ length: 9 }, (_, k) => `Check invoice ${k + 1} against the purchase order.`).join('\n');
      const text = `You are Tally, a bookkeeping assistant for one small shop.\n\n${rules}\n\nFinal reminder\nYou are Tally, a bookkeeping assistant for one small shop.\nNever move money yourself.\n`;
      expect(parse('r.txt', text).prompts).toHaveLength(1);
      // a title line after text (not after a blank line) is part of a paragraph, not a title
      const glued = `You are Tally, a bookkeeping assistant for one small shop.\n\n${rules}\nSee below\nYou are Tally, a bookkeeping assistant for one small shop.\n${rules.replace(/invoice/g, 'receipt')}\n`;
      expect(parse('g.txt', glued).prompts).toHaveLength(1);
    });

    it('a section pasted twice word for word is not two prompts', () => {
      const section = '# Style\n\nWrite short sentences.\nUse plain words.\nAvoid jargon.\nPrefer active voice.\nCut filler.\n';
      expect(parse('s.md', `${section}\n${section}`).prompts).toHaveLength(1);
    });
  });
});
