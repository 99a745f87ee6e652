/**
 * Summaries written as such (issue 14, item 3: "a summary before the full text"): a closing section
 * whose subsections mirror the topics of the sections before it (a digest of the whole prompt under
 * any title), and a short block that points to the full rules ("See the quoting section for the full
 * rules."). Their restatements are deliberate structure: set apart as recaps (reported only with
 * `summaries`). The same restatements without that structure are still reported.
 */
import rule from '../../rules/duplicate-instruction.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const BODY =
  '# Shop assistant\n\n## Communication\n\n- Answer in the language the customer writes in.\n- Keep replies under five sentences unless asked for detail.\n- Sign each reply with the name of the shop, never with a person\'s name.\n- Use the customer\'s first name once, in the greeting.\n\n' +
  '## Refund handling\n\n- Check the order date before promising a refund.\n- Refunds above 200 euros go to a human agent.\n- Explain that refunds reach the card within ten working days.\n- Offer store credit only after the customer declines a refund.\n\n' +
  '## Shipping questions\n\n- Quote the carrier tracking link, not an estimate.\n- Never promise a delivery date the carrier has not given.\n- Apologise once for a late parcel, then give the next step.\n- Send parcels that are lost for a week to the claims team.\n\n' +
  '## Account security\n\n- Ask for the order number before discussing an account.\n- Never read out a stored payment card number.\n- Forward messages that look like phishing to the security team.\n- Reset passwords only through the emailed link.\n\n' +
  '## Product catalogue\n\n- Recommend only products that are in stock today.\n- Name the product page when you recommend an item.\n- Suggest at most one alternative when an item is sold out.\n- Mention the warranty length for electronics.\n\n';

const DIGEST =
  '# How you work\n\n## Communication style\n\n- Answer in the language the customer writes in.\n- Be brief and friendly.\n- Use plain words.\n\n## Refunds\n\n- Check the order date before promising a refund.\n- Large refunds need a person.\n- Say how long a refund takes.\n\n' +
  '## Shipping\n\n- Never promise a delivery date the carrier has not given.\n- Share tracking links.\n- Apologise for delays once.\n\n## Security\n\n- Verify the order before account talk.\n- Card numbers stay private.\n- Report phishing attempts.\n\n## Catalogue\n\n- Stock matters when recommending.\n- Link product pages.\n- Suggest one alternative at most.\n';

const NEW_TOPICS =
  '# How you work\n\n## Greetings\n\n- Answer in the language the customer writes in.\n- Be brief and friendly.\n- Use plain words.\n\n## Escalations\n\n- Check the order date before promising a refund.\n- Large refunds need a person.\n- Say how long a refund takes.\n\n' +
  '## Holidays\n\n- Never promise a delivery date the carrier has not given.\n- Share tracking links.\n- Apologise for delays once.\n\n## Gift cards\n\n- Gift cards cannot be exchanged for cash.\n- Card numbers stay private.\n- Report phishing attempts.\n\n## Feedback\n\n- Invite a rating after the issue is solved.\n- Link product pages.\n- Suggest one alternative at most.\n';

const POINTED =
  '# Research helper\n\n## Searching\n\nUse the search tool for anything that may have changed this year.\n\n**Citation limits:**\n- Quote at most ten words from any one source.\n- Use one quote per source at most.\nSee the citations section for the full rules.\n\n' +
  '## Answer style\n\n- Lead with the answer, then the sources.\n\n## Source citations\n\n- Quote at most ten words from any one source. Longer quotes must be paraphrased.\n- Use one quote per source at most.\n- Never quote song lyrics or poems.\n';

/** `text` without the last occurrence of each of `lines` (what the fix deletes). */
const withoutLast = (text: string, ...lines: string[]) => lines.reduce((t, l) => t.slice(0, t.lastIndexOf(l)) + t.slice(t.lastIndexOf(l) + l.length), text);

const CHECKLIST = (lead: string) =>
  `# Release agent\n\nYou prepare releases of the billing service.\n\n${lead}\n- Every tag signed with the release key\n- Changelog entry written for each user-facing change\n- Migrations tested against a copy of production\n\n` +
  '## Tagging\n\n- Create tags from the main branch only.\n- Every tag signed with the release key\n\n## Database\n\n- Migrations tested against a copy of production\n- Keep each migration reversible.\n';

runRuleTests(rule, {
  valid: [
    { name: 'a list under a checklist lead-in, restated by the rules below it', code: CHECKLIST('Release excellence checklist:') },
    { name: 'a closing section whose subsections mirror the topics before it (a digest)', code: BODY + DIGEST },
    { name: 'a short block that points to the full rules', code: POINTED },
  ],
  invalid: [
    {
      name: 'the same list under a lead-in that names no recap',
      code: CHECKLIST('Before each release:'),
      errors: [
        { messageId: 'exact', line: 13 },
        { messageId: 'exact', line: 17 },
      ],
      output: withoutLast(CHECKLIST('Before each release:'), '- Every tag signed with the release key\n', '- Migrations tested against a copy of production\n'),
    },
    {
      name: 'the same closing restatements under new topics are still reported',
      code: BODY + NEW_TOPICS,
      errors: [
        { messageId: 'exact', line: 42 },
        { messageId: 'exact', line: 48 },
        { messageId: 'exact', line: 54 },
      ],
      output: withoutLast(BODY + NEW_TOPICS, '- Answer in the language the customer writes in.\n', '- Check the order date before promising a refund.\n', '- Never promise a delivery date the carrier has not given.\n'),
    },
    {
      name: 'the short block without its pointer is still reported',
      code: POINTED.replace('See the citations section for the full rules.\n', ''),
      errors: [
        { messageId: 'sentence', line: 17 },
        { messageId: 'exact', line: 18 },
      ],
      output: withoutLast(POINTED.replace('See the citations section for the full rules.\n', ''), '- Use one quote per source at most.\n'),
    },
  ],
});
