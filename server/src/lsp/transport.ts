/**
 * How the language server talks to its client and finds its workspace: the --stdio transport (with
 * its exits on a broken stream), console output routed to the client, the workspace folders.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { StreamMessageReader, StreamMessageWriter, type Connection, type InitializeParams } from 'vscode-languageserver/node';

export interface StdioTransport {
  readonly reader: StreamMessageReader;
  readonly writer: StreamMessageWriter;
  /** A shutdown request arrived: the end of stdin then exits with 0. */
  shutdownReceived(): void;
}

/**
 * With --stdio, the reader is made here so that a broken header (no or a bad Content-Length) ends
 * the process with a message: the stream cannot be resynchronized, and a silent, live server would
 * leave the editor waiting. A body that is not JSON keeps the framing and is only logged.
 */
export function stdioTransport(): StdioTransport | undefined {
  if (!process.argv.slice(2).includes('--stdio')) return undefined;
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
  reader.onError((error) => {
    if (/content-length|header/i.test(error.message)) {
      process.stderr.write(`prompt-lint-language-server: bad message header from the client, cannot continue: ${error.message.split('\n')[0]}\n`);
      process.exit(1);
    }
    process.stderr.write(`prompt-lint-language-server: unreadable message from the client: ${error.message.split('\n')[0]}\n`);
  });
  // A Content-Length that is not a plain number (-5, 1e3, abc): the reader would wait forever.
  let tail = '';
  process.stdin.on('data', (chunk: Buffer) => {
    const text = tail + chunk.toString('latin1');
    const last = text.lastIndexOf('\n');
    tail = text.slice(last + 1).slice(-200);
    for (const m of text.slice(0, last + 1).matchAll(/(?:^|\n)content-length:[ \t]*([^\r\n]*)\r?\n/gi)) {
      if (!/^\d+[ \t]*$/.test(m[1]!)) {
        process.stderr.write(`prompt-lint-language-server: bad message header from the client, cannot continue: Content-Length ${JSON.stringify(m[1])}\n`);
        process.exit(1);
      }
    }
  });
  // What createConnection does for a plain stdin stream: end with the input (0 after a shutdown request).
  let shutdown = false;
  const end = () => process.exit(shutdown ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  return {
    reader,
    writer,
    shutdownReceived: () => {
      shutdown = true;
    },
  };
}

/** Under --stdio, stdout is the protocol: console output goes to the client's log instead. */
export function routeConsole(connection: Connection): void {
  const format = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  console.log = (...args: unknown[]) => connection.console.log(format(args));
  console.info = (...args: unknown[]) => connection.console.info(format(args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(args));
  console.error = (...args: unknown[]) => connection.console.error(format(args));
}

export function workspaceRoots(params: InitializeParams, log: (message: string) => void): string[] {
  const uris = params.workspaceFolders?.length ? params.workspaceFolders.map((f) => f?.uri) : params.rootUri ? [params.rootUri] : [];
  const roots = folderPaths(uris, log);
  if (!roots.length && typeof params.rootPath === 'string' && params.rootPath) roots.push(path.resolve(params.rootPath));
  return roots;
}

/** The paths of workspace folder URIs: `file:` URIs that parse; others (virtual file systems, malformed) are skipped and logged. */
export function folderPaths(uris: readonly unknown[], log: (message: string) => void): string[] {
  const paths: string[] = [];
  for (const uri of uris) {
    try {
      if (typeof uri !== 'string' || !uri.startsWith('file:')) throw new Error('not a file: URI');
      paths.push(path.resolve(fileURLToPath(uri)));
    } catch (error) {
      log(`workspace folder ${JSON.stringify(uri)} skipped: ${(error as Error).message}`);
    }
  }
  return paths;
}
