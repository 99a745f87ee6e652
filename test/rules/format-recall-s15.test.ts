// Session 15: misses of the injected-defect sets, fixed in general terms (texts written for this test):
// a label made of a prohibition ("Avoid: …") negates what it labels, a verb of a task ("Create …")
// states a length when it gives a count with its bound, "never run past N" is a cap, and superlatives
// of length ("the shortest answer") are lengths, and bans on text around the output ("no notes, no
// explanations") are compared with each other.
import conflicting from '../../rules/conflicting-format-rule.js';
import repeated from '../../rules/repeated-format-rule.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(conflicting, {
  valid: [
    {
      name: 'an exact count within a range is no conflict',
      code: '- Write the TAKEAWAY-LINE as a 12-word sentence.\n\n## Output\n\n- The TAKEAWAY-LINE should be 10-15 words.\n',
    },
    {
      name: 'a task without a count is no length rule',
      code: '- Create a short intro for the page.\n\n## Output\n\n- Write at least 300 words.\n',
    },
    {
      name: 'a count that is no length ("in 2024") makes no rule of a task',
      code: '- Create a report of the sales in 2024.\n\n## Output\n\n- Keep it under 100 words.\n',
    },
  ],
  invalid: [
    {
      name: '"Avoid:" as a label bans what follows',
      code: '- **Avoid:** bullet points, marketing words\n\n## Release notes\n\n- Use bullet points.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: '"Never:" as a label bans what follows',
      code: 'Never: emojis.\n\n## Style\n\nUse emojis to keep it light.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a task verb with a bounded count, against another length for the same part',
      code: '- Create a closing line that sums up the talk in fewer than 20 words in a section called TAKEAWAY-LINE.\n\n## Output\n\n- The TAKEAWAY-LINE should be a full paragraph of about 70 words.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: '"never run past N" is a cap (an adjective between count and unit)',
      code: '- The summary should never run past three brief sentences.\n\n## Output\n\n- The summary should be at least six sentences long.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a superlative of length ("the shortest answer you can")',
      code: 'Give the shortest answer you can.\n\n## Style\n\nAlways give long, detailed answers.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'an exact count on a part and a looser cap on it',
      code: '- Write the TAKEAWAY-LINE as a 12-word sentence.\n\n## Output\n\n- The TAKEAWAY-LINE may run up to 30 words.\n',
      errors: [{ messageId: 'exact', line: 5 }],
    },
  ],
});

runRuleTests(repeated, {
  valid: [
    {
      name: 'a ban on notes in a field is no ban on text around the output',
      code: '- Do not put notes in the `summary` field.\n\n## Output\n\n- No explanations.\n',
    },
    {
      name: 'a ban on explanations inside long task paragraphs (one prompt of a list of prompts each)',
      filename: '/virtual/prompts.csv',
      code: '"act","prompt"\n"Chess Coach","I want you to act as a chess coach. I will tell you my move. You reply with your move. Keep the board in mind. Do not write explanations."\n"Speller","I want you to act as a spelling checker. I will send you a text. You send back the corrected text. Keep my wording. Only reply with the corrected text and nothing else, do not write explanations."\n',
    },
    {
      name: 'two additions around the output are not one rule said twice',
      code: '- After the JSON, add a one-line summary.\n\n## Output\n\n- Before the JSON, add a short introduction.\n',
    },
  ],
  invalid: [
    {
      name: 'a paragraph label that names no scope ("Context:") does not keep its lines apart',
      code: 'Context:\nYou shorten articles. Give the shortened text only: no notes, no explanations.\n\n## Rules\n\n- Exclude extra commentary or explanations.\n',
      errors: [{ messageId: 'repeated', line: 6 }],
    },
    {
      name: 'two bans on text around the output',
      code: '- Output the cleaned text only: no notes, no explanations.\n\n## Limits\n\n- Do not give warnings or notes.\n',
      errors: [{ messageId: 'repeated', line: 5 }],
    },
    {
      name: 'a ban on closing remarks after a named section, restating one in other words',
      code: '- Once the KEY POINTS section is written, stop there: no closing notes or caveats.\n\n## Output\n\n- Exclude extra commentary or explanations.\n',
      errors: [{ messageId: 'repeated', line: 5 }],
    },
    {
      name: 'a count of slides, with hedges ("somewhere", "total") that narrow nothing',
      code: '- The total length of the deck should be between 8 - 20 slides, depending on the input.\n\n## Output\n\n- Keep the deck somewhere between eight and twenty slides, depending on how much input there is.\n',
      errors: [{ messageId: 'repeated', line: 5 }],
    },
    {
      name: 'a task verb with a bounded count, restated with a verb of form',
      code: '- Draft a headline for the digest in less than 12 words in a section called DIGEST-HEADLINE.\n\n## Output\n\n- Keep the DIGEST-HEADLINE under 12 words.\n',
      errors: [{ messageId: 'repeated', line: 5 }],
    },
  ],
});
