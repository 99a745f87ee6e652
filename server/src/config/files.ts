/**
 * Which files a run lints.
 *
 * - No patterns: files under `cwd` matching `include` (well-known prompt files by default).
 * - A named file: always linted, whatever its name, `exclude` or `.gitignore` say (like ESLint).
 * - A directory: every file under it that prompt-lint can read (`fileKind()`), minus `exclude`
 *   and `.gitignore`d paths.
 * - A glob (relative to `cwd`, dot files included): its matches that prompt-lint can read, minus
 *   `exclude` and `.gitignore`d paths. A pattern starting with "!" removes matches of directory
 *   walks and globs (not of named files).
 *
 * "Minus `exclude`": a file is out when it or any directory from the config's `baseDir` down to it
 * is excluded, wherever the walk starts (`FileSelection`, which the budget gate also asks of the
 * files of a git tree).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { isDynamicPattern } from 'tinyglobby';
import { isWalkable } from '../parse/detect.js';
import { readErrorReason, readRegularText } from './read-file.js';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from './defaults.js';
import { globMatcher, relativePosix } from './globs.js';

export { matchesGlobs, normalizeGlob, rebaseGlob } from './globs.js';

export interface FindFilesOptions {
  /** Directory patterns are relative to, and searched when there are none. */
  readonly cwd: string;
  /** Globs for runs without patterns (default DEFAULT_INCLUDE), relative to `baseDir`. */
  readonly include?: readonly string[];
  /** Globs never walked into or matched (default DEFAULT_EXCLUDE), relative to `baseDir`. */
  readonly exclude?: readonly string[];
  /** Skip paths ignored by `.gitignore` files (root and nested) and `.git/info/exclude`. Default true. */
  readonly respectGitignore?: boolean;
  /** Directory `include`/`exclude` are relative to (ResolvedConfig.baseDir). Default: `cwd`. */
  readonly baseDir?: string;
}

export interface FoundFiles {
  /** Absolute, sorted, without duplicates. */
  readonly files: string[];
  /** Patterns as given that matched no file: paths that do not exist, empty directories, globs without matches. */
  readonly missing: string[];
  /**
   * Directories that could not be listed (permissions), with the reason: the run reports them and
   * goes on. Files that cannot be read are in `files` (reading them reports and skips them).
   */
  readonly unreadable: { readonly path: string; readonly reason: string }[];
}

export async function findFiles(patterns: readonly string[], options: FindFilesOptions): Promise<FoundFiles> {
  const cwd = path.resolve(options.cwd);
  const baseDir = path.resolve(options.baseDir ?? cwd);
  const positives = patterns.filter((p) => !p.startsWith('!'));
  const negations = patterns.filter((p) => p.startsWith('!') && p.length > 1).map((p) => absoluteGlob(cwd, p.slice(1)));
  const negated = negations.length ? picomatch(negations, { dot: true }) : () => false;
  const unreadable: { path: string; reason: string }[] = [];
  const selection = new FileSelection(cwd, baseDir, options.include ?? DEFAULT_INCLUDE, options.exclude ?? DEFAULT_EXCLUDE);
  const walker = new Walker(cwd, selection, options.respectGitignore ?? true, (dir, error) =>
    unreadable.push({ path: dir, reason: `cannot list directory: ${readErrorReason(error)}` }),
  );
  const found = new Set<string>();
  const missing: string[] = [];
  const readable = (abs: string) => isWalkable(abs) && !negated(toPosix(abs));

  if (positives.length === 0) {
    const files = await walker.walk(cwd, (abs) => selection.isIncluded(abs) && readable(abs));
    for (const f of files) found.add(f);
  }

  for (const pattern of positives) {
    const unreadableBefore = unreadable.length;
    const abs = path.resolve(cwd, pattern);
    const stat = await statOrUndefined(abs);
    let files: string[];
    if (stat?.isFile() || (!stat && isPermissionError(await statError(abs)))) {
      // A named file that cannot be looked at (a directory on its path without execute permission)
      // is linted like any other: reading it reports "permission denied" and skips it.
      files = [abs];
    } else if (stat?.isDirectory()) {
      files = await walker.walk(abs, readable);
    } else if (pattern && isDynamicPattern(pattern)) {
      const glob = absoluteGlob(cwd, pattern);
      const scan = picomatch.scan(glob);
      const root = scan.base || '/';
      const matches = picomatch(glob, { dot: true });
      files = (await statOrUndefined(root))?.isDirectory()
        ? await walker.walk(path.resolve(root), (f) => matches(toPosix(f)) && readable(f))
        : [];
    } else {
      files = [];
    }
    if (files.length === 0 && unreadable.length === unreadableBefore) missing.push(pattern);
    for (const f of files) found.add(f);
  }

  return { files: [...found].sort(), missing, unreadable };
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** A command-line glob made absolute (posix), `..` segments resolved. */
function absoluteGlob(cwd: string, pattern: string): string {
  if (path.isAbsolute(pattern)) return toPosix(pattern);
  return path.posix.join(toPosix(cwd), pattern.replace(/\\/g, '/'));
}

async function statError(p: string): Promise<unknown> {
  try {
    await fsp.stat(p);
    return undefined;
  } catch (error) {
    return error;
  }
}

function isPermissionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EACCES' || code === 'EPERM';
}

