/** Frontmatter as the agents read it (the project's lenient parser: Cursor's unquoted globs work). */
import { findFrontmatter, parseFrontmatter, type FrontmatterSplit } from '../parse/frontmatter.js';

export interface AgentFrontmatter {
  /** The fields, or {} when there is no frontmatter or it does not parse to a map. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Offset where the body starts (0 without frontmatter). */
  readonly bodyStart: number;
  readonly present: boolean;
  /** Offsets of each field's line (key start to value end), for counting listed fields. */
  readonly fieldText: ReadonlyMap<string, string>;
  /** Where each field's text is (key start to value end), as offsets in the file. */
  readonly fieldSpans: ReadonlyMap<string, { readonly start: number; readonly end: number }>;
}

const NONE: AgentFrontmatter = { data: {}, bodyStart: 0, present: false, fieldText: new Map(), fieldSpans: new Map() };
/** Parsed frontmatter by its own text (the block up to the body: small, so the cache stays small). */
const cache = new Map<string, AgentFrontmatter>();
const CACHE_ENTRIES = 4096;

/** The frontmatter of a text; each distinct block is parsed once (a run asks for the same rule files per context). */
export function readFrontmatter(text: string): AgentFrontmatter {
  const found = findFrontmatter(text);
  if (found.kind !== 'ok') return NONE;
  const header = text.slice(0, found.bodyStart);
  const hit = cache.get(header);
  if (hit) return hit;
  const fm = parse(header, found);
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(header, fm);
  return fm;
}

function parse(text: string, found: FrontmatterSplit): AgentFrontmatter {
  const { frontmatter } = parseFrontmatter(text, found, { directives: [], problems: [] });
  const data = frontmatter.data !== null && typeof frontmatter.data === 'object' && !Array.isArray(frontmatter.data) ? (frontmatter.data as Record<string, unknown>) : {};
  const fieldText = new Map<string, string>();
  const fieldSpans = new Map<string, { start: number; end: number }>();
  for (const f of frontmatter.fields) {
    fieldText.set(f.key, text.slice(f.keyRange.start, f.valueRange.end));
    fieldSpans.set(f.key, { start: f.keyRange.start, end: f.valueRange.end });
  }
  return { data, bodyStart: found.bodyStart, present: true, fieldText, fieldSpans };
}

/** Globs written as a list or a comma-separated string (Cursor `globs`, Copilot `applyTo`). */
export function globList(v: unknown): string[] {
  const parts = Array.isArray(v) ? v.flatMap((x) => (typeof x === 'string' ? x.split(',') : [])) : typeof v === 'string' ? v.split(',') : [];
  return parts.map((s) => s.trim().replace(/^["']|["']$/g, '')).filter((s) => s.length > 0);
}

export function stringField(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
