/**
 * Finding, reading, merging and caching configuration.
 *
 * Cascade (like ESLint's legacy .eslintrc): from the linted file's directory up to the filesystem
 * root, the first of `.promptlintrc.json`, `.promptlintrc.yaml`, `.promptlintrc.yml`, or a
 * `package.json` with a `promptlint` key in each directory is that directory's config. Nearer
 * configs are merged over farther ones; a config with `root: true` stops the walk. Each config's
 * `extends` are merged underneath it. `--config FILE` replaces the cascade with that one file
 * (and its extends). `--rule` settings win over everything.
 */
import fs from 'node:fs';
import configSchema from '../../../schema/promptlintrc.schema.json' with { type: 'json' };
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RuleMeta, SeveritySetting } from '../engine/types.js';
import {
  CONFIG_FILENAMES,
  DEFAULT_EXCLUDE,
  DEFAULT_INCLUDE,
  DEFAULT_MAX_FILE_SIZE,
  DEFAULT_MODEL,
  PACKAGE_JSON_KEY,
} from './defaults.js';
// the YAML parser's own list, so that the config and the parser agree; a config's `promptKeys` are added to it
import { DEFAULT_PROMPT_KEYS } from '../parse/yaml.js';
import { ConfigError, type PathSegment } from './errors.js';
import { agentModelFor } from '../tokens/models.js';
import { matchesGlobs, rebaseGlob } from './globs.js';
import { parseConfigText, type ConfigFormat, type ConfigSource } from './source.js';
import type { AgentBudgetConfig, AgentName, AgentsConfig, Anchored, BudgetConfig, OverrideConfig, RawConfig, ResolvedAgents, ResolvedConfig, RuleSetting, TaskConfig } from './types.js';
import { normalizeSeverity, show, validateConfigShape, validateRules, type NormalizedRuleSetting } from './validate.js';
import { readErrorReason, readRegularText } from './read-file.js';

export interface ForFileOptions {
  /** Every known rule; settings for other ids are errors. */
  readonly rules: readonly RuleMeta[];
  /** `--config FILE`: use this file (and its extends) instead of the cascade. Relative to the loader's cwd. */
  readonly cliConfigPath?: string;
  /** `--rule id=severity` settings; they win over every config. */
  readonly cliRules?: Readonly<Record<string, RuleSetting>>;
}

export interface ConfigLoaderOptions {
  /** Resolves relative paths and is the baseDir when no config file applies. Default: process.cwd(). */
  readonly cwd?: string;
  /**
   * Resolve `extends` entries that name a package (Node resolution from the config's directory).
   * False in an untrusted workspace, where nothing the workspace names is loaded: such entries are
   * skipped and listed in `skippedExtends`; paths to JSON/YAML config files are still read when
   * they are inside `cwd` (the workspace folder), and skipped the same way when they are not.
   * Default true.
   */
  readonly allowPackageExtends?: boolean;
}

/** A parsed, shape-checked config file. */
interface ConfigFile {
  readonly path: string;
  readonly dir: string;
  readonly src: ConfigSource;
  /** Key path of the config object in the file: [] or ['promptlint'] for package.json. */
  readonly prefix: readonly PathSegment[];
  readonly raw: RawConfig;
}

/** One config in merge order (farthest first) with the directory its globs are relative to. */
interface Layer {
  readonly file: ConfigFile;
  readonly anchorDir: string;
}

interface AnchoredOverride {
  readonly value: OverrideConfig;
  readonly baseDir: string;
  readonly source: string;
  readonly rules: ReadonlyMap<string, NormalizedRuleSetting>;
}

/** Everything but the per-file parts (overrides, --rule), for one directory. */
/** A resolved config before the overrides for one file are applied: its rules still as merged. */
interface MergedBase extends Omit<ResolvedConfig, 'rules'> {
  /** Whether a config file names the model (else an agent's file defaults to its agent's family). */
  readonly modelNamed: boolean;
  readonly rules: ReadonlyMap<string, NormalizedRuleSetting>;
  readonly overrides: readonly AnchoredOverride[];
}

