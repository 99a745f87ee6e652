/**
 * Validation of raw configuration: the config-file JSON Schema (schema/promptlintrc.schema.json)
 * and each rule's own options schema (RuleMeta.schema). Errors become ConfigErrors located in the
 * source file, with messages that say what was expected.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import configSchema from '../../../schema/promptlintrc.schema.json' with { type: 'json' };
import { validate as precompiledConfigValidator } from './config-validator.generated.js';
import type { RuleMeta, SeveritySetting } from '../engine/types.js';
import { isKnownModel, unknownModelMessage } from '../tokens/models.js';
import { ConfigError, formatKeyPath, type PathSegment } from './errors.js';
import type { ConfigSource } from './source.js';
import type { RawConfig } from './types.js';

/** Annotation keywords used in schemas for editors (VS Code reads errorMessage/markdownDescription). */
const ANNOTATIONS = ['errorMessage', 'markdownDescription', 'deprecationMessage', 'enumDescriptions', 'defaultSnippets'];

let ruleAjv: Ajv | undefined;
const ruleValidators = new WeakMap<object, ValidateFunction>();

/**
 * The config schema's validator, compiled at build time by scripts/config-validator.mjs (compiling
 * it here took 150-470 ms of every first lint that read a config file, issue 13.16).
 */
function getConfigValidator(): ValidateFunction {
  return precompiledConfigValidator as ValidateFunction;
}

function getRuleValidator(meta: RuleMeta): ValidateFunction {
  let validate = ruleValidators.get(meta.schema);
  if (!validate) {
    if (!ruleAjv) {
      ruleAjv = new Ajv({ allErrors: false, verbose: true, strict: false });
      ruleAjv.addVocabulary(ANNOTATIONS.filter((k) => k !== 'defaultSnippets'));
    }
    const { $schema: _ignored, ...schema } = meta.schema as Record<string, unknown>;
    validate = ruleAjv.compile(schema);
    ruleValidators.set(meta.schema, validate);
  }
  return validate;
}

/**
 * Checks a config object (the whole file, or package.json's `promptlint` value found at `prefix`)
 * against the config schema and returns it typed.
 */
export function validateConfigShape(value: unknown, src: ConfigSource, prefix: readonly PathSegment[] = []): RawConfig {
  const validate = getConfigValidator();
  if (!validate(value)) throw ajvError(validate.errors ?? [], value, src, prefix);
  const config = value as RawConfig;
  checkModels(config, src, prefix);
  return config;
}

/**
 * Every `model` of a config names a known model: an unknown one is a config error at its value
 * (not an internal error when the first file is counted, nor a language server that drops the
 * prompt's diagnostics).
 */
function checkModels(config: RawConfig, src: ConfigSource, prefix: readonly PathSegment[]): void {
  const check = (model: string | undefined, at: readonly PathSegment[]) => {
    if (model !== undefined && !isKnownModel(model)) throw src.error([...prefix, ...at, 'model'], unknownModelMessage(model));
  };
  check(config.model, []);
  config.overrides?.forEach((o, i) => check(o.model, ['overrides', i]));
  config.budgets?.forEach((b, i) => check(b.model, ['budgets', i]));
  config.tasks?.forEach((t, i) => check(t.model, ['tasks', i]));
  if (config.agents && !Array.isArray(config.agents)) {
    for (const [name, value] of Object.entries(config.agents)) if (value && typeof value === 'object') check(value.model, ['agents', name]);
  }
}

/** Severity as written (in a file or on the command line) → severity as resolved. */
export function normalizeSeverity(value: unknown): SeveritySetting | undefined {
  switch (value) {
    case 'off':
    case 0:
      return 'off';
    case 'warn':
    case 'warning':
    case 1:
      return 'warning';
    case 'error':
    case 2:
      return 'error';
    default:
      return undefined;
  }
}

export interface NormalizedRuleSetting {
  readonly severity: SeveritySetting;
  /** Present when the setting was [severity, options]: replaces inherited options. */
  readonly options?: Record<string, unknown>;
}

