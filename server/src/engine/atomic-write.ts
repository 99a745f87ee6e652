/**
 * Writes a file so that readers see the old or the new content, never half of it, and so that the
 * file stays what the user made it: a symlink stays a symlink (its target is written), the mode and
 * owner are kept, read-only and multiply-linked files are refused, and a file that changed since it
 * was read is left alone. See docs/decisions/atomic-write.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './usage-error.js';

/**
 * The write was refused on purpose; `message` says why, for the user. `--fix` reports and skips the
 * file; elsewhere (baseline, cache, report) it is a usage error (exit 2).
 */
export class WriteRefusedError extends UsageError {
  override readonly name = 'WriteRefusedError';
}

export interface AtomicWriteOptions {
  /**
   * The bytes (or text) the caller read and computed the new content from. When given, the file is
   * compared with it just before the rename, and a file that changed meanwhile is not written.
   */
  readonly expected?: Buffer | string;
}

const MAX_LINKS = 40;

/** The file a path finally names, following symlinks (also dangling ones, so a new target is created where the link points). */
export function writeTarget(filePath: string): string {
  let current = path.resolve(filePath);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw error;
    }
    if (!st.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), fs.readlinkSync(current));
  }
  throw new WriteRefusedError(`${filePath}: too many levels of symbolic links; not written`);
}

export function writeFileAtomic(filePath: string, content: string | Buffer, options: AtomicWriteOptions = {}): void {
  const target = writeTarget(filePath);
  const st = fs.statSync(target, { throwIfNoEntry: false });
  if (st) checkWritable(filePath, st);
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.prompt-lint-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.tmp`);
  let fd: number | undefined;
  try {
    // wx: never follow or reuse something planted at the temp name.
    fd = fs.openSync(tmp, 'wx', st ? st.mode & 0o777 : 0o666);
    fs.writeFileSync(fd, content);
    if (st) {
      // The mode given to open is reduced by the umask: set it exactly, and keep the owner.
      fs.fchmodSync(fd, st.mode & 0o7777);
      keepOwner(fd, filePath, st);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    if (options.expected !== undefined) checkUnchanged(filePath, target, options.expected);
    fs.renameSync(tmp, target);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

function checkWritable(filePath: string, st: fs.Stats): void {
  if (!st.isFile()) throw new WriteRefusedError(`${filePath}: not a regular file; not written`);
  // By the mode bits, not by a failed write: root may write anything, but a 0444 file says "leave me".
  if ((st.mode & 0o222) === 0) throw new WriteRefusedError(`${filePath}: read-only file (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}); not written (make it writable to fix it)`);
  try {
    fs.accessSync(filePath, fs.constants.W_OK);
  } catch {
    throw new WriteRefusedError(`${filePath}: not writable by this user; not written`);
  }
  if (st.nlink > 1) {
    // Replacing the file would split the hard links; writing in place would not be atomic.
    throw new WriteRefusedError(`${filePath}: has ${st.nlink} hard links; not written (a rewrite would split them or could leave half a file; fix the file by hand or break the link)`);
  }
}

function keepOwner(fd: number, filePath: string, st: fs.Stats): void {
  const now = fs.fstatSync(fd);
  if (now.uid === st.uid && now.gid === st.gid) return;
  try {
    fs.fchownSync(fd, st.uid, st.gid);
  } catch {
    throw new WriteRefusedError(`${filePath}: owned by another user or group (uid ${st.uid}, gid ${st.gid}); not written, as a rewrite would change its owner`);
  }
}

function checkUnchanged(filePath: string, target: string, expected: Buffer | string): void {
  let now: Buffer;
  try {
    now = fs.readFileSync(target);
  } catch {
    throw new WriteRefusedError(`${filePath}: changed since it was read (it is gone); not written`);
  }
  const same = typeof expected === 'string' ? now.toString('utf8') === expected : now.equals(expected);
  if (!same) throw new WriteRefusedError(`${filePath}: changed since it was read; not written (run again to fix the new content)`);
}
