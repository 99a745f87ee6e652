/**
 * `--cache`: lint results keyed by file content and effective config, so an unchanged file is not
 * parsed, counted or checked again. Task findings are never cached (they depend on other files).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { FileReport } from '../engine/engine.js';
import { writeFileAtomic } from '../engine/atomic-write.js';

interface Entry {
  readonly key: string;
  readonly report: FileReport;
}

export class ResultCache {
  private entries = new Map<string, Entry>();
  private dirty = false;
  private readonly configKeys = new WeakMap<ResolvedConfig, string>();

  constructor(readonly file: string, private readonly version: string) {
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string; entries: Record<string, Entry> };
      if (data.version === version) this.entries = new Map(Object.entries(data.entries));
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
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileAtomic(this.file, JSON.stringify({ version: this.version, entries: Object.fromEntries(this.entries) }));
    this.dirty = false;
  }
}
