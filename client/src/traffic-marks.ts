/**
 * The start-up's message timeline on the extension's side (issue 13.16, docs/lsp.md "Eighth pass"):
 * when each kind of LSP message was first written to the server or first read from it, in ms since
 * the extension activated. The server's own start-up line gives its side on the same (wall) clock,
 * so the two show where the time between activation and the first diagnostics goes: the fork,
 * Node's start, `initialize`, the client's `initialized` and `didOpen`, the configuration round
 * trip, the lint and the publish. Only the first message of each kind is kept (a handful of
 * entries), and nothing after the first diagnostics.
 */
import type { Message, MessageReader, MessageWriter } from 'vscode-languageclient/node';

interface RpcMessage extends Message {
  readonly id?: number | string | null;
  readonly method?: string;
}

export class TrafficMarks {
  private readonly marks: [string, number][] = [];
  /** Request ids (each direction) and their methods, to name the responses. */
  private readonly sent = new Map<number | string, string>();
  private readonly received = new Map<number | string, string>();
  private closed = false;

  constructor(private readonly since: () => number) {}

  /** A named mark (e.g. `client.start()`), once; `at`: its time if not now (ms since activation). */
  mark(name: string, at = this.since()): void {
    if (this.closed || this.marks.some(([n]) => n === name)) return;
    this.marks.push([name, at]);
  }

  private note(direction: '→' | '←', message: RpcMessage): void {
    if (this.closed) return;
    const own = direction === '→' ? this.sent : this.received;
    const other = direction === '→' ? this.received : this.sent;
    let name: string;
    if (message.method !== undefined) {
      name = message.method;
      if (message.id !== undefined && message.id !== null) own.set(message.id, message.method);
    } else if (message.id !== undefined && message.id !== null) {
      name = `${other.get(message.id) ?? 'response'} answered`;
    } else return;
    this.mark(`${direction} ${name}`);
  }

  /** The reader, noting each message as it arrives (before the client handles it). */
  reader<R extends MessageReader>(reader: R): R {
    const listen = reader.listen.bind(reader);
    reader.listen = (callback) => listen((message) => {
      this.note('←', message as RpcMessage);
      callback(message);
    });
    return reader;
  }

  /** The writer, noting each message as the client hands it over. */
  writer<W extends MessageWriter>(writer: W): W {
    const write = writer.write.bind(writer);
    writer.write = (message) => {
      this.note('→', message as RpcMessage);
      return write(message);
    };
    return writer;
  }

  /** The marks so far, in order, and no more marks after this. */
  take(): string {
    this.closed = true;
    return [...this.marks].sort((a, b) => a[1] - b[1]).map(([n, t]) => `${n} ${t}`).join(', ');
  }
}