export class ConfigLoader {
  readonly cwd: string;
  /** Config file path → parsed file, null (package.json without the key), or the error it raised. */
  private readonly files = new Map<string, ConfigFile | null | ConfigError>();
  /** Directory → its own cascade config, if any. */
  private readonly dirConfigs = new Map<string, ConfigFile | null>();
  /** Directory → layers of its cascade. */
  private readonly cascades = new Map<string, readonly Layer[]>();
  /** Directory + --config + rule ids → merged base config. */
  private readonly bases = new Map<string, MergedBase>();
  private readonly allowPackageExtends: boolean;
  /** Package extends skipped (allowPackageExtends: false), by file and key path. */
  private readonly skipped = new Map<string, ConfigError>();

  constructor(options: ConfigLoaderOptions = {}) {
    this.cwd = path.resolve(options.cwd ?? process.cwd());
    this.allowPackageExtends = options.allowPackageExtends ?? true;
  }

  /** Forgets every cached config (call when any config file is created, changed or deleted). */
  clear(): void {
    this.files.clear();
    this.dirConfigs.clear();
    this.cascades.clear();
    this.bases.clear();
    this.skipped.clear();
  }

  /**
   * The `extends` entries not resolved because they name a package and `allowPackageExtends` is
   * false, each located at the entry (warnings, not errors: the rest of the config applies).
   */
  get skippedExtends(): readonly ConfigError[] {
    return [...this.skipped.values()];
  }

  /** Every config file read so far, including extended ones (for file watchers). */
  get configFiles(): readonly string[] {
    return [...this.files.entries()].filter(([, f]) => f !== null).map(([p]) => p);
  }

  /** The configuration for one file: cascade (or --config), overrides matching the file, --rule settings. */
  forFile(filePath: string, options: ForFileOptions): ResolvedConfig {
    const abs = path.resolve(this.cwd, filePath);
    return this.finish(this.base(path.dirname(abs), options), abs, options);
  }

  /**
   * The configuration of a directory as a whole (no override applies): what a run without file
   * arguments uses for include, exclude and the project-wide settings.
   */
  forDirectory(dir: string, options: ForFileOptions): ResolvedConfig {
    return this.finish(this.base(path.resolve(this.cwd, dir), options), undefined, options);
  }

  // -------------------------------------------------------------------------------------------

  private base(dir: string, options: ForFileOptions): MergedBase {
    const metas = new Map(options.rules.map((m) => [m.id, m] as const));
    const cliConfig = options.cliConfigPath ? path.resolve(this.cwd, options.cliConfigPath) : undefined;
    const key = `${cliConfig ? `--config ${cliConfig}` : dir}\0${[...metas.keys()].join(',')}`;
    let base = this.bases.get(key);
    if (!base) {
      let layers: readonly Layer[];
      if (cliConfig) {
        const file = this.readConfigFile(cliConfig, 'explicit');
        if (!file) throw new ConfigError(cliConfig, 0, 0, '', `package.json has no "${PACKAGE_JSON_KEY}" key`);
        layers = this.expand(file, file.dir, []);
      } else {
        layers = this.cascade(dir);
      }
      base = this.merge(layers, metas);
      this.bases.set(key, base);
    }
    return base;
  }

  private finish(base: MergedBase, file: string | undefined, options: ForFileOptions): ResolvedConfig {
    const rules = new Map(base.rules);
    let model = base.model;
    let named = base.modelNamed;
    if (file) {
      for (const o of base.overrides) {
        if (!matchesGlobs(file, o.value.files, o.baseDir)) continue;
        if (o.value.excludedFiles !== undefined && matchesGlobs(file, o.value.excludedFiles, o.baseDir)) continue;
        mergeRules(rules, o.rules);
        if (o.value.model) {
          model = o.value.model;
          named = true;
        }
      }
      if (!named) model = agentModelFor(file) ?? model;
    }
    const metas = new Map(options.rules.map((m) => [m.id, m] as const));
    if (options.cliRules) {
      mergeRules(rules, validateRules(options.cliRules as Record<string, unknown>, metas, { path: [], pseudoFile: '--rule' }));
    }
    const resolvedRules: Record<string, readonly [SeveritySetting, Record<string, unknown>]> = {};
    for (const meta of options.rules) {
      const setting = rules.get(meta.id);
      const severity = setting?.severity ?? meta.defaultSeverity;
      const opts = { ...meta.defaultOptions, ...(setting?.options ?? {}) };
      resolvedRules[meta.id] = Object.freeze([severity, opts] as const);
    }
    return Object.freeze({
      sources: base.sources,
      baseDir: base.baseDir,
      model,
      ...(named ? { modelNamed: true } : {}),
      rules: Object.freeze(resolvedRules),
      include: base.include,
      exclude: base.exclude,
      budgets: base.budgets,
      tasks: base.tasks,
      prices: base.prices,
      ...(base.callsPerDay !== undefined ? { callsPerDay: base.callsPerDay } : {}),
      promptKeys: base.promptKeys,
      maxFileSize: base.maxFileSize,
      agents: base.agents,
      ...(base.splitPrompts !== undefined ? { splitPrompts: base.splitPrompts } : {}),
    });
  }

