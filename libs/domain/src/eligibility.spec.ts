import fc from 'fast-check';
import { heldBlocks } from './capitalisation';
import { checkEligibility, type CertificationForEligibility } from './eligibility';
import { RNCP41296, RNCP41336 } from './seed-shapes.fixture';

const withOptional: CertificationForEligibility = {
  completionRule: { kind: 'mandatory_plus_optional', optionalCount: 2 },
  blocks: [
    { code: 'M1', mandatory: true },
    { code: 'O1', mandatory: false },
    { code: 'M2', mandatory: true },
    { code: 'O2', mandatory: false },
    { code: 'O3', mandatory: false },
  ],
};

describe('checkEligibility (rule 4)', () => {
  it.each<[string, CertificationForEligibility, string[], { eligible: boolean; missingBlocks: string[] }]>([
    ['RNCP41296 with nothing', RNCP41296, [], { eligible: false, missingBlocks: RNCP41296.blocks.map((b) => b.code) }],
    [
      'RNCP41296 with BC01–BC02 only',
      RNCP41296,
      ['RNCP41296BC01', 'RNCP41296BC02'],
      { eligible: false, missingBlocks: ['RNCP41296BC03', 'RNCP41296BC04'] },
    ],
    [
      'RNCP41296 with all four blocks',
      RNCP41296,
      ['RNCP41296BC04', 'RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC01'],
      { eligible: true, missingBlocks: [] },
    ],
    [
      'blocks of another certification do not count',
      RNCP41336,
      ['RNCP41296BC01', 'RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04', 'RNCP41336BC01'],
      { eligible: false, missingBlocks: ['RNCP41336BC02', 'RNCP41336BC03', 'RNCP41336BC04'] },
    ],
    ['mandatory + 2 optional: nothing', withOptional, [], { eligible: false, missingBlocks: ['M1', 'O1', 'M2', 'O2', 'O3'] }],
    ['mandatory + 2 optional: mandatory only', withOptional, ['M1', 'M2'], { eligible: false, missingBlocks: ['O1', 'O2', 'O3'] }],
    ['mandatory + 2 optional: one optional short', withOptional, ['M1', 'M2', 'O2'], { eligible: false, missingBlocks: ['O1', 'O3'] }],
    [
      'mandatory + 2 optional: optional held, a mandatory missing',
      withOptional,
      ['M1', 'O1', 'O3'],
      { eligible: false, missingBlocks: ['M2'] },
    ],
    ['mandatory + 2 optional: complete', withOptional, ['M1', 'M2', 'O1', 'O3'], { eligible: true, missingBlocks: [] }],
    [
      'mandatory + 2 optional: more optional than needed',
      withOptional,
      ['M1', 'M2', 'O1', 'O2', 'O3'],
      { eligible: true, missingBlocks: [] },
    ],
  ])('%s', (_name, certification, held, expected) => {
    expect(checkEligibility(certification, held)).toMatchObject(expected);
    expect(checkEligibility(certification, new Set(held))).toMatchObject(expected);
  });

  it('reports how many optional blocks are still needed', () => {
    expect(checkEligibility(withOptional, ['M1', 'M2', 'O2']).optionalStillNeeded).toBe(1);
    expect(checkEligibility(RNCP41296, []).optionalStillNeeded).toBe(0);
  });

  it('takes the map of heldBlocks(), equivalences included', () => {
    const held = heldBlocks(
      [
        { blockCode: 'RNCP35080BC01', acquiredOn: '2023-06-01', source: 'jury' },
        { blockCode: 'RNCP41336BC02', acquiredOn: '2026-06-01', source: 'vae' },
        { blockCode: 'RNCP41336BC03', acquiredOn: '2026-06-01', source: 'jury' },
        { blockCode: 'RNCP41336BC04', acquiredOn: '2027-06-01', source: 'jury' },
      ],
      [{ fromBlockCode: 'RNCP35080BC01', toBlockCode: 'RNCP41336BC01' }],
    );
    expect(checkEligibility(RNCP41336, held)).toEqual({ eligible: true, missingBlocks: [], optionalStillNeeded: 0 });
  });

  it('a certification without blocks is never eligible', () => {
    expect(checkEligibility({ completionRule: { kind: 'all_blocks' }, blocks: [] }, ['X']).eligible).toBe(false);
  });

  it('an unknown completion rule is a data bug, not a silent "not eligible"', () => {
    expect(() => checkEligibility({ completionRule: { kind: 'nonsense' } as never, blocks: [] }, [])).toThrow();
  });

  const certificationArb: fc.Arbitrary<CertificationForEligibility> = fc
    .uniqueArray(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'), { minLength: 1 })
    .chain((codes) =>
      fc.record({
        blocks: fc.tuple(...codes.map((code) => fc.record({ code: fc.constant(code), mandatory: fc.boolean() }))),
        completionRule: fc.oneof(
          fc.constant({ kind: 'all_blocks' as const }),
          fc.record({ kind: fc.constant('mandatory_plus_optional' as const), optionalCount: fc.integer({ min: 0, max: 4 }) }),
        ),
      }),
    );
  const heldArb = fc.uniqueArray(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'Z'));

  // Held blocks mostly drawn from the certification's own blocks, so eligible learners are frequent.
  const certificationWithHeld = certificationArb.chain((certification) => {
    const codes = [...certification.blocks.map((b) => b.code), 'Z'];
    return fc.record({
      certification: fc.constant(certification),
      held: fc.subarray(codes),
      extra: fc.constantFrom(...codes),
    });
  });

  it('property: eligibility never decreases when an acquisition is added', () => {
    fc.assert(
      fc.property(certificationWithHeld, ({ certification, held, extra }) => {
        const before = checkEligibility(certification, held);
        const after = checkEligibility(certification, [...held, extra]);
        if (before.eligible) expect(after.eligible).toBe(true);
        // Nothing becomes missing by acquiring something.
        for (const code of after.missingBlocks) expect(before.missingBlocks).toContain(code);
      }),
      { numRuns: 500 },
    );
  });

  it('property: eligible exactly when nothing is missing (given enough optional blocks exist), never listing a held block', () => {
    fc.assert(
      fc.property(certificationArb, heldArb, (certification, held) => {
        const e = checkEligibility(certification, held);
        for (const code of e.missingBlocks) expect(held).not.toContain(code);
        const optionalExist = certification.blocks.filter((b) => !b.mandatory).length;
        const rule = certification.completionRule;
        if (rule.kind === 'all_blocks' || rule.optionalCount <= optionalExist) {
          expect(e.eligible).toBe(e.missingBlocks.length === 0);
        }
      }),
    );
  });
});
