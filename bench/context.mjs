#!/usr/bin/env node
// Effective-context resolution speed: builds a repository with 500 instruction files of every
// agent (nested CLAUDE.md / AGENTS.md / GEMINI.md with @imports, Cursor rules with globs, Copilot
// path instructions, Windsurf rules, skills) plus source files, then times, with a fresh file
// system view each run:
//   resolve   detectAgents + repoContexts for every agent (what the engine derives tasks from)
//   context   `prompt-lint context <deepest dir> --format json` as a process (resolve + count + print)
// Prints the medians of --runs runs (default 7). The machine is shared: quote medians, not minima.
//
//   one      `prompt-lint <one deep AGENTS.md> --format json` (only the contexts that can load it)
//   lint     `prompt-lint . --format json` (every context)
// With --tree N instead: a folder WITHOUT .git holding N agent files in project folders (as /tmp
// holding copies of many repositories), where `prompt-lint some.md` on one small file must not
// resolve every context of the folder; times that and `prompt-lint context some.md`, with peak RSS.
//
// Usage: npm run bench:context [-- --files 500 --runs 7]   (KEEP=1: keep the repository, print its path)
//        npm run bench:context -- --tree 11700 --runs 3 [--bin other/bin/prompt-lint.js]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCliArgs } from './cli-args.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseCliArgs(import.meta.url, { options: { files: { type: 'string', default: '500' }, runs: { type: 'string', default: '7' }, tree: { type: 'string' }, bin: { type: 'string' } } });
const FILES = Number(values.files);
const RUNS = Number(values.runs);
const BIN = path.resolve(values.bin ?? path.join(REPO, 'bin/prompt-lint.js'));

/** Runs the CLI in `cwd`: wall ms, CPU ms (user + system) and peak RSS of the child (GNU time when present). */
function timed(args, cwd) {
  const gnuTime = fs.existsSync('/usr/bin/time');
  const t0 = performance.now();
  const out = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '@@ %U %S %M', process.execPath, BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = performance.now() - t0;
  const m = /@@ ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(out.stderr ?? '');
  if (out.status !== 0 && out.status !== 1) throw new Error(`${args.join(' ')} exited ${out.status}: ${out.stderr}`);
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN, rssMb: m ? Number(m[3]) / 1024 : NaN, stderr: (out.stderr ?? '').replace(/@@.*\s*$/, ''), stdout: out.stdout };
}


/**
 * A folder without .git holding `count` agent files spread over project folders of 40 files each
 * (every agent's kinds, nested 3 deep), and `some.md`, a small prompt at its top that nothing loads.
 */
function buildTree(count) {
  const files = { 'some.md': '# Reviewer\n\nYou review pull requests. Be brief.\n' };
  let n = 0;
  for (let p = 0; n < count; p++) {
    const proj = `proj-${p}`;
    const dirs = [proj, `${proj}/src`, `${proj}/src/api`, `${proj}/src/ui`, `${proj}/lib`, `${proj}/lib/util`, `${proj}/docs`, `${proj}/tests`];
    for (const [j, dir] of dirs.entries()) {
      if (n >= count) break;
      files[`${dir}/CLAUDE.md`] = `@notes.md\n${para(p * 10 + j)}`;
      files[`${dir}/notes.md`] = para(p * 10 + j + 1);
      files[`${dir}/AGENTS.md`] = para(p * 10 + j + 2);
      files[`${dir}/GEMINI.md`] = para(p * 10 + j + 3);
      files[`${dir}/index.ts`] = `export const p${p} = ${j};\n`;
      n += 4;
    }
    for (let r = 0; r < 8 && n < count; r++, n++) files[`${proj}/.cursor/rules/r${r}.mdc`] = `---\nglobs: src/**/*.ts\nalwaysApply: false\n---\n${para(r)}`;
  }
  return files;
}

