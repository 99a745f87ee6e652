/**
 * agent-file-limit: an instruction file (or chain of files) longer than the agent reads. What is
 * past the limit never reaches the model, silently. Each limit is documented by its agent; sources
 * and dates in docs/rules/agent-file-limit.md. Limits are options: an agent configured otherwise
 * (Codex's `project_doc_max_bytes`) sets its own.
 */
import { excludesCodeReview } from '../server/src/agents/copilot.js';
import { LIMITS } from '../server/src/agents/limits.js';
import type { Report, Rule, RuleContext, TaskView } from '../server/src/engine/types.js';
import type { PromptDocument, Range } from '../server/src/model/types.js';

interface Options {
  readonly codexMaxBytes: number;
  readonly windsurfMaxChars: number;
  readonly copilotCodeReviewChars: number;
  readonly claudeMaxBytes: number;
}

const limit = (description: string) => ({ type: 'integer', minimum: 0, description });

const rule: Rule = {
  meta: {
    id: 'agent-file-limit',
    description: 'Instruction files stay within what their agent reads: the Codex AGENTS.md chain, Windsurf rule files, Copilot code review',
    tags: ['agents', 'budget'],
    defaultSeverity: 'warning',
    fixable: false,
    hasSuggestions: false,
    schema: {
      type: 'object',
      properties: {
        codexMaxBytes: limit("Codex's project_doc_max_bytes: bytes of the AGENTS.md chain it reads (0: not checked)."),
        windsurfMaxChars: limit('Characters Windsurf reads of one rule file (0: not checked).'),
        copilotCodeReviewChars: limit('Characters Copilot code review reads of an instruction file (0: not checked).'),
        claudeMaxBytes: limit('Bytes of a CLAUDE.md file Claude Code loads; it skips a larger file whole (0: not checked).'),
      },
      additionalProperties: false,
    },
    defaultOptions: {
      codexMaxBytes: LIMITS.codexProjectDocMaxBytes.value,
      windsurfMaxChars: LIMITS.windsurfRuleChars.value,
      copilotCodeReviewChars: LIMITS.copilotCodeReviewChars.value,
      claudeMaxBytes: LIMITS.claudeFileMaxBytes.value,
    },
    messages: {
      codexChain:
        'Codex reads at most {{limit}} bytes of AGENTS.md files (project_doc_max_bytes) and this chain has {{total}}: it is cut off on this line, and the rest{{rest}} never reaches the model',
      codexDropped:
        'Codex does not read this file: the AGENTS.md chain above it ({{before}}) already uses the {{limit}} bytes of project_doc_max_bytes, so none of it reaches the model',
      claudeSkipped:
        'Claude Code does not load this file: it has {{size}} bytes and Claude Code skips a CLAUDE.md file larger than {{limit}} bytes whole, so none of it reaches the model',
      windsurfFile: 'Windsurf reads at most {{limit}} characters of a rule file and this one has {{total}}: the rest, from this line, never reaches the model',
      copilotReview:
        'Copilot code review read only the first {{limit}} characters of an instruction file (documented until 2026, unconfirmed since) and this one has {{total}}: code review may not see it from this line',
    },
  },
  checkTask(task, ctx) {
    if (task.context?.kind !== 'context') return;
    const options = ctx.options as unknown as Options;
    const agent = task.context.agents[0];
    if (agent === 'codex' && options.codexMaxBytes > 0) codexChain(task, options.codexMaxBytes, ctx);
    if (agent === 'claude-code' && options.claudeMaxBytes > 0) claudeSkipped(task, options.claudeMaxBytes, ctx);
    // sizes are the files' own: the task's docs hold only what the agent reads of them (TaskView.whole)
    for (const doc of task.whole ?? task.docs) {
      if (agent === 'windsurf' && options.windsurfMaxChars > 0) perFile(doc, options.windsurfMaxChars, 'windsurfFile', ctx);
      if (agent === 'copilot' && options.copilotCodeReviewChars > 0 && /(^|[\\/])copilot-instructions\.md$|\.instructions\.md$/.test(doc.file.path) && !excludesCodeReview(doc.file.text)) {
        perFile(doc, options.copilotCodeReviewChars, 'copilotReview', ctx, 'warning');
      }
    }
  },
};
export default rule;

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * One budget of bytes across the chain, root first (Codex skips empty files; it truncates the file
 * that overshoots and reads no file after it). The chain is the members, then the files the
 * resolver found past the budget (`unread`): those get a finding of their own at their first line.
 */
