/**
 * The custom `promptLint/*` messages, settings and command ids shared with the language server.
 * The server's `server/src/lsp/protocol.ts` is the source of truth; this module re-exports it
 * (types, plus a few string constants that esbuild inlines) and adds what only the client sends.
 */
export * from '../../server/src/lsp/protocol';
import { DEFAULT_SETTINGS, type PromptLintSettings } from '../../server/src/lsp/protocol';

/**
 * `initialize`'s `initializationOptions` from this client.
 *
 * `trusted` is false in an untrusted workspace (VS Code's Restricted Mode): the server must then
 * load nothing the workspace chooses from outside it, i.e. not resolve `extends` entries that name
 * npm packages (relative config files are still read). VS Code restarts the server with
 * `trusted: true` when the user trusts the workspace.
 */
export interface InitializationOptions {
  readonly trusted: boolean;
  /**
   * The `promptLint` section as this window resolves it (no folder or language scope): the server
   * lints a document it has just opened on these at once, instead of waiting for its
   * `workspace/configuration` reply, and lints it again if that reply differs (issue 13.16).
   */
  readonly promptLint?: Partial<PromptLintSettings>;
}

/** The resolved `promptLint` section, as plain data (what `initializationOptions.promptLint` carries). */
export function resolvedSettings(get: (key: string) => unknown): Partial<PromptLintSettings> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_SETTINGS)) {
    const value = get(key);
    if (value !== undefined && value !== null && typeof value !== 'object') out[key] = value;
  }
  return out as Partial<PromptLintSettings>;
}
