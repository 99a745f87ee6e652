/**
 * Settings per document, read through `workspace/configuration` scoped to the document's URI
 * (lsp-sample): cached as a promise per URI, dropped on close, cleared on
 * `workspace/didChangeConfiguration`. Settings never live in server globals: clients without
 * `workspace/configuration` get what they last pushed with didChangeConfiguration (or the
 * initialization options), still looked up per URI through this class.
 */
import { DEFAULT_SETTINGS, SETTINGS_SECTION, type PromptLintSettings } from './protocol.js';

/** Reads the `promptLint` section for one resource; the server passes a workspace/configuration call. */
export type ConfigurationReader = (scopeUri: string) => Promise<unknown>;

export class SettingsCache {
  private readonly byUri = new Map<string, Promise<PromptLintSettings>>();
  /** Settings pushed by a client without `workspace/configuration` support. */
  private pushed: unknown;

  constructor(
    private readonly read: ConfigurationReader | undefined,
    initializationOptions?: unknown,
  ) {
    this.pushed = sectionOf(initializationOptions);
  }

  get(uri: string): Promise<PromptLintSettings> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.load(uri);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  /** `workspace/didChangeConfiguration`: forget everything (and keep pushed settings if any). */
  changed(pushedSettings?: unknown): void {
    const section = sectionOf(pushedSettings);
    if (section !== undefined) this.pushed = section;
    this.byUri.clear();
  }

  /** A document closed. */
  delete(uri: string): void {
    this.byUri.delete(uri);
  }

  get size(): number {
    return this.byUri.size;
  }

  private async load(uri: string): Promise<PromptLintSettings> {
    if (!this.read) return normalizeSettings(this.pushed);
    try {
      return normalizeSettings(await this.read(uri));
    } catch {
      // A client that fails the request gets the defaults for this document, not a dead server.
      return normalizeSettings(this.pushed);
    }
  }
}

/** Accepts `{ promptLint: {...} }` or the section itself (clients differ). */
function sectionOf(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  if (isObject(value[SETTINGS_SECTION])) return value[SETTINGS_SECTION];
  if (isObject(value.settings) && isObject((value.settings as Record<string, unknown>)[SETTINGS_SECTION])) {
    return (value.settings as Record<string, unknown>)[SETTINGS_SECTION];
  }
  return value;
}

/** Whatever the client sent, as complete settings: unknown keys ignored, wrong types defaulted. */
export function normalizeSettings(raw: unknown): PromptLintSettings {
  const r = isObject(raw) ? raw : {};
  const d = DEFAULT_SETTINGS;
  const debounce = typeof r.debounceMs === 'number' && Number.isFinite(r.debounceMs) ? Math.max(0, Math.min(10_000, r.debounceMs)) : d.debounceMs;
  return Object.freeze({
    enable: typeof r.enable === 'boolean' ? r.enable : d.enable,
    run: r.run === 'onSave' || r.run === 'onType' ? r.run : d.run,
    debounceMs: debounce,
    model: typeof r.model === 'string' ? r.model.trim() : d.model,
    validate: r.validate === 'all' || r.validate === 'included' ? r.validate : d.validate,
    codeLens: typeof r.codeLens === 'boolean' ? r.codeLens : d.codeLens,
    lintTimeoutMs:
      typeof r.lintTimeoutMs === 'number' && Number.isFinite(r.lintTimeoutMs) ? Math.max(0, Math.min(600_000, r.lintTimeoutMs)) : d.lintTimeoutMs,
    agent: typeof r.agent === 'string' && /^[a-z-]{0,40}$/.test(r.agent) ? r.agent : d.agent,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
