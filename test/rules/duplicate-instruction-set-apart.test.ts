/**
 * What duplicate-instruction sets apart (issue 14, item 3) holds alike for whole units and for
 * sentence copies (one sentence of a longer unit): a recap section, a labelled reminder and a line
 * that every section of a series carries. One shared test decides it for both paths; these cases
 * each failed when the sentence path kept its own copy of that logic.
 */
import rule from '../../rules/duplicate-instruction.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const BODY =
  '# Release helper\n\n## Branches\n\n- Cut the release branch from main on Monday morning.\n\n## Tags\n\n- Sign every tag with the release key.\n\n## Notes\n\n- Publish the changelog with each tag.\n\n';

/** Other rules between a rule and its reminder: a reminder set apart stands far from what it restates (FAR_REMINDER). */
const BETWEEN =
  '## Orders\n\n- Confirm the delivery address before you take payment for an order.\n- Offer gift wrapping only for items that are marked as eligible.\n- Quote delivery times in working days and name the carrier.\n\n' +
  '## Returns\n\n- Accept returns within thirty days when the item is unused and in its box.\n- Ask for a photo of any damaged item before you promise a refund.\n- Refund to the original payment method and say how long the bank takes.\n\n' +
  '## Stock\n\n- Say when an item is out of stock and offer the nearest alternative in the same size.\n- Never promise a restock date that the warehouse has not confirmed.\n- Offer to notify the customer by email when the item is back.\n\n' +
  '## Payment\n\n- Accept cards and bank transfers, and explain that cash is not taken.\n- Send the invoice as a PDF attached to the confirmation email.\n\n' +
  '## Tone\n\n- Keep every reply under one hundred and twenty words unless the customer asks for detail.\n- Apologise once for a delay and then move on to what you will do about it.\n- Sign each reply with the shop name and no personal name.\n\n';

runRuleTests(rule, {
  valid: [
    {
      name: 'a sentence that every phase of a series carries, inside longer items',
      code:
        '# Migration\n\n## Phase 1: Inventory\n\n- List the tables that hold customer data. Work silently until the phase is complete.\n\n' +
        '## Phase 2: Copy\n\n- Copy each table to the new cluster. Work silently until the phase is complete.\n\n' +
        '## Phase 3: Switch\n\n- Point the services at the new cluster. Work silently until the phase is complete.\n',
    },
    {
      name: 'a labelled reminder pasted as a sentence, with reminders off',
      code: '# Shop\n\n## Rules\n\n- Never quote a price without the tax included.\n\n' + BETWEEN + '## Replies\n\n- Greet the customer by name. Remember: never quote a price without the tax included.\n',
      options: { reminders: false },
    },
    {
      name: 'a labelled reminder pasted as a sentence, at the default settings (set apart)',
      code: '# Shop\n\n## Rules\n\n- Never quote a price without the tax included.\n\n' + BETWEEN + '## Replies\n\n- Greet the customer by name. Remember: never quote a price without the tax included.\n',
    },
    {
      name: 'a sentence of a closing quick reference, at the default settings',
      code: `${BODY}## Quick reference\n\n- Branching: Cut the release branch from main on Monday morning. Tags follow the rules above.\n`,
    },
  ],
  invalid: [
    {
      name: 'a sentence of a closing quick reference, with summaries on: the summary message, set apart as info',
      code: `${BODY}## Quick reference\n\n- Branching: Cut the release branch from main on Monday morning. Tags follow the rules above.\n`,
      options: { summaries: true },
      errors: [{ messageId: 'summary', line: 17, severity: 'info' }],
    },
    {
      name: 'a labelled reminder pasted as a sentence, with reminders on: reported as info',
      code: '# Shop\n\n## Rules\n\n- Never quote a price without the tax included.\n\n' + BETWEEN + '## Replies\n\n- Greet the customer by name. Remember: never quote a price without the tax included.\n',
      options: { reminders: true },
      errors: [{ messageId: 'reminder', line: 38, severity: 'info' }],
    },
    {
      name: 'a labelled reminder right after its rule only adds tokens: reported as a reminder at the default settings',
      code: '# Shop\n\n## Rules\n\n- Never quote a price without the tax included.\n\n## Replies\n\n- Greet the customer by name. Remember: never quote a price without the tax included.\n',
      errors: [{ messageId: 'reminder', line: 9, severity: 'info' }],
    },
    {
      name: 'a sentence carried by only two phases of a series is compared',
      code:
        '# Migration\n\n## Phase 1: Inventory\n\n- List the tables that hold customer data. Work silently until the phase is complete.\n\n' +
        '## Phase 2: Copy\n\n- Copy each table to the new cluster. Work silently until the phase is complete.\n\n' +
        '## Phase 3: Switch\n\n- Point the services at the new cluster.\n',
      errors: [{ messageId: 'sentence', line: 9 }],
    },
  ],
});
