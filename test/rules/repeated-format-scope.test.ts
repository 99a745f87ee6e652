// What scopes a formatting rule (issue 14, item 3; rules/lib/scope.ts): a title or list lead-in
// narrows the rules under it only when it positively names what they govern: a condition ("When
// writing tests", "For tool calls:"), an artifact, part of the output or channel as the whole title
// ("## Commit messages", "Follow these rules regarding tool calls:"), or a short label naming a
// language, platform or audience ("Java:"). A topic that merely mentions an artifact ("## API
// documentation and Swagger", "### Mask sensitive data in logs"), a topic lead-in ("Platform
// evaluation:", "Questions to ask:"), a question the section answers ("## When to use this skill")
// and sibling policies ("# Communication policy" / "# Proactiveness policy") narrow nothing. Both
// format rules read the same scopes, so both are tested. The texts are written for this test.
import conflicting from '../../rules/conflicting-format-rule.js';
import repeated from '../../rules/repeated-format-rule.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(conflicting, {
  valid: [
    {
      name: 'a title that names an artifact scopes its rules',
      code: '# Repo helper\n\nUse headings to structure answers.\n\n## Commit messages\n\n- Never use headings.\n- Keep the subject under 50 characters.\n',
    },
    {
      name: 'a lead-in that says which output its rules govern',
      code: '# Agent\n\nReply in plain text.\n\n## Tools\n\nYou can call tools. Follow these rules regarding tool calls:\n\n- Respond in JSON.\n- Name one tool per call.\n',
    },
    {
      name: 'a condition title scopes its rules',
      code: '# Coder\n\nNever use tables.\n\n## When writing test reports\n\n- Present results in a table.\n',
    },
    {
      name: 'a short label naming a language scopes its list',
      code: '# Style\n\nIndentation rules:\n\nJava:\n\n- Use tabs for indentation.\n\nPython:\n\n- Use spaces for indentation.\n',
    },
    {
      name: 'sibling guidelines for two platforms stay apart',
      code: '# Mobile team\n\n## iOS guidelines\n\n- Use a casual tone.\n\n## Android guidelines\n\n- Write in a formal tone.\n',
    },
    {
      name: 'a good/bad sample label holds samples, not rules',
      code: '# Reviewer\n\nWrite in a formal tone.\n\n## Feedback\n\nPoor prompt:\n\n- Use a casual tone.\n\nImproved prompt:\n\n- Write in a formal tone.\n',
    },
  ],
  invalid: [
    {
      name: 'a topic title that mentions documentation does not narrow a rule',
      code: '# Blazor rules\n\n## Error handling\n\n- Use headings to structure answers.\n- Log every exception.\n\n## API documentation and Swagger\n\n- Document every endpoint.\n- Never use headings.\n',
      errors: [{ messageId: 'conflict', line: 11 }],
    },
    {
      name: 'a task title that mentions logs does not narrow a rule',
      code: '# Actions guide\n\n### 1.4 Set concurrency groups\n\nUse bullet points for every list.\n\n### 4.3 Mask sensitive data in logs\n\nNever use bullet points.\n',
      errors: [{ messageId: 'conflict', line: 9 }],
    },
    {
      name: 'a step title that mentions testing does not narrow a rule',
      code: '# Builder\n\n## Step 1: Set up the project\n\n- Always include a code block for commands.\n\n## Step 5: Testing the artifact (optional)\n\nDon\'t use code blocks.\n',
      errors: [{ messageId: 'conflict', line: 9 }],
    },
    {
      name: 'a topic lead-in ("Questions to ask:") does not narrow a rule',
      code: '# Ops expert\n\n## Deploy\n\nQuestions to ask:\n\n- What is the rollback plan?\n- Do not use emojis.\n\n## Summary\n\n- Start every reply with an emoji.\n',
      errors: [{ messageId: 'conflict', line: 12 }],
    },
    {
      name: 'topic lead-ins of two phases do not narrow their rules',
      code: '# ML engineer\n\n### 1. Analysis\n\nPlatform evaluation:\n\n- Inventory systems\n- Write in a formal tone.\n\n### 2. Implementation\n\nMLOps patterns:\n\n- Automate everything\n- Use a casual tone.\n',
      errors: [{ messageId: 'conflict', line: 15 }],
    },
    {
      name: '"When to use this skill" is a question the section answers, not a condition',
      code: '# Data handling\n\nUse headings to structure answers.\n\n## When to use this skill\n\n- Handling personal data\n- Never use headings.\n',
      errors: [{ messageId: 'conflict', line: 8 }],
    },
    {
      name: 'sibling policies of one assistant are all in force at once',
      code: '# Communication policy\n\n## Guidelines\n\n- Write in a formal tone.\n\n# Proactiveness policy\n\nUse a casual tone.\n\n# Data integrity policy\n\n## Guidelines\n\n- Never invent data.\n',
      errors: [{ messageId: 'conflict', line: 9 }],
    },
  ],
});

runRuleTests(repeated, {
  valid: [
    {
      name: 'a lead-in that says which output its rules are for keeps a restatement apart',
      code: '# Repo helper\n\nNever use emojis.\n\n## Git\n\nFollow these rules for commit messages:\n\n- Emojis are not allowed.\n',
    },
  ],
  invalid: [
    {
      name: 'a topic title that mentions logs does not keep a restatement apart',
      code: '# Guide\n\n## Setup\n\nDo not use bold text.\n\n## Mask secrets in logs\n\nNever put words in bold.\n',
      errors: [{ messageId: 'repeated', line: 9 }],
    },
    {
      name: '"As noted above, …" labels a reminder: reported as one',
      code: '# Helper\n\nNever use emojis.\n\n## Style\n\nAs noted above, do not use emojis.\n',
      errors: [{ messageId: 'reminder', line: 7, severity: 'info', suggestions: 0 }],
    },
    {
      name: '"As mentioned earlier, …" labels a reminder: reported as one',
      code: '# Helper\n\nKeep every answer under 150 words.\n\n## Style\n\nAs mentioned earlier, responses must not exceed 150 words.\n',
      errors: [{ messageId: 'reminder', line: 7, severity: 'info', suggestions: 0 }],
    },
    {
      name: 'a one-sentence "REMINDER: …" is a reminder of the rule',
      code: '# Helper\n\nNever use emojis.\n\n## Style\n\nREMINDER: do not use emojis.\n',
      errors: [{ messageId: 'reminder', line: 7, severity: 'info', suggestions: 0 }],
    },
    {
      name: 'a topic lead-in does not keep a restatement apart',
      code: '# Helper\n\nKeep every answer under 150 words.\n\n## Review\n\nAnalysis priorities:\n\n- Dependency audit\n- Responses must not exceed 150 words.\n',
      errors: [{ messageId: 'repeated', line: 10 }],
    },
  ],
});