  /** Layers for a directory: the parent's cascade (unless root: true) then this directory's config. */
  private cascade(dir: string): readonly Layer[] {
    const cached = this.cascades.get(dir);
    if (cached) return cached;
    const own = this.configInDir(dir);
    const parent = path.dirname(dir);
    const farther = own?.raw.root === true || parent === dir ? [] : this.cascade(parent);
    const layers = own ? [...farther, ...this.expand(own, own.dir, [])] : farther;
    this.cascades.set(dir, layers);
    return layers;
  }

  private configInDir(dir: string): ConfigFile | null {
    if (this.dirConfigs.has(dir)) return this.dirConfigs.get(dir)!;
    let found: ConfigFile | null = null;
    for (const name of CONFIG_FILENAMES) {
      const candidate = path.join(dir, name);
      if (!isFile(candidate)) continue;
      found = this.readConfigFile(candidate, 'cascade');
      if (found) break;
    }
    this.dirConfigs.set(dir, found);
    return found;
  }

  /**
   * A config file and what it extends, in merge order. Globs of extended configs are anchored at
   * `anchorDir`, the directory of the cascade (or --config) file that pulled them in, as ESLint
   * does for shareable configs.
   */
  private expand(file: ConfigFile, anchorDir: string, stack: readonly string[]): Layer[] {
    const layers: Layer[] = [];
    const ext = file.raw.extends;
    const specs = ext === undefined ? [] : typeof ext === 'string' ? [ext] : ext;
    const chain = [...stack, file.path];
    specs.forEach((spec, i) => {
      const at = [...file.prefix, 'extends', ...(typeof ext === 'string' ? [] : [i])];
      if (!this.allowPackageExtends && !isPathSpec(spec)) {
        const notice = file.src.error(at, `package "${spec}" not loaded: extends naming a package are skipped in an untrusted workspace (trust the workspace to use it)`);
        this.skipped.set(`${file.path}\0${notice.keyPath}`, notice);
        return;
      }
      const target = this.resolveExtends(spec, file, at);
      if (!this.allowPackageExtends && !this.insideWorkspace(target)) {
        const notice = file.src.error(at, `"${spec}" not loaded: extends outside the workspace are skipped in an untrusted workspace (trust the workspace to use it)`);
        this.skipped.set(`${file.path}\0${notice.keyPath}`, notice);
        return;
      }
      if (chain.includes(target)) {
        const cycle = [...chain.slice(chain.indexOf(target)), target].map(display).join(' → ');
        throw file.src.error(at, `circular extends: ${cycle}`);
      }
      const extended = this.readConfigFile(target, 'explicit');
      if (!extended) throw file.src.error(at, `${display(target)} has no "${PACKAGE_JSON_KEY}" key`);
      layers.push(...this.expand(extended, anchorDir, chain));
    });
    layers.push({ file, anchorDir });
    return layers;
  }

