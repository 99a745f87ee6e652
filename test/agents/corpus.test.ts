/**
 * Every agent file of the real corpus (../shared/corpus, when present), placed at its canonical
 * path in a temporary repository, resolves for its agent without an error: the file itself is in
 * the context, every entry exists, every problem points inside the repository at a real line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeContextFs, resolveContext, type AgentId } from '../../server/src/agents/index.js';
import { corpusPresent as present, corpusRoot as CORPUS } from '../helpers/corpus.js';

interface Placed {
  readonly corpusPath: string;
  readonly agent: AgentId;
  readonly canonical: string;
}

/** Where an agent reads a file of this original name, or undefined for files no resolver reads. */
function canonicalPath(original: string): { agent: AgentId; canonical: string } | undefined {
  const base = path.posix.basename(original);
  if (base === 'CLAUDE.md') return { agent: 'claude-code', canonical: 'CLAUDE.md' };
  if (base === 'AGENTS.md') return { agent: 'codex', canonical: 'AGENTS.md' };
  if (base === 'GEMINI.md') return { agent: 'gemini-cli', canonical: 'GEMINI.md' };
  if (base === 'SKILL.md') return { agent: 'claude-code', canonical: '.claude/skills/corpus-skill/SKILL.md' };
  if (base.endsWith('.mdc')) return { agent: 'cursor', canonical: '.cursor/rules/corpus.mdc' };
  if (base === '.cursorrules') return { agent: 'cursor', canonical: '.cursorrules' };
  if (base === 'copilot-instructions.md') return { agent: 'copilot', canonical: '.github/copilot-instructions.md' };
  if (base.endsWith('.instructions.md')) return { agent: 'copilot', canonical: '.github/instructions/corpus.instructions.md' };
  if (/(^|\/)\.windsurf\/rules\/[^/]+\.md$/.test(original) || base === '.windsurfrules') return { agent: 'windsurf', canonical: base === '.windsurfrules' ? '.windsurfrules' : '.windsurf/rules/corpus.md' };
  return undefined;
}

function agentFiles(): Placed[] {
  const lines = fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').split(/\r?\n/).filter(Boolean);
  const header = lines[0].split('\t');
  const iPath = header.indexOf('path');
  const iOriginal = header.indexOf('original_path');
  const out: Placed[] = [];
  for (const line of lines.slice(1)) {
    const cols = line.split('\t');
    const where = canonicalPath(cols[iOriginal]);
    if (where) out.push({ corpusPath: cols[iPath], ...where });
  }
  return out;
}

describe.skipIf(!present)('corpus agent files through the resolvers', () => {
  it('each resolves at its canonical path without an error', () => {
    const files = agentFiles();
    expect(files.length).toBeGreaterThan(700);
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pl-agents-corpus-')));
    const byAgent = new Map<string, number>();
    const problems = new Map<string, number>();
    try {
      files.forEach((f, i) => {
        const root = path.join(base, String(i));
        fs.mkdirSync(path.join(root, '.git'), { recursive: true });
        const file = path.join(root, f.canonical);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.copyFileSync(path.join(CORPUS, f.corpusPath), file);
        const [ctx] = resolveContext(root, root, { agents: [f.agent], fs: nodeContextFs() });
        expect(ctx.entries.some((e) => e.path === file), `${f.corpusPath} is in its ${f.agent} context`).toBe(true);
        for (const e of ctx.entries) expect(fs.existsSync(e.path), `${f.corpusPath}: ${e.path}`).toBe(true);
        const lines = fs.readFileSync(file, 'utf8').split(/\r\n|\n|\r/).length;
        for (const p of ctx.problems) {
          expect(p.at.file.startsWith(root), `${f.corpusPath}: ${p.message}`).toBe(true);
          if (p.at.file === file) expect(p.at.line, `${f.corpusPath}: ${p.message}`).toBeLessThanOrEqual(lines);
          problems.set(`${f.agent} ${p.kind}`, (problems.get(`${f.agent} ${p.kind}`) ?? 0) + 1);
        }
        byAgent.set(f.agent, (byAgent.get(f.agent) ?? 0) + 1);
        fs.rmSync(root, { recursive: true, force: true });
      });
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
    console.log(`corpus agent files resolved: ${JSON.stringify(Object.fromEntries(byAgent))}; problems: ${JSON.stringify(Object.fromEntries(problems))}`);
  });
});

if (!present) console.log(`corpus agent-file resolution skipped: no corpus at ${CORPUS}`);