/** Where a rules object came from, for error positions. */
export interface RulesOrigin {
  readonly src?: ConfigSource;
  /** Key path of the rules object inside the source, e.g. ['overrides', 0, 'rules']. */
  readonly path: readonly PathSegment[];
  /** Pseudo-file for settings that are not in a file (`--rule`). */
  readonly pseudoFile?: string;
}

/**
 * Checks rule ids and options of an already shape-checked rules object. Options are validated
 * merged over the rule's defaultOptions (so schemas may require keys the defaults provide).
 */
export function validateRules(
  rules: Record<string, unknown>,
  metas: ReadonlyMap<string, RuleMeta>,
  origin: RulesOrigin,
): Map<string, NormalizedRuleSetting> {
  const out = new Map<string, NormalizedRuleSetting>();
  for (const id of Object.keys(rules)) {
    const setting = rules[id];
    const meta = metas.get(id);
    const at = [...origin.path, id];
    if (!meta) {
      const close = closeMatches(id, [...metas.keys()]);
      const hint = close.length ? `; did you mean ${close.map((c) => `"${c}"`).join(', ')}?` : '';
      throw originError(origin, at, `unknown rule "${id}"${hint}`, 'key');
    }
    if (Array.isArray(setting) && (setting.length < 1 || setting.length > 2)) {
      throw originError(origin, at, `expected "off" | "warn" | "error" or [severity, options], got ${show(setting)}`);
    }
    const [rawSeverity, options] = Array.isArray(setting) ? setting : [setting, undefined];
    const severity = normalizeSeverity(rawSeverity);
    if (!severity) {
      // Only reachable for settings that bypassed the file schema (command line).
      throw originError(origin, at, `expected "off" | "warn" | "error" or [severity, options], got ${show(setting)}`);
    }
    if (options !== undefined) {
      if (typeof options !== 'object' || options === null || Array.isArray(options)) {
        throw originError(origin, [...at, 1], `expected an options object, got ${show(options)}`);
      }
      const merged = { ...meta.defaultOptions, ...(options as Record<string, unknown>) };
      const validate = getRuleValidator(meta);
      if (!validate(merged)) {
        if (origin.src) throw ajvError(validate.errors ?? [], merged, origin.src, [...at, 1]);
        const detail = describeAjvError(pickError(validate.errors ?? []), merged, [...at, 1]);
        throw new ConfigError(origin.pseudoFile ?? '--rule', 0, 0, formatKeyPath(detail.path), detail.message);
      }
      out.set(id, { severity, options: options as Record<string, unknown> });
    } else {
      out.set(id, { severity });
    }
  }
  return out;
}

function originError(origin: RulesOrigin, at: PathSegment[], detail: string, target: 'key' | 'value' = 'value'): ConfigError {
  if (origin.src) return origin.src.error(at, detail, target);
  return new ConfigError(origin.pseudoFile ?? '--rule', 0, 0, formatKeyPath(at), detail);
}

// ---------------------------------------------------------------------------------------------
// Ajv errors → messages

function ajvError(errors: ErrorObject[], root: unknown, src: ConfigSource, prefix: readonly PathSegment[]): ConfigError {
  const d = describeAjvError(pickError(errors), root, prefix);
  return src.error(d.path, d.message, d.target);
}

/**
 * With allErrors off, the failing keyword is the last error; anyOf/oneOf failures are preceded by
 * their branches' errors. A branch error deeper in the data (e.g. the options of
 * `["error", {...}]`) is more precise than "expected one of..." about the whole value.
 */
