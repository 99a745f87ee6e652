/**
 * `--cache`: lint results keyed by file content and effective config, so an unchanged file is not
 * parsed, counted or checked again. Task findings are never cached (they depend on other files).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { UsageError, type FileReport } from '../engine/engine.js';
import { readRegularText } from '../config/read-file.js';
import { writeFileAtomic } from '../engine/atomic-write.js';

interface Entry {
  readonly key: string;
  readonly report: FileReport;
}

export class ResultCache {
  private entries = new Map<string, Entry>();
  private dirty = false;
  private readonly configKeys = new WeakMap<ResolvedConfig, string>();

  /** `shown`: the location as the user wrote it, for messages. */
  constructor(readonly file: string, private readonly version: string, private readonly shown = file) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    // A directory or a device (/dev/full, /dev/zero) is no cache: reading one never ends.
    if (stat && !stat.isFile()) throw new UsageError(`--cache-location ${shown}: ${stat.isDirectory() ? 'is a directory' : 'is not a regular file'}; name a file`);
    try {
      const data = JSON.parse(readRegularText(file)) as { version: string; entries: Record<string, unknown> };
      if (data.version === version && data.entries && typeof data.entries === 'object') {
        // Entries of the wrong shape (an edited or foreign file) are misses, not crashes.
        for (const [path, entry] of Object.entries(data.entries)) if (isEntry(entry)) this.entries.set(path, entry);
      }
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
  }

  static defaultLocation(cwd: string): string {
    return path.join(cwd, 'node_modules', '.cache', 'prompt-lint', 'results.json');
  }

  key(content: Buffer, config: ResolvedConfig): string {
    let configKey = this.configKeys.get(config);
    if (configKey === undefined) this.configKeys.set(config, (configKey = JSON.stringify(config)));
    return crypto.createHash('sha1').update(this.version).update(configKey).update(content).digest('hex');
  }

  get(file: string, key: string): FileReport | undefined {
    const entry = this.entries.get(file);
    if (!entry || entry.key !== key) return undefined;
    return { ...entry.report, findings: [...entry.report.findings], ruleErrors: [] };
  }

  set(file: string, key: string, report: FileReport): void {
    if (report.ruleErrors.length) return;
    this.entries.set(file, { key, report: { ...report, output: undefined } });
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileAtomic(this.file, JSON.stringify({ version: this.version, entries: Object.fromEntries(this.entries) }));
    } catch (error) {
      throw new UsageError(`--cache-location ${this.shown}: cannot write the cache: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    this.dirty = false;
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
const isPosition = (x: unknown) => isObject(x) && Number.isInteger(x.line) && Number.isInteger(x.character);

/** What `get` and the formatters rely on; anything else in a cache file is ignored. */
function isEntry(x: unknown): x is Entry {
  if (!isObject(x) || typeof x.key !== 'string' || !isObject(x.report)) return false;
  const r = x.report;
  if (typeof r.path !== 'string' || !Array.isArray(r.findings) || (r.skipped !== undefined && typeof r.skipped !== 'string')) return false;
  if (r.tokens !== undefined && !(isObject(r.tokens) && typeof r.tokens.tokens === 'number' && Array.isArray(r.tokens.prompts))) return false;
  return r.findings.every(
    (f) =>
      isObject(f) &&
      typeof f.ruleId === 'string' &&
      typeof f.message === 'string' &&
      typeof f.path === 'string' &&
      (f.severity === 'error' || f.severity === 'warning' || f.severity === 'info') &&
      isPosition(f.start) &&
      isPosition(f.end) &&
      isObject(f.range) &&
      (f.fix === undefined || Array.isArray(f.fix)) &&
      (f.suggest === undefined || Array.isArray(f.suggest)) &&
      (f.related === undefined || Array.isArray(f.related)),
  );
}