function codexChain(task: TaskView, max: number, ctx: RuleContext): void {
  const unread = (task.unread ?? []).filter((d) => /(^|[\\/])AGENTS(\.override)?\.md$/.test(d.file.path));
  const chain = [...(task.whole ?? task.docs), ...unread];
  const sizes = chain.map((d) => (d.file.text.trim() ? Buffer.byteLength(d.file.text) : 0));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= max) return;
  let remaining = max;
  let cut = false;
  for (let i = 0; i < chain.length; i++) {
    const doc = chain[i]!;
    if (sizes[i] === 0) continue;
    if (!cut && sizes[i]! <= remaining) {
      remaining -= sizes[i]!;
      continue;
    }
    if (!cut && remaining > 0) {
      const later = chain.slice(i + 1).filter((_, j) => sizes[i + 1 + j]! > 0).length;
      ctx.report({
        messageId: 'codexChain',
        data: { limit: fmt(max), total: fmt(total), rest: later ? ` and ${later} later file${later === 1 ? '' : 's'}` : '' },
        path: doc.file.path,
        range: lineAt(doc, charsWithinBytes(doc.file.text, remaining)),
      });
    } else if (unread.includes(doc)) {
      const before = chain.slice(0, i).filter((_, j) => sizes[j]! > 0).length;
      ctx.report({ messageId: 'codexDropped', data: { limit: fmt(max), before: `${before} file${before === 1 ? '' : 's'}` }, path: doc.file.path, range: lineAt(doc, 0) });
    }
    cut = true;
    remaining = 0;
  }
}

/**
 * The files Claude Code skips for their size: the resolver leaves them out of the context (same
 * limit, agents/limits.ts), so they travel with the task as `unread`. Reported only when
 * prompt-lint itself loads a file that large (its `maxFileSize`, 2 MiB by default, is lower: the
 * file is then skipped by prompt-lint with its own warning).
 */
function claudeSkipped(task: TaskView, max: number, ctx: RuleContext): void {
  for (const doc of task.unread ?? []) {
    // the file's size as Claude Code reads it: with the BOM the model's text leaves out
    const size = Buffer.byteLength(doc.file.text) + (doc.file.hasBom ? 3 : 0);
    if (size > max) ctx.report({ messageId: 'claudeSkipped', data: { size: fmt(size), limit: fmt(max) }, path: doc.file.path, range: lineAt(doc, 0) });
  }
}

function perFile(doc: PromptDocument, max: number, messageId: 'windsurfFile' | 'copilotReview', ctx: RuleContext, severity?: Report['severity']): void {
  const total = [...doc.file.text].length;
  if (total <= max) return;
  // the code point where the limit falls, as a UTF-16 offset
  let offset = 0;
  let seen = 0;
  for (const ch of doc.file.text) {
    if (seen === max) break;
    offset += ch.length;
    seen++;
  }
  ctx.report({ messageId, data: { limit: fmt(max), total: fmt(total) }, path: doc.file.path, range: lineAt(doc, offset), ...(severity ? { severity } : {}) });
}

/** The longest prefix of `text` within `bytes` UTF-8 bytes, as a UTF-16 offset. */
function charsWithinBytes(text: string, bytes: number): number {
  let used = 0;
  let offset = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (used + size > bytes) break;
    used += size;
    offset += ch.length;
  }
  return offset;
}

/** The line holding `offset`, from the offset to the line's end. */
function lineAt(doc: PromptDocument, offset: number): Range {
  const lines = doc.file.lines;
  const line = lines.positionAt(offset).line;
  const end = lines.offsetAt({ line, character: Number.MAX_SAFE_INTEGER });
  return { start: Math.min(offset, end), end };
}
