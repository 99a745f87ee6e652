/**
 * Per-sentence memo for the extractors (format directives, personas), keyed by the sentence's
 * text. It pays in the language server, which re-reads the same sentences on every keystroke; in
 * a CLI run every sentence is new, so a cache only hashes each sentence whole and keeps its
 * analysis alive into the old generation (measured on the corpus: more and slower scavenges).
 * Off unless turned on, as the incremental parse is (server/src/parse/block-cache.ts).
 */
let enabled = false;
const caches: SentenceCache<unknown>[] = [];

/** Turns the sentence caches on (language server) or off (CLI, tests); either way they start empty. */
export function setSentenceCaches(on: boolean): void {
  enabled = on;
  for (const c of caches) c.clear();
}

export class SentenceCache<T> {
  private readonly map = new Map<string, T>();

  constructor(private readonly maxEntries = 20_000) {
    caches.push(this as SentenceCache<unknown>);
  }

  get(sentence: string): T | undefined {
    return enabled ? this.map.get(sentence) : undefined;
  }

  set(sentence: string, value: T): void {
    if (!enabled) return;
    if (this.map.size >= this.maxEntries) this.map.clear();
    this.map.set(sentence, value);
  }

  clear(): void {
    this.map.clear();
  }
}
