/**
 * What the engine makes of a report's edits, so that rules only say what to change: each fix and
 * suggestion written for YAML strings (engine/yaml-edits.ts), the tokens a fix saves measured on the
 * prompt text as sent (engine/savings.ts), and the `{{saved}}` a message quotes.
 */
import type { Prompt, PromptDocument, Range } from '../model/types.js';
import { formatNumber } from '../tokens/index.js';
import { tokensSaved } from './savings.js';
import type { Report, Suggestion, TextEdit } from './types.js';
import { yamlSafeEdits } from './yaml-edits.js';

export interface EditScope {
  /** The documents a report may edit, by path. */
  readonly docs: ReadonlyMap<string, PromptDocument>;
  /** The path of edits and reports that name none. */
  readonly defaultPath: string;
  /** Tokens of a text under the model of the run. */
  readonly count: (text: string) => number;
}

/** A report as the engine keeps it: edits written for the file, message data complete, savings measured. */
export interface FinishedReport {
  readonly report: Report;
  readonly tokensSaved?: number;
}

const SAVED = /\{\{\s*saved\s*\}\}/;

/** The prompt of `doc` whose source range holds `range` (an edit ending where the next prompt starts belongs to the earlier one). */
function promptHolding(doc: PromptDocument, range: Range): Prompt | undefined {
  return doc.prompts.find((p) => p.range.start <= range.start && range.end <= p.range.end && (range.start < p.range.end || range.start === range.end));
}

/** `edits` grouped by the document and prompt they change, in first-seen order; edits outside every prompt under `prompt: undefined`. */
function byPrompt(edits: readonly TextEdit[], scope: EditScope, path: string): { doc: PromptDocument | undefined; prompt: Prompt | undefined; edits: TextEdit[] }[] {
  const groups: { doc: PromptDocument | undefined; prompt: Prompt | undefined; edits: TextEdit[] }[] = [];
  for (const edit of edits) {
    const doc = scope.docs.get(edit.path ?? path);
    const prompt = doc && promptHolding(doc, edit.range);
    const group = groups.find((g) => g.doc === doc && g.prompt === prompt);
    if (group) group.edits.push(edit);
    else groups.push({ doc, prompt, edits: [edit] });
  }
  return groups;
}

/** Tokens the prompts lose when `edits` are applied (edits outside every prompt change nothing the model reads). */
export function savedBy(edits: readonly TextEdit[], scope: EditScope, path: string): number {
  let saved = 0;
  for (const g of byPrompt(edits, scope, path)) if (g.prompt) saved += tokensSaved(g.prompt, g.edits, scope.count);
  return saved;
}

/** `edits` as the files must be edited (YAML strings rewritten where needed), or undefined when some cannot be written. */
function written(edits: readonly TextEdit[], scope: EditScope, path: string): TextEdit[] | undefined {
  if (edits.every((e) => scope.docs.get(e.path ?? path)?.kind !== 'yaml')) return [...edits];
  const out: TextEdit[] = [];
  for (const g of byPrompt(edits, scope, path)) {
    if (!g.doc || !g.prompt || g.doc.kind !== 'yaml') {
      out.push(...g.edits);
      continue;
    }
    const yaml = yamlSafeEdits(g.doc, g.prompt, g.edits);
    if (!yaml?.length) return undefined;
    out.push(...yaml);
  }
  return out;
}

const plural = (n: number) => `${formatNumber(n)} token${n === 1 ? '' : 's'}`;

function fixKey(edits: readonly TextEdit[], path: string): string {
  return JSON.stringify(edits.map((e) => [e.path ?? path, e.range.start, e.range.end, e.text]));
}

/**
 * Finishes one report of a rule: undefined when it is not to be reported (`onlyIfSaving` and its
 * edits save nothing). `fixesSeen` holds the fixes the rule reported before in this run: a fix
 * shared by several findings (one merged deletion) counts its saving once, on the first.
 */
export function finishReport(report: Report, template: string, scope: EditScope, fixesSeen: Set<string>): FinishedReport | undefined {
  const path = report.path ?? scope.defaultPath;
  const quotes = SAVED.test(template);
  // what the message quotes, measured once: it is also the fix's saving when the rule names no other cost
  const quoted = quotes || report.onlyIfSaving ? savedBy(report.cost ?? report.fix ?? [], scope, path) : undefined;
  if (report.onlyIfSaving && quoted! <= 0) return undefined;
  const data = quotes ? { ...report.data, saved: plural(quoted!) } : report.data;
  const { fix: plain, suggest, cost, onlyIfSaving: _only, ...rest } = report;
  let fix: TextEdit[] | undefined;
  let saved: number | undefined;
  if (plain?.length) {
    fix = written(plain, scope, path);
    if (fix?.length) {
      const key = fixKey(plain, path);
      saved = fixesSeen.has(key) ? 0 : (cost === undefined ? quoted : undefined) ?? savedBy(plain, scope, path);
      fixesSeen.add(key);
    }
  }
  const suggestions = suggest?.flatMap((s): Suggestion[] => {
    if (!s.edits.length) return [s];
    const edits = written(s.edits, scope, path);
    return edits?.length ? [{ ...s, edits }] : [];
  });
  return {
    report: { ...rest, ...(data ? { data } : {}), ...(fix?.length ? { fix } : {}), ...(suggestions?.length ? { suggest: suggestions } : {}) },
    ...(saved !== undefined ? { tokensSaved: saved } : {}),
  };
}
