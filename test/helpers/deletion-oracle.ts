/**
 * An oracle for duplicate-instruction's `--fix` that shares nothing with the fixer (no parser, no
 * normalization): given a text before and after the fix, it finds what was deleted (a line diff,
 * Myers' algorithm; within a shortened line, the sentences that went) and checks that each deleted
 * piece's raw text (whitespace runs folded, a leading list marker dropped, nothing else) still
 * stands in the text after the fix as a whole piece: at a line or sentence boundary on both sides.
 * Returns the violations as messages (empty when every deletion has a surviving twin).
 */

/** Lines deleted from `a` and inserted in `b`, by index (Myers' O((N+M)D) greedy diff). */
export function lineDiff(a: readonly string[], b: readonly string[]): { deleted: number[]; inserted: number[] } {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[max + k - 1]! < v[max + k + 1]!) ? v[max + k + 1]! : v[max + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // walk the trace back from the end
  const deleted: number[] = [];
  const inserted: number[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[max + k - 1]! < vd[max + k + 1]!) ? k + 1 : k - 1;
    const prevX = vd[max + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
    }
    if (x === prevX) inserted.push(--y);
    else deleted.push(--x);
  }
  return { deleted: deleted.reverse(), inserted: inserted.reverse() };
}

const MARKER = /^(?:[-*+\u2022]|\d{1,9}[.)])[ \t]+/;
const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
const unit = (line: string) => fold(line).replace(MARKER, '');

/** True when `piece` stands in `text` (folded) as a whole: after a start, a space or a list marker, before an end or a space. */
function survives(piece: string, folded: string): boolean {
  for (let at = folded.indexOf(piece); at !== -1; at = folded.indexOf(piece, at + 1)) {
    const before = folded.slice(0, at);
    const end = at + piece.length;
    if ((at === 0 || before.endsWith(' ')) && (end === folded.length || folded[end] === ' ')) return true;
  }
  return false;
}

/** Sentences of a line: split after . ! ? (and closing marks) followed by a space. */
function pieces(line: string): string[] {
  return line.split(/(?<=[.!?]["')\]*_`]*[ \t]+)/);
}

/**
 * The pieces (sentences of the lines) removed from `lines` to give `after` (both compared with
 * whitespace folded: a deletion may join two lines of one paragraph); undefined when `after` is not
 * `lines` without some of their sentences.
 */
function removedPieces(lines: readonly string[], after: string): string[] | undefined {
  const target = fold(after);
  const removed: string[] = [];
  let built = '';
  for (const p of lines.flatMap(pieces)) {
    if (!p.trim()) continue;
    const candidate = fold(`${built} ${p}`);
    if (target.startsWith(candidate) && (candidate.length === target.length || target[candidate.length] === ' ')) built = candidate;
    else removed.push(p);
  }
  return built === target ? removed : undefined;
}

export function deletionViolations(before: string, after: string): string[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  const folded = fold(b.join('\n'));
  const afterLines = new Set(b.map(fold));
  const { deleted, inserted } = lineDiff(a, b);
  const problems: string[] = [];
  const check = (piece: string, where: string) => {
    const text = unit(piece);
    if (!text) return;
    if (afterLines.has(fold(piece)) || survives(text, folded)) return;
    // a line of several sentences, each of which stands word for word elsewhere, loses nothing
    const sentences = text.split(/(?<=[.!?])\s+(?=\S)/);
    if (sentences.length > 1 && sentences.every((s) => survives(s, folded))) return;
    problems.push(`${where}: deleted "${text.slice(0, 120)}" has no surviving twin`);
  };
  // hunks: the gaps between lines kept on both sides
  const gone = new Set(deleted);
  const added = new Set(inserted);
  const keptA = a.map((_, i) => i).filter((i) => !gone.has(i));
  const keptB = b.map((_, j) => j).filter((j) => !added.has(j));
  keptA.push(a.length);
  keptB.push(b.length);
  let pa = -1;
  let pb = -1;
  for (let k = 0; k < keptA.length; k++) {
    const qa = keptA[k]!;
    const qb = keptB[k]!;
    // a blank line kept between two changes belongs to both (the alignment of blank lines is arbitrary)
    if (qa < a.length && !a[qa]!.trim() && k + 1 < keptA.length && (qa > pa + 1 || qb > pb + 1) && (keptA[k + 1]! > qa + 1 || keptB[k + 1]! > qb + 1)) continue;
    const removedLines = a.slice(pa + 1, qa);
    const addedLines = b.slice(pb + 1, qb);
    const where = `line ${pa + 2}`;
    if (addedLines.length === 0) {
      // a deleted list item or paragraph may span lines: indented continuation lines join the line above
      const units: string[] = [];
      removedLines.forEach((line, i) => {
        if (i > 0 && /^[ \t]+\S/.test(line) && !MARKER.test(line.trim())) units[units.length - 1] += ` ${line}`;
        else units.push(line);
      });
      for (const u of units) check(u, where);
    } else {
      const removed = removedPieces(removedLines, addedLines.join('\n'));
      if (!removed) problems.push(`${where}: the text after the fix is not the text before without some of its sentences: "${fold(addedLines.join(' ')).slice(0, 120)}"`);
      else for (const piece of removed) check(piece, where);
    }
    pa = qa;
    pb = qb;
  }
  return problems;
}

/** The same check on every string of two YAML texts that `parse` decodes to the same shape. */
export function yamlDeletionViolations(before: unknown, after: unknown, where = ''): string[] {
  if (typeof before === 'string' && typeof after === 'string') return before === after ? [] : deletionViolations(before, after).map((p) => `${where}: ${p}`);
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) return before.flatMap((x, i) => yamlDeletionViolations(x, after[i], `${where}[${i}]`));
  if (before && after && typeof before === 'object' && typeof after === 'object' && !Array.isArray(before) && !Array.isArray(after)) {
    const keys = Object.keys(before);
    if (keys.join('\0') !== Object.keys(after).join('\0')) return [`${where}: keys changed`];
    return keys.flatMap((k) => yamlDeletionViolations((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k], `${where}.${k}`));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [`${where}: value changed`];
}
