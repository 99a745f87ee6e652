/**
 * Config sources with positions: JSON (optionally with comments) and YAML are parsed into plain
 * values plus a tree of source ranges, so that any key path can be turned into `line:column`.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { indexAtOrBefore } from '../model/source.js';
import { ConfigError, formatKeyPath, type PathSegment } from './errors.js';

/** Source range of one value, and of its key when it is an object member. */
export interface LocNode {
  start: number;
  end: number;
  keyStart?: number;
  keyEnd?: number;
  children?: Map<PathSegment, LocNode>;
}

export type ConfigFormat = 'json' | 'jsonc' | 'yaml';

export interface Location {
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based, UTF-16 code units. */
  readonly column: number;
}

export class ConfigSource {
  private lineStarts: number[] | undefined;

  constructor(
    /** Absolute path of the file. */
    readonly path: string,
    readonly text: string,
    readonly value: unknown,
    private readonly root: LocNode,
  ) {}

  /**
   * Position of the key (`target: 'key'`) or the value at `segments`. When the path does not exist
   * (a missing key), the deepest existing ancestor's value is used.
   */
  locate(segments: readonly PathSegment[], target: 'key' | 'value' = 'value'): Location {
    let node = this.root;
    let complete = true;
    for (const seg of segments) {
      const child = node.children?.get(seg);
      if (!child) {
        complete = false;
        break;
      }
      node = child;
    }
    const offset = complete && target === 'key' && node.keyStart !== undefined ? node.keyStart : node.start;
    return this.position(offset);
  }

  /** Error at a key path of this source. */
  error(segments: readonly PathSegment[], detail: string, target: 'key' | 'value' = 'value'): ConfigError {
    const loc = this.locate(segments, target);
    return new ConfigError(this.path, loc.line, loc.column, formatKeyPath(segments), detail);
  }