function pickError(errors: ErrorObject[]): ErrorObject {
  const last = errors[errors.length - 1];
  if (last.keyword !== 'anyOf' && last.keyword !== 'oneOf') return last;
  let best = last;
  for (const e of errors) {
    if (e === last) continue;
    const depth = e.instancePath.split('/').length;
    if (depth > best.instancePath.split('/').length && e.instancePath.startsWith(last.instancePath + '/')) best = e;
  }
  if (best !== last) {
    // Prefer the outermost failing keyword at that depth (its own anyOf, if any).
    const same = errors.filter((e) => e.instancePath === best.instancePath);
    best = same.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf') ?? same[same.length - 1];
  }
  return best;
}

interface Described {
  path: PathSegment[];
  message: string;
  target: 'key' | 'value';
}

function describeAjvError(e: ErrorObject, root: unknown, prefix: readonly PathSegment[]): Described {
  const rel = pointerToSegments(e.instancePath, root);
  const path = [...prefix, ...rel];
  const data = e.data;
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  const got = `, got ${show(data)}`;
  const custom = typeof parent.errorMessage === 'string' ? parent.errorMessage : undefined;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = parent.properties && typeof parent.properties === 'object' ? Object.keys(parent.properties) : [];
      const close = closeMatches(key, allowed);
      const hint = close.length
        ? `; did you mean ${close.map((c) => `"${c}"`).join(', ')}?`
        : allowed.length
          ? `; expected one of ${allowed.map((c) => `"${c}"`).join(', ')}`
          : '';
      return { path: [...path, key], message: `unknown key "${key}"${hint}`, target: 'key' };
    }
    case 'required':
      return { path, message: `missing required key "${String(p.missingProperty)}"`, target: 'value' };
    case 'additionalItems':
    case 'maxItems':
      return { path, message: `expected at most ${String(p.limit)} item(s)${got}`, target: 'value' };
  }
  // A misspelt key (`maxTokns`) is why no `required` alternative matched: say that, with a hint.
  if (custom && isRequiredAlternatives(parent) && data && typeof data === 'object' && parent.properties && typeof parent.properties === 'object') {
    const allowed = Object.keys(parent.properties);
    const unknown = Object.keys(data).find((k) => !allowed.includes(k));
    if (unknown !== undefined) {
      const close = closeMatches(unknown, allowed);
      const hint = close.length ? `; did you mean ${close.map((c) => `"${c}"`).join(', ')}?` : `; expected one of ${allowed.map((c) => `"${c}"`).join(', ')}`;
      return { path: [...path, unknown], message: `unknown key "${unknown}"${hint}`, target: 'key' };
    }
  }
  // errorMessage describes the schema as a whole: used when the value matched none of its branches.
  if (custom && (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'enum')) {
    return { path, message: isRequiredAlternatives(parent) ? custom : custom + got, target: 'value' };
  }
  switch (e.keyword) {
    case 'type': {
      const types = Array.isArray(p.type) ? (p.type as unknown[]).map((t) => article(String(t))) : [article(String(p.type))];
      return { path, message: `expected ${types.length > 1 ? `${types.slice(0, -1).join(', ')} or ${types[types.length - 1]}` : types[0]}${got}`, target: 'value' };
    }
    case 'enum':
      return { path, message: `expected ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(' | ')}${got}`, target: 'value' };
    case 'const':
      return { path, message: `expected ${JSON.stringify(p.allowedValue)}${got}`, target: 'value' };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: `expected a number ${String(p.comparison)} ${String(p.limit)}${got}`, target: 'value' };
    case 'multipleOf':
      return { path, message: `expected a multiple of ${String(p.multipleOf)}${got}`, target: 'value' };
    case 'minLength':
      return { path, message: `expected a string of at least ${String(p.limit)} character(s)${got}`, target: 'value' };
    case 'maxLength':
      return { path, message: `expected a string of at most ${String(p.limit)} character(s)${got}`, target: 'value' };
    case 'minItems':
      return { path, message: `expected at least ${String(p.limit)} item(s)${got}`, target: 'value' };
    case 'minProperties':
      return { path, message: `expected at least ${String(p.limit)} key(s)${got}`, target: 'value' };
    case 'maxProperties':
      return { path, message: `expected at most ${String(p.limit)} key(s)${got}`, target: 'value' };
    case 'pattern':
      return { path, message: `expected a string matching /${String(p.pattern)}/${got}`, target: 'value' };
    case 'uniqueItems':
      return { path, message: `expected unique items (items ${String(p.j)} and ${String(p.i)} are equal)`, target: 'value' };
    case 'propertyNames':
      return { path: [...path, String(p.propertyName)], message: `invalid key "${String(p.propertyName)}"`, target: 'key' };
    case 'anyOf':
    case 'oneOf': {
      // an object none of whose branches accepts it: name its first key that no object branch knows
      const branches = (Array.isArray(parent[e.keyword]) ? (parent[e.keyword] as Record<string, unknown>[]) : [])
        .map(definition)
        .filter((b) => b && b.type === 'object' && b.properties && typeof b.properties === 'object');
      if (data && typeof data === 'object' && !Array.isArray(data) && branches.length) {
        const allowed = [...new Set(branches.flatMap((b) => Object.keys(b.properties as object)))];
        const unknown = Object.keys(data).find((k) => !allowed.includes(k));
        if (unknown !== undefined) {
          const close = closeMatches(unknown, allowed);
          const hint = close.length ? `; did you mean ${close.map((c) => `"${c}"`).join(', ')}?` : `; expected one of ${allowed.map((c) => `"${c}"`).join(', ')}`;
          return { path: [...path, unknown], message: `unknown key "${unknown}"${hint}`, target: 'key' };
        }
      }
      return { path, message: `expected a value matching the schema${got}`, target: 'value' };
    }
    default:
      return { path, message: `${e.message ?? 'invalid value'}${got}`, target: 'value' };
  }
}

