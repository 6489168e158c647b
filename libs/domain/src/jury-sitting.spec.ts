import { expectedSigners, juryHasSat, minutesSigned, signingObstacle, sittingMembers, SittingMember } from './jury-sitting';

const member = (id: string, over: Partial<SittingMember> = {}): SittingMember => ({
  id,
  listed: true,
  present: null,
  president: false,
  ...over,
});

describe('the jury sits on its day', () => {
  it.each([
    ['2027-07-01', '2026-11-30', false],
    ['2026-11-30', '2026-11-30', true],
    ['2026-11-29', '2026-11-30', true],
  ])('held on %s, today %s → has sat: %s', (heldOn, today, expected) => {
    expect(juryHasSat(heldOn, today)).toBe(expected);
  });
});

describe('who sits', () => {
  const listed = [member('a'), member('b'), member('c', { president: true })];

  it('before presence is recorded, the listed members (never a replacement)', () => {
    expect(sittingMembers(listed, false).map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('once recorded, those present, replacements included', () => {
    const recorded = [
      member('a', { present: true }),
      member('b', { present: false }),
      member('c', { present: true, president: true }),
      member('r', { listed: false, present: true }),
    ];
    expect(sittingMembers(recorded, true).map((m) => m.id)).toEqual(['a', 'c', 'r']);
    expect(expectedSigners(recorded, true, 'all_present').map((m) => m.id)).toEqual(['a', 'c', 'r']);
    expect(expectedSigners(recorded, true, 'president').map((m) => m.id)).toEqual(['c']);
  });

  it('signed when every expected signer signed, never when nobody is expected', () => {
    const expected = [member('a'), member('b')];
    expect(minutesSigned(expected, new Set(['a']))).toBe(false);
    expect(minutesSigned(expected, new Set(['a', 'b', 'x']))).toBe(true);
    expect(minutesSigned([], new Set(['a']))).toBe(false);
  });

  it('a session signed by its president cannot close without its president present', () => {
    const absentPresident = [member('a', { present: true }), member('c', { present: false, president: true })];
    expect(signingObstacle(absentPresident, true, 'president')).toMatch(/president/);
    expect(signingObstacle(absentPresident, true, 'all_present')).toBeNull();
    expect(signingObstacle(absentPresident, false, 'president')).toBeNull();
  });
});
