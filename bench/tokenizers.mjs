#!/usr/bin/env node
// Tokenizer benchmark and full-corpus exactness check for server/src/tokens (docs/tokens.md).
//
//   node bench/tokenizers.mjs [--timeout S] [--skip-corpus] [--skip-pathological] [--runs N]
//                             [--skip-load] [--skip-throughput] [--tiktoken-dir DIR]
//                             [--baseline REV] [--cli FILE] [--cli-runs N] [--cli-baseline DIR]
//                             [--cli-build DIR]
//
// Compares three implementations of o200k_base / cl100k_base:
//   ours          server/src/tokens (BPE core over gpt-tokenizer's rank tables, heap merge)
//   gpt-tokenizer gpt-tokenizer@4 encoding modules (countTokens, special tokens as text)
//   js-tiktoken   js-tiktoken/lite with `\s` rewritten to Unicode White_Space (the reference in
//                 the tests; plain js-tiktoken uses JavaScript's `\s`, see docs/tokens.md)
//   tiktoken      OpenAI's Rust tiktoken (npm `tiktoken`, WASM), only with --tiktoken-dir DIR
//                 pointing at an installed copy (it is not a dependency of the project)
//   ours@REV      server/src/tokens as of git revision REV (--baseline REV), to compare load
//                 time and throughput before/after a change in the same run
// Load times of ours are split by how the rank table is obtained: from the binary cache (the
// usual case), on a cache miss (built from gpt-tokenizer's data file and written to a fresh
// cache dir), without a writable cache dir, and built from the rank module (the fallback when
// gpt-tokenizer ships no data file). --cli FILE also times whole cold runs of
// `node bin/prompt-lint.js FILE` (the current build: run `npm run build` first), median of
// --cli-runs (10), with a warm cache and without a writable one, and of DIR/bin/prompt-lint.js
// with --cli-baseline DIR (a built checkout of the baseline); --cli-build DIR times another
// build than this checkout's as the current one.
// and reports: cold load time (fresh process each), throughput on the corpus, time on
// pathological inputs (each run in a child process, killed after --timeout seconds), the full
// corpus equality check (chunk sum == whole == js-tiktoken, both encodings), the token drift of
// unsafe cut rules, and the cost of re-counting a lightly edited large file.
//
// The TypeScript sources are transpiled on the fly into a temp dir (nothing is written to the repo).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rng } from './random.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const SELF = fileURLToPath(import.meta.url);
const ENCODINGS = ['o200k_base', 'cl100k_base'];
const IMPLS = ['ours', 'gpt-tokenizer', 'js-tiktoken'];
const argv = process.argv.slice(2);
const BASELINE = argv.includes('--baseline') ? argv[argv.indexOf('--baseline') + 1] : process.env.TOKENS_BENCH_BASELINE;
if (BASELINE) {
  process.env.TOKENS_BENCH_BASELINE = BASELINE;
  IMPLS.splice(1, 0, `ours@${BASELINE}`);
}
/** A cache dir that can never be created (a path under a regular file), even as root. */
const UNWRITABLE_CACHE = path.join(fileURLToPath(import.meta.url), 'no-cache');
const TIKTOKEN_DIR = argv.includes('--tiktoken-dir') ? path.resolve(argv[argv.indexOf('--tiktoken-dir') + 1]) : process.env.TOKENS_BENCH_TIKTOKEN;
if (TIKTOKEN_DIR) {
  process.env.TOKENS_BENCH_TIKTOKEN = TIKTOKEN_DIR;
  IMPLS.push('tiktoken');
}
const WS = '\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const rustWhiteSpace = (pat) => pat.split('[^\\s').join(`[^${WS}`).split('\\S').join(`[^${WS}]`).split('\\s').join(`[${WS}]`);

// ---------------------------------------------------------------------------------------------
// Implementations (loaded inside whichever process measures them)

/**
 * Transpiles server/src/tokens (the working tree, or git revision `rev`) into a temp dir, once
 * per bench run (children inherit the dir through the environment).
 */
function transpiledDir(rev) {
  const envKey = rev ? 'TOKENS_BENCH_BASELINE_DIR' : 'TOKENS_BENCH_DIR';
  if (process.env[envKey]) return process.env[envKey];
  const ts = createRequire(path.join(ROOT, 'package.json'))('typescript');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-tokens-bench-'));
  const src = 'server/src/tokens';
  const git = (...args) => {
    const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.trim()}`);
    return r.stdout;
  };
  const files = rev
    ? git('ls-tree', '--name-only', `${rev}:${src}`).split('\n').filter((n) => n.endsWith('.ts'))
    : fs.readdirSync(path.join(ROOT, src)).filter((n) => n.endsWith('.ts'));
  for (const f of files) {
    const text = rev ? git('show', `${rev}:${src}/${f}`) : fs.readFileSync(path.join(ROOT, src, f), 'utf8');
    const out = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    fs.writeFileSync(path.join(dir, f.replace(/\.ts$/, '.js')), out);
  }
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  process.env[envKey] = dir;
  return dir;
}

async function ours(rev) {
  const dir = transpiledDir(rev);
  const enc = await import(pathToFileURL(path.join(dir, 'encodings.js')).href);
  const count = await import(pathToFileURL(path.join(dir, 'count.js')).href);
  return { enc, count };
}

/** { load(): Promise<void>, count(text): number } for impl × encoding. */
async function makeCounter(impl, encoding) {
  if (impl === 'ours' || impl.startsWith('ours@')) {
    const { enc } = await ours(impl.startsWith('ours@') ? impl.slice(5) : undefined);
    const core = enc.getEncoder(encoding);
    return (text) => core.count(text);
  }
  if (impl === 'ours, rank module') {
    // The fallback when gpt-tokenizer has no data file: compile its rank module and hash it.
    const dir = transpiledDir();
    const { buildRankTable } = await import(pathToFileURL(path.join(dir, 'table.js')).href);
    const { BpeCore } = await import(pathToFileURL(path.join(dir, 'bpe.js')).href);
    const { PATTERNS } = await import(pathToFileURL(path.join(dir, 'encodings.js')).href);
    const raw = createRequire(path.join(ROOT, 'package.json'))(`gpt-tokenizer/bpeRanks/${encoding}`).default;
    const core = new BpeCore(buildRankTable(raw), PATTERNS[encoding]);
    return (text) => core.count(text);
  }
  if (impl === 'gpt-tokenizer') {
    const m = await import(`gpt-tokenizer/encoding/${encoding}`);
    const opts = { disallowedSpecial: new Set() };
    return (text) => m.countTokens(text, opts);
  }
  if (impl === 'tiktoken') {
    const req = createRequire(path.join(TIKTOKEN_DIR, 'package.json'));
    const { get_encoding } = req(TIKTOKEN_DIR);
    const enc = get_encoding(encoding);
    return (text) => enc.encode_ordinary(text).length;
  }
  const { Tiktoken } = await import('js-tiktoken/lite');
  const ranks = (await import(`js-tiktoken/ranks/${encoding}`)).default;
  const tt = new Tiktoken({ ...ranks, pat_str: rustWhiteSpace(ranks.pat_str) });
  return (text) => tt.encode(text, [], []).length;
}

// ---------------------------------------------------------------------------------------------
// Inputs

const PATHOLOGICAL = {
  'no-spaces-1MB': 'random lowercase letters, 1,000,000 chars, no spaces (one pre-token)',
  'letters-1MB': "'a' × 1,000,000 (one pre-token)",
  'letter-100KB': "'a' × 100,000 (one pre-token)",
  'base64-1MB': 'base64 of random bytes, 1,000,000 chars, no line breaks',
  'cjk-1MB': 'CJK ideographs, 333,333 chars (1 MB UTF-8), no punctuation (one pre-token)',
  'spaces-1MB': "' ' × 1,000,000 then 'x' (regex backtracking)",
  'punct-1MB': 'random ASCII punctuation, 1,000,000 chars (one pre-token)',
};

function pathological(name) {
  const r = rng(1);
  switch (name) {
    case 'no-spaces-1MB': {
      const a = new Array(1_000_000);
      for (let i = 0; i < a.length; i++) a[i] = String.fromCharCode(97 + Math.floor(r() * 26));
      return a.join('');
    }
    case 'letters-1MB':
      return 'a'.repeat(1_000_000);
    case 'letter-100KB':
      return 'a'.repeat(100_000);
    case 'base64-1MB': {
      const b = Buffer.alloc(750_000);
      for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256);
      return b.toString('base64');
    }
    case 'cjk-1MB': {
      const a = new Array(333_333);
      for (let i = 0; i < a.length; i++) a[i] = String.fromCharCode(0x4e00 + Math.floor(r() * 2000));
      return a.join('');
    }
    case 'spaces-1MB':
      return ' '.repeat(1_000_000) + 'x';
    case 'punct-1MB': {
      const p = '!"#$%&()*+,-.:;<=>?@[\\]^_`{|}~';
      const a = new Array(1_000_000);
      for (let i = 0; i < a.length; i++) a[i] = p[Math.floor(r() * p.length)];
      return a.join('');
    }
    default:
      throw new Error(name);
  }
}