  position(offset: number): Location {
    return positionAt(this.lineStarts ??= computeLineStarts(this.text), offset);
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionAt(lineStarts: number[], offset: number): Location {
  const lo = indexAtOrBefore(lineStarts, offset);
  return { offset, line: lo + 1, column: offset - lineStarts[lo] + 1 };
}

/** Parses config text; syntax errors become a ConfigError at the error's position. */
export function parseConfigText(filePath: string, rawText: string, format: ConfigFormat): ConfigSource {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  if (format === 'yaml') return parseYaml(filePath, text);
  try {
    const parser = new JsonParser(text, format === 'jsonc');
    const { value, node } = parser.parseDocument();
    return new ConfigSource(filePath, text, value, node);
  } catch (err) {
    if (err instanceof JsonSyntaxError) {
      const loc = positionAt(computeLineStarts(text), err.offset);
      throw new ConfigError(filePath, loc.line, loc.column, formatKeyPath(err.segments), `invalid JSON: ${err.message}`);
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// YAML

function parseYaml(filePath: string, text: string): ConfigSource {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const loc = positionAt(computeLineStarts(text), err.pos[0]);
    const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(filePath, loc.line, loc.column, '', `invalid YAML: ${message}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new ConfigError(filePath, 1, 1, '', `invalid YAML: ${(err as Error).message}`);
  }
  // An empty file (or one with only comments) is an empty config.
  if (doc.contents === null && value == null) value = {};
  const root = doc.contents ? yamlNode(doc, doc.contents as Node, new Set()) : { start: 0, end: 0 };
  return new ConfigSource(filePath, text, value, root);
}

function yamlNode(doc: Document, node: Node, seen: Set<Node>): LocNode {
  const range = node.range ?? [0, 0, 0];
  const loc: LocNode = { start: range[0], end: range[1] };
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (target && !seen.has(target)) {
      seen.add(target);
      loc.children = yamlNode(doc, target, seen).children;
      seen.delete(target);
    }
    return loc;
  }
  if (isMap(node)) {
    loc.children = new Map();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const keyRange = keyNode && 'range' in keyNode && keyNode.range ? keyNode.range : [loc.start, loc.start, loc.start];
      const child: LocNode = pair.value
        ? yamlNode(doc, pair.value as Node, seen)
        : { start: keyRange[1], end: keyRange[1] };
      child.keyStart = keyRange[0];
      child.keyEnd = keyRange[1];
      loc.children.set(key, child);
    }
  } else if (isSeq(node)) {
    loc.children = new Map();
    node.items.forEach((item, i) => {
      const child = item ? yamlNode(doc, item as Node, seen) : { start: loc.start, end: loc.start };
      loc.children!.set(i, child);
    });
  }
  return loc;
}

// ---------------------------------------------------------------------------------------------
// JSON with locations (and, for .promptlintrc.json, `//` and `/* */` comments)

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly segments: PathSegment[],
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function describeChar(ch: string | undefined): string {
  if (ch === undefined) return 'end of input';
  if (ch === '\n' || ch === '\r') return 'end of line';
  return JSON.stringify(ch);
}

/** Deeper nesting is no config (and would overflow the recursive parser's stack). */
export const MAX_CONFIG_DEPTH = 256;

class JsonParser {
  private pos = 0;
  private readonly path: PathSegment[] = [];

  constructor(
    private readonly text: string,
    private readonly allowComments: boolean,
  ) {}

  parseDocument(): { value: unknown; node: LocNode } {
    const result = this.parseValue();
    this.skipWs();
    if (this.pos < this.text.length) this.fail(`unexpected ${describeChar(this.text[this.pos])} after the end of the JSON value`);
    return result;
  }

  private fail(message: string, at = this.pos): never {
    throw new JsonSyntaxError(message, at, [...this.path]);
  }

  private skipWs(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
        this.pos++;
      } else if (c === 0x2f /* / */ && t[this.pos + 1] === '/') {
        if (!this.allowComments) this.fail('comments are not allowed in this file');
        while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      } else if (c === 0x2f && t[this.pos + 1] === '*') {
        if (!this.allowComments) this.fail('comments are not allowed in this file');
        const close = t.indexOf('*/', this.pos + 2);
        if (close < 0) this.fail('unterminated comment');
        this.pos = close + 2;
      } else {
        break;
      }
    }
  }

  private parseValue(): { value: unknown; node: LocNode } {
    this.skipWs();
    const start = this.pos;
    const ch = this.text[start];
    if ((ch === '{' || ch === '[') && this.path.length >= MAX_CONFIG_DEPTH) {
      throw new JsonSyntaxError(`nested deeper than ${MAX_CONFIG_DEPTH} levels`, start, []);
    }
    switch (ch) {
      case '{':
        return this.parseObject();
      case '[':
        return this.parseArray();
      case '"': {
        const value = this.parseString();
        return { value, node: { start, end: this.pos } };
      }
      case 't':
      case 'f':
      case 'n':
        for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
          if (this.text.startsWith(word, start)) {
            this.pos += word.length;
            return { value, node: { start, end: this.pos } };
          }
        }
        return this.fail(`unexpected ${describeChar(ch)}, expected a value`);
      default: {
        if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
          NUMBER.lastIndex = start;
          const m = NUMBER.exec(this.text);
          if (!m) this.fail('invalid number');
          this.pos = start + m[0].length;
          return { value: Number(m[0]), node: { start, end: this.pos } };
        }
        if (ch === "'") this.fail('strings must use double quotes');
        return this.fail(`unexpected ${describeChar(ch)}, expected a value`);
      }
    }
  }

  private parseObject(): { value: unknown; node: LocNode } {
    const start = this.pos++;
    const value: Record<string, unknown> = {};
    const children = new Map<PathSegment, LocNode>();
    this.skipWs();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { value, node: { start, end: this.pos, children } };
    }
    for (;;) {
      this.skipWs();
      if (this.text[this.pos] !== '"') {
        if (this.text[this.pos] === '}') this.fail('trailing comma before "}"');
        this.fail(`unexpected ${describeChar(this.text[this.pos])}, expected a property name in double quotes`);
      }
      const keyStart = this.pos;
      const key = this.parseString();
      const keyEnd = this.pos;
      this.skipWs();
      if (this.text[this.pos] !== ':') this.fail(`unexpected ${describeChar(this.text[this.pos])}, expected ":" after property name`);
      this.pos++;
      this.path.push(key);
      const member = this.parseValue();
      this.path.pop();
      member.node.keyStart = keyStart;
      member.node.keyEnd = keyEnd;
      Object.defineProperty(value, key, { value: member.value, enumerable: true, writable: true, configurable: true });
      children.set(key, member.node);
      this.skipWs();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return { value, node: { start, end: this.pos, children } };
      }
      this.fail(`unexpected ${describeChar(c)}, expected "," or "}" after property value`);
    }
  }

  private parseArray(): { value: unknown; node: LocNode } {
    const start = this.pos++;
    const value: unknown[] = [];
    const children = new Map<PathSegment, LocNode>();
    this.skipWs();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { value, node: { start, end: this.pos, children } };
    }
    for (;;) {
      this.skipWs();
      if (this.text[this.pos] === ']') this.fail('trailing comma before "]"');
      this.path.push(value.length);
      const item = this.parseValue();
      this.path.pop();
      children.set(value.length, item.node);
      value.push(item.value);
      this.skipWs();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return { value, node: { start, end: this.pos, children } };
      }
      this.fail(`unexpected ${describeChar(c)}, expected "," or "]" after array item`);
    }
  }

  private parseString(): string {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    let out = '';
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail('unterminated string', start);
      const c = t.charCodeAt(this.pos);
      if (c === 0x22 /* " */) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === 0x5c /* \ */) {
        out += t.slice(chunk, this.pos);
        const e = t[this.pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.pos += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(t.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else {
          this.fail('invalid escape sequence in string');
        }
        chunk = this.pos;
        continue;
      }
      if (c < 0x20) this.fail(c === 0x0a || c === 0x0d ? 'unterminated string' : 'control character in string');
      this.pos++;
    }
  }
}
