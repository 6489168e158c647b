import { checkOutsideEvidence, equivalenceOrigin, evidenceReferenceProblem, HeldAcquisition } from './prior-acquisition';

const TODAY = '2026-06-30';

describe('blocks held from outside (VAE elsewhere, another certifier)', () => {
  it.each(['Certificat CNAM 2023-0457', 'Jury VAE CNAM 2024-031', 'REF-RNCP41336BC02', 'PV n°A12345'])(
    'accepts the reference %s',
    (reference) => {
      expect(evidenceReferenceProblem(reference)).toBeNull();
    },
  );

  it.each(['none', 'None', 'n/a', '', '  x  ', 'aucune', 'néant', '123456', 'abcdefgh', 'aaaa1111', 'TBD', 'voir dossier'])(
    'refuses %j as a document reference',
    (reference) => {
      expect(evidenceReferenceProblem(reference)).toEqual(expect.any(String));
    },
  );

  it('needs the document, the awarding certifier and a past date, naming each field', () => {
    expect(
      checkOutsideEvidence({ evidenceReference: 'Certificat CNAM 2023-0457', awardingCertifier: 'CNAM', acquiredOn: '2023-07-01' }, TODAY),
    ).toEqual([]);
    expect(checkOutsideEvidence({ evidenceReference: 'none', awardingCertifier: null, acquiredOn: '2099-01-01' }, TODAY)).toEqual([
      { field: 'evidenceReference', message: '"none" is not a document reference' },
      { field: 'awardingCertifier', message: 'required: who awarded the block' },
      { field: 'acquiredOn', message: '2099-01-01 is after today (2026-06-30)' },
    ]);
    expect(
      checkOutsideEvidence({ evidenceReference: null, awardingCertifier: 'n/a', acquiredOn: '1850-01-01' }, TODAY).map((e) => e.field),
    ).toEqual(['evidenceReference', 'awardingCertifier', 'acquiredOn']);
  });
});

describe('equivalenceOrigin (rule 8: an equivalence follows from a held block)', () => {
  const equivalences = [
    { fromBlockCode: 'RNCP35080BC01', toBlockCode: 'RNCP41336BC01' },
    { fromBlockCode: 'OLD0', toBlockCode: 'RNCP35080BC01' },
  ];
  const held = (blockCode: string, acquiredOn: string, revoked = false): HeldAcquisition => ({
    id: `id-${blockCode}`,
    blockCode,
    acquiredOn,
    source: 'external',
    revoked,
  });
  const claim = { blockCode: 'RNCP41336BC01', fromBlockCode: 'RNCP35080BC01', acquiredOn: '2024-01-01' };

  it('answers the acquisition of the held block it follows from', () => {
    const origin = held('RNCP35080BC01', '2023-07-01');
    expect(equivalenceOrigin(claim, [origin], equivalences, TODAY)).toEqual({ origin });
  });

  it('follows a block held itself through an earlier equivalence back to its acquisition', () => {
    const origin = held('OLD0', '2020-07-01');
    expect(equivalenceOrigin(claim, [origin], equivalences, TODAY)).toEqual({ origin });
  });

  it('refuses an undeclared equivalence, a block not held (or revoked), and a date before the held block or in the future', () => {
    expect(equivalenceOrigin({ ...claim, blockCode: 'RNCP41336BC02' }, [held('RNCP35080BC01', '2023-07-01')], equivalences, TODAY)).toEqual(
      {
        errors: [{ field: 'fromBlockCode', message: 'no equivalence RNCP35080BC01 → RNCP41336BC02 is declared' }],
      },
    );
    expect(equivalenceOrigin(claim, [], equivalences, TODAY)).toEqual({
      errors: [{ field: 'fromBlockCode', message: 'the learner does not hold RNCP35080BC01' }],
    });
    expect(equivalenceOrigin(claim, [held('RNCP35080BC01', '2023-07-01', true)], equivalences, TODAY)).toMatchObject({
      errors: [{ field: 'fromBlockCode' }],
    });
    expect(equivalenceOrigin({ ...claim, acquiredOn: '2023-06-30' }, [held('RNCP35080BC01', '2023-07-01')], equivalences, TODAY)).toEqual({
      errors: [{ field: 'acquiredOn', message: '2023-06-30 is before the day RNCP35080BC01 was acquired (2023-07-01)' }],
    });
    expect(
      equivalenceOrigin({ ...claim, acquiredOn: '2099-01-01' }, [held('RNCP35080BC01', '2023-07-01')], equivalences, TODAY),
    ).toMatchObject({
      errors: [{ field: 'acquiredOn' }],
    });
  });
});
