/**
 * parsePersonaSentence reads a sentence only when it opens with one of the openers' first words
 * (`FIRST_WORDS` in rules/lib/personas.ts). One example per opener and leader form: a word missing
 * from that list makes its example fail here.
 */
import { describe, expect, it } from 'vitest';
import { parsePersonaSentence } from '../../rules/lib/personas.js';

const defining = [
  'You are a senior tax lawyer.',
  "You're a senior tax lawyer.",
  'You will be a senior tax lawyer.',
  "You'll be a senior tax lawyer.",
  'You shall be a senior tax lawyer.',
  'I want you to act as a senior tax lawyer.',
  "I'd like you to act as a senior tax lawyer.",
  'I would like you to behave like a senior tax lawyer.',
  'Please serve as a senior tax lawyer.',
  'Now function as a senior tax lawyer.',
  'Act as a senior tax lawyer.',
  'Behave like a senior tax lawyer.',
  'Serve as a senior tax lawyer.',
  'Function as a senior tax lawyer.',
  'Roleplay as a senior tax lawyer.',
  'Role-play as a senior tax lawyer.',
  'Pretend to be a senior tax lawyer.',
  'Imagine you are a senior tax lawyer.',
  'Play the role of a senior tax lawyer.',
  'Assume the persona of a senior tax lawyer.',
  'Take on the role of a senior tax lawyer.',
  'Adopt the identity of a senior tax lawyer.',
  'Your name is Max.',
  'You are called Max.',
  'Your role is that of a senior tax lawyer.',
  'I am Manus, an AI assistant.',
  "I'm Manus, an AI assistant.",
  'Role: Senior Tax Lawyer',
  '**Persona:** Senior Tax Lawyer',
  'Identity: Senior Tax Lawyer',
  'As a senior tax lawyer, you answer questions about filing.',
  // leaders
  'From now on, you are a senior tax lawyer.',
  'Remember that you are a senior tax lawyer.',
  'Important: you are a senior tax lawyer.',
  'Hello! You are a senior tax lawyer.',
  'In this conversation, you are a senior tax lawyer.',
  'Going forward, you are a senior tax lawyer.',
  'Henceforth you are a senior tax lawyer.',
  'For this session, you are a senior tax lawyer.',
  'Note that you are a senior tax lawyer.',
  'Today you are a senior tax lawyer.',
  'Hi, you are a senior tax lawyer.',
  // emphasis and quotes before the opener
  '**You are a senior tax lawyer.**',
  '"You are a senior tax lawyer."',
  '  _You are a senior tax lawyer._',
];

describe('parsePersonaSentence', () => {
  it.each(defining)('reads a definition: %s', (sentence) => {
    expect(parsePersonaSentence(sentence)).not.toBeNull();
  });

  it.each([
    'This function returns a list of lawyers.',
    'The tax lawyer plays no part here.',
    'Users act on the answer as a matter of course.',
    '1. You are a senior tax lawyer.',
  ])('reads no definition: %s', (sentence) => {
    expect(parsePersonaSentence(sentence)).toBeNull();
  });
});
