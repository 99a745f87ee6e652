/** Reference tokenizer (js-tiktoken) and corpus access for the tokens tests. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import type { EncodingName } from '../../server/src/tokens/types.js';

export const ENCODINGS: readonly EncodingName[] = ['o200k_base', 'cl100k_base'];

const refs = new Map<EncodingName, Tiktoken>();
const plainRefs = new Map<EncodingName, Tiktoken>();

/**
 * OpenAI's tiktoken runs its patterns in Rust, where `\s` is Unicode White_Space; JavaScript's
 * `\s` adds U+FEFF and lacks U+0085. The reference is js-tiktoken (its own BPE, rank table and
 * patterns) with `\s`/`\S` rewritten to White_Space: written here independently of
 * server/src/tokens/encodings.ts.
 */
const WS = '\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
export function rustWhiteSpace(pat: string): string {
  return pat.split('[^\\s').join(`[^${WS}`).split('\\S').join(`[^${WS}]`).split('\\s').join(`[${WS}]`);
}

/** Reference tokenizer for `name`: js-tiktoken with tiktoken's White_Space (built once per file). */
export function reference(name: EncodingName): Tiktoken {
  let t = refs.get(name);
  if (!t) {
    const ranks = name === 'o200k_base' ? o200k : cl100k;
    t = new Tiktoken({ ...ranks, pat_str: rustWhiteSpace(ranks.pat_str) });
    refs.set(name, t);
  }
  return t;
}

/** js-tiktoken exactly as shipped (JavaScript `\s`), to show where it departs from tiktoken. */
export function plainReference(name: EncodingName): Tiktoken {
  let t = plainRefs.get(name);
  if (!t) {
    t = new Tiktoken(name === 'o200k_base' ? o200k : cl100k);
    plainRefs.set(name, t);
  }
  return t;
}

/** Reference tokens with every special-token text treated as ordinary text. */
export function refEncode(text: string, name: EncodingName): number[] {
  return reference(name).encode(text, [], []);
}

export function refCount(text: string, name: EncodingName): number {
  return refEncode(text, name).length;
}

/** Byte length of each reference token (from js-tiktoken's own vocabulary). */
export function refTokenByteLengths(text: string, name: EncodingName): number[] {
  const textMap = (reference(name) as unknown as { textMap: Map<number, Uint8Array> }).textMap;
  return refEncode(text, name).map((t) => textMap.get(t)!.length);
}

/** UTF-16 start offset of each reference token: the character containing its first byte. */
export function refTokenStarts(text: string, name: EncodingName): number[] {
  const lens = refTokenByteLengths(text, name);
  // byte offset -> UTF-16 index of the character containing it
  const byteToUnit: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp > 0xffff ? 4 : 3;
    for (let b = 0; b < bytes; b++) byteToUnit.push(i);
    i += units;
  }
  const starts: number[] = [];
  let off = 0;
  for (const len of lens) {
    starts.push(byteToUnit[off]!);
    off += len;
  }
  return starts;
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export { corpusFiles, corpusRoot, readCorpusFile, type CorpusFile } from '../helpers/corpus.js';

export { rng } from '../helpers/random.js';