  /** The real path of `target` is inside the loader's cwd (the workspace folder); symlinks cannot lead out. */
  private insideWorkspace(target: string): boolean {
    let real: string;
    let root: string;
    try {
      real = fs.realpathSync(target);
      root = fs.realpathSync(this.cwd);
    } catch {
      return false;
    }
    const rel = path.relative(root, real);
    return rel !== '' && rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel);
  }

  private resolveExtends(spec: string, file: ConfigFile, at: readonly PathSegment[]): string {
    if (isPathSpec(spec)) {
      const target = path.resolve(file.dir, spec);
      if (isFile(target)) return target;
      if (isDirectory(target)) {
        const inDir = CONFIG_FILENAMES.map((n) => path.join(target, n)).find(isFile);
        if (inDir) return inDir;
        throw file.src.error(at, `no config file in directory "${spec}" (looked for ${CONFIG_FILENAMES.join(', ')})`);
      }
      throw file.src.error(at, `cannot find config file "${spec}" (resolved to ${target})`);
    }
    const require = createRequire(path.join(file.dir, '__promptlint__.cjs'));
    const bare = /^(?:@[^/]+\/)?[^/@]+$/.test(spec);
    if (bare) {
      // A config package: package.json's "promptlint" key or a .promptlintrc.* file in its root,
      // else its main file.
      try {
        const pkgDir = path.dirname(require.resolve(`${spec}/package.json`));
        for (const name of [...CONFIG_FILENAMES.slice(0, -1)]) {
          const candidate = path.join(pkgDir, name);
          if (isFile(candidate)) return candidate;
        }
        const pkgJson = path.join(pkgDir, 'package.json');
        const text = readRegularText(pkgJson);
        if (text.includes(`"${PACKAGE_JSON_KEY}"`)) return pkgJson;
      } catch {
        // Not resolvable that way (e.g. "exports" hides package.json): fall back to the main file.
      }
    }
    try {
      return require.resolve(spec);
    } catch {
      throw file.src.error(at, `cannot find config package "${spec}" from ${display(file.dir)}`);
    }
  }

  /**
   * Reads and shape-checks a config file. `cascade`: a package.json without the key is no config
   * (null). `explicit` (--config, extends): the same returns null and the caller reports it.
   */
  private readConfigFile(file: string, mode: 'cascade' | 'explicit'): ConfigFile | null {
    const cached = this.files.get(file);
    if (cached instanceof ConfigError) throw cached;
    if (cached !== undefined) return cached;
    let result: ConfigFile | null;
    try {
      result = readConfigFileUncached(file, mode);
    } catch (err) {
      if (err instanceof ConfigError) this.files.set(file, err);
      throw err;
    }
    this.files.set(file, result);
    return result;
  }

  /** Merges layers (farthest first) and validates their rule settings against the known rules. */
  private merge(layers: readonly Layer[], metas: ReadonlyMap<string, RuleMeta>): MergedBase {
    const baseDir = layers.length ? layers[0].anchorDir : this.cwd;
    const sources: string[] = [];
    let model = DEFAULT_MODEL;
    let modelNamed = false;
    const rules = new Map<string, NormalizedRuleSetting>();
    let include: readonly string[] = DEFAULT_INCLUDE;
    const exclude = [...DEFAULT_EXCLUDE];
    const overrides: AnchoredOverride[] = [];
    const budgets: Anchored<BudgetConfig>[] = [];
    const tasks: Anchored<TaskConfig>[] = [];
    const prices: Record<string, number> = {};
    let callsPerDay: number | undefined;
    const promptKeys = new Set(DEFAULT_PROMPT_KEYS);
    let maxFileSize = DEFAULT_MAX_FILE_SIZE;
    let agents: ResolvedAgents = NO_AGENT_SETTINGS;
    let splitPrompts: boolean | undefined;
    /** Where each agent's budget was last written, for errors. */
    const agentBudgetAt = new Map<string, { file: ConfigFile; at: PathSegment[] }>();

    for (const { file, anchorDir } of layers) {
      const raw = file.raw;
      const idx = sources.indexOf(file.path);
      if (idx >= 0) sources.splice(idx, 1);
      sources.push(file.path);
      if (raw.model !== undefined) {
        model = raw.model;
        modelNamed = true;
      }
      if (raw.callsPerDay !== undefined) callsPerDay = raw.callsPerDay;
      if (raw.maxFileSize !== undefined) maxFileSize = raw.maxFileSize;
      if (raw.splitPrompts !== undefined) splitPrompts = raw.splitPrompts;
      if (raw.include !== undefined) include = raw.include.map((g) => rebaseGlob(g, anchorDir, baseDir));
      if (raw.exclude !== undefined) exclude.push(...raw.exclude.map((g) => rebaseGlob(g, anchorDir, baseDir)));
      if (raw.rules !== undefined) {
        mergeRules(rules, validateRules(raw.rules, metas, { src: file.src, path: [...file.prefix, 'rules'] }));
      }
      raw.overrides?.forEach((value, i) => {
        const oRules = value.rules
          ? validateRules(value.rules, metas, { src: file.src, path: [...file.prefix, 'overrides', i, 'rules'] })
          : new Map<string, NormalizedRuleSetting>();
        overrides.push({ value, baseDir: anchorDir, source: file.path, rules: oRules });
      });
      for (const value of raw.budgets ?? []) budgets.push(Object.freeze({ value, baseDir: anchorDir, source: file.path }));
      for (const value of raw.tasks ?? []) tasks.push(Object.freeze({ value, baseDir: anchorDir, source: file.path }));
      if (raw.prices) Object.assign(prices, raw.prices);
      for (const k of raw.promptKeys ?? []) promptKeys.add(k);
      if (raw.agents !== undefined) {
        agents = mergeAgents(agents, raw.agents);
        if (typeof raw.agents === 'object' && !Array.isArray(raw.agents)) {
          for (const [name, value] of Object.entries(raw.agents)) if (value && typeof value === 'object') agentBudgetAt.set(name, { file, at: [...file.prefix, 'agents', name] });
        }
      }
    }
    // A daily cost limit needs calls per day (in the agent's budget or at the top level of the
    // cascade): without them it would be silently ignored.
    for (const [name, budget] of Object.entries(agents.budgets)) {
      if (budget?.maxCostPerDay === undefined || budget.callsPerDay !== undefined || callsPerDay !== undefined) continue;
      const where = agentBudgetAt.get(name);
      if (where) throw where.file.src.error([...where.at, 'maxCostPerDay'], `needs "callsPerDay" (in agents.${name} or at the top level) to turn a cost per day into tokens per call`, 'key');
    }

    return {
      sources: Object.freeze(sources),
      baseDir,
      model,
      modelNamed,
      rules,
      include: Object.freeze([...include]),
      exclude: Object.freeze([...new Set(exclude)]),
      overrides,
      budgets: Object.freeze(budgets),
      tasks: Object.freeze(tasks),
      prices: Object.freeze(prices),
      callsPerDay,
      promptKeys: Object.freeze([...promptKeys]),
      maxFileSize,
      agents,
      splitPrompts,
    };
  }
}

