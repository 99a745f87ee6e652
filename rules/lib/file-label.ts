/**
 * How a finding names another file: its path from the directory the two files share, so that
 * `CLAUDE.md` and `service/CLAUDE.md` are told apart, and files of one folder stay short; a
 * name that would read as the finding's own file is given relative to it (`../CLAUDE.md`).
 */
import path from 'node:path';

export function fileLabel(other: string, from: string): string {
  const a = path.resolve(path.dirname(other)).split(path.sep);
  const b = path.resolve(path.dirname(from)).split(path.sep);
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared++;
  const common = a.slice(0, shared).join(path.sep) || path.sep;
  const label = path.relative(common, path.resolve(other)).split(path.sep).join('/');
  // `CLAUDE.md` said in service/CLAUDE.md would read as the file itself: name it from there
  if (label === path.basename(from) && path.resolve(other) !== path.resolve(from)) {
    return path.relative(path.dirname(path.resolve(from)), path.resolve(other)).split(path.sep).join('/');
  }
  return label;
}
