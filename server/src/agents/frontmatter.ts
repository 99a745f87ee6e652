/** Frontmatter as the agents read it (the project's lenient parser: Cursor's unquoted globs work). */
import { findFrontmatter, parseFrontmatter } from '../parse/frontmatter.js';

export interface AgentFrontmatter {
  /** The fields, or {} when there is no frontmatter or it does not parse to a map. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Offset where the body starts (0 without frontmatter). */
  readonly bodyStart: number;
  readonly present: boolean;
  /** Offsets of each field's line (key start to value end), for counting listed fields. */
  readonly fieldText: ReadonlyMap<string, string>;
}

export function readFrontmatter(text: string): AgentFrontmatter {
  const found = findFrontmatter(text);
  if (found.kind !== 'ok') return { data: {}, bodyStart: 0, present: false, fieldText: new Map() };
  const { frontmatter } = parseFrontmatter(text, found, { directives: [], problems: [] });
  const data = frontmatter.data !== null && typeof frontmatter.data === 'object' && !Array.isArray(frontmatter.data) ? (frontmatter.data as Record<string, unknown>) : {};
  const fieldText = new Map<string, string>();
  for (const f of frontmatter.fields) fieldText.set(f.key, text.slice(f.keyRange.start, f.valueRange.end));
  return { data, bodyStart: found.bodyStart, present: true, fieldText };
}

/** A boolean as the agents accept it: `true`, or the string `"true"` (Cursor, see docs/agents/cursor.md). */
export function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.trim().toLowerCase() === 'true');
}

/** Globs written as a list or a comma-separated string (Cursor `globs`, Copilot `applyTo`). */
export function globList(v: unknown): string[] {
  const parts = Array.isArray(v) ? v.flatMap((x) => (typeof x === 'string' ? x.split(',') : [])) : typeof v === 'string' ? v.split(',') : [];
  return parts.map((s) => s.trim().replace(/^["']|["']$/g, '')).filter((s) => s.length > 0);
}

export function stringField(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
