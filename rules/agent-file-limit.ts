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
      },
      additionalProperties: false,
    },
    defaultOptions: {
      codexMaxBytes: LIMITS.codexProjectDocMaxBytes.value,
      windsurfMaxChars: LIMITS.windsurfRuleChars.value,
      copilotCodeReviewChars: LIMITS.copilotCodeReviewChars.value,
    },
    messages: {
      codexChain:
        'Codex reads at most {{limit}} bytes of AGENTS.md files (project_doc_max_bytes) and this chain has {{total}}: it is cut off on this line, and the rest{{rest}} never reaches the model',
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
    for (const doc of task.docs) {
      if (agent === 'windsurf' && options.windsurfMaxChars > 0) perFile(doc, options.windsurfMaxChars, 'windsurfFile', ctx);
      if (agent === 'copilot' && options.copilotCodeReviewChars > 0 && /(^|[\\/])copilot-instructions\.md$|\.instructions\.md$/.test(doc.file.path) && !excludesCodeReview(doc.file.text)) {
        perFile(doc, options.copilotCodeReviewChars, 'copilotReview', ctx, 'warning');
      }
    }
  },
};
export default rule;

const fmt = (n: number) => n.toLocaleString('en-US');

/** One budget of bytes across the chain, root first (Codex skips empty files; it truncates the file that overshoots). */
function codexChain(task: TaskView, max: number, ctx: RuleContext): void {
  const sizes = task.docs.map((d) => (d.file.text.trim() ? Buffer.byteLength(d.file.text) : 0));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= max) return;
  let remaining = max;
  for (let i = 0; i < task.docs.length; i++) {
    if (sizes[i]! <= remaining) {
      remaining -= sizes[i]!;
      continue;
    }
    const doc = task.docs[i]!;
    const later = task.docs.slice(i + 1).filter((_, j) => sizes[i + 1 + j]! > 0).length;
    ctx.report({
      messageId: 'codexChain',
      data: { limit: fmt(max), total: fmt(total), rest: later ? ` and ${later} later file${later === 1 ? '' : 's'}` : '' },
      path: doc.file.path,
      range: lineAt(doc, charsWithinBytes(doc.file.text, remaining)),
    });
    return;
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
