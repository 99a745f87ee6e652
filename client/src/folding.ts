/**
 * Folding for the `prompt` language (.prompty, .mdc, .cursorrules, …), which VS Code's Markdown
 * extension does not serve: YAML frontmatter, fenced code blocks and ATX heading sections.
 * (Region markers `<!-- #region -->` come from language-configuration.json.)
 */
import * as vscode from 'vscode';

export const promptFolding: vscode.FoldingRangeProvider = {
  provideFoldingRanges(doc) {
    const ranges: vscode.FoldingRange[] = [];
    const open: { depth: number; line: number }[] = [];
    let fence: { marker: string; line: number } | undefined;
    let last = doc.lineCount - 1;
    while (last > 0 && doc.lineAt(last).isEmptyOrWhitespace) last--;
    let start = 0;
    if (doc.lineCount > 1 && /^---\s*$/.test(doc.lineAt(0).text)) {
      for (let i = 1; i < doc.lineCount; i++) {
        if (/^(---|\.\.\.)\s*$/.test(doc.lineAt(i).text)) {
          ranges.push(new vscode.FoldingRange(0, i));
          start = i + 1;
          break;
        }
      }
    }
    const closeSections = (depth: number, before: number) => {
      while (open.length && open[open.length - 1].depth >= depth) {
        const section = open.pop()!;
        let end = before - 1;
        while (end > section.line && doc.lineAt(end).isEmptyOrWhitespace) end--;
        if (end > section.line) ranges.push(new vscode.FoldingRange(section.line, end));
      }
    };
    for (let i = start; i < doc.lineCount; i++) {
      const text = doc.lineAt(i).text;
      const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(text);
      if (fence) {
        if (fenceMatch && fenceMatch[1][0] === fence.marker[0] && fenceMatch[1].length >= fence.marker.length) {
          if (i > fence.line) ranges.push(new vscode.FoldingRange(fence.line, i));
          fence = undefined;
        }
        continue;
      }
      if (fenceMatch) {
        fence = { marker: fenceMatch[1], line: i };
        continue;
      }
      const heading = /^ {0,3}(#{1,6})(\s|$)/.exec(text);
      if (heading) {
        closeSections(heading[1].length, i);
        open.push({ depth: heading[1].length, line: i });
      }
    }
    closeSections(1, last + 1);
    return ranges;
  },
};
