import { describe, expect, it } from 'vitest';
import { caseTitle } from '../../rules/lib/alternatives.js';

describe('caseTitle: a section title that names one case of a choice', () => {
  it.each([
    'If the verdict is PASS:',
    'Otherwise',
    '3b. If the user declines',
    'Path 1: From an exported file',
    'Option B',
    'Mode: review',
    'Self-paced path',
    'Unattended batch path',
    'Interactive drafting mode',
    'Plan mode (read-only)',
    '1a. Research for a fix round (fix mode only)',
    'Importing spreadsheets (CSV exports only)',
  ])('%s', (t) => expect(caseTitle(t)).toBe(true));
  it.each([
    '',
    'When writing the summary',
    'Delete the branch',
    'Merge to the base branch',
    'Path resolution',
    'Option parsing',
    'Pathfinding',
    'Use cases',
    'Only the essentials',
    'Step 2: Build the index',
  ])('not %s', (t) => expect(caseTitle(t)).toBe(false));
});
