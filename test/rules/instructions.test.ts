import { describe, expect, it } from 'vitest';
import { conditionOf, instructions, modalityOf } from '../../rules/lib/instructions.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';

describe('the instruction model', () => {
  it('reads modality from the words people write', () => {
    expect(modalityOf('Never use emojis.', -1)).toBe('must-not');
    expect(modalityOf('No force pushes.', -1)).toBe('must-not');
    expect(modalityOf('Semicolons are forbidden.', -1)).toBe('must-not');
    expect(modalityOf('Avoid default exports.', -1)).toBe('avoid');
    expect(modalityOf('You may use the `deploy` tool.')).toBe('may');
    expect(modalityOf('Prefer named exports.')).toBe('should');
    expect(modalityOf('Always run the tests.')).toBe('must');
    expect(modalityOf('Use pnpm.')).toBe('must');
    // "no" inside a positive cap is not a prohibition
    expect(modalityOf('Write no more than 100 words.', 1)).toBe('must');
  });

  it('reads conditions that narrow where a rule applies, not manners', () => {
    expect(conditionOf('If the user asks for details, explain in detail.')).toBe('If the user asks for details');
    expect(conditionOf('In `packages/web`, use pnpm instead.')).toBe('In `packages/web`');
    expect(conditionOf('Use JSON for tool calls.')).toBe('for tool calls');
    expect(conditionOf('Explain every answer in detail.')).toBeUndefined();
    expect(conditionOf('Respond in English.')).toBeUndefined();
  });

  it('reads one document into choices with slots, actions, personas and permissions', () => {
    const doc = parseDocument(createSourceFile('/virtual/AGENTS.md', '---\nallowed-tools: Bash, Read\n---\n\nYou are a release engineer.\n\nUse pnpm to install dependencies.\n\nNever use the Bash tool.\n'));
    const read = instructions(doc).map((i) => [i.kind, i.modality, i.polarity, i.slot ?? i.action, i.choice]);
    expect(read).toEqual([
      ['permission', 'may', 1, 'tool permission', 'Bash'],
      ['permission', 'may', 1, 'tool permission', 'Read'],
      ['persona', 'must', 1, 'persona', 'a release engineer'],
      ['choice', 'must', 1, 'package manager', 'pnpm'],
      // read as an action too, because a prohibition of the prompt has its verb
      ['action', 'must', 1, 'us pnpm instal depend', undefined],
      ['action', 'must-not', -1, 'us bash tool', undefined],
    ]);
  });

  it('gives choices of one slot the same scope whatever their reasons, asides and commands, and a scoped one its own', () => {
    const doc = parseDocument(
      createSourceFile(
        '/virtual/AGENTS.md',
        'Use pnpm (it is faster).\n\n`npm install` is the way we install dependencies here.\n\nAlways use `yarn` because the lockfile needs it.\n\nIn `packages/web`, install dependencies with bun.\n\nInstall dependencies with uv for the Python services.\n',
      ),
    );
    const choices = instructions(doc).filter((i) => i.kind === 'choice');
    expect(choices.map((c) => c.choice)).toEqual(['pnpm', 'npm', 'yarn', 'bun', 'uv']);
    const scopes = choices.map((c) => c.scope);
    // the first three meet (one slot, one scope); the folder and the services narrow theirs
    expect(new Set(scopes.slice(0, 3)).size).toBe(1);
    expect(scopes[3]).not.toBe(scopes[0]);
    expect(scopes[4]).not.toBe(scopes[0]);
    expect(scopes[3]).toContain('`packages/web`');
    // "Python" only names the ecosystem of uv (a word of the slot); "services" narrows
    expect(scopes[4]).toMatch(/servic/);
  });

  it('reads "Always act as …" as a persona and "No X" as a prohibition', () => {
    const doc = parseDocument(createSourceFile('/virtual/AGENTS.md', 'Always act as a senior security auditor.\n\nNo force pushes.\n'));
    const read = instructions(doc).map((i) => [i.kind, i.modality, i.polarity, i.slot ?? i.action, i.choice]);
    expect(read).toEqual([
      ['persona', 'must', 1, 'persona', 'a senior security auditor'],
      ['action', 'must-not', -1, 'us forc push', undefined],
    ]);
  });
});
