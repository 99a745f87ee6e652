/**
 * Text from files (their names, the instructions messages quote) is shown as text: control
 * characters become visible escapes, so a file name cannot move the cursor, recolour the terminal,
 * set the window title or start a new line that looks like another finding. Bidirectional
 * overrides are escaped too (they reorder what a reader sees).
 */

// C0 controls, DEL, C1 controls, and the bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `s` with every control character written as `\n`, `\t`, `\x1b` or `\u202e`. */
export function escapeControl(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Whether `s` holds anything escapeControl would change. */
export function hasControl(s: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(s);
  UNSAFE.lastIndex = 0;
  return found;
}
