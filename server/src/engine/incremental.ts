/**
 * What an engine keeps between runs over texts that change a little at a time (an editor's): the
 * chunks of the Markdown parsed so far (parse/block-cache.ts) and the extractors' sentence memos
 * (rules/lib/sentence-cache.ts). A single run gains nothing from them and pays for filling them,
 * so a CLI run has none; the language server makes one for its thread and hands it to each of its
 * engines (`EngineOptions.incremental`). Results are the same either way.
 */
import { SentenceMemos } from '../../../rules/index.js';
import { BlockCache } from '../parse/block-cache.js';

export class IncrementalCaches {
  readonly blocks: BlockCache;
  readonly sentences = new SentenceMemos();

  constructor(options: { readonly spread?: number } = {}) {
    this.blocks = new BlockCache(options);
  }

  clear(): void {
    this.blocks.clear();
    this.sentences.clear();
  }
}