async function statOrUndefined(p: string): Promise<fs.Stats | undefined> {
  try {
    return await fsp.stat(p);
  } catch {
    return undefined;
  }
}

/**
 * Which files a config's `include` and `exclude` (globs relative to `baseDir`) select: the test a
 * walk of the disk prunes by (`findFiles`) and the budget gate asks of every file of a git tree.
 */
export class FileSelection {
  private readonly excluded: (rel: string) => boolean;
  private readonly included: (rel: string) => boolean;

  constructor(
    private readonly cwd: string,
    private readonly baseDir: string,
    include: readonly string[],
    exclude: readonly string[],
  ) {
    this.excluded = globMatcher(exclude);
    this.included = globMatcher(include);
  }

  /** The path itself is excluded (a directory: nothing under it is walked). */
  isExcluded(abs: string): boolean {
    // Relative to baseDir as configured; paths elsewhere are matched relative to cwd, then as
    // absolute paths (so that "**/node_modules/**"-style globs still apply).
    const rel = relativePosix(this.baseDir, abs) ?? relativePosix(this.cwd, abs) ?? toPosix(abs).replace(/^\/+/, '');
    return rel !== '' && this.excluded(rel);
  }

  /** The path or a directory between `baseDir` and it is excluded. */
  isExcludedAlong(abs: string): boolean {
    const rel = relativePosix(this.baseDir, abs);
    if (rel === undefined || rel === '') return this.isExcluded(abs);
    const segments = rel.split('/');
    for (let i = 1; i <= segments.length; i++) if (this.excluded(segments.slice(0, i).join('/'))) return true;
    return false;
  }

  /** The path matches `include` (it lies under `baseDir`). */
  isIncluded(abs: string): boolean {
    const rel = relativePosix(this.baseDir, abs);
    return rel !== undefined && this.included(rel);
  }
}

/** Directory walks that prune excluded and git-ignored directories. */
class Walker {
  private readonly gitignores = new Map<string, GitIgnoreTree>();

  constructor(
    private readonly cwd: string,
    private readonly selection: FileSelection,
    private readonly respectGitignore: boolean,
    private readonly onUnreadable: (dir: string, error: unknown) => void = () => {},
  ) {}

  private isExcluded(abs: string): boolean {
    return this.selection.isExcluded(abs);
  }

