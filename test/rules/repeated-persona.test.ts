import rule from '../../rules/repeated-persona.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    'You are a coding assistant.\n\nYou are responsible for the build.\nYou are now in plan mode.\nYou are not allowed to push.\n',
    { name: 'dialogue, quote and code', code: 'You are a coding assistant.\n\nUser: You are a coding assistant, right?\n\n> You are a coding assistant.\n\n```\nYou are a coding assistant.\n```\n' },
    { name: 'different roles with one head', code: 'You are an ML engineer.\n\nYou are a deployment engineer.\n' },
    { name: 'generic heads need the same modifiers', code: 'You are an expert AI programming assistant.\n\nYou are an assistant: keep going until done.\n' },
    { name: 'framing', code: 'You are a team lead.\n\nAs a lead, you review every pull request.\n' },
    { name: 'scoped sections', code: '# Help me write\n\nYou are an assistant helping a user write.\n\n# Brainstorm ideas\n\nYou are an assistant helping a user brainstorm.\n' },
    // crewAI joins role, goal and backstory into one prompt: the role is a label the backstory describes
    { name: 'crewAI role field and backstory', filename: '/virtual/agents.yaml', code: 'researcher:\n  role: >\n    Senior Data Researcher\n  backstory: >\n    You are a data researcher. You love sources.\n' },
    { name: 'two crewAI agents', filename: '/virtual/agents.yaml', code: 'a:\n  role: >\n    Data Analyst\n  backstory: >\n    You love numbers.\nb:\n  role: >\n    Data Analyst\n  backstory: >\n    You love charts.\n' },
  ],
  invalid: [
    {
      name: 'name restated',
      code: 'You are Lumo, a privacy-first assistant.\n\nHelp with accounts.\n\nYou are Lumo.\n',
      errors: [{ messageId: 'repeated', line: 5, column: 1, endLine: 5, endColumn: 14, data: { persona: 'Lumo', where: 'line 1' }, suggestions: 1 }],
    },
    {
      name: 'role restated with more words: no fix',
      code: 'You are a data scientist.\n\nAct as a senior data scientist who explains every step.\n',
      errors: [{ messageId: 'repeated', line: 3 }],
    },
    {
      name: 'crewAI backstory restating itself (not its role label)',
      filename: '/virtual/agents.yaml',
      code: 'researcher:\n  role: >\n    Senior Data Researcher\n  backstory: >\n    You are a data researcher. You love sources.\n    You are a data researcher who reads everything.\n',
      errors: [{ messageId: 'repeated', line: 6, data: { persona: 'a data researcher', where: 'line 5' } }],
    },
    {
      name: 'a "Who you are" section does not narrow the scope',
      code: 'You are Ada, the support assistant of Quill Pens.\n\n## Who you are\n\nYour name is Ada and you work in the care team.\n',
      errors: [{ messageId: 'repeated', line: 5, data: { persona: 'Ada', where: 'line 1' } }],
    },
    {
      name: 'adjectives joined by "and", "UI/UX"',
      code: 'You are a patient and thorough UI/UX designer.\n\nCheck contrast.\n\nYou are an experienced UI/UX designer.\n',
      errors: [{ messageId: 'repeated', line: 5, data: { persona: 'a patient and thorough UI/UX designer', where: 'line 1' }, suggestions: 1 }],
    },
    {
      name: '"Remember that" before the restatement',
      code: 'You are Ada, the support assistant of Quill Pens.\n\n## Reminders\n\nCheck every answer. Remember that you are Ada from Quill Pens.\n',
      errors: [{ messageId: 'repeated', line: 5, data: { persona: 'Ada', where: 'line 1' } }],
    },
  ],
});
