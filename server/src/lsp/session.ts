/** The state of one language server session that its parts share (server.ts makes it, requests.ts reads it). */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentPaths } from './document-paths.js';
import type { LintBackend } from './lint-backend.js';
import type { Kept, Publisher } from './publisher.js';
import type { SerialQueue } from './serial-queue.js';
import type { SettingsCache } from './settings.js';

export interface ClientSupport {
  configuration: boolean;
  watchedFilesRegistration: boolean;
  documentChanges: boolean;
  showDocument: boolean;
  codeLensRefresh: boolean;
  workspaceFolders: boolean;
}

export interface Session {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly paths: DocumentPaths;
  readonly publisher: Publisher;
  /** Work for the backend (lints, token views, fixes, config changes), serialized: results land in order. */
  readonly queue: SerialQueue;
  /** The last lint of each open document. */
  readonly kept: Map<string, Kept>;
  readonly useWorker: boolean;
  /** The first lints run in the protocol thread, the worker starts after them (StartupBackend). */
  readonly firstLintsInProcess: boolean;
  /** provisionalRuns: first lints on the client's provisional settings; provisionalRedone: of those, redone on the document's own. */
  readonly stats: { runs: number; staleRuns: number; tokenViews: number; provisionalRuns: number; provisionalRedone: number };
  /** Set by `initialize`. */
  support: ClientSupport;
  roots: string[];
  backend: LintBackend;
  settings: SettingsCache;
  /** Bumped when config files change: results of an older generation are out of date. */
  generation: number;
  /** `shutdown` received: requests are refused, only `exit` is left. */
  shuttingDown: boolean;
  log(message: string): void;
  logError(message: string): void;
}
