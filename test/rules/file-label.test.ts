import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileLabel } from '../../rules/lib/file-label.js';

const root = path.resolve('/repo');
const at = (p: string) => path.join(root, ...p.split('/'));

describe('fileLabel: another file named from the directory both share', () => {
  it('files of one folder: the name alone', () => {
    expect(fileLabel(at('CLAUDE.md'), at('AGENTS.md'))).toBe('CLAUDE.md');
  });
  it('a file deeper than the finding: its path from the shared folder', () => {
    expect(fileLabel(at('.cursor/rules/base.mdc'), at('AGENTS.md'))).toBe('.cursor/rules/base.mdc');
    expect(fileLabel(at('service/CLAUDE.md'), at('shared.md'))).toBe('service/CLAUDE.md');
  });
  it('a file higher than the finding, or in a sibling folder: from the folder they share', () => {
    expect(fileLabel(at('AGENTS.md'), at('service/api/CLAUDE.md'))).toBe('AGENTS.md');
    expect(fileLabel(at('web/AGENTS.md'), at('api/AGENTS.md'))).toBe('web/AGENTS.md');
  });
  it('a name that would read as the finding\'s own file: relative to it', () => {
    expect(fileLabel(at('CLAUDE.md'), at('service/api/CLAUDE.md'))).toBe('../../CLAUDE.md');
  });
});

describe('a cross-file finding names the other file so that it cannot be mistaken for another', () => {
  it('service/CLAUDE.md repeating the root CLAUDE.md points at ../CLAUDE.md, not at itself', async () => {
    const { cli, tempTree } = await import('../helpers/cli.js');
    const line = 'Run the linter before every commit and fix what it reports.';
    const cwd = tempTree({
      'CLAUDE.md': `# Root\n\n- ${line}\n`,
      'service/CLAUDE.md': `# Service\n\n- Keep handlers small.\n- ${line}\n`,
      '.promptlintrc.json': JSON.stringify({ root: true, agents: false, tasks: [{ name: 'service', files: ['CLAUDE.md', 'service/CLAUDE.md'] }] }),
    });
    const results = JSON.parse(cli(['--format', 'json', 'CLAUDE.md', 'service/CLAUDE.md'], { cwd }).stdout) as { filePath: string; messages: { ruleId: string; message: string; line: number }[] }[];
    const service = results.find((r) => r.filePath.endsWith(path.join('service', 'CLAUDE.md')))!;
    const repeat = service.messages.find((m) => m.ruleId === 'duplicate-instruction');
    expect(repeat?.line).toBe(4);
    expect(repeat?.message).toContain('../CLAUDE.md:3');
  });
});
