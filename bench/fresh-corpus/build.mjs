// The fresh corpus's steps, shared by fetch.mjs (rebuild from packages.tsv) and survey.mjs (try
// candidate packages): get and verify a tarball, list a package's prompt-like files, pick the
// corpus across packages (bench/fresh-corpus/select.mjs), and write files/ and MANIFEST.tsv.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { addressesModel, isText, MAX_BYTES, MIN_BYTES, NearCopyIndex, packageDir, PER_PACKAGE, pickOrder, promptKind, shingles } from './select.mjs';
import { integrityOf, matchesIntegrity, packagePath, readTarball } from './tarball.mjs';

const run = promisify(execFile);

/** packages.tsv's rows (`name`, `version`, `integrity`); `#` lines and the header skipped. */
export function readPackageList(file) {
  const rows = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#') || line.startsWith('name\t')) continue;
    const [name, version, integrity] = line.split('\t');
    if (!name || !version || !integrity) throw new Error(`${path.basename(file)}: a row needs name, version and integrity: ${JSON.stringify(line)}`);
    rows.push({ name, version, integrity });
  }
  return rows;
}

/**
 * The tarball of `name@version` (`version` may be a tag when `integrity` is null: survey.mjs):
 * from `cache` when a file there matches the integrity, else `npm pack` into `cache` (or a temporary
 * folder; never with `offline`). Returns `{ bytes, version, integrity }`; throws when the bytes do
 * not match `integrity`.
 */
export async function getTarball({ name, version, integrity }, cache, { offline = false } = {}) {
  const dir = cache ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fresh-corpus-'));
  fs.mkdirSync(dir, { recursive: true });
  const guess = path.join(dir, `${name.replace(/^@/, '').replace(/\//g, '-')}-${version}.tgz`);
  if (integrity && fs.existsSync(guess)) {
    const bytes = fs.readFileSync(guess);
    if (matchesIntegrity(bytes, integrity)) return { bytes, version, integrity };
  }
  if (offline) throw new Error(`${name}@${version}: no tarball matching its integrity in ${dir} (--offline)`);
  const { stdout } = await run('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', dir], { maxBuffer: 1 << 28, env: { ...process.env, npm_config_loglevel: 'error' } });
  const info = JSON.parse(stdout)[0];
  const file = path.join(dir, info.filename);
  const bytes = fs.readFileSync(file);
  if (!cache) fs.rmSync(dir, { recursive: true, force: true });
  const actual = integrityOf(bytes);
  if (integrity && !matchesIntegrity(bytes, integrity)) throw new Error(`${name}@${version}: tarball integrity ${actual} does not match packages.tsv's ${integrity}`);
  return { bytes, version: info.version, integrity: integrity ?? actual };
}

/** The package.json licence (a string, an object's type, or an array's), NOASSERTION when none. */
function licenseOf(files) {
  const pj = files.find((f) => packagePath(f.path) === 'package.json');
  try {
    const json = JSON.parse(pj.data.toString('utf8'));
    const l = json.license ?? json.licenses;
    if (typeof l === 'string' && l.trim()) return l.trim();
    if (l && typeof l.type === 'string') return l.type;
    if (Array.isArray(l) && l.length) return l.map((x) => (typeof x === 'string' ? x : x?.type)).filter(Boolean).join(' OR ') || 'NOASSERTION';
  } catch {
    /* no or bad package.json */
  }
  return 'NOASSERTION';
}

/**
 * A package's candidate files: prompt-like path, 200 B to 200 KB, UTF-8 text, addresses a model.
 * Returns `{ license, candidates: [{ rel, kind, data, text }], seen }` (`seen`: files with a
 * prompt-like path, before the size and content tests), candidates sorted by path.
 */
export function packageCandidates(bytes) {
  const files = readTarball(bytes);
  const candidates = [];
  let seen = 0;
  const paths = new Set();
  for (const f of files) {
    const rel = packagePath(f.path);
    if (paths.has(rel) || rel.split('/').includes('..')) continue; // a path twice: the first wins
    paths.add(rel);
    const kind = promptKind(rel);
    if (!kind) continue;
    seen++;
    if (f.data.length < MIN_BYTES || f.data.length > MAX_BYTES || !isText(f.data)) continue;
    const text = f.data.toString('utf8').replace(/^\uFEFF/, '');
    if (!addressesModel(text).ok) continue;
    candidates.push({ rel, kind, data: f.data, text });
  }
  candidates.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { license: licenseOf(files), candidates, seen };
}

