// The fresh held-out corpus's selection (bench/fresh-corpus/select.mjs, build.mjs, tarball.mjs) on
// texts and tarballs written here, and the samplers' --corpus option (test/helpers/corpus-sampler.mjs,
// test/corpus-review/heldout-sample.mjs) on a tiny corpus made here. No network, and nothing here
// reads /work/fresh-corpus; the one check against the shared corpus skips, saying so, without it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { addressesModel, isText, jaccard, NearCopyIndex, pickOrder, promptKind, seededOrder, shingles } from '../../bench/fresh-corpus/select.mjs';
import { integrityOf, matchesIntegrity, packagePath, readTarball } from '../../bench/fresh-corpus/tarball.mjs';
import { manifestText, packageCandidates, pickCorpus, readPackageList, writeCorpus } from '../../bench/fresh-corpus/build.mjs';
import { corpusSet } from '../../bench/fresh-corpus/sets.mjs';
import { CORPUS, corpusPaths, manifestRows } from '../helpers/corpus-sampler.mjs';
import { corpusHalf } from '../helpers/corpus-split.mjs';

const ROOT = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fresh-corpus-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Texts of our own, each long enough for the size test (≥ 200 bytes).
const AGENT = `# Reviewer

You are a careful code reviewer for this repository. Your task is to read the diff the user gives you
and report problems before they are merged.

- Always cite the file and line of each problem.
- Never rewrite the whole file; suggest the smallest change.
- Do not comment on formatting: the formatter owns it.
- Ask the user when the intent of a change is unclear.
`;
const README = `# fancy-widgets

[![npm](https://img.shields.io/npm/v/fancy-widgets.svg)](https://www.npmjs.com/package/fancy-widgets)

A small library of widgets for dashboards. It renders charts, tables and gauges from plain data.

## Installation

npm install fancy-widgets

## Usage

Import a widget and give it your data. The widgets size themselves to their container.

## License

MIT
`;
const CHANGELOG = `# Changes

## 2.1.0
- Added gauges with a needle and a range band for dashboards that show one number.
## 2.0.1
- Fixed the table header staying fixed when the page scrolls inside an iframe.
## 2.0.0
- Dropped the old chart engine; the new one draws with canvas and is faster on long series.
`;
const REFERENCE = `# Color palette

The theme uses a grey scale with one accent. Charcoal is the primary dark colour, slate grey the
secondary one, and a light silver fills the backgrounds of cards and panels. The accent is a deep
teal that marks links, focus rings and the selected row of a table. Headings are set in a geometric
sans serif; body text in a humanist one at fifteen pixels with a line height of one and a half.
`;

describe('promptKind: which paths are prompt-like', () => {
  it.each([
    ['CLAUDE.md', 'agent-instructions'],
    ['templates/AGENTS.md', 'agent-instructions'],
    ['.cursor/rules/testing.mdc', 'cursor-rules'],
    ['.cursorrules', 'cursor-rules'],
    ['.github/copilot-instructions.md', 'copilot-prompt'],
    ['.github/instructions/api.instructions.md', 'copilot-prompt'],
    ['.github/prompts/release.prompt.md', 'copilot-prompt'],
    ['skills/pdf/SKILL.md', 'skill'],
    ['skills/pdf/references/forms.md', 'skill'],
    ['.claude/agents/reviewer.md', 'claude-agent'],
    ['.claude/commands/release.md', 'claude-command'],
    ['templates/agents/cursor/commands/plan.md', 'claude-command'],
    ['.claude/agents/goal/agent.md', 'claude-agent'],
    ['kit/agent.md', 'agent-instructions'],
    ['prompts/summarise.txt', 'system-prompt-txt'],
    ['prompts/chat/system.md', 'system-prompt-md'],
    ['src/system-prompt.md', 'system-prompt-md'],
    ['prompts/extract.yaml', 'yaml-prompt-config'],
    ['config/agents.yaml', 'yaml-prompt-config'],
    ['evals/promptfooconfig.yaml', 'yaml-prompt-config'],
    ['flows/answer.prompty', 'prompty'],
  ])('%s is %s', (rel, kind) => {
    expect(promptKind(rel)).toBe(kind);
  });

  it.each(['README.md', 'prompts/README.md', 'CHANGELOG.md', 'skills/LICENSE.txt', 'docs/guide.md', 'src/index.js', 'node_modules/x/CLAUDE.md', '.claude/settings.json', 'commands/run.ts'])(
    '%s is not prompt-like',
    (rel) => {
      expect(promptKind(rel)).toBeUndefined();
    },
  );
});

