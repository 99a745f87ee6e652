/**
 * The custom `promptLint/*` messages, settings and command ids shared with the language server.
 * The server's `server/src/lsp/protocol.ts` is the source of truth; this module re-exports it
 * (types, plus a few string constants that esbuild inlines) and adds what only the client sends.
 */
export * from '../../server/src/lsp/protocol';

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
}