  /** Files under `root` (which is itself checked, with the directories above it) accepted by `accept`. */
  async walk(root: string, accept: (abs: string) => boolean): Promise<string[]> {
    const git = this.respectGitignore ? this.gitignoreFor(root) : undefined;
    if (this.selection.isExcludedAlong(root) || git?.isIgnored(root, true)) return [];
    const out: string[] = [];
    const visit = async (dir: string): Promise<void> => {
      let entries: fs.Dirent[];
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isPermissionError(error)) this.onUnreadable(dir, error);
        return;
      }
      const subdirs: string[] = [];
      for (const entry of entries) {
        const abs = path.join(dir, entry.name);
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          // Linked files are read; linked directories are not followed (no cycles, no escaping the tree).
          const target = await statOrUndefined(abs);
          isFile = !!target?.isFile();
          isDir = false;
        }
        if (isDir) {
          if (entry.name === '.git' || this.isExcluded(abs) || git?.isIgnored(abs, true)) continue;
          subdirs.push(abs);
        } else if (isFile) {
          if (this.isExcluded(abs) || git?.isIgnored(abs, false)) continue;
          if (accept(abs)) out.push(abs);
        }
      }
      await Promise.all(subdirs.map(visit));
    };
    await visit(root);
    return out;
  }

  /** The .gitignore tree of the repository containing `dir` (or of cwd / `dir` outside any repository). */
  private gitignoreFor(dir: string): GitIgnoreTree {
    let scope: string | undefined;
    for (let d = dir; ; d = path.dirname(d)) {
      if (fs.existsSync(path.join(d, '.git'))) {
        scope = d;
        break;
      }
      if (path.dirname(d) === d) break;
    }
    scope ??= relativePosix(this.cwd, dir) !== undefined ? this.cwd : dir;
    let tree = this.gitignores.get(scope);
    if (!tree) {
      tree = new GitIgnoreTree(scope);
      this.gitignores.set(scope, tree);
    }
    return tree;
  }
}

/**
 * `.gitignore` files from a repository root down, with git's precedence: deeper files override
 * shallower ones, and nothing inside an ignored directory can be re-included.
 */
class GitIgnoreTree {
  private readonly layers = new Map<string, readonly { dir: string; ig: Ignore }[]>();
  private readonly ignoredDirs = new Map<string, boolean>();

  constructor(private readonly root: string) {}

  isIgnored(abs: string, isDir: boolean): boolean {
    if (relativePosix(this.root, abs) === undefined || abs === this.root) return false;
    const parent = path.dirname(abs);
    if (parent !== this.root && this.dirIgnored(parent)) return true;
    return this.evaluate(abs, isDir);
  }

  private dirIgnored(dir: string): boolean {
    let result = this.ignoredDirs.get(dir);
    if (result === undefined) {
      const parent = path.dirname(dir);
      result = (parent !== this.root && relativePosix(this.root, parent) !== undefined && this.dirIgnored(parent)) || this.evaluate(dir, true);
      this.ignoredDirs.set(dir, result);
    }
    return result;
  }

  private evaluate(abs: string, isDir: boolean): boolean {
    let ignored = false;
    for (const { dir, ig } of this.layersFor(path.dirname(abs))) {
      const rel = relativePosix(dir, abs);
      if (!rel) continue;
      const r = ig.test(isDir ? `${rel}/` : rel);
      if (r.ignored) ignored = true;
      else if (r.unignored) ignored = false;
    }
    return ignored;
  }

  /** The ignore files that apply to entries of `dir`, shallowest first. */
  private layersFor(dir: string): readonly { dir: string; ig: Ignore }[] {
    let layers = this.layers.get(dir);
    if (layers) return layers;
    if (relativePosix(this.root, dir) === undefined) return [];
    const inherited = dir === this.root ? [] : this.layersFor(path.dirname(dir));
    const rules: string[] = [];
    if (dir === this.root) rules.push(readText(path.join(dir, '.git', 'info', 'exclude')));
    rules.push(readText(path.join(dir, '.gitignore')));
    const text = rules.join('\n');
    layers = text.trim() ? [...inherited, { dir, ig: ignore().add(text) }] : inherited;
    this.layers.set(dir, layers);
    return layers;
  }
}

/** An ignore file's text, '' when absent or unreadable; regular files only (a `.gitignore` symlinked to /dev/zero or a FIFO reads as ''). */
function readText(file: string): string {
  try {
    return readRegularText(file);
  } catch {
    return '';
  }
}
