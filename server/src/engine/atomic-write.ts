/** Writes a file so that readers see the old or the new content, never half of it. */
import fs from 'node:fs';
import path from 'node:path';

export function writeFileAtomic(filePath: string, content: string): void {
  const dir = path.dirname(filePath);
  const tmp = path.join(dir, `.${path.basename(filePath)}.prompt-lint-${process.pid}-${Date.now()}.tmp`);
  let mode: number | undefined;
  try {
    mode = fs.statSync(filePath).mode;
  } catch {
    mode = undefined;
  }
  try {
    fs.writeFileSync(tmp, content, mode === undefined ? undefined : { mode });
    fs.renameSync(tmp, filePath);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}
