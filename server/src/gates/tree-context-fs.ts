/**
 * A git tree (a commit, or the working tree as git lists it) as the agent resolvers' file system:
 * the budget gate resolves what each agent loads at base and at head without checking anything out.
 * Paths are absolute under `root`, the directory that stands for the repository root.
 */
import path from 'node:path';
import type { ContextFs } from '../agents/types.js';
import { decodeBuffer } from '../model/source.js';
import type { TreeSnapshot } from './git.js';

export function treeContextFs(tree: TreeSnapshot, root: string): ContextFs {
  const files = new Set(tree.files);
  const children = new Map<string, Set<string>>();
  for (const file of tree.files) {
    let child = file;
    for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
      const key = dir === '.' ? '' : dir;
      let names = children.get(key);
      if (!names) children.set(key, (names = new Set()));
      const name = path.posix.basename(child);
      if (names.has(name)) break; // this directory and its ancestors already list the chain
      names.add(name);
      if (key === '') break;
      child = dir;
    }
  }
  const texts = new Map<string, string | undefined>();
  const rel = (abs: string): string | undefined => {
    const r = path.relative(root, abs);
    if (r.startsWith('..') || path.isAbsolute(r)) return undefined;
    return r.split(path.sep).join('/');
  };
  return {
    readText(file) {
      const r = rel(file);
      if (r === undefined || !files.has(r)) return undefined;
      if (!texts.has(r)) {
        const buf = tree.read([r]).get(r);
        const decoded = buf && decodeBuffer(buf);
        texts.set(r, decoded && !('error' in decoded) ? decoded.text : undefined);
      }
      return texts.get(r);
    },
    isFile(file) {
      const r = rel(file);
      return r !== undefined && files.has(r);
    },
    list(dir) {
      const r = rel(dir);
      return r === undefined ? [] : [...(children.get(r) ?? [])].sort();
    },
  };
}
