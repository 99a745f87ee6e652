// A finding's fingerprint for the corpus labels: its rule and the texts of the lines it and its
// related location sit on, so that a label survives edits elsewhere in the file (line shifts).
import { createHash } from 'node:crypto';

/** `text` is the file's text; `finding` has ruleId, start.line and optional related[].start.line (0-based). */
export function fingerprint(text, finding) {
  const lines = text.split(/\r\n|\r|\n/);
  const at = (l) => (lines[l] ?? '').trim();
  const related = (finding.related ?? []).map((r) => at(r.start.line)).join('\u0001');
  return createHash('sha1').update(`${finding.ruleId}\u0000${at(finding.start.line)}\u0000${related}`).digest('hex').slice(0, 12);
}
