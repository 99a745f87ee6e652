/**
 * Which titles and lead-ins hold samples (rules/lib/scope.ts `classifyTitle`, issue 14 item 3): a
 * sample word that heads the title, or "example"/"sample" opening it, hides what it holds; a sample
 * word that qualifies another head, or is the object of a step, hides nothing.
 */
import { describe, expect, it } from 'vitest';
import { classifyTitle } from '../../rules/lib/scope.js';

describe('titles that hold samples', () => {
  it.each([
    'Examples',
    'Example output',
    'Example: a commit message',
    'Example 2 (bad)',
    'Response template',
    'Examples of good commit messages',
    'Good examples',
    'Use this template:',
    'Use the following template:',
    'For example:',
    'Run the smoke suite (examples)',
    '5.2 Example tests with the harness',
    'Worked examples and patterns',
    'Quoted material',
    'Recurring maintainer principles (quoted)',
  ])('%s holds samples', (title) => {
    expect(classifyTitle(title)).toBe('example');
  });

  it.each([
    'Template validation rules',
    'Read the PR description template:',
    'Fill out each section from the template:',
    'Template storage',
    'Copy the example environment file',
    'Before reading code examples, check the language:',
    'Quote style',
    'String quotes',
    'Quoting',
  ])('%s holds instructions', (title) => {
    expect(classifyTitle(title)).not.toBe('example');
  });
});
