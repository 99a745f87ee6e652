/**
 * The near-copy reader (rules/lib/near-copies.ts) on texts written for this test: which units ask
 * for something, and which restatements in other words stand out from their prompt.
 */
import { describe, expect, it } from 'vitest';
import { asksSomething, margin, NEAR_MARGIN, nearCopies, nearScores, sharedWords, unitAsks } from '../../rules/lib/near-copies.js';

const TRAINING = [
  'Pin the random seeds whenever a training run must be reproducible.',
  'Log every metric to the experiment tracker after each epoch.',
  'Store checkpoints in the shared bucket, never on the laptop disk.',
  'Review the confusion matrix before you report accuracy.',
  'Fix your random seeds so that every training run can be reproduced exactly.',
];

describe('near copies: what asks for something', () => {
  it('reads imperatives, prohibitions and requests addressed to the reader as asking', () => {
    for (const t of ['Use pnpm for every install.', '- **Isolation**: Keep each test independent of the others.', 'When the build fails, report the first error.', 'Never push to main.', 'You review every diff.', '3. Validate the schema before saving.'])
      expect(asksSomething(t), t).toBe(true);
  });

  it('reads descriptions (noun phrases, third-person verbs, statements) as not asking', () => {
    for (const t of ['Welcome screen for new users', 'Returns a rounded float', 'Missing `tenantId` filters on scoped queries.', 'The API token link', 'Discarded runs are reverted.', 'Follow these rules when you call a tool:', 'Description: Request to run a shell command. Use this to build the project.'])
      expect(asksSomething(t), t).toBe(false);
  });

  it('reads a definition or an identity statement as not asking, even with a "you" in it, unless it holds a word of obligation', () => {
    for (const t of ['A **batch** is how you run one or more graders over stored transcripts.', 'The evaluators are what you attach to a project.', '- A task is the unit you schedule.', 'You are an expert in pulling skill names out of job ads.', "You're Quill, a careful copy editor."])
      expect(asksSomething(t), t).toBe(false);
    for (const t of ['The summary is never longer than ten lines.', 'The reply must be in English.', 'You are in read-only mode: do not modify any file.']) expect(asksSomething(t), t).toBe(true);
  });

  it('reads a unit as asking when any of its sentences does', () => {
    expect(unitAsks('Speed matters here. Keep the harness quick.')).toBe(true);
    expect(unitAsks('Speed matters here. The harness runs often.')).toBe(false);
  });
});

describe('near copies: pairs', () => {
  it('pairs a restatement in other words with its source, above the margin', () => {
    const copies = nearCopies(TRAINING, NEAR_MARGIN, () => true);
    expect(copies.map((c) => [c.earlier, c.later])).toEqual([[0, 4]]);
    expect(margin(nearScores(TRAINING), 0, 4)).toBeGreaterThanOrEqual(NEAR_MARGIN);
  });

  it('leaves the pair to `eligible`', () => {
    expect(nearCopies(TRAINING, NEAR_MARGIN, (e, l) => !(e === 0 && l === 4))).toEqual([]);
  });

  it('does not pair a prohibition with the request it forbids', () => {
    const texts = ['Never commit generated lockfiles to the repository.', 'Write the changelog entry in the past tense.', 'Ask before deleting any branch.', 'Commit the generated lockfiles to the repository with each change.'];
    expect(nearCopies(texts, NEAR_MARGIN, () => true)).toEqual([]);
  });

  it('reads a negation under an ordering word as a sequence, not a prohibition', () => {
    const texts = ['Never request the password before checking whether the visitor is already signed in.', 'Summarize the order history in a table.', 'Greet the visitor by name.', 'Check that the visitor is already signed in before you request a password.'];
    expect(nearCopies(texts, NEAR_MARGIN, () => true).map((c) => [c.earlier, c.later])).toEqual([[0, 3]]);
  });

  it('does not pair two units that name different commands', () => {
    const texts = ['Run `make check` before pushing the release branch.', 'Keep the release notes under a page.', 'Tag the release commit with its version.', 'Run `make lint` before pushing the release branch.'];
    expect(nearCopies(texts, NEAR_MARGIN, () => true)).toEqual([]);
  });

  it('does not pair lines of one crowded topic: each is as alike to the others', () => {
    const texts = [
      'Write unit tests for every parser function.',
      'Write unit tests for every formatter function.',
      'Write unit tests for every loader function.',
      'Write unit tests for every exporter function.',
      'Write unit tests for every cache function.',
    ];
    expect(nearCopies(texts, NEAR_MARGIN, () => true)).toEqual([]);
  });

  it('does not pair two descriptions of one feature', () => {
    const texts = ['Welcome screen for first-time users of the notebook', 'Keyboard shortcut sheet', 'Dark theme toggle', 'Welcome screen for first-time users of the editor'];
    expect(nearCopies(texts, NEAR_MARGIN, () => true)).toEqual([]);
  });

  it('leaves a sentence copied word for word into two different units to the copy path', () => {
    const texts = [
      'If no order number is printed, say so in one line. Forward the scanned invoice to the finance inbox and end the import.',
      'Read the supplier name and the total from the scan.',
      'Check that the tax rate matches the supplier country.',
      'If the requester rejects a price, record the rejection. Forward the scanned invoice to the finance inbox and end the import.',
    ];
    expect(nearCopies(texts, NEAR_MARGIN, () => true)).toEqual([]);
    // the same pair, reworded: a restatement this path reports
    const reworded = [...texts.slice(0, 3), 'If the requester rejects a price, record the rejection. Send the scanned invoice on to the finance inbox, then end the import.'];
    expect(nearCopies(reworded, NEAR_MARGIN, () => true).map((c) => [c.earlier, c.later])).toEqual([[0, 3]]);
  });

  it('names the words the two share, as the later one spells them', () => {
    expect(sharedWords(TRAINING[0]!, TRAINING[4]!)).toEqual(expect.arrayContaining(['fix', 'random', 'seeds']));
  });
});
