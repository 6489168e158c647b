import fc from 'fast-check';
import { heldBlocks, type Acquisition, type BlockEquivalence } from './capitalisation';

const acq = (blockCode: string, acquiredOn: string, source: Acquisition['source'] = 'jury', revoked = false): Acquisition => ({
  blockCode,
  acquiredOn,
  source,
  revoked,
});

describe('heldBlocks (rules 3 and 8)', () => {
  it('blocks acquired one by one, by juries of different years, are all held', () => {
    // RNCP41296 BC01–BC02 with a 2026 jury in one cohort, BC03–BC04 with a 2027 jury in another enrolment.
    const held = heldBlocks(
      [
        acq('RNCP41296BC01', '2026-07-01'),
        acq('RNCP41296BC02', '2026-07-01'),
        acq('RNCP41296BC03', '2027-07-01'),
        acq('RNCP41296BC04', '2027-07-01'),
      ],
      [],
    );
    expect([...held.keys()].sort()).toEqual(['RNCP41296BC01', 'RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04']);
    expect(held.get('RNCP41296BC03')).toEqual({
      blockCode: 'RNCP41296BC03',
      acquiredOn: '2027-07-01',
      source: 'jury',
      acquiredBlockCode: 'RNCP41296BC03',
    });
  });

  it('keeps the earliest acquisition of a block and its source', () => {
    const held = heldBlocks([acq('B1', '2027-01-01', 'jury'), acq('B1', '2025-05-05', 'vae')], []);
    expect(held.get('B1')).toMatchObject({ acquiredOn: '2025-05-05', source: 'vae' });
  });

  it('a revoked acquisition (superseded by a correction) is not held', () => {
    expect(heldBlocks([acq('B1', '2026-01-01', 'jury', true)], []).has('B1')).toBe(false);
    expect(heldBlocks([acq('B1', '2026-01-01', 'jury', true), acq('B1', '2026-09-01')], []).get('B1')).toMatchObject({
      acquiredOn: '2026-09-01',
    });
  });

  it('a block of the replaced certification counts for the new one through an equivalence', () => {
    const equivalences: BlockEquivalence[] = [{ fromBlockCode: 'RNCP35080BC02', toBlockCode: 'RNCP41336BC03' }];
    const held = heldBlocks([acq('RNCP35080BC02', '2023-06-30')], equivalences);
    expect(held.get('RNCP41336BC03')).toEqual({
      blockCode: 'RNCP41336BC03',
      acquiredOn: '2023-06-30',
      source: 'equivalence',
      acquiredBlockCode: 'RNCP35080BC02',
    });
    expect(held.get('RNCP35080BC02')).toMatchObject({ source: 'jury' });
  });

  it('equivalences are followed transitively, and cycles do not loop', () => {
    const equivalences: BlockEquivalence[] = [
      { fromBlockCode: 'A', toBlockCode: 'B' },
      { fromBlockCode: 'B', toBlockCode: 'C' },
      { fromBlockCode: 'C', toBlockCode: 'A' },
    ];
    const held = heldBlocks([acq('A', '2020-01-01')], equivalences);
    expect([...held.keys()].sort()).toEqual(['A', 'B', 'C']);
    expect(held.get('A')).toMatchObject({ source: 'jury', acquiredBlockCode: 'A' });
    expect(held.get('C')).toMatchObject({ source: 'equivalence', acquiredBlockCode: 'A' });
  });

  it('an equivalence does not work backwards', () => {
    expect(heldBlocks([acq('NEW', '2026-01-01')], [{ fromBlockCode: 'OLD', toBlockCode: 'NEW' }]).has('OLD')).toBe(false);
  });

  it('on the same day, a direct acquisition is preferred to one through an equivalence', () => {
    const held = heldBlocks([acq('OLD', '2026-01-01'), acq('NEW', '2026-01-01', 'vae')], [{ fromBlockCode: 'OLD', toBlockCode: 'NEW' }]);
    expect(held.get('NEW')).toMatchObject({ source: 'vae', acquiredBlockCode: 'NEW' });
  });

  const codes = ['A', 'B', 'C', 'D'];
  const acquisitionArb = fc.record({
    blockCode: fc.constantFrom(...codes),
    acquiredOn: fc.constantFrom('2024-01-01', '2025-01-01', '2026-01-01'),
    source: fc.constantFrom('jury' as const, 'equivalence' as const, 'vae' as const),
    revoked: fc.boolean(),
  });
  const equivalenceArb = fc
    .tuple(fc.constantFrom(...codes), fc.constantFrom(...codes))
    .filter(([a, b]) => a !== b)
    .map(([fromBlockCode, toBlockCode]) => ({ fromBlockCode, toBlockCode }));

  it('property: the order acquisitions and equivalences arrive in never changes what is held', () => {
    fc.assert(
      fc.property(fc.array(acquisitionArb), fc.array(equivalenceArb), (acquisitions, equivalences) => {
        const expected = heldBlocks(acquisitions, equivalences);
        const reversed = heldBlocks([...acquisitions].reverse(), [...equivalences].reverse());
        expect(new Map([...reversed].sort())).toEqual(new Map([...expected].sort()));
      }),
    );
  });

  it('property: adding an acquisition never loses a held block', () => {
    fc.assert(
      fc.property(fc.array(acquisitionArb), fc.array(equivalenceArb), acquisitionArb, (acquisitions, equivalences, extra) => {
        const before = heldBlocks(acquisitions, equivalences);
        const after = heldBlocks([...acquisitions, extra], equivalences);
        for (const [code, block] of before) {
          expect(after.has(code)).toBe(true);
          expect(after.get(code)!.acquiredOn <= block.acquiredOn).toBe(true);
        }
      }),
    );
  });
});
