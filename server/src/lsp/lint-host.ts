/**
 * The lint service's side of the backend: what runs where the engine is loaded (the lint worker
 * thread, or the protocol thread when linting in process, loaded there on first use).
 */
import v8 from 'node:v8';
import { IncrementalCaches } from '../engine/incremental.js';
import { collectGarbage, rootFinder, type BackendRequest, type BackendStats } from './lint-backend.js';
import { LintService } from './linting.js';

/**
 * The lint service of this thread. Its engines parse Markdown incrementally (an edit re-parses only
 * the blocks it touches, parse/block-cache.ts) and the extractors remember the sentences they have
 * read (rules/lib/sentence-cache.ts): one set of caches for the service (engine/incremental.ts).
 */
export function createService(roots: () => readonly string[], trusted: boolean): LintService {
  return new LintService({ rootFor: rootFinder(roots), trusted, incremental: new IncrementalCaches() });
}

export async function handleRequest(service: LintService, request: BackendRequest): Promise<unknown> {
  switch (request.method) {
    case 'lint':
      return service.lint(request.params);
    case 'tokenView':
      return service.tokenView(request.params);
    case 'close':
      return service.close(request.uri, request.path);
    case 'configChanged':
      return service.configChanged(request.dirs);
    case 'probeConfig':
      return service.probeConfig(request.dir);
    case 'fixText':
      return service.fixText(request.uri, request.path, request.text, request.model);
    case 'stats':
      if (request.gc) collectGarbage();
      return { heapUsed: v8.getHeapStatistics().used_heap_size, results: service.resultCount } satisfies BackendStats;
    case 'context':
      return service.context(request.query, request.model);
    case 'warmUp':
      service.warmUp(request.dir);
      return null;
    case 'setRoots':
      return null;
    case 'dispose':
      service.dispose();
      return null;
  }
}

