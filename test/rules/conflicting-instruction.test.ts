import rule from '../../rules/conflicting-instruction.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    'Run `npm test` before committing.\nDo not run `npm run lint` before committing.\n',
    { name: 'condition differs', code: 'Never push to main without approval.\nAlways push to main.\n' },
    { name: 'scoped sections', code: '## When writing unit tests\n\nAlways mock the network.\n\n## When writing integration tests\n\nNever mock the network.\n' },
    { name: 'quoted and code', code: 'Always sign your commits.\n\n> Never sign your commits.\n\n```\nNever sign your commits.\n```\n' },
    { name: 'too generic', code: 'Do it.\nNever do it.\n' },
    { name: 'two YAML prompts', filename: '/virtual/p.prompt.yml', code: 'prompts:\n  - system: Always cite the source.\n  - system: Never cite the source.\n' },
    { name: 'deictic objects point elsewhere', code: 'The index tool is fast. Use it for symbol lookups.\n\nThe grep tool is slow. Do not use it for symbol lookups.\n' },
    { name: 'a purpose with a condition', code: 'Do not use the `deploy` tool.\n\nUse the `deploy` tool to ship a hotfix when staging is down.\n' },
    { name: 'a narrower prohibition', code: 'Always use the `lint` tool.\n\nNever use the `lint` tool to rewrite generated files.\n' },
    { name: 'a positive with a contracted negation', code: 'Never annotate local variables.\nAnnotate local variables that aren\'t initialized.\n' },
    { name: '"no" before a sentence is not a rule', code: 'No problem is too small to report.\n\nReport every problem you find.\n' },
    { name: 'list lead-ins', code: 'Use artifacts for:\n\n- code\n\nDo NOT use artifacts for:\n\n- chat\n' },
    { name: 'never and avoid restated', code: 'Never use the `any` type.\n\nAvoid the `any` type.\n' },
    { name: 'a tool the allow-list does not grant', code: '---\nallowed-tools: Bash, Read\n---\n\nRun the tests.\n\nDo not use WebFetch.\n' },
    { name: 'sections titled with situations scope what they say', code: '## Staging\n\nAlways run the migrations.\n\n## Production\n\nNever run the migrations.\n' },
    { name: 'a preference for one object against a soft prohibition', code: 'Prefer enums for status codes.\n\nAvoid enums.\n' },
    { name: 'sections for channels', code: '## Email\n\nAlways sign with the team name.\n\n## Chat\n\nNever sign with the team name.\n' },
    { name: 'a soft prohibition and a requirement for an occasion', code: 'Avoid force pushes.\n\nAlways force push after rebasing your own branch.\n' },
    { name: 'a conditioned prohibition and a requirement for an occasion', code: 'Do not run the full test suite unless asked.\n\nAlways run the full test suite before a release.\n' },
    { name: 'an allowed tool forbidden for one purpose', code: '---\nallowed-tools: Bash, Read\n---\n\nRun the tests.\n\nNever use Bash to edit files; use Edit.\n' },
    // round 6
    { name: 'a soft prohibition yields to a scoped use with an instrument', code: 'Avoid inline styles.\n\nStyle the email templates with inline styles.\n' },
    { name: 'acting as a persona is not using something', code: 'Never use jargon.\n\nAct as a friendly tutor.\n' },
    { name: 'an instrument that is another thing', code: 'Never use `eval`.\n\nParse the expressions with a proper parser.\n' },
    { name: 'a statement about the past is not an imperative', code: 'Never use Redux.\n\nOur old app was built with Redux.\n' },
    { name: 'round 7: an aside after a prohibition may narrow it', code: 'Never add badges (the README is rendered in a terminal).\n\nAdd badges to the docs site landing page.\n' },
    { name: 'round 7: a narrower prohibition does not cover a broader requirement', code: 'Always squash commits.\n\nNever squash commits on release branches.\n' },
    { name: 'round 7: a preference over the banned thing agrees with the ban', code: 'Never use seaborn.\n\nUse matplotlib over seaborn.\n' },
    { name: 'round 7: asking for zero of a thing agrees with its ban', code: 'Do not use jargon.\n\nUse absolutely zero jargon or buzzwords.\n' },
    { name: 'round 7: the banned object must stand as one phrase in the requirement', code: 'Never use pad-* classes for padding.\n\nPrefer gap classes for padding.\n' },
    { name: 'round 7: a ban that trails off into its cases', code: "Don't use widgets for...\n\nCreating a chart for the sales report makes a good widget.\n" },
    { name: 'round 7: a modifier between the verb and the object is another object', code: 'Do not use cached data.\n\nUse the cached exchange-rate table for lookups.\n' },
    // slots round: requirements against waivers
    { name: 'slots: a scoped waiver refines a requirement', code: 'Docstrings are required.\n\nDocstrings are optional in `scripts/`.\n' },
    { name: 'slots: a waiver for another occasion', code: 'Screenshots are required for every UI change.\n\nFor refactors you don\'t need to add screenshots.\n' },
    { name: 'slots: a waiver of another thing', code: 'Every endpoint must have an integration test.\n\nUnit tests are optional.\n' },
    { name: 'slots: a conditional write into the file', code: 'When you cut a release, you must add an entry to `NEWS.md`.\n\nDo not edit `NEWS.md`.\n' },
    { name: 'slots: writing into another file', code: 'You must add an entry to `NEWS.md`.\n\nDo not edit `HISTORY.md`.\n' },
    { name: 'slots: an allowed tool under another name', code: '---\ntools: [Read, Grep]\n---\n\nFix the bug.\n\nNever call Edit.\n' },
  ],
  invalid: [
    {
      name: 'slots: a requirement against a waiver of the same thing for the same occasion',
      code: 'Screenshots are required for every UI change.\n\nFor UI changes you don\'t need to add screenshots.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { verdict: 'Makes optional', where: 'line 1' } }],
    },
    {
      name: 'slots: a requirement of every case against an optional thing',
      code: '- Every module MUST have a license header.\n- License headers are optional.\n',
      errors: [{ messageId: 'conflict', line: 2, data: { verdict: 'Makes optional', where: 'line 1' } }],
    },
    {
      name: 'slots: a requirement to write into a file against a prohibition of editing it',
      code: 'Contributors must add a line to `NEWS.md`.\n\nNever edit `NEWS.md`; a bot writes it.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { verdict: 'Forbids editing', where: 'line 1' } }],
    },
    {
      name: 'slots: an allowed tool whose name is a synonym in the lexicon',
      code: '---\ntools: [Read, Edit]\n---\n\nFix the bug.\n\nNever call Edit.\n',
      errors: [{ messageId: 'forbidsAllowed', line: 7 }],
    },
    {
      name: 'a preference for one object against an absolute prohibition',
      code: 'Prefer enums for status codes.\n\nNever use enums.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'a command allowed through Bash, forbidden in the text',
      code: '---\nallowed-tools: Bash(npm:*), Read\n---\n\nBuild the package.\n\nNever run npm.\n',
      errors: [{ messageId: 'forbidsAllowed', line: 7 }],
    },
    {
      name: 'a tool off limits against a permission',
      code: 'You may use the `shell` tool to run commands.\n\nThe `shell` tool is off limits.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'a universal qualifier does not set a rule apart',
      code: 'Use default exports everywhere.\n\nAvoid default exports.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'plain titles are no evidence of scope',
      code: '## Prerequisites\n\nAlways run the linter.\n\n## Phase 2\n\nNever run the linter.\n',
      errors: [{ messageId: 'conflict', line: 7, data: { verdict: 'Forbids', where: 'line 3' } }],
    },
    {
      name: 'sections titled with topics are one set of rules',
      code: '## Setup\n\nAlways run the linter.\n\n## Workflow\n\nNever run the linter.\n',
      errors: [{ messageId: 'conflict', line: 7, data: { verdict: 'Forbids', where: 'line 3' } }],
    },
    {
      name: 'an absolute prohibition against a requirement for an occasion',
      code: 'Always run Prettier before committing.\n\nNever run Prettier; the CI formats the code.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { verdict: 'Forbids', where: 'line 1' } }],
    },
    {
      name: 'an allowed tool forbidden as commands',
      code: '---\ntools: Read, Edit, Bash\n---\n\nFix the failing test.\n\nDo not run any Bash commands.\n',
      errors: [{ messageId: 'forbidsAllowed', line: 7 }],
    },
    {
      name: 'use against avoid, with a noun phrase',
      code: 'Use technical jargon.\n\nAvoid technical jargon.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { verdict: 'Discourages', where: 'line 1' } }],
    },
    {
      name: '"No X" is a prohibition',
      code: 'No force pushes.\n\nUse force pushes to clean up history.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { verdict: 'Requires' } }],
    },
    {
      name: '"X is forbidden" against "you may"',
      code: 'You may use the `deploy` tool.\n\nThe `deploy` tool is forbidden.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { verdict: 'Forbids' } }],
    },
    {
      name: 'prefer against avoid',
      code: 'Prefer class components.\n\nAvoid class components.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'a tool in the frontmatter allow-list forbidden in the text',
      code: '---\nallowed-tools: Bash, Read, Edit\n---\n\nReview the change.\n\nNever use the Bash tool.\n',
      errors: [{ messageId: 'forbidsAllowed', line: 7, suggestions: 1, data: { tool: 'Bash', field: 'allowed-tools', where: 'line 2' } }],
    },
    {
      name: 'always / never',
      code: 'Always run the tests before committing.\nNever run the tests before committing.\n',
      errors: [{ messageId: 'conflict', line: 2, column: 1, suggestions: 2, data: { verdict: 'Forbids', action: 'run the tests before committing', where: 'line 1' } }],
    },
    {
      name: 'do / do not',
      code: 'Do not use semicolons.\n\nUse semicolons.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { verdict: 'Requires' } }],
    },
    {
      name: 'must / must not, CRLF',
      code: 'You must commit the lockfile.\r\nYou must not commit the lockfile.\r\n',
      errors: [{ messageId: 'conflict', line: 2 }],
    },
    {
      name: 'synonyms from the lexicon',
      code: 'Always utilize the staging database for migrations.\nNever use the staging database for migrations.\n',
      errors: [{ messageId: 'conflict', line: 2, data: { verdict: 'Forbids' } }],
    },
    {
      name: 'refrain from / make sure to',
      code: 'Make sure to ask for confirmation before deleting files.\nRefrain from asking for confirmation before deleting files.\n',
      errors: [{ messageId: 'conflict', line: 2 }],
    },
    {
      name: 'under no circumstances',
      code: 'Under no circumstances should you log the request body.\n\nAlways log the request body.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { verdict: 'Requires' } }],
    },
    {
      name: 'a prohibition against the same action with a purpose',
      code: 'Do not use the `deploy` tool.\n\nUse the `deploy` tool to push the build to staging.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { verdict: 'Requires', where: 'line 1' } }],
    },
    {
      name: '"steer clear of" prohibits a noun phrase',
      code: 'Steer clear of global variables.\n\nAlways use global variables.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'a requirement done with what a prohibition forbids',
      code: 'Never use `eval`.\n\nParse the expressions with `eval`.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'a requirement that types something as what is forbidden',
      code: 'Do not use `any`.\n\nType the payloads as `any`.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: '"avoid" against doing everything with it',
      code: 'Avoid using inheritance.\n\nModel everything with inheritance.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'straight is directly',
      code: 'Never push directly to main.\n\nPush straight to main.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: '"No X statements" against using X',
      code: 'No `print` statements.\n\nUse `print` to show progress.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'round 7: a prohibition stated of a noun covers adding it',
      code: 'Docstrings are not allowed.\n\nAdd a docstring to every public function.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'round 7: an absolute prohibition covers a requirement with more words',
      code: 'Never squash commits.\n\nMake sure to squash commits before merging.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'round 7: writing is adding',
      code: 'Do not write changelog entries.\n\nAlways add a changelog entry for user-facing changes.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'round 7: a reason after a semicolon does not narrow a prohibition',
      code: "Don't write docstrings; the docs site holds all documentation.\n\nAlways add a docstring to every public function.\n",
      errors: [{ messageId: 'conflict', line: 3 }],
    },
  ],
});
