// Cases of injected defects (bench/injections/*.jsonl): applying a case's inserts to a corpus file.

/** The original's lines with each insert placed after its line (1-based, original numbering), the
 *  1-based numbers of the inserted non-blank lines, and the two ways between old and new numbers
 *  (an inserted line has no original number). */
export function applyInserts(lines, inserts) {
  const order = [...inserts].sort((a, b) => a.after - b.after);
  const out = [];
  const injected = [];
  const newNumber = new Array(lines.length + 1);
  const oldNumber = [];
  let k = 0;
  const place = (line1) => {
    for (; k < order.length && order[k].after === line1; k++) {
      for (const t of order[k].text.split('\n')) {
        out.push(t);
        oldNumber.push(undefined);
        if (t.trim()) injected.push(out.length);
      }
    }
  };
  place(0);
  lines.forEach((l, i) => {
    out.push(l);
    oldNumber.push(i + 1);
    newNumber[i + 1] = out.length;
    place(i + 1);
  });
  if (k < order.length) throw new Error(`an insert goes after line ${order[k].after}, past the end (${lines.length} lines)`);
  return { lines: out, injected, origLineToNew: (line1) => newNumber[line1], newLineToOrig: (line1) => oldNumber[line1 - 1] };
}
