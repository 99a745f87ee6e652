/**
 * Settings per document, read through `workspace/configuration` scoped to the document's URI
 * (lsp-sample): cached as a promise per URI, dropped on close, cleared on
 * `workspace/didChangeConfiguration`. Settings never live in server globals: clients without
 * `workspace/configuration` get what they last pushed with didChangeConfiguration (or the
 * initialization options), still looked up per URI through this class.
 *
 * A client that sends its resolved `promptLint` section in `initializationOptions` (the VS Code
 * extension does) lets the server lint a document it just opened at once on those settings
 * (`provisional`), before the per-document `workspace/configuration` reply is back: that round trip
 * goes through the editor's extension host, which is busiest when a window opens (issue 13.16). The
 * server re-lints when the reply differs (a folder's or a language's own setting).
 */
import { DEFAULT_SETTINGS, SETTINGS_SECTION, type PromptLintSettings } from './protocol.js';

/** Reads the `promptLint` section for one resource; the server passes a workspace/configuration call. */
export type ConfigurationReader = (scopeUri: string) => Promise<unknown>;

export class SettingsCache {
  private readonly byUri = new Map<string, Promise<PromptLintSettings>>();
  /** The settled value of each entry of byUri (so that a lint need not wait a turn for it). */
  private readonly settled = new Map<string, PromptLintSettings>();
  /** Settings pushed by a client without `workspace/configuration` support. */
  private pushed: unknown;
  /** The client's own resolved section, when it sent one explicitly (see `provisional`). */
  private guess: PromptLintSettings | undefined;
  /** A didChangeConfiguration arrived. */
  private notified = false;

  constructor(
    private readonly read: ConfigurationReader | undefined,
    initializationOptions?: unknown,
  ) {
    this.pushed = sectionOf(initializationOptions);
    const explicit = explicitSectionOf(initializationOptions);
    if (read && explicit !== undefined) this.guess = normalizeSettings(explicit);
  }

  /** A document's settings if they are known now (read and settled), else undefined. */
  known(uri: string): PromptLintSettings | undefined {
    return this.settled.get(uri);
  }

  /**
   * Settings to lint a document with before its own arrive: the section the client sent explicitly
   * (in `initializationOptions`, or since in a `workspace/didChangeConfiguration`) when the server
   * reads settings per document; else undefined (then a lint waits for the document's settings).
   */
  get provisional(): PromptLintSettings | undefined {
    return this.guess;
  }

  get(uri: string): Promise<PromptLintSettings> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      const loading = this.load(uri);
      settings = loading;
      this.byUri.set(uri, loading);
      void loading.then((value) => {
        if (this.byUri.get(uri) === loading) this.settled.set(uri, value);
      });
    }
    return settings;
  }

  /**
   * `workspace/didChangeConfiguration` with its `settings`: forget everything. A client without
   * `workspace/configuration` pushes its settings this way (kept if any). False when nothing
   * changed: the client's first notification repeats the section it sent at `initialize`.
   */
  changed(notified?: unknown): boolean {
    const first = !this.notified;
    this.notified = true;
    const explicit = explicitSectionOf(notified);
    // VS Code's client sends the section once right after `initialize`, unchanged: nothing to redo
    if (first && this.read && this.guess && explicit !== undefined && sameSettings(normalizeSettings(explicit), this.guess)) return false;
    const section = this.read ? undefined : sectionOf(notified);
    if (section !== undefined) this.pushed = section;
    // VS Code's client sends its resolved section with each change: the new guess. A change
    // without one leaves no guess: the old one may be what changed.
    this.guess = this.read && explicit !== undefined ? normalizeSettings(explicit) : undefined;
    this.byUri.clear();
    this.settled.clear();
    return true;
  }

  /** A document closed. */
  delete(uri: string): void {
    this.byUri.delete(uri);
    this.settled.delete(uri);
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
  return explicitSectionOf(value) ?? value;
}

/** The `promptLint` section when the value names it (`{ promptLint: {...} }` or `{ settings: { promptLint: {...} } }`), else undefined. */
function explicitSectionOf(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  if (isObject(value[SETTINGS_SECTION])) return value[SETTINGS_SECTION];
  if (isObject(value.settings) && isObject((value.settings as Record<string, unknown>)[SETTINGS_SECTION])) {
    return (value.settings as Record<string, unknown>)[SETTINGS_SECTION];
  }
  return undefined;
}

export function sameSettings(a: PromptLintSettings, b: PromptLintSettings): boolean {
  return (Object.keys(a) as (keyof PromptLintSettings)[]).every((key) => a[key] === b[key]);
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
