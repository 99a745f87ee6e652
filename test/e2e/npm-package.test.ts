/**
 * The npm package (issue 13.5): what `npm pack` ships, the token tables it ships instead of
 * gpt-tokenizer, and a run of the packed files with only the runtime dependencies installed.
 * Needs `npm run build` (as `npm test` does). The install into an empty project and its size are
 * checked from a fresh clone in test/e2e/fresh-clone.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gptTokenizerOrigin, loadRankTable } from '../../server/src/tokens/cache.js';
import { serializeRankTable } from '../../server/src/tokens/table.js';
import { BpeCore } from '../../server/src/tokens/bpe.js';
import { ENCODINGS, PATTERNS } from '../../server/src/tokens/encodings.js';
import { parseShippedTable, serializeShippedTable, shippedTableFile } from '../../server/src/tokens/shipped.js';
import { REPO } from '../helpers/cli.js';
import { refCount } from '../tokens/helpers.js';

interface PackJson {
  files: { path: string; size: number }[];
  unpackedSize: number;
}

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function packList(): PackJson {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as PackJson[])[0]!;
}

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

const SAMPLE = '# Support\n\nYou are Ada 🎉, the billing agent. Réponds en français — 日本語も可.\n\n- Keep answers under 120 words.\n\u0085\ufeffEnd.\n';

describe('npm package', () => {
  const packed = packList();
  const files = packed.files.map((f) => f.path);

  it('ships compiled code and the token tables, no TypeScript sources, source maps or tests', () => {
    for (const must of ['bin/prompt-lint.js', 'bin/prompt-lint-language-server.js', 'dist/prompt-lint.cjs', 'dist/prompt-lint-worker.mjs', 'dist/server/src/lsp/server.js', 'dist/schema/promptlintrc.schema.json', 'README.md', 'package.json']) {
      expect(files, must).toContain(must);
    }
    for (const name of ENCODINGS) expect(files).toContain(`dist/tokens/${name}.tokens`);
    // no V8 code cache (server/src/cli/code-cache.ts): it fits only the Node that built it, and would
    // add 1.8 MB to an install that must stay within 15 MB; the CLI writes one after its first run
    expect(files.filter((f) => f.endsWith('.cache'))).toEqual([]);
    expect(files.filter((f) => /\.(ts|mts|cts|map)$/.test(f))).toEqual([]);
    expect(files.filter((f) => /(^|\/)(test|fixtures|bench)\//.test(f))).toEqual([]);
  });

  it('runtime dependencies are what the engine imports; the tokenizer, test oracles and types are dev dependencies', () => {
    const deps = Object.keys(pkg.dependencies);
    for (const dev of ['gpt-tokenizer', 'string-similarity', 'js-tiktoken']) expect(deps).not.toContain(dev);
    expect(deps.filter((d) => d.startsWith('@types/'))).toEqual([]);
    // Every runtime dependency is imported by the shipped code (the sources it is compiled from).
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const f = path.join(dir, e.name);
        if (e.isDirectory()) walk(f);
        else if (e.name.endsWith('.ts')) sources.push(fs.readFileSync(f, 'utf8'));
      }
    };
    walk(path.join(REPO, 'server', 'src'));
    walk(path.join(REPO, 'rules'));
    const imported = (name: string) => sources.some((s) => s.includes(`from '${name}'`) || s.includes(`from '${name}/`));
    expect(deps.filter((d) => !imported(d))).toEqual([]);
  });

  it("the shipped tables are exactly the ones built from gpt-tokenizer's vocabulary, and count like tiktoken", () => {
    for (const name of ENCODINGS) {
      const data = fs.readFileSync(shippedTableFile(name, REPO));
      // Built afresh here (no cache): the shipped file must be byte-identical.
      const built = loadRankTable(name, gptTokenizerOrigin(name), undefined).table;
      expect(Buffer.compare(data, serializeShippedTable(built)), name).toBe(0);
      const table = parseShippedTable(data);
      expect(table, name).not.toBeNull();
      expect(serializeRankTable(table!, 'x').equals(serializeRankTable(built, 'x')), `${name}: indexed like the built table`).toBe(true);
      expect(new BpeCore(table!, PATTERNS[name]).count(SAMPLE)).toBe(refCount(SAMPLE, name));
      // A damaged file is refused, never half-read.
      const bad = Buffer.from(data);
      bad[bad.length - 5]! ^= 1;
      expect(parseShippedTable(bad)).toBeNull();
      expect(parseShippedTable(data.subarray(0, data.length - 1))).toBeNull();
    }
  });

  it('the packed files run with only the runtime dependencies installed (no gpt-tokenizer): same counts', () => {
    // An install: <tmp>/node_modules/prompt-lint holds the packed files, beside its runtime
    // dependencies (links to this checkout's, which hold every package they need) and nothing else.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-packed-'));
    temps.push(root);
    const modules = path.join(root, 'node_modules');
    const own = path.join(modules, 'prompt-lint');
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(own, f)), { recursive: true });
      fs.copyFileSync(path.join(REPO, f), path.join(own, f));
    }
    const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
    for (const [where, info] of Object.entries(lock.packages)) {
      if (!where.startsWith('node_modules/') || where.split('node_modules/').length > 2 || info.dev || info.devOptional) continue;
      const name = where.slice('node_modules/'.length);
      fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
      fs.symlinkSync(path.join(REPO, where), path.join(modules, name));
    }
    expect(fs.existsSync(path.join(modules, 'gpt-tokenizer'))).toBe(false);
    fs.writeFileSync(path.join(root, 'CLAUDE.md'), SAMPLE);
    const run = (bin: string) => spawnSync(process.execPath, [bin, 'tokens', '--format', 'json', '--model', 'gpt-4o', 'CLAUDE.md'], { cwd: root, encoding: 'utf8' });
    const packedRun = run(path.join(own, 'bin', 'prompt-lint.js'));
    expect(packedRun.stderr).toBe('');
    expect(packedRun.status).toBe(0);
    const tokens = (out: string) => (JSON.parse(out) as { tokens: { tokens: number } }[])[0]!.tokens.tokens;
    expect(tokens(packedRun.stdout)).toBe(refCount(SAMPLE, 'o200k_base'));
    expect(tokens(packedRun.stdout)).toBe(tokens(run(path.join(REPO, 'bin', 'prompt-lint.js')).stdout));
    const cl100k = spawnSync(process.execPath, [path.join(own, 'bin', 'prompt-lint.js'), 'tokens', '--format', 'json', '--model', 'gpt-4', 'CLAUDE.md'], { cwd: root, encoding: 'utf8' });
    expect(cl100k.stderr).toBe('');
    expect(tokens(cl100k.stdout)).toBe(refCount(SAMPLE, 'cl100k_base'));
    // The indexed tables were cached beside the package, for the next runs.
    expect(fs.readdirSync(path.join(modules, '.cache', 'prompt-lint', 'shipped')).sort()).toEqual(['cl100k_base.v1.ranks', 'o200k_base.v1.ranks']);
  });
});