/** A schema branch with a local `$ref` (`#/definitions/x`) resolved against the config schema. */
function definition(branch: Record<string, unknown>): Record<string, unknown> {
  const ref = typeof branch?.$ref === 'string' ? /^#\/definitions\/(.+)$/.exec(branch.$ref) : null;
  const defs = (configSchema as { definitions?: Record<string, Record<string, unknown>> }).definitions;
  return (ref && defs?.[ref[1]!]) || branch;
}

/** An anyOf of `required` alternatives says what is missing; "got {...}" would only repeat the object. */
function isRequiredAlternatives(parent: Record<string, unknown>): boolean {
  const branches = parent.anyOf;
  return Array.isArray(branches) && branches.every((b) => b && typeof b === 'object' && 'required' in b && Object.keys(b).length === 1);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** JSON pointer → segments, numbers where the data is an array. */
function pointerToSegments(pointer: string, root: unknown): PathSegment[] {
  if (!pointer) return [];
  const out: PathSegment[] = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(key)) {
      out.push(Number(key));
      cur = cur[Number(key)];
    } else {
      out.push(key);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

/** A short rendering of a value for messages. */
export function show(value: unknown): string {
  // JSON.stringify writes a number beyond double range (1e400 parses to Infinity) as "null".
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN (not a number)' : `${value > 0 ? '' : '-'}Infinity (a number beyond the range of a double)`;
  }
  let s: string;
  try {
    s = value === undefined ? 'nothing' : JSON.stringify(value);
  } catch {
    s = String(value);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

// ---------------------------------------------------------------------------------------------
// Suggestions

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Candidates close to `name` (edit distance or containment), best first, at most 3. */
export function closeMatches(name: string, candidates: readonly string[]): string[] {
  const lower = name.toLowerCase();
  const scored: [string, number][] = [];
  for (const c of candidates) {
    const cl = c.toLowerCase();
    const d = levenshtein(lower, cl);
    const limit = Math.max(2, Math.floor(Math.max(name.length, c.length) / 4));
    if (d <= limit) scored.push([c, d]);
    else if (lower.length >= 4 && (cl.includes(lower) || lower.includes(cl))) scored.push([c, limit + 1]);
  }
  return scored
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, 3)
    .map(([c]) => c);
}
