/**
 * Inline disable comments, applied after the rules ran (ESLint's apply-disable-directives):
 * rules only report, this module alone decides what is suppressed.
 */
import type { Directive, SourceFile } from '../model/types.js';

interface LineSpan {
  readonly from: number;
  readonly to: number; // inclusive line numbers, 0-based
  readonly rules: readonly string[]; // empty = all
}

export class Suppressions {
  private readonly spans: LineSpan[] = [];
  private readonly fileRules: string[] = [];
  private fileAll = false;

  constructor(file: SourceFile, directives: readonly Directive[]) {
    const lineOf = (offset: number) => file.lines.positionAt(offset).line;
    const lastLine = file.lines.lineStarts.length - 1;
    // Open `disable` regions per rule ('' = all rules) waiting for their `enable`.
    const open = new Map<string, number>();
    const sorted = [...directives].sort((a, b) => a.range.start - b.range.start);
    for (const d of sorted) {
      const startLine = lineOf(d.range.start);
      const endLine = lineOf(d.range.end);
      switch (d.kind) {
        case 'disable-file':
          if (d.rules.length === 0) this.fileAll = true;
          else this.fileRules.push(...d.rules);
          break;
        case 'disable-line':
          this.spans.push({ from: startLine, to: endLine, rules: d.rules });
          break;
        case 'disable-next-line':
          this.spans.push({ from: endLine + 1, to: endLine + 1, rules: d.rules });
          break;
        case 'disable':
          for (const rule of d.rules.length ? d.rules : ['']) if (!open.has(rule)) open.set(rule, startLine);
          break;
        case 'enable': {
          const names = d.rules.length ? d.rules : [...open.keys()];
          for (const rule of names) {
            const from = open.get(rule);
            if (from === undefined) continue;
            this.spans.push({ from, to: startLine, rules: rule ? [rule] : [] });
            open.delete(rule);
          }
          break;
        }
      }
    }
    for (const [rule, from] of open) this.spans.push({ from, to: lastLine, rules: rule ? [rule] : [] });
  }

  isSuppressed(ruleId: string, line: number): boolean {
    if (this.fileAll || this.fileRules.includes(ruleId)) return true;
    return this.spans.some(
      (span) => line >= span.from && line <= span.to && (span.rules.length === 0 || span.rules.includes(ruleId)),
    );
  }
}