function corpusRows() {
  const manifest = path.join(CORPUS, 'MANIFEST.tsv');
  if (!fs.existsSync(manifest)) return null;
  const lines = fs.readFileSync(manifest, 'utf8').split('\n').filter(Boolean);
  const header = lines[0].split('\t');
  const iPath = header.indexOf('path');
  const iBytes = header.indexOf('bytes');
  return lines.slice(1).map((l) => {
    const c = l.split('\t');
    return { path: c[iPath], bytes: Number(c[iBytes]) };
  });
}

const readText = (row) => fs.readFileSync(path.join(CORPUS, row.path), 'utf8');

/** Runs fn, returning [result, wall ms, CPU ms of this process]. */
function timed(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [r, wall, (c.user + c.system) / 1000];
}

// ---------------------------------------------------------------------------------------------
// Child tasks: `node tokenizers.mjs --child <json>` prints one JSON line.

async function childTask(task) {
  if (task.kind === 'load') {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const count = await makeCounter(task.impl, task.encoding);
    const loadMs = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const [, firstCallMs] = timed(() => count('Hello, world! This is the first call.'));
    let source;
    if (task.impl === 'ours') source = (await ours()).enc.encoderLoadInfo?.(task.encoding)?.source;
    return { loadMs, loadCpuMs: (c.user + c.system) / 1000, firstCallMs, source };
  }
  if (task.kind === 'pathological') {
    const text = pathological(task.input);
    const count = await makeCounter(task.impl, task.encoding);
    const [tokens, ms, cpuMs] = timed(() => count(text));
    return { ms, cpuMs, tokens };
  }
  if (task.kind === 'throughput') {
    const rows = corpusRows();
    const texts = rows.map(readText);
    const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
    const perFile = [];
    let tokens = 0;
    let ms = 0;
    if (task.impl === 'ours-cached') {
      const { count } = await ours();
      count.countTokens('warm up', task.encoding);
      const pass = () =>
        timed(() => {
          let n = 0;
          for (const t of texts) n += count.countTokens(t, task.encoding);
          return n;
        });
      const [n1, cold, coldCpu] = pass();
      const [n2, warm, warmCpu] = pass();
      return { bytes, tokens: n1, tokensWarm: n2, coldMs: cold, coldCpuMs: coldCpu, warmMs: warm, warmCpuMs: warmCpu };
    }
    const count = await makeCounter(task.impl, task.encoding);
    const c0 = process.cpuUsage();
    for (const t of texts) {
      const t0 = performance.now();
      const n = count(t);
      ms += performance.now() - t0;
      tokens += n;
      perFile.push(n);
    }
    const c = process.cpuUsage(c0);
    return { bytes, tokens, ms, cpuMs: (c.user + c.system) / 1000, perFile };
  }
  throw new Error(`unknown task ${task.kind}`);
}

