/**
 * Reading files the user named or a config points at: regular files only. A device (`/dev/zero`)
 * would grow memory without limit and a FIFO would block forever, so the file is opened without
 * blocking and checked through its descriptor (no window between the check and the read).
 */
import fs from 'node:fs';

/** The path names something that is not a regular file; `message` says what it is. */
export class NotRegularFileError extends Error {
  override readonly name = 'NotRegularFileError';
  readonly code = 'ENOTREG';
}

export function fileKind(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The bytes of a regular file; throws NotRegularFileError for anything else, and fs errors (ENOENT, EACCES) as they are. */
export function readRegularFile(file: string): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new NotRegularFileError(`${file}: is ${fileKind(st)}, not a regular file`);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The text of a regular file (UTF-8). */
export function readRegularText(file: string): string {
  return readRegularFile(file).toString('utf8');
}

/** True when the path names a regular file (following symlinks); never blocks. */
export function isRegularFile(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** Short reason for a read error, without the content of anything: the error code or the message. */
export function readErrorReason(error: unknown): string {
  if (error instanceof NotRegularFileError) return error.message.replace(/^.*?: /, '');
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  return code ?? (error as Error)?.message ?? String(error);
}
