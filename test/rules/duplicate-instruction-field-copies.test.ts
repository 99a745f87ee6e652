/**
 * Word-for-word copies that the structure does not explain: a bold-label field line pasted into
 * another section, and a sentence that opens on a pronoun pasted whole into another section. A field
 * line stays exempt where it is positively per-item (the same label with different values in
 * parallel items), and a pronoun sentence where it is only part of what is copied.
 */
import rule from '../../rules/duplicate-instruction.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'a field line repeated in each item of a parallel list',
      code:
        '## Endpoints\n\n### Orders\n\n- **Route**: `/orders`\n- **Caching**: Cache responses for five minutes on the edge\n\n' +
        '### Invoices\n\n- **Route**: `/invoices`\n- **Caching**: Cache responses for five minutes on the edge\n',
    },
    {
      name: 'a template line with placeholders under two headings',
      code: '## High priority\n\n- [ ] #[ticket-id]: [Summary] - $N/month saved on storage costs\n\n## Low priority\n\n- [ ] #[ticket-id]: [Summary] - $N/month saved on storage costs\n',
    },
    {
      name: 'a field whose value is a noun phrase, in two sections',
      code: '## Orders\n\n**Output:** a list of every late order.\n\n## Refunds\n\n**Output:** a list of every late order.\n',
    },
    {
      name: 'a field whose value is a list of short items, in two sections',
      code: '## Slider\n\n**Hosts:** web pages, mobile apps, kiosk screens\n\n## Toggle\n\n**Hosts:** web pages, mobile apps, kiosk screens\n',
    },
    {
      name: 'a field that cites a page, in two sections',
      code: '## Build\n\nMore information: [Build the bundle for release](https://example.com/build)\n\n## Ship\n\nMore information: [Build the bundle for release](https://example.com/build)\n',
    },
    {
      name: 'a pronoun sentence in two sections, differently continued',
      code: '## Linter\n\nKeep it fast on every save. Run the linter with the cache enabled.\n\n## Formatter\n\nKeep it fast on every save. Run the formatter on changed files only.\n',
    },
  ],
  invalid: [
    {
      name: 'a bold-label field line copied word for word into another section',
      code:
        '## Code style\n\n- **Naming**: Prefer descriptive names for every exported helper\n- Keep functions short.\n\n' +
        '## Reviews\n\n- Ask for a second reviewer on schema changes.\n- **Naming**: Prefer descriptive names for every exported helper\n',
      output:
        '## Code style\n\n- **Naming**: Prefer descriptive names for every exported helper\n- Keep functions short.\n\n' +
        '## Reviews\n\n- Ask for a second reviewer on schema changes.\n',
      errors: [{ messageId: 'exact', line: 9 }],
    },
    {
      name: 'a whole pronoun sentence copied word for word into another section',
      code:
        '## Release gate\n\n1. Read the changelog before tagging.\n2. Run the smoke suite when the diff touches the public API.\n3. Run it after every schema migration and before tagging the release.\n\n' +
        '## Steps\n\n1. Patch the bug on the release branch.\n2. Write the changelog entry in plain English.\n3. Ask for a review from the owning team.\n4. Run it after every schema migration and before tagging the release.\n',
      output:
        '## Release gate\n\n1. Read the changelog before tagging.\n2. Run the smoke suite when the diff touches the public API.\n3. Run it after every schema migration and before tagging the release.\n\n' +
        '## Steps\n\n1. Patch the bug on the release branch.\n2. Write the changelog entry in plain English.\n3. Ask for a review from the owning team.\n',
      errors: [{ messageId: 'exact', line: 12 }],
    },
  ],
});
