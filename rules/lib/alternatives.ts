/**
 * Alternative branches (issue 14, session 15): sibling sections that are labelled as cases of one
 * choice, so that only one of them applies on a given run ("### If the verdict is PASS" / "### If the
 * verdict is FAIL", "## Self-paced path" / "## Fixed-interval path", "### Path 1: …" / "### Path 2: …",
 * "### Research (fix mode only)" / "### Research (quick workflow only)", "## Option A" / "## Option B",
 * "## Otherwise"). A line each branch needs is stated once per branch: it is not a repetition a
 * maintainer would delete, since the model following one branch never reads the other.
 *
 * Recognised positively, from the two titles only, never from position: the two copies' sections
 * diverge at two sibling sections (one parent, one depth; the copies may sit deeper inside them),
 * and each of the two titles names a case (`caseTitle`). A line restated inside one branch, or once
 * inside a branch and once outside any branch (a general rule before the cases), is still compared.
 */
import type { Prompt, Unit } from '../../server/src/model/types.js';

/** A title's numbering ("1a.", "2b-ii.", "Step 3:", "Phase 2 —") set aside. */
const NUMBERING = /^\W*(?:(?:step|phase|part|stage)\s+)?(?:\d+[a-z]?(?:[.-](?:\d+|[a-z]{1,4}))*|[a-z](?:-[ivx]+)?)[.):]?\s*[-:\u2013\u2014]?\s+/i;

/**
 * A title that opens with a condition: "If …", "Otherwise", "Else", "Unless …", "In case …". Not
 * "When …": "When writing the summary" / "When writing the appendix" are two situations of one run,
 * both of which happen, and a rule stated under both is still said twice.
 */
const CONDITION = /^(?:if|otherwise|else|unless|in case)\b/i;

/**
 * A title that names one route of a choice: opening with the kind and its name ("Path 1: …", "Option
 * B", "Case 2", "Mode: review", "Variant — …"), or closing with it ("Self-paced path", "Plan mode",
 * "Fallback scenario"; a parenthesis after it is set aside). The words alone, inside a title ("Merge
 * the branch", "Path resolution"), name no route.
 */
const ROUTE_OPENING = /^(?:path|option|variant|scenario|case|mode|alternative|route)\s*(?:#?\d+|[A-Z]\b)?\s*[:.)\u2014\u2013-]/i;
const ROUTE_NAMED = /^(?:path|option|variant|scenario|case|alternative|route)\s+(?:#?\d+|[a-z])\b/i;
const ROUTE_CLOSING = /\b(?:path|mode|variant|scenario|route)\s*$/i;

/** A title scoped to one case by a qualifier: "Research (fix mode only)", "Deploy — staging only". */
const ONLY = /\(\s*[^()]{1,60}\bonly\s*\)|\bonly\s*\)|[\u2014\u2013:-]\s*[^\u2014\u2013:-]{1,40}\bonly\W*$/i;

/** True when a section title labels one case of a choice (see the module comment). */
export function caseTitle(title: string): boolean {
  const t = title.trim();
  if (!t) return false;
  const bare = t.replace(NUMBERING, '');
  const head = bare.replace(/\s*\([^()]*\)\s*$/, '');
  return CONDITION.test(bare) || ROUTE_OPENING.test(bare) || ROUTE_NAMED.test(bare) || ROUTE_CLOSING.test(head) || ONLY.test(bare);
}

function ancestry(prompt: Prompt, s: number): number[] {
  const out: number[] = [];
  for (let k = s; k >= 0; k = prompt.sections[k]!.parent) out.unshift(k);
  return out;
}

/**
 * True when `a` and `b` sit in two different branches of one choice: their sections diverge at two
 * sibling sections whose titles each name a case (`caseTitle`) and differ.
 */
export function inTwoAlternatives(prompt: Prompt, a: Unit, b: Unit): boolean {
  if (a.section === b.section) return false;
  const pa = ancestry(prompt, a.section);
  const pb = ancestry(prompt, b.section);
  let k = 0;
  while (k < pa.length && k < pb.length && pa[k] === pb[k]) k++;
  if (k >= pa.length || k >= pb.length) return false; // one copy's section holds the other's
  const sa = prompt.sections[pa[k]!]!;
  const sb = prompt.sections[pb[k]!]!;
  if (sa.parent !== sb.parent || sa.depth !== sb.depth || sa.depth === 0) return false;
  if (sa.title.trim().toLowerCase() === sb.title.trim().toLowerCase()) return false;
  return caseTitle(sa.title) && caseTitle(sb.title);
}
