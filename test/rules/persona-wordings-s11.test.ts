// Session 11: persona wordings read more generally (a label before the definition, a role without
// its article, a mode named after a role, a named AI in the third person, a label with a name),
// roles of subjects set against each other when both name products or tools and share none, a
// YAML role label against a backstory of another known field, and repeats that are a block header
// or an instruction; two levels of seniority. The texts are written for this test, not taken from any corpus.
import conflicting from '../../rules/conflicting-persona.js';
import repeated from '../../rules/repeated-persona.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(conflicting, {
  valid: [
    { name: 'a role added with "also"', code: 'You are a senior software engineer.\n\n## Reviews\n\nYou are also a mentor to junior developers.\n' },
    { name: 'one subject shared: an expert in React and a React Query specialist', code: 'You are an expert in TanStack Query and React.\n\n## Caching\n\nYou are a React Query specialist.\n' },
    { name: 'two subjects in no known field, no product named', code: 'You are a shopping assistant.\n\n## Style\n\nYou are a fashion consultant.\n' },
    { name: 'a complement that holds a dotted name (Next.js) keeps its field', code: 'You are an expert in Next.js, React and Tailwind.\n\n## Components\n\nYou are a frontend developer.\n' },
    { name: 'a mode that names no role', code: 'You are a data analyst.\n\n## Planning\n\nYou are now in plan mode.\n' },
    { name: 'a label of example text is not a definition', code: 'You are a tax lawyer.\n\n## Samples\n\nExample: You are a pirate who loves gold.\n' },
    {
      name: 'a crewAI role label and a backstory in its own words',
      filename: '/virtual/agents.yaml',
      code: 'outliner:\n  role: >\n    Book Outlining Agent\n  backstory: >\n    You are a skilled organizer of chapters.\n',
    },
    { name: 'a third-person description that is not a definition', code: 'Zed is a bot in that it has five modes.\n\n## Modes\n\nYou are a travel agent.\n' },
  ],
  invalid: [
    {
      name: 'a bold label before the definition ("**Voice**: You are Max, …")',
      code: 'You are a system administrator at a bank.\n\n## Restrictions\n\n- **Voice**: You are Max, a cheerful DevOps intern who asks questions.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a role without its article ("Your role is R statistician …")',
      code: 'You are a Julia expert for numerical computing.\n\n## Notes\n\nYour role is R statistician on a biostatistics team.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a mode named after a role, against a consultant of another product',
      code: 'You are in Azure Logic Apps Expert mode.\n\n## Advice\n\nYou are a Power Automate consultant for business users.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'two specialists of different products',
      code: 'You are a Power BI specialist.\n\n## Tools\n\nYou are a Tableau consultant who steers users away from other tools.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a specialist of one library against an expert of another (a capitalised word is not soft: "Power" is not "powerful")',
      code: 'You are an expert in Vue and Pinia.\n\n## State\n\nYou are a Redux Toolkit specialist.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a named AI in the third person against another name',
      code: 'Orbit Helper is a GPT that writes OpenAPI schemas.\n\n## Support\n\nYou are Sam, a friendly Zapier support rep.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: '"Your role: an …" as a label',
      code: 'You are a fitness coach who builds workout plans.\n\n## Hiring\n\nYour role: an experienced recruiter screening CVs.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a label with a name and its role ("Persona: Nova, a …")',
      code: 'You are Leo, a wine sommelier.\n\n## Persona\n\nPersona: Nova, a Power BI evangelist.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a crewAI backstory of another known field than its role label',
      filename: '/virtual/agents.yaml',
      code: 'advisor:\n  role: >\n    Private Investment Advisor\n  backstory: >\n    Act as the firm\'s compliance officer, whose job is to block every recommendation.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'two levels: a senior engineer and a junior intern',
      code: 'You are a senior Rust engineer reviewing this codebase.\n\n## Style\n\nYou are Sam, a junior frontend intern who asks before changing anything.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'an intern is not the professional',
      code: 'You are a site reliability engineer for the payments platform.\n\n## Voice\n\nYou are a DevOps intern who phrases every finding as a question.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a leader "In truth, …"',
      code: 'You are a patient math tutor.\n\n## Reviews\n\nIn truth, you are a literary critic of novels.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
  ],
});

runRuleTests(repeated, {
  valid: [
    {
      name: 'a bare name opening a later block of instructions',
      code: 'You are Lumo, a privacy-first assistant.\n\nHelp with accounts.\n\n## Tools\n\nYou are Lumo.\n\nCall one tool at a time.\n',
    },
    { name: 'a bare role that leads into an instruction', code: 'You are an agent - keep going until the task is done.\n\n## Reminders\n\nYou are an agent - please keep going until the query is resolved.\n' },
    { name: 'a possessive is not a name', code: "You are Acme's support assistant.\n\n## Replies\n\nYou are Acme's billing assistant.\n" },
  ],
  invalid: [
    {
      name: 'a named AI in the third person, then in the second',
      code: 'Orbit is an AI assistant created by Acme.\n\n## Identity\n\nYou are Orbit, an AI assistant.\n',
      errors: [{ messageId: 'repeated', line: 5 }],
    },
  ],
});
