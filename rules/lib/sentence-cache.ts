/**
 * Per-sentence memo for the extractors (format directives, personas), keyed by the sentence's
 * text. It pays in the language server, which re-reads the same sentences on every keystroke; in
 * a CLI run every sentence is new, so a cache only hashes each sentence whole and keeps its
 * analysis alive into the old generation (measured on the corpus: more and slower scavenges).
 *
 * So the memos are not the extractors' own: they live in a `SentenceMemos` that an engine holds
 * when asked to (`EngineOptions.incremental`, the language server's) and puts in place while its
 * rules run (`withSentenceMemos`), as markdownlint's engine initializes its helpers' cache before
 * the rules of each document. An extractor's `SentenceCache` is its key there; with no memos in
 * place (the CLI, tests) it remembers nothing.
 */

/** The sentence memos of one owner (an engine's, or shared by the engines of a language server). */
export class SentenceMemos {
  private readonly maps = new Map<SentenceCache<unknown>, Map<string, unknown>>();

  mapOf(cache: SentenceCache<unknown>): Map<string, unknown> {
    let map = this.maps.get(cache);
    if (!map) this.maps.set(cache, (map = new Map()));
    return map;
  }

  clear(): void {
    this.maps.clear();
  }

  /** Sentences remembered, over every extractor. */
  get size(): number {
    let n = 0;
    for (const map of this.maps.values()) n += map.size;
    return n;
  }
}

let active: SentenceMemos | undefined;

/** Runs `run` (rules, synchronously) with `memos` in place: the extractors' caches read and fill them. */
export function withSentenceMemos<T>(memos: SentenceMemos | undefined, run: () => T): T {
  const before = active;
  active = memos;
  try {
    return run();
  } finally {
    active = before;
  }
}

export class SentenceCache<T> {
  constructor(private readonly maxEntries = 20_000) {}

  get(sentence: string): T | undefined {
    return active?.mapOf(this).get(sentence) as T | undefined;
  }

  set(sentence: string, value: T): void {
    if (!active) return;
    const map = active.mapOf(this);
    if (map.size >= this.maxEntries) map.clear();
    map.set(sentence, value);
  }
}
