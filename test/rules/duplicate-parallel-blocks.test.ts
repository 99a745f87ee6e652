/**
 * duplicate-instruction, parallel blocks (rules/lib/parallel-blocks.ts): a line that sibling blocks
 * of one family each close with is one line of their template, read from the structure, not from
 * title words. Every invalid case below is a shape that must still be reported: a rule repeated in
 * two top-level sections, a line only some blocks carry, a copy that does not close its block, a
 * block pasted again, a copy about the other block, and two different steps of two procedures.
 */
import rule from '../../rules/duplicate-instruction.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'sections under a grouping heading, each closing with the same line',
      code: '# Shop\n\n## Pages\n\n### Basket\n\nLists the items the customer picked.\nLoad the page in under two seconds on a phone.\n\n### Checkout\n\nTakes the address and the payment.\nLoad the page in under two seconds on a phone.\n',
    },
    {
      name: 'sections under a grouping heading closing with the same line before a code example',
      code: '# Review bot\n\n## Languages\n\n### Python\n\nCheck the type hints on public functions.\nMention the line number of every problem you report.\n\n```python\ndef area(r: float) -> float: ...\n```\n\n### Go\n\nCheck that errors are wrapped before they are returned.\nMention the line number of every problem you report.\n\n```go\nreturn fmt.Errorf("read: %w", err)\n```\n',
    },
    {
      name: 'blocks under bold label lines of one section, each list closing with the same line',
      code: '# Shop\n\n## Emails\n\n**Order confirmed**\n- Thank the customer and list the items.\n- Sign every email with the shop name.\n\n**Order shipped**\n- Give the tracking link.\n- Say when the parcel should arrive.\n- Sign every email with the shop name.\n',
    },
    {
      name: 'items of one list whose nested paragraphs and sub-lists close with the same line',
      code: '# Shop\n\n1. **Refunds**\n\n   Money goes back to the card used.\n\n   - Confirm the amount with the customer.\n   - Write a note on the order for the next shift.\n\n2. **Exchanges**\n\n   A new size is sent once the old one is back.\n\n   - Check the new size is in stock.\n   - Write a note on the order for the next shift.\n',
    },
    {
      name: 'branches titled by conditions opening with the same word',
      code: '# Desk\n\n## If the caller is a new customer\n\nAsk how they heard about the shop.\nEnd the call by reading back what was agreed.\n\n## If the caller already has an account\n\nLook up the account by phone number.\nEnd the call by reading back what was agreed.\n\n## Tone\n\nStay calm and friendly.\n',
    },
    {
      name: 'paragraphs of one section opening with the same word, each closing with the same sentence',
      code: '# Backend guide\n\n## Modules\n\nThe billing module charges customers and issues refunds. Write a unit test for every public function you add.\n\nThe search module indexes products and answers queries. Write a unit test for every public function you add.\n',
    },
    {
      name: 'the same step of two procedures, each closing with the same sentence',
      code: '# Release\n\n## Website\n\n1. Collect the changes.\n\nList what a customer would notice.\n\n2. Pick the version.\n\nAsk whether this is a fix or a feature. Do not guess when nobody has said.\n\n## Phone app\n\n1. Pick the phone version.\n\nAsk which version the store listing should show. Do not guess when nobody has said.\n\n2. Upload the build.\n\nRun the upload script.\n',
    },
  ],
  invalid: [
    {
      name: 'two paragraphs of one section that open differently and close with the same rule',
      code: '# Helper\n\n## Rules\n\nGreet the user warmly and ask for the order number. Never read out a full card number.\n\nAnswer billing questions with the invoice open. Never read out a full card number.\n',
      errors: [{ messageId: 'exact', line: 7 }],
      output: '# Helper\n\n## Rules\n\nGreet the user warmly and ask for the order number. Never read out a full card number.\n\nAnswer billing questions with the invoice open.\n',
    },
    {
      name: 'a rule closing two top-level sections is a rule said twice',
      code: '# Helper\n\n## Workflow\n\nRead the ticket first.\nNever push straight to the main branch.\n\n## Testing\n\nRun the whole suite before you push.\nNever push straight to the main branch.\n',
      errors: [{ messageId: 'exact', line: 11 }],
      output: '# Helper\n\n## Workflow\n\nRead the ticket first.\nNever push straight to the main branch.\n\n## Testing\n\nRun the whole suite before you push.\n',
    },
    {
      name: 'a line only two of three grouped sections close with',
      code: '# Shop\n\n## Pages\n\n### Basket\n\nLists the items the customer picked.\nLoad the page in under two seconds on a phone.\n\n### Checkout\n\nTakes the address and the payment.\nLoad the page in under two seconds on a phone.\n\n### Account\n\nShows past orders.\n',
      errors: [{ messageId: 'exact', line: 13 }],
      output: '# Shop\n\n## Pages\n\n### Basket\n\nLists the items the customer picked.\nLoad the page in under two seconds on a phone.\n\n### Checkout\n\nTakes the address and the payment.\n\n### Account\n\nShows past orders.\n',
    },
    {
      name: 'a copy that does not close its block',
      code: '# Shop\n\n## Pages\n\n### Basket\n\nLoad the page in under two seconds on a phone.\nLists the items the customer picked.\n\n### Checkout\n\nTakes the address and the payment.\nLoad the page in under two seconds on a phone.\n',
      errors: [{ messageId: 'exact', line: 13 }],
      output: '# Shop\n\n## Pages\n\n### Basket\n\nLoad the page in under two seconds on a phone.\nLists the items the customer picked.\n\n### Checkout\n\nTakes the address and the payment.\n',
    },
    {
      name: 'two closing lines pasted together into both blocks',
      code: '# Shop\n\n## Pages\n\n### Basket\n\nLists the items the customer picked.\nKeep the layout in one column on phones.\nLoad the page in under two seconds on a phone.\n\n### Checkout\n\nTakes the address and the payment.\nKeep the layout in one column on phones.\nLoad the page in under two seconds on a phone.\n',
      errors: [
        { messageId: 'exact', line: 14 },
        { messageId: 'exact', line: 15 },
      ],
      output: '# Shop\n\n## Pages\n\n### Basket\n\nLists the items the customer picked.\nKeep the layout in one column on phones.\nLoad the page in under two seconds on a phone.\n\n### Checkout\n\nTakes the address and the payment.\n',
    },
    {
      name: 'a closing line that names the other block is about that block',
      code: '# Shop\n\n## Pages\n\n### Basket\n\nLists the items the customer picked.\nLink back to the checkout from the top bar.\n\n### Checkout\n\nTakes the address and the payment.\nLink back to the checkout from the top bar.\n',
      errors: [{ messageId: 'exact', line: 13 }],
      output: '# Shop\n\n## Pages\n\n### Basket\n\nLists the items the customer picked.\nLink back to the checkout from the top bar.\n\n### Checkout\n\nTakes the address and the payment.\n',
    },
    {
      name: 'two different steps of two procedures',
      code: '# Release\n\n## Website\n\n1. Collect the changes.\n\nList what a customer would notice.\n\n2. Pick the version.\n\nAsk whether this is a fix or a feature. Do not guess when nobody has said.\n\n## Phone app\n\n1. Upload the build.\n\nRun the upload script. Do not guess when nobody has said.\n\n2. Announce it.\n\nPost the news in the team channel.\n',
      errors: [{ messageId: 'exact', line: 17 }],
      output: '# Release\n\n## Website\n\n1. Collect the changes.\n\nList what a customer would notice.\n\n2. Pick the version.\n\nAsk whether this is a fix or a feature. Do not guess when nobody has said.\n\n## Phone app\n\n1. Upload the build.\n\nRun the upload script.\n\n2. Announce it.\n\nPost the news in the team channel.\n',
    },
  ],
});
