import { MIN_PASSWORD_SCORE, passwordWeakness } from './password-policy';

describe('passwordWeakness', () => {
  it.each(['aaaaaaaaaaaa', 'Password1234', '123456789012', 'qwertyuiopas', 'azertyuiop12', 'iloveyou2024'])(
    'refuses %p, saying why',
    (password) => {
      expect(passwordWeakness(password)).toMatch(
        new RegExp(`^is too easy to guess \\(strength [0-${MIN_PASSWORD_SCORE - 1}] of 4, at least 3 needed\\): .+`),
      );
    },
  );

  it.each(['plum-orbit-canal-42', 'a-good-password-42', 'Xk7#mQ2!vL9@pR4', 'correct horse battery staple'])('accepts %p', (password) => {
    expect(passwordWeakness(password)).toBeUndefined();
  });

  it("counts the account's own email and name as known words", () => {
    expect(passwordWeakness('camille.martin')).toBeUndefined();
    expect(passwordWeakness('camille.martin', ['camille.martin@centre-test.fr', 'Camille Martin'])).toMatch(/own email or name/);
  });

  it('stays quick on the longest passwords allowed', () => {
    // Only the first 72 characters are analysed.
    expect(passwordWeakness('x'.repeat(200))).toMatch(/repeats/);
  });
});
