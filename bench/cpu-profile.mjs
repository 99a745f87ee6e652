#!/usr/bin/env node
// Reads the V8 CPU profiles that `node bench/lsp-startup.mjs --cpu-prof DIR` writes (one folder per
// server start, one profile per thread) and prints where the server's CPU time went from its spawn
// to the first publishDiagnostics (issue 13.16): per thread, the sampled CPU time split into
// compiling and V8 internals, garbage collection, Node's own modules and each source module of the
// bundles, and the heaviest functions by inclusive time. Samples after the first diagnostics (the
// run's first-diagnostics.json) are left out. CPU samples, not wall time: a loaded machine stretches
// them far less.
//
// Module names come from the comments esbuild writes before each module of an unminified bundle
// (`// server/src/…`): profile a dev build (`node client/esbuild.mjs --outdir DIR`) to see them; a
// minified bundle shows as one file.
//
// Usage: node bench/cpu-profile.mjs DIR [DIR…] [--top 25] [--json]   (DIR: a run's folder or a parent of several; several runs give medians)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliArgs } from './cli-args.mjs';

const { values, positionals } = parseCliArgs(import.meta.url, { options: { top: { type: 'string', default: '25' }, json: { type: 'boolean', default: false } }, allowPositionals: true });

/** Folders holding a first-diagnostics.json, below the given ones. */
function runDirs(dir) {
  if (fs.existsSync(path.join(dir, 'first-diagnostics.json'))) return [dir];
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => runDirs(path.join(dir, e.name)));
}

const moduleMaps = new Map();
/** For a bundle file: the module that starts at each line (from esbuild's `// path` comments), sorted. */
function moduleMap(url) {
  if (moduleMaps.has(url)) return moduleMaps.get(url);
  let starts = [];
  try {
    const file = url.startsWith('file:') ? fileURLToPath(url) : url;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const m = /^\/\/ (\S+\.(?:ts|js|mjs|cjs|json))$/.exec(line);
      if (m) starts.push([i, m[1].replace(/^(\.\.\/)+/, '').replace(/^.*?(node_modules\/)/, '$1')]);
    });
  } catch {
    starts = [];
  }
  moduleMaps.set(url, starts);
  return starts;
}

/** What a frame's self time counts as: a source module of a bundle, a Node module, or a V8 bucket. */
function bucketOf(frame) {
  const { url, functionName, lineNumber } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  const starts = moduleMap(url);
  const base = path.basename(url);
  if (!starts.length) return base;
  let lo = 0;
  let hi = starts.length - 1;
  let found = `${base} (prelude)`;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid][0] <= lineNumber) {
      found = starts[mid][1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*/, 'node_modules/$1');
}

/** One thread's profile cut at `cutUs`: totals, self time per bucket, inclusive time per function. */
function analyse(file, cutUs) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (cutUs !== undefined && t > cutUs) break;
    // a sample's time is the gap to the next one (V8's convention in DevTools)
    const dt = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
  }
  const buckets = new Map();
  const inclusive = new Map();
  let busy = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const node = nodes.get(id);
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    const b = bucketOf(node.callFrame);
    buckets.set(b, (buckets.get(b) ?? 0) + us);
    // inclusive: once per distinct function on the stack
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const f = nodes.get(n).callFrame;
      if (!f.url && f.functionName.startsWith('(')) continue;
      const key = `${f.functionName || '(anonymous)'} ${bucketOf(f)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const span = Math.min(t, cutUs ?? t) - profile.startTime;
  return { busyMs: busy / 1000, idleMs: idle / 1000, spanMs: span / 1000, buckets, inclusive, startUs: profile.startTime };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const runs = positionals.flatMap((d) => runDirs(path.resolve(d)));
if (!runs.length) {
  console.error('bench/cpu-profile.mjs: no run folders (first-diagnostics.json) under the given folders');
  process.exit(2);
}
// per thread index (0: the protocol thread, 1: the lint worker, …): the runs' analyses
const threads = new Map();
for (const dir of runs) {
  const cut = JSON.parse(fs.readFileSync(path.join(dir, 'first-diagnostics.json'), 'utf8')).monotonicUs;
  const profiles = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort((a, b) => Number(a.split('.')[4]) - Number(b.split('.')[4]));
  profiles.forEach((f, i) => {
    const a = analyse(path.join(dir, f), cut);
    if (!threads.has(i)) threads.set(i, []);
    threads.get(i).push(a);
  });
}
const top = Number(values.top);
const out = {};
for (const [i, list] of threads) {
  const name = i === 0 ? 'protocol thread' : `thread ${i} (lint worker)`;
  const busy = median(list.map((a) => a.busyMs));
  const keys = (field) => [...new Set(list.flatMap((a) => [...a[field].keys()]))];
  const med = (field, k) => median(list.map((a) => (a[field].get(k) ?? 0) / 1000));
  const buckets = keys('buckets').map((k) => [k, med('buckets', k)]).sort((a, b) => b[1] - a[1]);
  const inclusive = keys('inclusive').map((k) => [k, med('inclusive', k)]).sort((a, b) => b[1] - a[1]);
  out[name] = { runs: list.length, busyMs: busy, buckets, inclusive: inclusive.slice(0, top) };
  if (values.json) continue;
  console.log(`\n== ${name}: CPU ${busy.toFixed(0)} ms sampled until the first diagnostics (median of ${list.length}; ${list.map((a) => a.busyMs.toFixed(0)).join(', ')}), span ${median(list.map((a) => a.spanMs)).toFixed(0)} ms`);
  console.log('  self time by module (ms, median):');
  for (const [k, v] of buckets.slice(0, top)) if (v >= 1) console.log(`    ${v.toFixed(1).padStart(7)}  ${k}`);
  console.log('  inclusive time by function (ms, median):');
  for (const [k, v] of inclusive.slice(0, top)) console.log(`    ${v.toFixed(1).padStart(7)}  ${k}`);
}
if (values.json) console.log(JSON.stringify(out, null, 1));