describe('addressesModel: instructions to a model, not documentation', () => {
  it('accepts an agent file that tells the model who it is and what to do', () => {
    expect(addressesModel(AGENT)).toMatchObject({ ok: true });
  });

  it('rejects a README (badges, Installation/Usage/License headings)', () => {
    expect(addressesModel(README).ok).toBe(false);
    // without the badge the headings still tell
    expect(addressesModel(README.replace(/\[!\[.*\n/, '')).reason).toMatch(/README headings/);
  });

  it('rejects a text with a badge even when it has directives', () => {
    expect(addressesModel(`[![build](https://ci.example/b.svg)](https://ci.example)\n\n${AGENT}`)).toEqual({ ok: false, reason: 'badges: a README' });
  });

  it('rejects a changelog (version headings)', () => {
    expect(addressesModel(CHANGELOG)).toEqual({ ok: false, reason: '3 version headings: a changelog' });
  });

  it('rejects descriptive reference prose with no directive', () => {
    expect(addressesModel(REFERENCE).ok).toBe(false);
  });

  it('does not count directive words inside code blocks or frontmatter', () => {
    const fenced = `---\ndescription: always never must do not ensure\n---\n# Notes\n\nA list of the scripts this package has and what each prints.\n\n\`\`\`sh\n# always run this; never skip it; you must; do not\nnpm run build\n\`\`\`\n\nThe build writes its output to the dist folder next to the sources of the package.\n`;
    expect(addressesModel(fenced).ok).toBe(false);
  });

  it('isText: UTF-8 without NUL only', () => {
    expect(isText(Buffer.from(AGENT))).toBe(true);
    expect(isText(Buffer.from([0x61, 0x00, 0x62]))).toBe(false);
    expect(isText(Buffer.from([0xff, 0xfe, 0x41]))).toBe(false);
  });
});

describe('near-copy dedupe: word 5-gram Jaccard ≥ 0.6', () => {
  const words = (n: number, salt: string) => Array.from({ length: n }, (_, i) => `${salt}${i}`).join(' ');
  const base = words(100, 'w');
  // 100 words have 96 five-grams; changing one word in the middle removes five of them and adds five
  const oneWordChanged = base.replace(' w50 ', ' changed ');

  it('measures Jaccard on the 5-gram sets', () => {
    expect(shingles(base).size).toBe(96);
    expect(jaccard(shingles(base), shingles(oneWordChanged))).toBeCloseTo(91 / 101, 10);
    expect(jaccard(shingles(base), shingles(words(100, 'x')))).toBe(0);
  });

  it('finds identical texts, near copies and nothing else', () => {
    const index = new NearCopyIndex(0.6);
    index.add('a', base);
    index.add('other', words(100, 'x'));
    expect(index.copyOf(base)).toEqual({ id: 'a', jaccard: 1 });
    expect(index.copyOf(oneWordChanged)).toEqual({ id: 'a', jaccard: 91 / 101 });
    expect(index.copyOf(words(100, 'y'))).toBeNull();
  });

  it('holds the threshold, 0.6 by default', () => {
    // the first 80 of 100 words kept, 20 new: 76 shared 5-grams of 96 + 96 - 76 = 116 → 0.655
    const keep80 = `${words(80, 'w')} ${words(20, 'n')}`;
    // the first 70 kept, 30 new: 66 / 126 = 0.524
    const keep70 = `${words(70, 'w')} ${words(30, 'n')}`;
    const index = new NearCopyIndex();
    index.add('a', base);
    expect(index.copyOf(keep80)?.jaccard).toBeCloseTo(76 / 116, 10);
    expect(index.copyOf(keep70)).toBeNull();
  });

  it('an index restricted to a query set answers that query as the full one does', () => {
    const full = new NearCopyIndex(0.6);
    const restricted = new NearCopyIndex(0.6);
    full.add('a', base);
    restricted.add('a', base, shingles(oneWordChanged));
    expect(restricted.copyOf(oneWordChanged)).toEqual(full.copyOf(oneWordChanged));
  });
});

describe('seeded order and the pick across kinds', () => {
  const list = Array.from({ length: 20 }, (_, i) => ({ id: i, kind: i < 16 ? 'skill' : 'claude-agent' }));

  it('is the same for the same seed, a permutation, and differs between seeds', () => {
    const a = seededOrder(list, 'pkg-a');
    expect(seededOrder(list, 'pkg-a')).toEqual(a);
    expect([...a].sort((x, y) => x.id - y.id)).toEqual(list);
    expect(seededOrder(list, 'pkg-b')).not.toEqual(a);
  });

  it('takes kinds in turns: the 4 agents come within the first 8 of 20', () => {
    const order = pickOrder(list, 'pkg-a');
    expect(order).toHaveLength(20);
    expect(order.slice(0, 8).filter((c: { kind: string }) => c.kind === 'claude-agent')).toHaveLength(4);
    // within a kind, the seeded order
    expect(order.filter((c: { kind: string }) => c.kind === 'skill')).toEqual(seededOrder(list, 'pkg-a').filter((c: { kind: string }) => c.kind === 'skill'));
    expect(pickOrder(list, 'pkg-b')).not.toEqual(order);
  });
});

/** A .tgz of `files` (path → text) under package/, ustar headers, a pax header for a long path. */
function makeTarball(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  const header = (name: string, size: number, type: string) => {
    const h = Buffer.alloc(512);
    h.write(name.slice(0, 100), 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write(type, 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return h;
  };
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);
  for (const [name, text] of Object.entries(files)) {
    const full = `package/${name}`;
    const data = Buffer.from(text);
    if (full.length > 100) {
      const rec = ` path=${full}\n`;
      let len = rec.length + 2;
      if (String(len).length + rec.length !== len) len = String(len + 1).length + rec.length;
      const pax = Buffer.from(`${len}${rec}`);
      blocks.push(header('PaxHeader', pax.length, 'x'), pad(pax));
    }
    blocks.push(header(full, data.length, '0'), pad(data));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

describe('tarball reading and the per-package pick', () => {
  const longPath = `skills/${'deep/'.repeat(25)}SKILL.md`;
  const tgz = makeTarball({
    'package.json': JSON.stringify({ name: 'demo', version: '1.0.0', license: 'MIT' }),
    'CLAUDE.md': AGENT,
    'README.md': README,
    '.claude/agents/tiny.md': 'You are tiny.',
    '.claude/commands/palette.md': REFERENCE,
    [longPath]: AGENT.replace('code reviewer', 'skill reviewer').replace('Reviewer', 'Skill'),
  });

  it('reads regular files with their paths, long ones through the pax header', () => {
    const files = readTarball(tgz).map((f: { path: string }) => packagePath(f.path));
    expect(files).toEqual(['package.json', 'CLAUDE.md', 'README.md', '.claude/agents/tiny.md', '.claude/commands/palette.md', longPath]);
  });

  it('checks integrity strings', () => {
    const sri = integrityOf(tgz);
    expect(sri).toMatch(/^sha512-/);
    expect(matchesIntegrity(tgz, sri)).toBe(true);
    expect(matchesIntegrity(Buffer.concat([tgz, Buffer.from([0])]), sri)).toBe(false);
    expect(matchesIntegrity(tgz, integrityOf(tgz, 'sha1'))).toBe(true);
  });

  it('keeps prompt files that address a model: not the README, the 13-byte agent or the palette', () => {
    const { license, candidates, seen } = packageCandidates(tgz);
    expect(license).toBe('MIT');
    expect(seen).toBe(4);
    expect(candidates.map((c: { rel: string; kind: string }) => [c.rel, c.kind])).toEqual([
      ['CLAUDE.md', 'agent-instructions'],
      [longPath, 'skill'],
    ]);
  });

  it('drops copies of the shared corpus and of files already picked, caps a package, writes the manifest', () => {
    const mk = (rel: string, text: string, kind = 'skill') => ({ rel, kind, text, data: Buffer.from(text) });
    const uniq = (i: number) => `${AGENT}\nExtra rule ${i}: ${Array.from({ length: 60 }, (_, k) => `word${i}x${k}`).join(' ')}.\n`;
    const packages = [
      { name: 'a', version: '1.0.0', integrity: 'sha512-A', license: 'MIT', candidates: [mk('CLAUDE.md', AGENT, 'agent-instructions'), ...Array.from({ length: 20 }, (_, i) => mk(`skills/s${i}/SKILL.md`, uniq(i)))] },
      { name: '@s/b', version: '2.0.0', integrity: 'sha512-B', license: 'NOASSERTION', candidates: [mk('AGENTS.md', uniq(3), 'agent-instructions'), mk('skills/x/SKILL.md', uniq(100))] },
    ];
    const { picked, stats } = pickCorpus(packages, [{ rel: 'files/shared/CLAUDE.md', text: AGENT }]);
    expect(stats).toEqual([
      { name: 'a', version: '1.0.0', candidates: 21, copiesOfShared: 1, copiesOfEarlier: 0, copiesOfPicked: 0, kept: 15 },
      { name: '@s/b', version: '2.0.0', candidates: 2, copiesOfShared: 0, copiesOfEarlier: 0, copiesOfPicked: expect.any(Number), kept: expect.any(Number) },
    ]);
    // b's AGENTS.md copies a's skill s3 only if a picked s3; either way b keeps its own skill
    const b = stats[1];
    expect(b.copiesOfPicked + b.kept).toBe(2);
    expect(picked.some((f: { path: string }) => f.path === 'files/s__b/skills/x/SKILL.md')).toBe(true);
    const manifest = manifestText(picked).split('\n');
    expect(manifest[0]).toBe('path\tsource_repo\tcommit\toriginal_path\tlicense\tbytes\tkind');
    const row = manifest.find((l: string) => l.startsWith('files/s__b/skills/x/SKILL.md\t'))!.split('\t');
    expect(row).toEqual(['files/s__b/skills/x/SKILL.md', 'npm:@s/b@2.0.0', 'sha512-B', 'skills/x/SKILL.md', 'NOASSERTION', String(Buffer.byteLength(uniq(100))), 'skill']);
    expect(manifest.slice(1, -1)).toEqual([...manifest.slice(1, -1)].sort());
  });

  it('packages.tsv rows need name, version and integrity', () => {
    const file = path.join(tmp, 'packages.tsv');
    fs.writeFileSync(file, 'name\tversion\tintegrity\n# a comment\nx\t1.0.0\tsha512-X\n');
    expect(readPackageList(file)).toEqual([{ name: 'x', version: '1.0.0', integrity: 'sha512-X' }]);
    fs.writeFileSync(file, 'x\t1.0.0\n');
    expect(() => readPackageList(file)).toThrow(/needs name, version and integrity/);
  });
});

describe('fetch.mjs, offline from a cache of tarballs made here', () => {
  const fetchRun = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bench/fresh-corpus/fetch.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  const dir = path.join(tmp, 'fetch');
  const cache = path.join(dir, 'cache');
  const shared = path.join(dir, 'shared');
  fs.mkdirSync(cache, { recursive: true });
  fs.mkdirSync(path.join(shared, 'files'), { recursive: true });
  const other = AGENT.replace('careful code reviewer', 'strict release manager').replace('report problems before they are merged', 'block releases that skip the changelog');
  const tgz = makeTarball({ 'package.json': JSON.stringify({ name: '@acme/kit', version: '0.1.0', license: 'Apache-2.0' }), 'CLAUDE.md': AGENT, '.claude/agents/release.md': `${other}\nNever tag from a branch other than main; always sign the tag.\n`, 'README.md': README });
  fs.writeFileSync(path.join(cache, 'acme-kit-0.1.0.tgz'), tgz);
  // the shared corpus holds this package's CLAUDE.md already: it must be dropped as a copy
  fs.writeFileSync(path.join(shared, 'files', 'CLAUDE.md'), AGENT);
  fs.writeFileSync(path.join(shared, 'MANIFEST.tsv'), 'path\tsource_repo\tcommit\toriginal_path\tlicense\tbytes\tkind\nfiles/CLAUDE.md\tx\ty\tCLAUDE.md\tMIT\t1\tagent-instructions\n');
  const list = path.join(dir, 'packages.tsv');
  fs.writeFileSync(list, `name\tversion\tintegrity\n@acme/kit\t0.1.0\t${integrityOf(tgz)}\n`);
  const common = ['--cache', cache, '--offline', '--shared', shared, '--list', list, '--hash', path.join(dir, 'corpus.sha256')];

  it('builds files/ and MANIFEST.tsv, then rebuilds the same corpus byte for byte', () => {
    const first = fetchRun(...common, '--out', path.join(dir, 'out1'), '--update-hash');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('1 files from 1 packages');
    expect(first.stdout).toContain('dropped as copies of the shared corpus 1, of a file already picked 0');
    const manifest = fs.readFileSync(path.join(dir, 'out1', 'MANIFEST.tsv'), 'utf8').trim().split('\n');
    expect(manifest).toHaveLength(2);
    expect(manifest[1].split('\t')).toEqual(['files/acme__kit/.claude/agents/release.md', 'npm:@acme/kit@0.1.0', integrityOf(tgz), '.claude/agents/release.md', 'Apache-2.0', String(Buffer.byteLength(`${other}\nNever tag from a branch other than main; always sign the tag.\n`)), 'claude-agent']);
    const second = fetchRun(...common, '--out', path.join(dir, 'out2'));
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('the same corpus as the recorded build');
    expect(fs.readFileSync(path.join(dir, 'out2', 'files/acme__kit/.claude/agents/release.md'))).toEqual(fs.readFileSync(path.join(dir, 'out1', 'files/acme__kit/.claude/agents/release.md')));
  });

  it('refuses a tarball whose integrity differs, and a bad package list, in one line with exit 2', () => {
    const badList = path.join(dir, 'bad.tsv');
    fs.writeFileSync(badList, `@acme/kit\t0.1.0\t${integrityOf(Buffer.from('something else'))}\n`);
    const bad = fetchRun(...common, '--list', badList, '--out', path.join(dir, 'out3'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no tarball matching its integrity/);
    expect(bad.stderr).not.toMatch(/^\s+at /m);
    fs.writeFileSync(badList, '@acme/kit\t0.1.0\n');
    const short = fetchRun(...common, '--list', badList, '--out', path.join(dir, 'out3'));
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/needs name, version and integrity/);
    expect(fs.existsSync(path.join(dir, 'out3'))).toBe(false);
  });

  it('--help prints the usage', () => {
    const r = fetchRun('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/node bench\/fresh-corpus\/fetch\.mjs/);
  });
});

describe('set 2 (session 15): its own lists and folder, and no copies of set 1', () => {
  const HERE = path.join(ROOT, 'bench/fresh-corpus');
  // an earlier set's file, and a second one, in words of our own
  const E1 = AGENT;
  const E2 = `# Release manager

You are the release manager for this project. Your job is to decide whether a build may ship.

- Never tag a release from a branch other than main.
- Always check that the changelog names every user-visible change.
- Do not ship when a migration lacks a rollback step; ask the user for one.
- Ensure the version number follows the project's semantic versioning policy.
`;
  const Z = `# Translator

You translate the user's interface strings into French and German. Keep placeholders such as {count}
exactly as written, never translate product names, and respond with one JSON object per string.
Ask the user when a string is ambiguous out of context.
`;
  const mk = (rel: string, text: string, kind = 'claude-agent') => ({ rel, kind, text, data: Buffer.from(text) });

  it('corpusSet names the files and folder of each set; set 1 keeps those of session 14', () => {
    const one = corpusSet(1);
    expect([one.candidates, one.tried, one.packages, one.hash].map((f: string) => path.relative(HERE, f))).toEqual(['candidates.txt', 'tried.tsv', 'packages.tsv', 'corpus.sha256']);
    expect(one.out).toBe(path.resolve(ROOT, '../fresh-corpus'));
    expect(one.earlier).toEqual([]);
    const two = corpusSet('2');
    expect([two.candidates, two.tried, two.packages, two.hash].map((f: string) => path.relative(HERE, f))).toEqual(['candidates2.txt', 'tried2.tsv', 'packages2.tsv', 'corpus2.sha256']);
    expect(two.out).toBe(path.resolve(ROOT, '../fresh-corpus2'));
    expect(two.cache).toBe(path.resolve(ROOT, '../fresh-corpus2-cache'));
    expect(two.earlier).toEqual([one.out]);
    expect(() => corpusSet(3)).toThrow(/the sets are 1 and 2/);
  });

  it('pickCorpus drops identical and near copies of an earlier set, counted apart from the shared corpus', () => {
    // Y: E2 with one line changed, a near copy (5-gram Jaccard ≥ 0.6) of it
    const Y = E2.replace('Never tag a release from a branch other than main.', 'Never tag a release from any branch but main.');
    expect(jaccard(shingles(Y), shingles(E2))).toBeGreaterThanOrEqual(0.6);
    const pkg = () => [{ name: 'k', version: '1.0.0', integrity: 'sha512-K', license: 'MIT', candidates: [mk('agents/x.md', E1), mk('agents/y.md', Y), mk('agents/z.md', Z)] }];
    const none = pickCorpus(pkg(), []);
    expect(none.stats[0]).toMatchObject({ copiesOfShared: 0, copiesOfEarlier: 0, copiesOfPicked: 0, kept: 3 });
    const earlier = [{ rel: 'files/old/CLAUDE.md', text: E1 }, { rel: 'files/old/release.md', text: E2 }];
    const withEarlier = pickCorpus(pkg(), [], earlier);
    expect(withEarlier.stats[0]).toMatchObject({ copiesOfShared: 0, copiesOfEarlier: 2, copiesOfPicked: 0, kept: 1 });
    expect(withEarlier.picked.map((f: { original: string }) => f.original)).toEqual(['agents/z.md']);
    // a file the shared corpus holds too counts as a copy of the shared corpus
    const both = pickCorpus(pkg(), [{ rel: 'files/shared/a.md', text: E1 }], earlier);
    expect(both.stats[0]).toMatchObject({ copiesOfShared: 1, copiesOfEarlier: 1, kept: 1 });
  });

  describe('fetch.mjs --set 2, offline from tarballs and an earlier set made here', () => {
    const fetchRun = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bench/fresh-corpus/fetch.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
    const dir = path.join(tmp, 'set2');
    const cache = path.join(dir, 'cache');
    const shared = path.join(dir, 'shared');
    const earlierDir = path.join(dir, 'set1');
    fs.mkdirSync(cache, { recursive: true });
    fs.mkdirSync(path.join(shared, 'files'), { recursive: true });
    // a shared corpus that copies nothing of the tarball below
    fs.writeFileSync(path.join(shared, 'files', 'CHANGES.md'), CHANGELOG);
    fs.writeFileSync(path.join(shared, 'MANIFEST.tsv'), 'path\tsource_repo\tcommit\toriginal_path\tlicense\tbytes\tkind\nfiles/CHANGES.md\tx\ty\tCHANGES.md\tMIT\t1\tsystem-prompt-md\n');
    // set 1 as fetch.mjs writes it: E2 came from another package there
    writeCorpus(earlierDir, [{ path: 'files/old/.claude/agents/release.md', source: 'npm:old@1.0.0', integrity: 'sha512-O', original: '.claude/agents/release.md', license: 'MIT', bytes: Buffer.byteLength(E2), kind: 'claude-agent', data: Buffer.from(E2) }]);
    const tgz = makeTarball({ 'package.json': JSON.stringify({ name: '@acme/kit2', version: '0.2.0', license: 'MIT' }), 'AGENTS.md': E2, '.claude/agents/translate.md': Z, 'README.md': README });
    fs.writeFileSync(path.join(cache, 'acme-kit2-0.2.0.tgz'), tgz);
    const list = path.join(dir, 'packages2.tsv');
    fs.writeFileSync(list, `name\tversion\tintegrity\n@acme/kit2\t0.2.0\t${integrityOf(tgz)}\n`);
    const common = ['--set', '2', '--cache', cache, '--offline', '--shared', shared, '--list', list, '--hash', path.join(dir, 'corpus2.sha256')];

    it('drops the file that copies set 1 and rebuilds the same corpus byte for byte', () => {
      const first = fetchRun(...common, '--earlier', earlierDir, '--out', path.join(dir, 'out1'), '--update-hash');
      expect(first.stderr).not.toMatch(/fetch\.mjs:/);
      expect(first.status).toBe(0);
      expect(first.stdout).toContain('1 files from 1 packages');
      expect(first.stdout).toContain('dropped as copies of the shared corpus 0, of an earlier set 1, of a file already picked 0');
      const manifest = fs.readFileSync(path.join(dir, 'out1', 'MANIFEST.tsv'), 'utf8').trim().split('\n');
      expect(manifest.slice(1).map((l: string) => l.split('\t')[0])).toEqual(['files/acme__kit2/.claude/agents/translate.md']);
      const second = fetchRun(...common, '--earlier', earlierDir, '--out', path.join(dir, 'out2'));
      expect(second.status).toBe(0);
      expect(second.stdout).toContain('the same corpus as the recorded build (corpus2.sha256)');
      // without set 1 in the copy test the pick differs, and the recorded hash says so
      const noEarlier = path.join(dir, 'empty-set1');
      writeCorpus(noEarlier, []);
      const third = fetchRun(...common, '--earlier', noEarlier, '--out', path.join(dir, 'out3'));
      expect(third.stdout).toContain('2 files from 1 packages');
      expect(third.status).toBe(1);
      expect(third.stderr).toMatch(/differs from the recorded build \(corpus2\.sha256/);
    });

    it('a missing earlier set, an unknown set, or --out onto set 1: one line, exit 2', () => {
      const missing = fetchRun(...common, '--earlier', path.join(dir, 'nowhere'), '--out', path.join(dir, 'out4'));
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/no earlier set's corpus at .*nowhere/);
      expect(missing.stderr).not.toMatch(/^\s+at /m);
      const three = fetchRun('--set', '3');
      expect(three.status).toBe(2);
      expect(three.stderr.trim()).toBe('fetch.mjs: --set "3": the sets are 1 and 2');
      const onto = fetchRun(...common, '--earlier', earlierDir, '--out', earlierDir);
      expect(onto.status).toBe(2);
      expect(onto.stderr).toMatch(/is an earlier set's corpus/);
      expect(fs.existsSync(path.join(earlierDir, 'files/old/.claude/agents/release.md'))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'out4'))).toBe(false);
    });

    it('survey.mjs refuses an unknown set before packing anything', () => {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bench/fresh-corpus/survey.mjs'), '--set', '0'], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe('survey.mjs: --set "0": the sets are 1 and 2');
    });
  });

  it('the committed lists: set 2 tries no name set 1 tried, and pins only names it tried', () => {
    const names = (file: string) => fs.readFileSync(path.join(HERE, file), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const one = new Set(names('candidates.txt'));
    const two = names('candidates2.txt');
    expect(two.length).toBeGreaterThan(100);
    expect(two.filter((n) => one.has(n))).toEqual([]);
    const tried = fs.readFileSync(path.join(HERE, 'tried2.tsv'), 'utf8').trim().split('\n');
    expect(tried[0]).toBe('name\tversion\tprompt_paths\tcandidates\tcopies_of_shared\tcopies_of_earlier_sets\tcopies_of_picked\tkept\tnote');
    expect(tried.slice(1).map((l) => l.split('\t')[0])).toEqual([...new Set(two)].sort());
    const pinned = readPackageList(path.join(HERE, 'packages2.tsv'));
    const kept = new Map(tried.slice(1).map((l) => l.split('\t')).map((c) => [c[0], { version: c[1], kept: Number(c[7]) }]));
    for (const p of pinned) expect(kept.get(p.name)).toEqual({ version: p.version, kept: expect.any(Number) });
    expect(pinned.every((p: { name: string }) => kept.get(p.name)!.kept > 0)).toBe(true);
    expect(fs.readFileSync(path.join(HERE, 'corpus2.sha256'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });
});

describe('heldout-sample.mjs --corpus: another corpus, held out as a whole', () => {
  const corpus = path.join(tmp, 'corpus');
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(corpus, rel)), { recursive: true });
    fs.writeFileSync(path.join(corpus, rel), text);
  };
  // one instruction twice, in two sections of one file: a duplicate-instruction finding
  write('files/p/CLAUDE.md', `# Testing\n\nRun the unit tests before every commit and fix what fails.\n\n# Release\n\nTag the release from main only.\n\nRun the unit tests before every commit and fix what fails.\n`);
  write('files/p/.claude/agents/doc.md', AGENT);
  write('files/p/data.json', '{}');
  fs.writeFileSync(
    path.join(corpus, 'MANIFEST.tsv'),
    ['path\tsource_repo\tcommit\toriginal_path\tlicense\tbytes\tkind', 'files/p/CLAUDE.md\tnpm:p@1.0.0\tsha512-P\tCLAUDE.md\tMIT\t1\tagent-instructions', 'files/p/.claude/agents/doc.md\tnpm:p@1.0.0\tsha512-P\t.claude/agents/doc.md\tMIT\t1\tclaude-agent', 'files/p/data.json\tnpm:p@1.0.0\tsha512-P\tdata.json\tMIT\t1\tother'].join('\n') + '\n',
  );
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'test/corpus-review/heldout-sample.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });

  it('lints the walkable files of the whole corpus and counts per rule', () => {
    const r = run('--corpus', corpus, '--half', 'all', '--counts-only');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^all half: 2 walkable files; findings per detector rule: \{/);
    const counts = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    expect(counts['duplicate-instruction']).toBe(1);
  });

  it('writes the sample with paths relative to that corpus', () => {
    const out = path.join(tmp, 'sample.jsonl');
    const r = run('--corpus', corpus, '--half', 'all', '--out', out);
    expect(r.status).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const dup = lines.find((l) => l.rule === 'duplicate-instruction');
    expect(dup.file).toBe('files/p/CLAUDE.md');
    expect(dup.passage.text).toContain('Run the unit tests');
  });

  it('a bad --half or a folder without MANIFEST.tsv is one line and exit 2', () => {
    const bad = run('--corpus', corpus, '--half', 'everything', '--counts-only');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--half must be one of tuning, heldout, all/);
    const none = run('--corpus', path.join(tmp, 'nowhere'), '--counts-only');
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no MANIFEST\.tsv in/);
    expect(none.stderr).not.toMatch(/^\s+at /m);
  });

  const hasShared = fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'));
  it.skipIf(!hasShared)('the shared corpus by default: the same files as before --corpus existed (skipped without ../shared/corpus)', async () => {
    const { isWalkable } = await import(path.join(ROOT, 'dist/server/src/parse/detect.js'));
    for (const half of ['tuning', 'heldout']) {
      // the expression heldout-sample.mjs used before this option
      const before = manifestRows()
        .map((r: string[]) => r[0])
        .filter((rel: string) => corpusHalf(rel) === half && isWalkable(rel));
      expect(corpusPaths({ half, isWalkable })).toEqual(before);
      expect(before.length).toBeGreaterThan(1000);
    }
  });
});