async function treeBench(count) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pl-bench-tree-')));
  try {
    const files = buildTree(count);
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const agentFiles = Object.keys(files).filter((f) => !f.endsWith('.ts') && f !== 'some.md').length;
    const rows = { lint: [], context: [] };
    for (let r = 0; r < RUNS; r++) {
      rows.lint.push(timed(['some.md', '--format', 'json'], dir));
      rows.context.push(timed(['context', 'some.md', '--format', 'json'], dir));
    }
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`tree without .git: ${agentFiles} agent files (${Object.keys(files).length} files) in ${dir}`);
    for (const [name, list] of Object.entries(rows)) {
      console.log(`${name.padEnd(8)} prompt-lint ${name === 'lint' ? '' : 'context '}some.md: wall median ${med(list.map((x) => x.wall)).toFixed(0)} ms, CPU median ${med(list.map((x) => x.cpu)).toFixed(0)} ms, peak RSS median ${med(list.map((x) => x.rssMb)).toFixed(0)} MB over ${RUNS} runs`);
    }
    const warning = rows.lint[0].stderr.trim();
    if (warning) console.log(`stderr of the lint: ${warning.slice(0, 400)}`);
    console.log(`load: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
    if (process.env.KEEP) console.log(dir);
  } finally {
    if (!process.env.KEEP) fs.rmSync(dir, { recursive: true, force: true });
  }
}

const agentsModule = path.join(REPO, 'dist/server/src/agents/index.js');
if (!fs.existsSync(agentsModule)) {
  console.error('bench/context: run `npm run build` first (dist/server/src/agents is missing)');
  process.exit(2);
}
const { detectAgents, nodeContextFs, repoContexts } = await import(pathToFileURL(agentsModule).href);

const para = (i) => `## Section ${i}\n\n- Use the shared logger in module ${i}.\n- Keep functions under ${20 + (i % 30)} lines.\n- Write a test for every bug fix in package ${i}.\n`;

if (values.tree) {
  await treeBench(Number(values.tree));
  process.exit(0);
}

/** path → text; `count` instruction files spread over 25 packages of 4 levels. */
function buildRepo(count) {
  const files = { 'CLAUDE.md': `# Root\n\n@AGENTS.md\n@docs/style.md\n${para(0)}`, 'AGENTS.md': `# Agents\n${para(1)}`, 'GEMINI.md': `@./docs/style.md\n${para(2)}`, 'docs/style.md': `@shared.md\n${para(3)}`, 'docs/shared.md': para(4), '.github/copilot-instructions.md': para(5), '.cursorrules': para(6) };
  let n = Object.keys(files).length;
  const kinds = ['claude', 'agents', 'gemini', 'cursor', 'copilot', 'windsurf', 'skill', 'import', 'rule'];
  for (let i = 0; n < count; i++) {
    const pkg = `packages/p${i % 25}`;
    const dir = `${pkg}/${['src', 'lib', 'src/api', 'src/ui'][Math.floor(i / 25) % 4]}`;
    const k = kinds[i % kinds.length];
    const body = para(i);
    if (k === 'claude') files[`${dir}/CLAUDE.md`] = `@notes-${i}.md\n${body}`;
    else if (k === 'import') files[`${dir}/notes-${i - 7}.md`] = body;
    else if (k === 'agents') files[`${dir}/AGENTS.md`] = body;
    else if (k === 'gemini') files[`${dir}/GEMINI.md`] = body;
    else if (k === 'cursor') files[`.cursor/rules/r${i}.mdc`] = `---\n${i % 2 ? `globs: ${dir}/**/*.ts` : `description: Rule ${i}`}\nalwaysApply: false\n---\n${body}`;
    else if (k === 'copilot') files[`.github/instructions/i${i}.instructions.md`] = `---\napplyTo: "${dir}/**"\n---\n${body}`;
    else if (k === 'windsurf') files[`.windsurf/rules/w${i}.md`] = `---\ntrigger: ${i % 2 ? 'glob' : 'model_decision'}\nglobs: "${dir}/**"\ndescription: Rule ${i}\n---\n${body}`;
    else if (k === 'skill') files[`.claude/skills/s${i}/SKILL.md`] = `---\nname: s${i}\ndescription: Skill ${i}\n---\n${body}`;
    else files[`.claude/rules/c${i}.md`] = `---\npaths:\n  - "${dir}/**/*.ts"\n---\n${body}`;
    files[`${dir}/file${i}.ts`] = `export const x${i} = ${i};\n`;
    n = Object.keys(files).filter((f) => !f.endsWith('.ts')).length;
  }
  return files;
}

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pl-bench-context-')));
try {
  fs.mkdirSync(path.join(root, '.git'));
  const files = buildRepo(FILES);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  const instructionFiles = Object.keys(files).filter((f) => !f.endsWith('.ts')).length;
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  const resolveTimes = [];
  const resolveCpu = [];
  let contexts = 0;
  let agents = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const fsys = nodeContextFs();
    agents = detectAgents(root, fsys);
    contexts = repoContexts(root, { agents, fs: fsys }).length;
    resolveTimes.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    resolveCpu.push((c.user + c.system) / 1000);
  }

  const deepest = Object.keys(files).filter((f) => f.endsWith('.ts')).sort((a, b) => b.split('/').length - a.split('/').length)[0];
  const cliTimes = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const out = spawnSync(process.execPath, [path.join(REPO, 'bin/prompt-lint.js'), 'context', deepest, '--format', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    cliTimes.push(performance.now() - t0);
    if (out.status !== 0) throw new Error(`context exited ${out.status}: ${out.stderr}`);
  }

  // the lint itself: one deep AGENTS.md (only the contexts that can load it), then the whole repository
  const oneFile = Object.keys(files).filter((f) => f.endsWith('/AGENTS.md')).sort((a, b) => b.split('/').length - a.split('/').length || a.localeCompare(b))[0];
  const lintRows = { one: [], lint: [] };
  for (let r = 0; r < RUNS; r++) {
    lintRows.one.push(timed([oneFile, '--format', 'json'], root));
    lintRows.lint.push(timed(['.', '--format', 'json'], root));
  }
  const med = (xs) => median(xs).toFixed(0);

  console.log(`repository: ${instructionFiles} instruction files, ${Object.keys(files).length - instructionFiles} source files; agents: ${agents.join(', ')}`);
  console.log(`resolve  (detect + repoContexts, ${contexts} distinct contexts): median ${median(resolveTimes).toFixed(1)} ms over ${RUNS} runs (min ${Math.min(...resolveTimes).toFixed(1)}, max ${Math.max(...resolveTimes).toFixed(1)}); CPU median ${median(resolveCpu).toFixed(1)} ms; first (cold) run ${resolveTimes[0].toFixed(1)} ms`);
  console.log(`context  (prompt-lint context ${deepest} --format json, a process): median ${median(cliTimes).toFixed(0)} ms over ${RUNS} runs`);
  console.log(`one      (prompt-lint ${oneFile} --format json): wall median ${med(lintRows.one.map((x) => x.wall))} ms, CPU median ${med(lintRows.one.map((x) => x.cpu))} ms, peak RSS ${med(lintRows.one.map((x) => x.rssMb))} MB`);
  console.log(`lint     (prompt-lint . --format json): wall median ${med(lintRows.lint.map((x) => x.wall))} ms, CPU median ${med(lintRows.lint.map((x) => x.cpu))} ms, peak RSS ${med(lintRows.lint.map((x) => x.rssMb))} MB`);
  console.log(`load: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  if (process.env.KEEP) { console.log(root); process.exit(0); }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