function runChild(task, timeoutS, env = {}) {
  const r = spawnSync(process.execPath, [SELF, '--child', JSON.stringify(task)], {
    encoding: 'utf8',
    timeout: timeoutS * 1000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  if (r.error && r.error.code === 'ETIMEDOUT') return { timeout: true };
  if (r.status !== 0) {
    const lines = (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n');
    return { error: (lines.find((l) => /Error/.test(l)) ?? lines.at(-1)).trim() };
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

// ---------------------------------------------------------------------------------------------
// Report

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const mbps = (bytes, ms) => `${(bytes / 1e6 / (ms / 1000)).toFixed(1)}`;
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

function table(header, rows) {
  const lines = [header, header.map(() => '---'), ...rows];
  return lines.map((r) => `| ${r.join(' | ')} |`).join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
  const timeoutS = Number(opt('--timeout', '30'));
  const runs = Number(opt('--runs', '3'));
  transpiledDir();
  if (BASELINE) transpiledDir(BASELINE);

  console.log(`# Tokenizer bench (${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})\n`);

  // 1. Cold load.
  if (!args.includes('--skip-load')) {
    console.log(`## Cold load (fresh process, median of ${runs}; wall and CPU time; first call separately)\n`);
    // Variants of ours by where the rank table comes from; each gets its own environment per run.
    const tmpCaches = [];
    const freshCache = () => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-bench-cache-'));
      tmpCaches.push(d);
      return { PROMPT_LINT_CACHE_DIR: d };
    };
    const warmCache = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-bench-cache-'));
    tmpCaches.push(warmCache);
    const variants = [];
    for (const impl of IMPLS) {
      if (impl === 'ours') {
        variants.push(['ours, cache hit', 'ours', () => ({ PROMPT_LINT_CACHE_DIR: warmCache })]);
        variants.push(['ours, cache miss (build from data file, write cache)', 'ours', freshCache]);
        variants.push(['ours, no writable cache (build from data file)', 'ours', () => ({ PROMPT_LINT_CACHE_DIR: UNWRITABLE_CACHE })]);
        variants.push(['ours, built from the rank module (no data file)', 'ours, rank module', () => ({})]);
      } else variants.push([impl, impl, () => ({})]);
    }
    for (const encoding of ENCODINGS) runChild({ kind: 'load', impl: 'ours', encoding }, 120, { PROMPT_LINT_CACHE_DIR: warmCache });
    const loadRows = [];
    for (const encoding of ENCODINGS) {
      // Runs interleaved across variants, so that a burst of load on the machine hits them all.
      const res = variants.map(() => []);
      for (let i = 0; i < runs; i++) variants.forEach(([, impl, env], v) => res[v].push(runChild({ kind: 'load', impl, encoding }, 120, env())));
      variants.forEach(([label], v) => {
        const ok = res[v].filter((r) => r.loadMs !== undefined);
        const sources = [...new Set(ok.map((r) => r.source).filter(Boolean))].join(', ');
        loadRows.push([
          label,
          encoding,
          ok.length ? fmtMs(median(ok.map((r) => r.loadMs))) : `error: ${res[v][0]?.error ?? ''}`,
          ok.length ? fmtMs(median(ok.map((r) => r.loadCpuMs))) : '',
          ok.length ? fmtMs(median(ok.map((r) => r.firstCallMs))) : '',
          sources,
        ]);
      });
    }
    for (const d of tmpCaches) fs.rmSync(d, { recursive: true, force: true });
    console.log(table(['implementation', 'encoding', 'load (wall)', 'load (CPU)', 'first call', 'table from'], loadRows) + '\n');
  }

  // 1b. Whole CLI cold runs.
  const cliFile = opt('--cli', undefined);
  if (cliFile) {
    const cliRuns = Number(opt('--cli-runs', '10'));
    const base = opt('--cli-baseline', undefined);
    console.log(`## CLI cold run: \`node bin/prompt-lint.js ${cliFile}\` (median of ${cliRuns}, interleaved; wall and CPU)\n`);
    const build = path.resolve(opt('--cli-build', ROOT));
    const cliVariants = [
      ['current build, cache hit', build, {}],
      ['current build, no writable cache', build, { PROMPT_LINT_CACHE_DIR: UNWRITABLE_CACHE }],
    ];
    if (base) cliVariants.unshift([`baseline (${base})`, path.resolve(base), {}]);
    const file = path.resolve(cliFile);
    spawnSync(process.execPath, [path.join(build, 'bin/prompt-lint.js'), file], { cwd: build }); // fills the cache
    const res = cliVariants.map(() => []);
    for (let i = 0; i < cliRuns; i++) {
      cliVariants.forEach(([, dir, env], v) => {
        const t0 = performance.now();
        const r = spawnSync(fs.existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh', ['-c', '"$0" "$@"; s=$?; times >&2; exit $s', process.execPath, path.join(dir, 'bin/prompt-lint.js'), file], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, ...env },
        });
        const wall = performance.now() - t0;
        // `times` prints the shell's then its children's user/system times: "0m0.264s 0m0.038s".
        const child = (r.stderr.trim().split('\n').at(-1) ?? '').match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
        const cpu = child ? (Number(child[1]) * 60 + Number(child[2]) + Number(child[3]) * 60 + Number(child[4])) * 1000 : NaN;
        res[v].push({ wall, cpu, status: r.status });
      });
    }
    const rowsCli = cliVariants.map(([label], v) => [label, fmtMs(median(res[v].map((r) => r.wall))), fmtMs(median(res[v].map((r) => r.cpu))), fmtMs(Math.min(...res[v].map((r) => r.wall))), [...new Set(res[v].map((r) => r.status))].join(',')]);
    console.log(table(['build', 'wall (median)', 'CPU (median)', 'wall (min)', 'exit'], rowsCli) + '\n');
  }

  const rows = corpusRows();
  // 2. Throughput.
  if (!rows) console.log(`(no corpus at ${CORPUS}: throughput and corpus checks skipped)\n`);
  const refPerFile = {};
  if (rows && !args.includes('--skip-corpus') && !args.includes('--skip-throughput')) {
    console.log('## Throughput on the corpus (all files, counted one by one)\n');
    const tRows = [];
    const totals = {};
    const perFileBy = {};
    // ours and ours@REV: --runs passes each, interleaved, median (the before/after comparison);
    // the other implementations: one pass.
    const ourImpls = IMPLS.filter((i) => i.startsWith('ours'));
    for (const encoding of ENCODINGS) {
      const passes = Object.fromEntries(IMPLS.map((i) => [i, []]));
      for (let k = 0; k < runs; k++) for (const impl of ourImpls) passes[impl].push(runChild({ kind: 'throughput', impl, encoding }, 900));
      for (const impl of IMPLS) {
        if (!ourImpls.includes(impl)) passes[impl].push(runChild({ kind: 'throughput', impl, encoding }, 900));
        const bad = passes[impl].find((r) => r.timeout || r.error);
        if (bad) {
          tRows.push([impl, encoding, bad.timeout ? 'timeout' : `error: ${bad.error}`, '', '', '']);
          continue;
        }
        const ok = passes[impl];
        const r = ok[0];
        const ms = median(ok.map((x) => x.ms));
        const cpuMs = median(ok.map((x) => x.cpuMs));
        totals[`${impl}/${encoding}`] = r.tokens;
        perFileBy[`${impl}/${encoding}`] = r.perFile;
        const label = ok.length > 1 ? `${impl} (median of ${ok.length})` : impl;
        tRows.push([label, encoding, fmtMs(ms), mbps(r.bytes, ms), mbps(r.bytes, cpuMs), r.tokens.toLocaleString('en-US')]);
      }
      const c = runChild({ kind: 'throughput', impl: 'ours-cached', encoding }, 900);
      if (!c.error && !c.timeout) {
        tRows.push(['ours countTokens, cold cache', encoding, fmtMs(c.coldMs), mbps(c.bytes, c.coldMs), mbps(c.bytes, c.coldCpuMs), c.tokens.toLocaleString('en-US')]);
        tRows.push(['ours countTokens, warm cache', encoding, fmtMs(c.warmMs), mbps(c.bytes, c.warmMs), mbps(c.bytes, c.warmCpuMs), c.tokensWarm.toLocaleString('en-US')]);
      }
    }
    const mb = (rows.reduce((a, r) => a + r.bytes, 0) / 1e6).toFixed(1);
    console.log(`${rows.length} files, ${mb} MB\n`);
    console.log(table(['implementation', 'encoding', 'time (wall)', 'MB/s (wall)', 'MB/s (CPU)', 'tokens'], tRows) + '\n');
    for (const encoding of ENCODINGS) {
      const ref = perFileBy[`js-tiktoken/${encoding}`];
      if (!ref) continue;
      for (const impl of IMPLS.filter((i) => i !== 'js-tiktoken')) {
        const got = perFileBy[`${impl}/${encoding}`];
        if (!got) continue;
        const bad = got.map((n, i) => (n !== ref[i] ? `${rows[i].path} (${n} vs ${ref[i]})` : null)).filter(Boolean);
        console.log(`- ${impl} vs js-tiktoken, ${encoding}: ${bad.length === 0 ? 'identical on every file' : `${bad.length} file(s) differ: ${bad.slice(0, 5).join('; ')}`}`);
      }
      refPerFile[encoding] = ref;
    }
    console.log('');
  }

  // 3. Pathological inputs.
  if (!args.includes('--skip-pathological')) {
    console.log(`## Pathological inputs (o200k_base; child process per cell, killed after ${timeoutS} s)\n`);
    const pRows = [];
    for (const [input, desc] of Object.entries(PATHOLOGICAL)) {
      const cells = [];
      const tokens = new Set();
      for (const impl of IMPLS) {
        const r = runChild({ kind: 'pathological', impl, encoding: 'o200k_base', input }, timeoutS);
        if (r.timeout) cells.push(`> ${timeoutS} s (killed)`);
        else if (r.error) cells.push(`error: ${r.error.slice(0, 80)}`);
        else {
          cells.push(`${fmtMs(r.ms)} wall, ${fmtMs(r.cpuMs)} CPU (${r.tokens.toLocaleString('en-US')} tok)`);
          tokens.add(r.tokens);
        }
      }
      pRows.push([`${input}: ${desc}`, ...cells, tokens.size <= 1 ? 'yes' : 'NO']);
    }
    console.log(table(['input', ...IMPLS, 'counts agree'], pRows) + '\n');
  }

  // 4. Full-corpus exactness of the chunked path, and drift of unsafe cut rules.
  if (rows && !args.includes('--skip-corpus')) {
    console.log('## Full corpus: chunk sum == whole == js-tiktoken, and drift of other cut rules\n');
    const { enc, count } = await ours();
    const lines = [];
    for (const encoding of ENCODINGS) {
      const core = enc.getEncoder(encoding);
      // js-tiktoken's per-file counts from the throughput run, else computed here.
      const refCount = refPerFile[encoding] ? null : await makeCounter('js-tiktoken', encoding);
      const ref = (t, i) => (refCount ? refCount(t) : refPerFile[encoding][i]);
      let bad = 0;
      let files = 0;
      let total = 0;
      const cutsBy = {
        'any line break': (t) => { const c = []; for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) c.push(i + 1); return c; },
        'a line break before a non-space, "/" allowed': (t) => { const c = []; const re = /\n(?=\S)/g; let m; while ((m = re.exec(t))) c.push(m.index + 1); return c; },
        'blank lines, ignoring the "/" rule': (t) => { const c = []; const re = /\n[^\S\n]*\n(?=\S)/g; let m; while ((m = re.exec(t))) c.push(m.index + m[0].length); return c; },
        'every 4,096 chars': (t) => { const c = []; for (let i = 4096; i < t.length; i += 4096) c.push(i); return c; },
      };
      const drift = Object.fromEntries(Object.keys(cutsBy).map((k) => [k, [0, 0]]));
      for (let i = 0; i < rows.length; i++) {
        const t = readText(rows[i]);
        const whole = core.count(t);
        const b = count.chunkBoundaries(t);
        let sum = 0;
        for (let k = 0; k + 1 < b.length; k++) sum += core.count(t.slice(b[k], b[k + 1]));
        const r = ref(t, i);
        if (sum !== whole || whole !== r) bad++;
        files++;
        total += whole;
        for (const [name, fn] of Object.entries(cutsBy)) {
          const cuts = [0, ...fn(t).filter((c) => c > 0 && c < t.length), t.length];
          let s = 0;
          for (let k = 0; k + 1 < cuts.length; k++) s += core.count(t.slice(cuts[k], cuts[k + 1]));
          drift[name][0] += Math.abs(s - whole);
          if (s !== whole) drift[name][1]++;
        }
      }
      lines.push(`- ${encoding}: ${files} files, ${total.toLocaleString('en-US')} tokens; chunked/whole/js-tiktoken mismatches: **${bad}**`);
      for (const [name, [tok, f]] of Object.entries(drift)) lines.push(`  - cutting at ${name}: ${tok.toLocaleString('en-US')} tokens of drift in ${f} files`);
    }
    console.log(lines.join('\n') + '\n');

    // 5. Re-count after a small edit.
    console.log('## Re-count of a lightly edited large prompt (ours, o200k_base)\n');
    const md = rows.filter((r) => /\.(md|txt)$/i.test(r.path) && r.bytes > 60_000 && r.bytes < 200_000).sort((a, b) => b.bytes - a.bytes)[0];
    if (md) {
      const t = readText(md);
      count.clearTokenCache();
      enc.getEncoder('o200k_base');
      const [n1, cold] = timed(() => count.countTokens(t, 'o200k_base'));
      const mid = t.indexOf(' ', Math.floor(t.length / 2));
      const edited = t.slice(0, mid) + ' really' + t.slice(mid);
      const s0 = count.tokenCacheStats();
      const [n2, warm] = timed(() => count.countTokens(edited, 'o200k_base'));
      const s1 = count.tokenCacheStats();
      const chunks = count.chunkBoundaries(edited).length - 1;
      const [n3, whole] = timed(() => enc.getEncoder('o200k_base').count(edited));
      console.log(
        `${md.path} (${md.bytes.toLocaleString('en-US')} bytes, ${chunks} chunks): first count ${fmtMs(cold)} (${n1} tokens; pre-token memo already warm from the runs above); ` +
          `after inserting one word: ${warm.toFixed(2)} ms (${n2} tokens), encoded ${s1.encodedChars - s0.encodedChars} chars in ${s1.misses - s0.misses} chunk(s), ${s1.hits - s0.hits} cache hits; ` +
          `re-encoding the whole edited text instead: ${whole.toFixed(2)} ms (${n3} tokens)\n`,
      );
    }
  }
}

if (process.argv[2] === '--child') {
  childTask(JSON.parse(process.argv[3])).then(
    (r) => console.log(JSON.stringify(r)),
    (e) => {
      console.error(e?.stack ?? String(e));
      process.exit(1);
    },
  );
} else {
  main().then(
    () => {
      if (process.env.TOKENS_BENCH_KEEP) return;
      for (const key of ['TOKENS_BENCH_DIR', 'TOKENS_BENCH_BASELINE_DIR']) {
        if (process.env[key]) fs.rmSync(process.env[key], { recursive: true, force: true });
      }
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
