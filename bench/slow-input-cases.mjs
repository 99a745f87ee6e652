// The cases of the slow-input suite (issue 12): every regular expression in rules/ and server/src/,
// and for each, generated worst-case inputs: long runs of each character class (or group) its
// pattern repeats, after what the pattern needs to reach that repetition. Shared by
// bench/slow-input.mjs (the 1 MB table) and test/robustness/slow-input.test.ts (scaling check).
//
// Literal regexes are read from the TypeScript sources (typescript's parser); regexes built with
// `new RegExp(…)` are recorded at run time (see `recordDynamicRegexes`), since their source comes
// from lexicons.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const SCANNED_DIRS = ['rules', 'server/src'];

function sourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const d of SCANNED_DIRS) walk(path.join(root, d));
  return out.sort();
}

/**
 * Every regex literal of rules/ and server/src/ ({ id, file, line, source, flags }), and every
 * `new RegExp(…)` site ({ file, line, text }) whose patterns are recorded at run time.
 */
export function enumerateRegexes(root) {
  const literals = [];
  const dynamicSites = [];
  for (const file of sourceFiles(root)) {
    const rel = path.relative(root, file);
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const slash = text.lastIndexOf('/');
        literals.push({ id: `${rel}:${line}`, file: rel, line, source: text.slice(1, slash), flags: text.slice(slash + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText(sf) === 'RegExp') {
        dynamicSites.push({ file: rel, line, text: node.getText(sf).replace(/\s+/g, ' ').slice(0, 80) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  // several literals on one line get distinct ids
  const seen = new Map();
  for (const r of literals) {
    const n = (seen.get(r.id) ?? 0) + 1;
    seen.set(r.id, n);
    if (n > 1) r.id = `${r.id}#${n}`;
  }
  return { literals, dynamicSites };
}

/**
 * Calls `load` with `RegExp` wrapped so that every `new RegExp(source, flags)` made meanwhile is
 * recorded with the source file that made it (from the stack; compiled .js mapped back to .ts).
 */
export async function recordDynamicRegexes(root, load) {
  const Original = globalThis.RegExp;
  const recorded = new Map();
  const record = (args) => {
    const [pattern, flags] = args;
    const source = pattern instanceof Original ? pattern.source : String(pattern ?? '');
    const fl = flags ?? (pattern instanceof Original ? pattern.flags : '');
    // the caller: the first frame outside this module (a library's own regexes are not ours)
    const frame = (new Error().stack?.split('\n').slice(1) ?? []).find((f) => !f.includes('slow-input-cases')) ?? '';
    const m = /[/\\]((?:rules|server[/\\]src)[/\\][^:)]+)\.(?:ts|js):\d+/.exec(frame);
    if (!m || frame.includes('node_modules')) return;
    const file = `${m[1].replace(/\\/g, '/')}.ts`;
    const key = `${file}\u0000${source}\u0000${fl}`;
    if (!recorded.has(key)) recorded.set(key, { file, source, flags: fl });
  };
  globalThis.RegExp = new Proxy(Original, {
    construct(target, args, newTarget) {
      record(args);
      return Reflect.construct(target, args, newTarget === globalThis.RegExp ? target : newTarget);
    },
    apply(target, thisArg, args) {
      record(args);
      return Reflect.apply(target, thisArg, args);
    },
  });
  try {
    await load();
  } finally {
    globalThis.RegExp = Original;
  }
  const out = [...recorded.values()];
  const counts = new Map();
  for (const r of out) {
    const n = (counts.get(r.file) ?? 0) + 1;
    counts.set(r.file, n);
    r.id = `${r.file} new RegExp #${n}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A small parser for JavaScript regex syntax: enough to find what a pattern repeats and to write
// a string that reaches it. Character classes and escapes keep their source and are tested by
// compiling them alone, so no class semantics are reimplemented here.

/** Characters tried as members of a class, in order of preference (letters first). */
const ALPHABET = ['a', 'Z', '0', ' ', '\t', '\n', '_', '-', '.', '/', '@', '#', '`', '<', '>', '"', "'", '*', '[', ']', '{', '}', '(', ')', '|', ':', ',', ';', '!', '?', '+', '=', '$', '%', '&', '~', '\\', '^', 'é', '\u2019', '\u201C', '•', '😀', '\u00A0'];

export function parseRegex(source, flags) {
  let i = 0;
  const unicode = flags.includes('u') || flags.includes('v');
  const classFlags = flags.replace(/[gyd]/g, '');
  let groups = 0;
  const atom = (src) => {
    let re;
    try {
      re = new RegExp(`^(?:${src})$`, classFlags);
    } catch {
      re = /^$/;
    }
    const members = ALPHABET.filter((c) => re.test(c));
    return { type: 'class', src, members };
  };
  const parseAlt = () => {
    const alts = [parseSeq()];
    while (source[i] === '|') {
      i++;
      alts.push(parseSeq());
    }
    return alts.length === 1 ? alts[0] : { type: 'alt', alts };
  };
  const parseSeq = () => {
    const items = [];
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      let node = parseAtom();
      for (;;) {
        const q = parseQuantifier();
        if (!q) break;
        node = { type: 'quant', body: node, ...q };
      }
      items.push(node);
    }
    return { type: 'seq', items };
  };
  const parseQuantifier = () => {
    const c = source[i];
    let min;
    let max;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(source.slice(i));
      if (!m) return undefined;
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
      i += m[0].length - 1;
    } else return undefined;
    i++;
    if (source[i] === '?') i++;
    return { min, max };
  };
  const parseAtom = () => {
    const c = source[i];
    if (c === '^' || c === '$') {
      i++;
      return { type: 'assert' };
    }
    if (c === '(') {
      i++;
      let kind = 'group';
      if (source.startsWith('?:', i)) i += 2;
      else if (source.startsWith('?=', i) || source.startsWith('?!', i)) {
        i += 2;
        kind = 'look';
      } else if (source.startsWith('?<=', i) || source.startsWith('?<!', i)) {
        i += 3;
        kind = 'look';
      } else if (source.startsWith('?<', i)) {
        i = source.indexOf('>', i) + 1;
        groups++;
      } else groups++;
      const index = kind === 'group' ? groups : 0;
      const body = parseAlt();
      i++; // ')'
      return kind === 'look' ? { type: 'assert' } : { type: 'group', body, index };
    }
    if (c === '[') {
      const start = i;
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      return atom(source.slice(start, i));
    }
    if (c === '\\') {
      const rest = source.slice(i);
      let m;
      if ((m = /^\\[bB]/.exec(rest))) {
        i += 2;
        return { type: 'assert' };
      }
      if ((m = /^\\([1-9]\d*)/.exec(rest)) || (m = /^\\k<([^>]+)>/.exec(rest))) {
        i += m[0].length;
        return { type: 'backref', ref: m[1] };
      }
      m = (unicode && /^\\[pP]\{[^}]*\}/.exec(rest)) || /^\\u\{[0-9a-fA-F]+\}/.exec(rest) || /^\\u[0-9a-fA-F]{4}/.exec(rest) || /^\\x[0-9a-fA-F]{2}/.exec(rest) || /^\\c[A-Za-z]/.exec(rest) || /^\\[\s\S]/.exec(rest);
      i += m[0].length;
      return atom(m[0]);
    }
    const ch = unicode ? String.fromCodePoint(source.codePointAt(i)) : source[i];
    i += ch.length;
    return atom(/[.*+?^${}()|[\]\\]/.test(ch) ? `\\${ch}` : ch);
  };
  const tree = parseAlt();
  return tree;
}

/** Does `node` contain `target`? */
function contains(node, target) {
  if (node === target) return true;
  switch (node.type) {
    case 'seq':
      return node.items.some((n) => contains(n, target));
    case 'alt':
      return node.alts.some((n) => contains(n, target));
    case 'group':
    case 'quant':
      return contains(node.body, target);
    default:
      return false;
  }
}

/**
 * A short string matching `node`, with `target` (if inside) replaced by the marker \u0000: the
 * alternative holding the target is chosen, quantifiers take their minimum (at least once on the
 * way to the target).
 */
function sample(node, target, captures = new Map()) {
  switch (node.type) {
    case 'class':
      return node.members[0] ?? '';
    case 'assert':
      return '';
    case 'backref':
      return captures.get(node.ref) ?? '';
    case 'seq':
      return node.items.map((n) => sample(n, target, captures)).join('');
    case 'alt': {
      const alt = node.alts.find((a) => target && contains(a, target)) ?? node.alts[0];
      return sample(alt, target, captures);
    }
    case 'group': {
      const s = sample(node.body, target, captures);
      if (node.index) captures.set(String(node.index), s.replace('\u0000', ''));
      return s;
    }
    case 'quant': {
      if (node === target) return '\u0000';
      const inside = target && contains(node.body, target);
      const times = inside ? Math.max(1, node.min) : Math.min(node.min, 3);
      let s = '';
      for (let k = 0; k < times; k++) s += sample(node.body, k === 0 ? target : undefined, captures);
      return s;
    }
    default:
      return '';
  }
}

function quantifiers(node, out = []) {
  if (node.type === 'quant') {
    if (node.max >= 16) out.push(node);
    quantifiers(node.body, out);
  } else if (node.type === 'seq') for (const n of node.items) quantifiers(n, out);
  else if (node.type === 'alt') for (const n of node.alts) quantifiers(n, out);
  else if (node.type === 'group') quantifiers(node.body, out);
  return out;
}

/** The units a repeated node is pumped with: each member class of a character class, else one sample. */
function pumpsOf(body) {
  let b = body;
  while (b.type === 'group' || (b.type === 'seq' && b.items.length === 1)) b = b.type === 'group' ? b.body : b.items[0];
  if (b.type === 'class') return b.members.slice(0, 4);
  if (b.type === 'alt') return [...new Set(b.alts.map((a) => sample(a)).filter(Boolean))].slice(0, 4);
  const s = sample(b);
  return s ? [s] : [];
}

/**
 * The worst cases of one regex: for each unbounded (or ≥ 16) repetition and each unit it repeats,
 * `{ prefix, pump, suffix }`: the input is prefix + pump × n + suffix, where prefix is what the
 * pattern needs before the repetition and suffix is either what it needs after (a match at the
 * end of a long run) or nothing (a run the pattern cannot finish).
 */
export function casesOf(regex) {
  let tree;
  try {
    tree = parseRegex(regex.source, regex.flags);
  } catch {
    return [];
  }
  const out = [];
  for (const q of quantifiers(tree)) {
    const around = sample(tree, q);
    const at = around.indexOf('\u0000');
    if (at === -1) continue;
    const prefix = around.slice(0, at);
    const suffix = around.slice(at + 1).replace(/\u0000/g, '');
    for (const pump of pumpsOf(q.body)) {
      out.push({ prefix, pump, suffix: '' });
      if (suffix) out.push({ prefix, pump, suffix });
    }
  }
  return out;
}

/**
 * Document shapes a case is linted in, each about `size` characters: the run in one paragraph after
 * a word (at the start of a line, runs of backticks, `#`, `-`, `>`, `|` or spaces would be block
 * syntax instead of text: a fence, a heading …), and in two list items that differ by words (half
 * the size each), the run at the start of the first, so that the comparisons of near-duplicate
 * units (anchors, content differences) read it too.
 */
export const SHAPES = {
  paragraph: (c, size) => `Note: ${caseText(c, size)}\n`,
  'two items': (c, size) => {
    const s = caseText(c, size / 2);
    return `- ${s}\n- Also ${s} too\n`;
  },
};

/** The text of a case at about `size` characters. */
export function caseText(c, size) {
  if (c.generate) return c.generate(size);
  const n = Math.max(1, Math.ceil((size - c.prefix.length - c.suffix.length) / c.pump.length));
  return c.prefix + c.pump.repeat(n) + c.suffix;
}

/** Benign text: ordinary words and sentences, about `size` characters. */
export function benignText(size) {
  const words = 'the quick brown fox writes tests for new features and keeps the docs short'.split(' ');
  let s = '';
  for (let k = 0; s.length < size; k++) s += words[k % words.length] + (k % 11 === 10 ? '. ' : ' ');
  return s.slice(0, size);
}

/**
 * The benign case: in a shape, the same size and layout as a worst case, with ordinary text for the
 * run: sentences of seeded random words (no two alike, as in a real prompt, so that no cache or
 * duplicate finding makes it cheaper or dearer than text).
 */
export const BENIGN = {
  prefix: '',
  pump: ' ',
  suffix: '',
  key: 'benign',
  regexes: [],
  generate(size) {
    const words = ('answer user question code test file write read keep short clear example format json list step check tool call ' +
      'review change error message name value return result plan task data source cite always never only when before after').split(' ');
    let seed = 12345 + size; // another size, other sentences: no cache of an earlier run helps
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    let s = '';
    while (s.length < size) {
      const n = 5 + Math.floor(next() * 10);
      const sentence = Array.from({ length: n }, () => words[Math.floor(next() * words.length)]).join(' ');
      s += `${sentence[0].toUpperCase()}${sentence.slice(1)}. `;
    }
    return s.slice(0, size);
  },
};

/**
 * Cases that no regex makes: inputs that are slow by the number of things compared, not by a long
 * run. Each is measured whenever a regex of its `file` is (`--only personas` takes it too).
 * - persona definitions that do not conflict (issue 12, `firstRelated`): one paragraph each,
 *   different roles of one family with other modifiers ("You are a senior data analyst for team
 *   12."), no two alike; the conflict search tried every earlier one (quadratic).
 */
export const STRUCTURAL = [
  {
    file: 'rules/lib/personas.ts',
    prefix: '',
    pump: '\n\nYou are a data analyst.',
    suffix: '',
    key: 'structural: persona definitions of one family',
    generate(size) {
      const heads = ['data scientist', 'data analyst', 'statistician', 'actuary'];
      const mods = ['senior', 'junior', 'principal', 'staff', 'careful', 'quantitative', 'financial', 'clinical'];
      let s = '';
      for (let k = 0; s.length < size; k++) s += `\n\nYou are a ${mods[k % mods.length]} ${heads[k % heads.length]} for team ${k}.`;
      return s.slice(0, size);
    },
  },
];

export const caseKey = (c) => c.key ?? JSON.stringify([c.prefix.slice(-1), c.pump, c.suffix.slice(0, 1)]);

/** Every distinct case over all regexes: { key, prefix, pump, suffix, regexes: [ids] }. */
export function allCases(regexes) {
  const byKey = new Map();
  for (const r of regexes) {
    for (const c of casesOf(r)) {
      // what a long run costs depends on the run and on what touches it, not on a long literal
      // before it ("it is extremely important that you" + spaces): cases are one document when
      // they share the pump and the characters next to it (the last of the prefix, the first of the suffix) (the regex
      // alone is still run on its own case: `caseFor`)
      const key = caseKey(c);
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { key, ...c, regexes: [] }));
      if (!entry.regexes.includes(r.id)) entry.regexes.push(r.id);
    }
  }
  for (const c of STRUCTURAL) {
    const ids = regexes.filter((r) => r.id.startsWith(`${c.file}:`)).map((r) => r.id);
    if (ids.length) byKey.set(c.key, { ...c, regexes: ids });
  }
  return [...byKey.values()];
}

// ---------------------------------------------------------------------------------------------

/**
 * Runs jobs one at a time in a worker thread (bench/slow-input-worker.mjs) with a time limit:
 * a job over the limit is stopped (the worker is terminated and a new one started) and reported
 * as `{ timedOut: true, ms: limit }`.
 */
export class CaseRunner {
  constructor(root, { limitMs }) {
    this.root = root;
    this.limitMs = limitMs;
    this.worker = undefined;
    this.ready = undefined;
    this.nextId = 0;
  }

  async start() {
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(new URL('./slow-input-worker.mjs', import.meta.url), { workerData: { root: this.root } });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.once('message', (m) => (m.ready ? resolve() : reject(new Error('worker did not start'))));
      worker.once('error', reject);
    });
    await this.ready;
  }

  /** job: { kind: 'lint', text, name } or { kind: 'regex', source, flags, text }. */
  async run(job) {
    if (!this.worker) await this.start();
    const worker = this.worker;
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(async () => {
        worker.off('message', onMessage);
        this.worker = undefined;
        await worker.terminate();
        resolve({ ms: this.limitMs, timedOut: true });
      }, this.limitMs);
      const onMessage = (m) => {
        if (m.id !== id) return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        if (m.error) reject(new Error(m.error));
        else resolve(m);
      };
      worker.on('message', onMessage);
      worker.postMessage({ id, ...job });
    });
  }

  async stop() {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