/** A nearer setting replaces the severity; its options replace inherited ones only when given. */
function mergeRules(into: Map<string, NormalizedRuleSetting>, from: ReadonlyMap<string, NormalizedRuleSetting>): void {
  for (const [id, next] of from) {
    const prev = into.get(id);
    into.set(id, next.options !== undefined || !prev?.options ? next : { severity: next.severity, options: prev.options });
  }
}

function readConfigFileUncached(file: string, mode: 'cascade' | 'explicit'): ConfigFile | null {
  let text: string;
  try {
    // Regular files only: --config or extends naming /dev/zero or a FIFO must not hang or exhaust memory.
    text = readRegularText(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(file, 0, 0, '', `cannot read config file (${code && code !== 'ENOTREG' ? code : readErrorReason(err)})`);
  }
  const base = path.basename(file);
  const dir = path.dirname(file);
  if (base === 'package.json') {
    // Unrelated (even broken) package.json files must not break linting.
    if (mode === 'cascade' && !text.includes(`"${PACKAGE_JSON_KEY}"`)) return null;
    const src = parseConfigText(file, text, 'json');
    const pkg = src.value;
    if (!pkg || typeof pkg !== 'object' || Array.isArray(pkg) || !Object.hasOwn(pkg, PACKAGE_JSON_KEY)) return null;
    const prefix = [PACKAGE_JSON_KEY];
    const raw = validateConfigShape((pkg as Record<string, unknown>)[PACKAGE_JSON_KEY], src, prefix);
    return { path: file, dir, src, prefix, raw };
  }
  const ext = path.extname(base).toLowerCase();
  if (['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'].includes(ext)) {
    throw new ConfigError(file, 0, 0, '', 'JavaScript config files are not supported; use JSON or YAML');
  }
  // .json allows comments (like .eslintrc.json); anything else is read as YAML, a superset of JSON.
  const format: ConfigFormat = ext === '.json' ? 'jsonc' : 'yaml';
  const src = parseConfigText(file, text, format);
  if (!CONFIG_FILENAMES.includes(base) && !looksLikeConfig(src.value)) {
    // Not a config (--config or extends naming /proc/self/environ, /etc/passwd, a credentials file):
    // say so without quoting any of it, as shape errors would.
    throw new ConfigError(file, 0, 0, '', `not a prompt-lint config file (expected a JSON or YAML object with keys such as "rules" or "extends"); its content is not shown`);
  }
  const raw = validateConfigShape(src.value, src, []);
  return { path: file, dir, src, prefix: [], raw };
}

const CONFIG_KEYS = new Set(Object.keys((configSchema as { properties?: Record<string, unknown> }).properties ?? {}));

/** A JSON/YAML object that is empty or has at least one key a config may have. */
function looksLikeConfig(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 0 || keys.some((k) => CONFIG_KEYS.has(k));
}

/** Whether a path is named like a config file (for editors deciding when to call `clear()`). */
export function isConfigFileName(filePath: string): boolean {
  return CONFIG_FILENAMES.includes(path.basename(filePath));
}

/**
 * Parses a `--rule` flag value: `id=severity`, `id:severity` or `id=[severity, {options}]` (JSON).
 * Severities: off | warn | warning | error | 0 | 1 | 2. Options are checked later, by forFile.
 */
export function parseRuleFlag(flag: string): [id: string, setting: RuleSetting] {
  const m = /^\s*([^=:\s]+)\s*[=:]\s*(.*?)\s*$/s.exec(flag);
  if (!m || !m[2]) {
    throw new ConfigError('--rule', 0, 0, '', `expected id=severity or id=[severity, {options}], got ${show(flag)}`);
  }
  const [, id, value] = m;
  if (value.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      throw new ConfigError('--rule', 0, 0, id, `invalid JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(parsed) || parsed.length < 1 || parsed.length > 2) {
      throw new ConfigError('--rule', 0, 0, id, `expected [severity] or [severity, {options}], got ${show(parsed)}`);
    }
    const severity = normalizeSeverity(parsed[0]);
    if (!severity) throw new ConfigError('--rule', 0, 0, id, `expected "off" | "warn" | "error" (or 0 | 1 | 2), got ${show(parsed[0])}`);
    const options = parsed[1];
    if (options === undefined) return [id, [severity]];
    if (!options || typeof options !== 'object' || Array.isArray(options)) {
      throw new ConfigError('--rule', 0, 0, id, `expected an options object, got ${show(options)}`);
    }
    return [id, [severity, options as Record<string, unknown>]];
  }
  const severity = normalizeSeverity(/^\d+$/.test(value) ? Number(value) : value);
  if (!severity) throw new ConfigError('--rule', 0, 0, id, `expected "off" | "warn" | "error" (or 0 | 1 | 2), got ${show(value)}`);
  return [id, severity];
}

/** An `extends` entry that is a path (relative or absolute), not a package name. */
function isPathSpec(spec: string): boolean {
  return spec.startsWith('.') || path.isAbsolute(spec);
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function display(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

const NO_AGENT_SETTINGS: ResolvedAgents = Object.freeze({ derive: true, off: Object.freeze([]), budgets: Object.freeze({}) });

/**
 * A nearer config's `agents` over a farther one's: `false` and a list replace it, `true` turns
 * every agent on (budgets kept); an object
 * changes only the agents it names (on, off, or on with a budget).
 */
function mergeAgents(prev: ResolvedAgents, raw: AgentsConfig): ResolvedAgents {
  if (raw === false) return Object.freeze({ derive: false, off: Object.freeze([]), budgets: Object.freeze({}) });
  if (raw === true) return Object.freeze({ derive: true, off: Object.freeze([]), budgets: prev.budgets });
  if (Array.isArray(raw)) return Object.freeze({ derive: true, only: Object.freeze([...new Set(raw)]), off: Object.freeze([]), budgets: Object.freeze({}) });
  const off = new Set(prev.off);
  const only = prev.only && new Set(prev.only);
  const budgets: Partial<Record<AgentName, AgentBudgetConfig>> = { ...prev.budgets };
  for (const [name, value] of Object.entries(raw) as [AgentName, boolean | AgentBudgetConfig][]) {
    if (value === false) {
      off.add(name);
      only?.delete(name);
      delete budgets[name];
      continue;
    }
    off.delete(name);
    only?.add(name);
    if (typeof value === 'object') budgets[name] = Object.freeze({ ...value });
  }
  return Object.freeze({ derive: true, ...(only ? { only: Object.freeze([...only]) } : {}), off: Object.freeze([...off]), budgets: Object.freeze(budgets) });
}
