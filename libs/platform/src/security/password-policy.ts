import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** zxcvbn's score runs from 0 (guessed at once) to 4; 3 means "safely unguessable" (about 10^10 guesses). */
export const MIN_PASSWORD_SCORE = 3;

// zxcvbn's warnings are keys; these say them in a sentence.
const WARNINGS: Record<string, string> = {
  straightRow: 'it is a straight row of keys',
  keyPattern: 'it is a short keyboard pattern',
  simpleRepeat: 'it repeats characters, like "aaa"',
  extendedRepeat: 'it repeats a pattern, like "abcabcabc"',
  sequences: 'it is a common sequence, like "abc" or "123"',
  recentYears: 'it contains a recent year',
  dates: 'it contains a date',
  topTen: 'it is one of the ten most used passwords',
  topHundred: 'it is one of the hundred most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is close to a commonly used password',
  wordByItself: 'it is a single word',
  namesByThemselves: 'it is a name or surname by itself',
  commonNames: 'it contains a common name or surname',
  userInputs: "it contains the account's own email or name",
  pwned: 'it appeared in a data breach',
};

let estimator: ZxcvbnFactory | undefined;

/**
 * Why a new password is too easy to guess, or undefined when it is strong enough. `userInputs` (the
 * account's email, name...) count as known words. Length and blank checks belong to the caller.
 */
export function passwordWeakness(password: string, userInputs: readonly string[] = []): string | undefined {
  // Only the first 72 characters are analysed: longer ones cost up to 0.1 s each and are strong anyway.
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, maxLength: 72 });
  // The whole input, an email's local part, and each word.
  const inputs = userInputs
    .flatMap((input) => [input, input.split('@')[0], ...input.toLowerCase().split(/[^\p{L}\p{N}]+/u)])
    .filter((word) => word.length >= 3);
  const result = estimator.check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return undefined;
  const why = result.feedback.warning ? (WARNINGS[result.feedback.warning] ?? result.feedback.warning) : 'it is too predictable';
  return `is too easy to guess (strength ${result.score} of 4, at least ${MIN_PASSWORD_SCORE} needed): ${why}`;
}
