import fc from 'fast-check';
import { checkJuryComposition, checkJuryCompositionForRoutes, type JuryMemberForComposition } from './jury-composition';
import { RNCP41296_JURY, RNCP41336_JURY } from './seed-shapes.fixture';

const member = (role: string, external = false): JuryMemberForComposition => ({ role, external });

describe('checkJuryComposition (rule 6)', () => {
  it('RNCP41296: two external professionals and a member of the certifier management satisfy it', () => {
    const check = checkJuryComposition(RNCP41296_JURY, [
      member('external_professional', true),
      member('external_professional', true),
      member('certifier_management'),
    ]);
    expect(check).toEqual({ satisfied: true, missing: [], noRule: false, reason: null });
  });

  it('RNCP41296 with one external professional only: names the missing role', () => {
    const check = checkJuryComposition(RNCP41296_JURY, [member('external_professional', true), member('certifier_management')]);
    expect(check.satisfied).toBe(false);
    expect(check.missing).toEqual([
      {
        label: RNCP41296_JURY!.requirements[0].label,
        roles: ['external_professional'],
        external: true,
        required: 2,
        present: 1,
      },
    ]);
    expect(check.reason).toContain('external_professional');
    expect(check.reason).toContain('2 required, 1 present');
  });

  it('RNCP41296: an "external professional" not flagged external does not count (independence)', () => {
    const check = checkJuryComposition(RNCP41296_JURY, [
      member('external_professional', true),
      member('external_professional', false),
      member('certifier_management'),
    ]);
    expect(check.satisfied).toBe(false);
    expect(check.missing[0]).toMatchObject({ present: 1, required: 2 });
  });

  it('RNCP41296 without the certifier management', () => {
    const check = checkJuryComposition(RNCP41296_JURY, [member('external_professional', true), member('external_professional', true)]);
    expect(check.missing.map((m) => m.roles)).toEqual([['certifier_management']]);
  });

  it('RNCP41336: national head + pedagogical lead + two external ESS professionals', () => {
    const members = [
      member('national_certification_lead'),
      member('pedagogical_lead'),
      member('external_professional', true),
      member('external_professional', true),
    ];
    expect(checkJuryComposition(RNCP41336_JURY, members).satisfied).toBe(true);
  });

  it('RNCP41336: two pedagogical leads but none the national head (or delegate)', () => {
    const check = checkJuryComposition(RNCP41336_JURY, [
      member('pedagogical_lead'),
      member('pedagogical_lead'),
      member('external_professional', true),
      member('external_professional', true),
    ]);
    expect(check.missing).toEqual([expect.objectContaining({ roles: ['national_certification_lead'], required: 1, present: 0 })]);
  });

  it('RNCP41336: the national head alone is one pedagogical lead, not two', () => {
    const check = checkJuryComposition(RNCP41336_JURY, [
      member('national_certification_lead'),
      member('external_professional', true),
      member('external_professional', true),
    ]);
    expect(check.missing).toEqual([expect.objectContaining({ label: 'Responsables pédagogiques', required: 2, present: 1 })]);
  });

  it('an empty jury misses everything', () => {
    expect(checkJuryComposition(RNCP41336_JURY, []).missing).toHaveLength(3);
  });

  it('a closed route has no rule: not satisfied, with a reason', () => {
    const check = checkJuryComposition(null, [member('external_professional', true)]);
    expect(check).toMatchObject({ satisfied: false, noRule: true, missing: [] });
    expect(check.reason).toMatch(/closed/);
  });

  describe('checkJuryCompositionForRoutes', () => {
    it("satisfied only when every candidate's route rule is", () => {
      const members = [member('external_professional', true), member('external_professional', true), member('certifier_management')];
      const strict = { requirements: [{ label: 'VAE assessor', roles: ['other'], min: 1 }] };
      const ok = checkJuryCompositionForRoutes(
        [
          { route: 'student', rule: RNCP41296_JURY },
          { route: 'apprenticeship', rule: RNCP41296_JURY },
        ],
        members,
      );
      expect(ok).toMatchObject({ satisfied: true, missing: [], closedRoutes: [], reason: null });
      const notOk = checkJuryCompositionForRoutes(
        [
          { route: 'student', rule: RNCP41296_JURY },
          { route: 'vae', rule: strict },
        ],
        members,
      );
      expect(notOk.satisfied).toBe(false);
      expect(notOk.missing).toEqual([{ label: 'VAE assessor', roles: ['other'], external: false, required: 1, present: 0 }]);
      expect(notOk.byRoute.map((r) => [r.route, r.satisfied])).toEqual([
        ['student', true],
        ['vae', false],
      ]);
    });

    it('merges the same missing requirement of several routes into one line', () => {
      const check = checkJuryCompositionForRoutes(
        [
          { route: 'student', rule: RNCP41296_JURY },
          { route: 'continuing_education', rule: RNCP41296_JURY },
        ],
        [member('external_professional', true)],
      );
      expect(check.missing).toHaveLength(2);
      expect(check.reason).toContain('certifier_management');
    });

    it('names closed routes', () => {
      const check = checkJuryCompositionForRoutes(
        [
          { route: 'student', rule: RNCP41296_JURY },
          { route: 'individual_application', rule: null },
        ],
        [member('external_professional', true), member('external_professional', true), member('certifier_management')],
      );
      expect(check).toMatchObject({ satisfied: false, noRule: true, closedRoutes: ['individual_application'], missing: [] });
      expect(check.reason).toContain('individual_application');
    });

    it('no candidate, no route: nothing to satisfy', () => {
      expect(checkJuryCompositionForRoutes([], []).satisfied).toBe(true);
    });
  });

  const memberArb = fc.record({
    role: fc.constantFrom('external_professional', 'certifier_management', 'pedagogical_lead', 'national_certification_lead', 'other'),
    external: fc.boolean(),
  });

  it('property: adding members never breaks a satisfied composition, nor adds anything missing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(RNCP41296_JURY, RNCP41336_JURY),
        fc.array(memberArb, { maxLength: 8 }),
        fc.array(memberArb, { minLength: 1, maxLength: 4 }),
        (rule, members, added) => {
          const before = checkJuryComposition(rule, members);
          const after = checkJuryComposition(rule, [...members, ...added]);
          if (before.satisfied) expect(after.satisfied).toBe(true);
          for (const m of after.missing) {
            const was = before.missing.find((b) => b.label === m.label);
            expect(was).toBeDefined();
            expect(m.present).toBeGreaterThanOrEqual(was!.present);
          }
        },
      ),
    );
  });

  it('property: the order of members never matters', () => {
    fc.assert(
      fc.property(fc.constantFrom(RNCP41296_JURY, RNCP41336_JURY), fc.array(memberArb, { maxLength: 8 }), (rule, members) => {
        expect(checkJuryComposition(rule, [...members].reverse())).toEqual(checkJuryComposition(rule, members));
      }),
    );
  });
});

describe('a composition known only as text', () => {
  it('lets no jury decide until its roles are stated', () => {
    const check = checkJuryComposition({ requirements: [] }, [{ role: 'external_professional', external: true }]);
    expect(check).toMatchObject({ satisfied: false, noRule: false, missing: [] });
    expect(check.reason).toMatch(/known only as text/);
  });
});
