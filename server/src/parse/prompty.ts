/**
 * Microsoft Prompty files: YAML frontmatter, then a template whose role blocks start with a marker
 * line (`system:`, `user:`, `assistant:`; case-insensitive, optionally written `# system:`).
 * Each role block is one Prompt (ids `system`, `user`, `user#2`, …) parsed as Markdown. Without
 * markers the whole template is one prompt, `body`; text before the first marker is `body` too.
 */
import type { Prompt, Range } from '../model/types.js';
import { createPrompt } from '../model/shapes.js';
import type { BlockCache } from './block-cache.js';
import { parseMarkdownBody } from './markdown.js';
import { lineTable, offsetMap } from './units.js';

const ROLE_LINE = /^[ \t]*(?:#[ \t]*)?(system|user|assistant)[ \t]*:[ \t]*$/i;
const FENCE = /^[ \t]*(`{3,}|~{3,})/;

export interface PromptyBody {
  prompts: Prompt[];
  /** Source ranges of code blocks (directives inside do not count). */
  codeRanges: Range[];
  /** Source ranges of code fences left open at the end of a block. */
  unclosedFences: Range[];
}

interface Marker {
  role: string;
  lineStart: number;
  contentStart: number;
}

/** Splits the template (from `bodyStart`) into role blocks and parses each (`blocks`: see scanMarkdown). */
export function parsePromptyBody(text: string, bodyStart: number, blocks?: BlockCache): PromptyBody {
  const body = text.slice(bodyStart);
  const lines = lineTable(body);
  const markers: Marker[] = [];
  let fence: string | undefined;
  for (let l = 0; l < lines.count; l++) {
    const lineText = body.slice(lines.starts[l], lines.ends[l]);
    const fm = FENCE.exec(lineText);
    if (fence) {
      if (fm && fm[1][0] === fence[0] && fm[1].length >= fence.length && lineText.trim() === fm[1]) fence = undefined;
      continue;
    }
    if (fm) {
      fence = fm[1];
      continue;
    }
    const m = ROLE_LINE.exec(lineText);
    if (m) markers.push({ role: m[1].toLowerCase(), lineStart: bodyStart + lines.starts[l], contentStart: bodyStart + lines.nexts[l] });
  }
  const out: PromptyBody = { prompts: [], codeRanges: [], unclosedFences: [] };
  const add = (id: string, role: string | undefined, start: number, end: number): void => {
    const range = { start, end: Math.max(start, end) };
    const ptext = text.slice(range.start, range.end);
    const parsed = parseMarkdownBody(ptext, offsetMap(range.start), range, blocks);
    for (const r of parsed.scan.codeRanges) out.codeRanges.push({ start: r.start + range.start, end: r.end + range.start });
    for (const r of parsed.scan.unclosedFences) out.unclosedFences.push({ start: r.start + range.start, end: r.end + range.start });
    const n = ptext.length;
    out.prompts.push(createPrompt({
      id,
      label: id,
      role: role || undefined,
      range,
      text: ptext,
      toSource: (i: number) => range.start + Math.min(Math.max(0, Math.floor(i)), n),
      sections: parsed.sections,
      units: parsed.units,
      boundary: 'role',
    }));
  };
  if (markers.length === 0) {
    add('body', undefined, bodyStart, text.length);
    return out;
  }
  if (text.slice(bodyStart, markers[0].lineStart).trim() !== '') add('body', undefined, bodyStart, markers[0].lineStart);
  const counts = new Map<string, number>();
  markers.forEach((m, i) => {
    const n = (counts.get(m.role) ?? 0) + 1;
    counts.set(m.role, n);
    const end = i + 1 < markers.length ? markers[i + 1].lineStart : text.length;
    add(n > 1 ? `${m.role}#${n}` : m.role, m.role, Math.min(m.contentStart, end), end);
  });
  return out;
}