/** The texts of a corpus in the shared corpus's layout (the shared corpus, a built fresh set): path relative to it, text, from its MANIFEST.tsv. */
export function* sharedCorpusTexts(dir) {
  const manifest = fs.readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  for (const line of manifest) {
    const rel = line.split('\t')[0];
    yield { rel, text: fs.readFileSync(path.join(dir, rel), 'utf8').replace(/^\uFEFF/, '') };
  }
}

/**
 * The corpus across packages, in the order given: each package's candidates in its pick order (seeded, kinds in turns),
 * a candidate dropped when it copies a shared-corpus text or a file already picked, at most
 * PER_PACKAGE picked per package. `packages`: `[{ name, version, integrity, license, candidates }]`;
 * `shared`: an iterable of `{ rel, text }`; `earlier`: the same for an earlier set's corpus (set 2
 * drops copies of set 1's files too; empty for set 1). Returns `{ picked, stats }`, stats per
 * package (`copiesOfShared`, `copiesOfEarlier`, `copiesOfPicked`, `kept`).
 */
export function pickCorpus(packages, shared, earlier = []) {
  const sets = new Map();
  const all = new Set();
  for (const p of packages) {
    for (const c of p.candidates) {
      const s = shingles(c.text);
      sets.set(c, s);
      for (const x of s) all.add(x);
    }
  }
  const sharedIndex = new NearCopyIndex();
  for (const { rel, text } of shared) sharedIndex.add(rel, text, all);
  const earlierIndex = new NearCopyIndex();
  for (const { rel, text } of earlier) earlierIndex.add(rel, text, all);
  const pickedIndex = new NearCopyIndex();
  const picked = [];
  const stats = [];
  for (const p of packages) {
    const st = { name: p.name, version: p.version, candidates: p.candidates.length, copiesOfShared: 0, copiesOfEarlier: 0, copiesOfPicked: 0, kept: 0 };
    for (const c of pickOrder(p.candidates, p.name)) {
      if (st.kept >= PER_PACKAGE) break;
      const set = sets.get(c);
      if (sharedIndex.copyOf(c.text, set)) {
        st.copiesOfShared++;
        continue;
      }
      if (earlierIndex.copyOf(c.text, set)) {
        st.copiesOfEarlier++;
        continue;
      }
      const rel = `files/${packageDir(p.name)}/${c.rel}`;
      if (pickedIndex.copyOf(c.text, set)) {
        st.copiesOfPicked++;
        continue;
      }
      pickedIndex.add(rel, c.text);
      picked.push({ path: rel, source: `npm:${p.name}@${p.version}`, integrity: p.integrity, original: c.rel, license: p.license, bytes: c.data.length, kind: c.kind, data: c.data });
      st.kept++;
    }
    stats.push(st);
  }
  picked.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { picked, stats };
}

export const MANIFEST_HEADER = ['path', 'source_repo', 'commit', 'original_path', 'license', 'bytes', 'kind'];

/** MANIFEST.tsv's text for the picked files (tabs and newlines in a field become spaces). */
export function manifestText(picked) {
  const clean = (v) => String(v).replace(/[\t\r\n]/g, ' ');
  return [MANIFEST_HEADER, ...picked.map((f) => [f.path, f.source, f.integrity, f.original, f.license, f.bytes, f.kind])].map((r) => r.map(clean).join('\t')).join('\n') + '\n';
}

/** SHA-256 over MANIFEST.tsv's text and each file's path and bytes: the whole corpus in one hash. */
export function corpusDigest(picked) {
  const h = createHash('sha256').update(manifestText(picked));
  for (const f of picked) h.update(`\0${f.path}\0`).update(f.data);
  return h.digest('hex');
}

/** Writes files/ (replacing what was there) and MANIFEST.tsv under `out`. */
export function writeCorpus(out, picked) {
  fs.mkdirSync(out, { recursive: true });
  fs.rmSync(path.join(out, 'files'), { recursive: true, force: true });
  for (const f of picked) {
    const abs = path.join(out, f.path);
    if (!abs.startsWith(path.join(out, 'files') + path.sep)) throw new Error(`unsafe path in package: ${f.path}`);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, f.data);
  }
  fs.writeFileSync(path.join(out, 'MANIFEST.tsv'), manifestText(picked));
}
