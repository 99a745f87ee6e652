/** The package's own version, found by walking up from this module (works from src and from dist). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(): { version: string; root: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'prompt-lint') return { version: pkg.version ?? '0.0.0', root: dir };
    } catch {
      // keep walking
    }
    const parent = path.dirname(dir);
    if (parent === dir) return { version: '0.0.0', root: dir };
    dir = parent;
  }
}

const info = findPackageJson();
export const VERSION = info.version;
export const PACKAGE_ROOT = info.root;
