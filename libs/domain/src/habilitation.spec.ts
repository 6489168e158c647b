import fc from 'fast-check';
import { enrolmentRefusal, habilitationCovers } from './habilitation';

describe('habilitationCovers', () => {
  const period = { validFrom: '2025-09-01', validUntil: '2027-08-31', revokedAt: null };
  it.each([
    ['2025-08-31', false],
    ['2025-09-01', true], // first day included
    ['2026-03-15', true],
    ['2027-08-31', true], // last day included
    ['2027-09-01', false],
  ])('2025-09-01 → 2027-08-31 covers %s: %s', (day, covers) => {
    expect(habilitationCovers(period, day)).toBe(covers);
  });

  it('without an end covers every day from its start; once revoked covers nothing', () => {
    expect(habilitationCovers({ ...period, validUntil: null }, '2099-01-01')).toBe(true);
    expect(habilitationCovers({ ...period, revokedAt: new Date('2026-01-01') }, '2026-03-15')).toBe(false);
  });

  it('property: agrees with date arithmetic', () => {
    const day = fc.integer({ min: 0, max: 5000 }).map((d) => new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, day, (from, until, asked) => {
        const covers = habilitationCovers({ validFrom: from, validUntil: until, revokedAt: null }, asked);
        expect(covers).toBe(Date.parse(from) <= Date.parse(asked) && Date.parse(asked) <= Date.parse(until));
      }),
    );
  });
});

describe('enrolmentRefusal', () => {
  const habilitation = { validFrom: '2025-09-01', validUntil: '2026-08-31', revokedAt: null };
  it('lets a certifier enrol in its own certification, and a centre within a habilitation', () => {
    expect(enrolmentRefusal('RNCP41296', { certifies: true, habilitations: [] }, '2030-01-01')).toBeUndefined();
    expect(enrolmentRefusal('RNCP41296', { certifies: false, habilitations: [habilitation] }, '2026-01-05')).toBeUndefined();
  });

  it('names the certification, and the periods held when none covers the day', () => {
    expect(enrolmentRefusal('RNCP41296', { certifies: false, habilitations: [] }, '2026-01-05')).toBe(
      'your organisation neither certifies RNCP41296 nor holds a habilitation for it',
    );
    expect(enrolmentRefusal('RNCP41296', { certifies: false, habilitations: [habilitation] }, '2026-09-01')).toBe(
      'your habilitation for RNCP41296 does not cover 2026-09-01 (2025-09-01 → 2026-08-31)',
    );
    expect(
      enrolmentRefusal('RNCP41296', { certifies: false, habilitations: [{ ...habilitation, revokedAt: '2026-01-01' }] }, '2026-01-05'),
    ).toBe('your organisation neither certifies RNCP41296 nor holds a habilitation for it');
  });
});
