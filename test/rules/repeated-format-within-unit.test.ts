// repeated-format-rule: a formatting rule stated inside a unit of several sentences, where every
// sentence narrows the others and the unit's words key the rule, restated on its own in a later
// section, keyed by a few of those words ("- Create a Description section … Do not use bullet points
// for it." / "Write the Description section as prose paragraphs rather than bullet points."). A
// restatement about another thing, or about the whole reply, is not matched by part of a key. The
// texts are written for this test.
import rule from '../../rules/repeated-format-rule.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'the same format rule for another named thing',
      code:
        '## Steps\n\n- Create a Summary section that explains the incident in depth. Do not use bullet points for the summary.\n\n' +
        '## Output\n\n- Write the Timeline section as prose paragraphs rather than bullet points.\n',
    },
    {
      name: 'a rule for the whole reply is not a restatement of a rule for one section',
      code:
        '## Steps\n\n- Create a Summary section that explains the incident in depth. Do not use bullet points for the summary.\n\n' +
        '## Output\n\n- Never use bullet points.\n',
    },
  ],
  invalid: [
    {
      name: 'a rule inside a longer item restated on its own in another section',
      code:
        '## Steps\n\n- Create a Summary section that explains the incident in depth. Do not use bullet points for the summary.\n\n' +
        '## Output\n\n- Write the Summary section as prose paragraphs rather than bullet points.\n',
      errors: [{ messageId: 'repeated', line: 7 }],
    },
  ],
});
