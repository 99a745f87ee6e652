/**
 * conflicting-persona: two persona definitions that name different identities for the same
 * prompt ("You are Claude." … "Your name is Max.", "You are a senior lawyer." … "You are a
 * pastry chef."). Reported on the later one, with the other as related information and
 * "keep this one" / "keep the other" suggestions.
 */
import type { PromptDocument } from '../server/src/model/types.js';
import type { Report, Rule, RuleContext } from '../server/src/engine/types.js';
import { whereAt } from './lib/conflict-messages.js';
import { keepSuggestions, related, type Located } from './lib/pairs.js';
import { personaChecks, firstRelated, personaLabel, type Persona, type PersonaEntry } from './lib/personas.js';

type Entry = PersonaEntry;

const rule: Rule = {
  meta: {
    id: 'conflicting-persona',
    description: 'Persona definitions agree: one name and one role per prompt',
    tags: ['persona', 'contradiction'],
    defaultSeverity: 'error',
    fixable: false,
    hasSuggestions: true,
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    messages: {
      conflict: 'Defines the persona as `{{persona}}`, but {{where}} defines it as `{{other}}`',
      keepThis: 'Keep this persona (delete the other definition)',
      keepOther: 'Keep the persona at {{where}} (delete this definition)',
    },
  },
  ...personaChecks(report),
};
export default rule;

/**
 * "You are MuskGPT, inspired by Elon Musk." … "You are Elon Musk.": one definition names the other
 * persona as its model, so the two are one character, not a contradiction.
 */
function namesTheOther(a: Persona, b: Persona): boolean {
  return (!!b.name && mentions(a.sentence, b.name)) || (!!a.name && mentions(b.sentence, a.name));
}

/** True when `sentence` holds `name` (lower-cased) as whole words. */
function mentions(sentence: string, name: string): boolean {
  const at = sentence.toLowerCase().indexOf(name);
  return at !== -1 && !/[\p{L}\p{N}]/u.test(sentence[at - 1] ?? ' ') && !/[\p{L}\p{N}]/u.test(sentence[at + name.length] ?? ' ');
}

function report(entries: readonly Entry[], target: PromptDocument, ctx: RuleContext, comparable: (a: Entry, b: Entry) => boolean): void {
  const done = new Set<Persona['unit']>();
  const reports: Report[] = [];
  entries.forEach((e, j) => {
    if (e.doc !== target || done.has(e.p.unit)) return;
    {
      const i = firstRelated(entries, j, 'conflict', (a, b) => comparable(a, b) && !namesTheOther(a.p, b.p));
      if (i === -1) return;
      const earlier = entries[i]!;
      done.add(e.p.unit);
      const here: Located = { doc: target, unit: e.p.unit };
      const there: Located = { doc: earlier.doc, unit: earlier.p.unit };
      reports.push({
        messageId: 'conflict',
        data: { persona: personaLabel(e.p), other: personaLabel(earlier.p), where: whereAt(there, target) },
        path: target.file.path,
        range: e.p.unit.range,
        related: [related(there, `The persona is defined as \`${personaLabel(earlier.p)}\` here`)],
        suggest: keepSuggestions(here, there),
      });
      return;
    }
  });
  for (const r of reports) ctx.report(r);
}
