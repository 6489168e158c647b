import fc from 'fast-check';
import { proposeBlockOutcome, type BlockForProposal, type ResultForProposal } from './block-proposal';
import { RNCP41296BC01, RNCP41296BC03, RNCP41336BC03, result } from './seed-shapes.fixture';

const [sim, reflective, engW, engO] = RNCP41296BC03.modalities.map((m) => m.id);
const [audit, presentation, dialogue] = RNCP41336BC03.modalities.map((m) => m.id);

describe('proposeBlockOutcome (rule 2)', () => {
  it.each<[string, BlockForProposal, ResultForProposal[], { proposal: string; mark: number | null; missing: string[]; failed: string[] }]>([
    [
      'RNCP41296BC03, all four modalities at or above 10',
      RNCP41296BC03,
      [result(sim, 12), result(reflective, 10), result(engW, 14), result(engO, 11)],
      { proposal: 'acquired', mark: 11.75, missing: [], failed: [] },
    ],
    [
      'RNCP41296BC03 compensates: one modality under 10, mean above',
      RNCP41296BC03,
      [result(sim, 16), result(reflective, 8), result(engW, 12), result(engO, 9)],
      { proposal: 'acquired', mark: 11.25, missing: [], failed: [] },
    ],
    [
      'RNCP41296BC03 mean under the pass mark',
      RNCP41296BC03,
      [result(sim, 9), result(reflective, 10), result(engW, 9.5), result(engO, 10)],
      { proposal: 'not_acquired', mark: 9.63, missing: [], failed: [] },
    ],
    [
      'RNCP41296BC03 exactly on the pass mark',
      RNCP41296BC03,
      [result(sim, 10), result(reflective, 10), result(engW, 10), result(engO, 10)],
      { proposal: 'acquired', mark: 10, missing: [], failed: [] },
    ],
    [
      'RNCP41296BC03 missing the English oral: incomplete, listing it',
      RNCP41296BC03,
      [result(sim, 15), result(reflective, 15), result(engW, 15)],
      { proposal: 'incomplete', mark: null, missing: [engO], failed: [] },
    ],
    [
      'no result at all: every modality missing',
      RNCP41296BC01,
      [],
      { proposal: 'incomplete', mark: null, missing: RNCP41296BC01.modalities.map((m) => m.id), failed: [] },
    ],
    [
      'RNCP41336BC03 social dialogue first attempt 7/20',
      RNCP41336BC03,
      [result(audit, 11), result(presentation, 11), result(dialogue, 7)],
      { proposal: 'not_acquired', mark: 9.67, missing: [], failed: [] },
    ],
    [
      'RNCP41336BC03 social dialogue resit 14/20: the resit counts',
      RNCP41336BC03,
      [result(audit, 11), result(presentation, 11), result(dialogue, 7, 1, '2026-06-01'), result(dialogue, 14, 2, '2026-09-15')],
      { proposal: 'acquired', mark: 12, missing: [], failed: [] },
    ],
    [
      'a worse resit counts too: the latest attempt, not the best',
      RNCP41336BC03,
      [result(audit, 11), result(presentation, 11), result(dialogue, 14, 1), result(dialogue, 5, 2, '2026-10-01')],
      { proposal: 'not_acquired', mark: 9, missing: [], failed: [] },
    ],
    [
      'results for modalities outside the block are ignored',
      RNCP41296BC01,
      [result(RNCP41296BC01.modalities[0].id, 12), result(RNCP41296BC01.modalities[1].id, 12), result('elsewhere', 0)],
      { proposal: 'acquired', mark: 12, missing: [], failed: [] },
    ],
  ])('%s', (_name, block, results, expected) => {
    const p = proposeBlockOutcome(block, results);
    expect(p.proposal).toBe(expected.proposal);
    expect(p.mark).toBe(expected.mark);
    expect(p.missingModalities).toEqual(expected.missing);
    expect(p.failedModalities).toEqual(expected.failed);
  });

  it('weighs modalities by their coefficient', () => {
    const block: BlockForProposal = {
      passMark: 10,
      modalities: [
        { id: 'a', coefficient: 3, eliminatoryFloor: null, grading: 'score' },
        { id: 'b', coefficient: 1, eliminatoryFloor: null, grading: 'score' },
      ],
    };
    // (12*3 + 2*1) / 4 = 9.5
    expect(proposeBlockOutcome(block, [result('a', 12), result('b', 2)])).toMatchObject({ proposal: 'not_acquired', mark: 9.5 });
    // (12*3 + 6*1) / 4 = 10.5
    expect(proposeBlockOutcome(block, [result('a', 12), result('b', 6)])).toMatchObject({ proposal: 'acquired', mark: 10.5 });
  });

  it('an eliminatory floor fails the block whatever the mean; on the floor is not under it', () => {
    const block: BlockForProposal = {
      passMark: 10,
      modalities: [
        { id: 'a', coefficient: 1, eliminatoryFloor: 6, grading: 'score' },
        { id: 'b', coefficient: 1, eliminatoryFloor: null, grading: 'score' },
      ],
    };
    expect(proposeBlockOutcome(block, [result('a', 5.5), result('b', 20)])).toMatchObject({
      proposal: 'not_acquired',
      mark: 12.75,
      failedModalities: ['a'],
    });
    expect(proposeBlockOutcome(block, [result('a', 6), result('b', 20)])).toMatchObject({ proposal: 'acquired', failedModalities: [] });
  });

  it('a pass/fail modality counts as passed or failed, not as a number', () => {
    const block: BlockForProposal = {
      passMark: 10,
      modalities: [
        { id: 'written', coefficient: 1, eliminatoryFloor: null, grading: 'score' },
        { id: 'internship', coefficient: 5, eliminatoryFloor: null, grading: 'pass_fail' },
      ],
    };
    const passed = proposeBlockOutcome(block, [result('written', 11), result('internship', null, 1, '2026-06-01', 'passed')]);
    expect(passed).toMatchObject({ proposal: 'acquired', mark: 11 });
    const failed = proposeBlockOutcome(block, [result('written', 18), result('internship', null, 1, '2026-06-01', 'failed')]);
    expect(failed).toMatchObject({ proposal: 'not_acquired', mark: 18, failedModalities: ['internship'] });
  });

  it('a block of pass/fail modalities only is acquired when all passed, with no mark', () => {
    const block: BlockForProposal = {
      passMark: 10,
      modalities: [
        { id: 'x', coefficient: 1, eliminatoryFloor: null, grading: 'pass_fail' },
        { id: 'y', coefficient: 1, eliminatoryFloor: null, grading: 'pass_fail' },
      ],
    };
    const pf = (id: string, outcome: 'passed' | 'failed', attempt = 1) => result(id, null, attempt, '2026-06-01', outcome);
    expect(proposeBlockOutcome(block, [pf('x', 'passed'), pf('y', 'passed')])).toMatchObject({ proposal: 'acquired', mark: null });
    expect(proposeBlockOutcome(block, [pf('x', 'passed'), pf('y', 'failed')])).toMatchObject({
      proposal: 'not_acquired',
      mark: null,
      failedModalities: ['y'],
    });
    expect(proposeBlockOutcome(block, [pf('x', 'passed'), pf('y', 'failed'), pf('y', 'passed', 2)]).proposal).toBe('acquired');
  });

  it('a result that does not carry what the modality is graded on does not count', () => {
    const p = proposeBlockOutcome(RNCP41296BC01, [
      result(RNCP41296BC01.modalities[0].id, 12),
      result(RNCP41296BC01.modalities[1].id, null, 1, '2026-06-01', 'passed'),
    ]);
    expect(p).toMatchObject({ proposal: 'incomplete', missingModalities: [RNCP41296BC01.modalities[1].id] });
  });

  it('same attempt number (two enrolments): the later date counts', () => {
    const p = proposeBlockOutcome(RNCP41336BC03, [
      result(audit, 12),
      result(presentation, 12),
      result(dialogue, 15, 1, '2026-06-01'),
      result(dialogue, 4, 1, '2027-06-01'),
    ]);
    expect(p.modalities.find((m) => m.id === dialogue)).toEqual({
      id: dialogue,
      kind: 'social_dialogue_simulation',
      latestScore: 4,
      latestOutcome: null,
      attempts: 2,
    });
  });

  it('reports each modality with its latest score and number of attempts, in the block order', () => {
    const p = proposeBlockOutcome(RNCP41336BC03, [result(dialogue, 7, 1), result(dialogue, 14, 2), result(audit, 11)]);
    expect(p.modalities).toEqual([
      { id: audit, kind: 'organisational_audit', latestScore: 11, latestOutcome: null, attempts: 1 },
      { id: presentation, kind: 'oral_exam', latestScore: null, latestOutcome: null, attempts: 0 },
      { id: dialogue, kind: 'social_dialogue_simulation', latestScore: 14, latestOutcome: null, attempts: 2 },
    ]);
    expect(p).toMatchObject({ proposal: 'incomplete', mark: null, missingModalities: [presentation] });
  });

  it('a block without modalities cannot be proposed acquired', () => {
    expect(proposeBlockOutcome({ passMark: 10, modalities: [] }, []).proposal).toBe('incomplete');
  });
});

// --- properties -------------------------------------------------------------------------------------

const modalityArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    coefficient: fc.integer({ min: 1, max: 5 }),
    eliminatoryFloor: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
    grading: fc.constantFrom('score' as const, 'score' as const, 'pass_fail' as const),
  });

const blockArb: fc.Arbitrary<BlockForProposal> = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    passMark: fc.integer({ min: 8, max: 12 }),
    modalities: fc.tuple(...Array.from({ length: n }, (_, i) => modalityArb(`m${i}`))),
  }),
);

const scoreArb = fc.integer({ min: 0, max: 2000 }).map((n) => n / 100);
const dateArb = fc.integer({ min: 0, max: 900 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));

/** Results that fit each modality's grading, with attempts unique per modality (as the database enforces). */
const resultsFor = (block: BlockForProposal): fc.Arbitrary<ResultForProposal[]> =>
  fc
    .tuple(
      ...block.modalities.map((m) =>
        fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }).chain((attempts) =>
          fc.tuple(
            ...attempts.map((attempt) =>
              fc.record({
                modalityId: fc.constant(m.id),
                attempt: fc.constant(attempt),
                score: m.grading === 'score' ? scoreArb : fc.constant(null),
                outcome: m.grading === 'pass_fail' ? fc.constantFrom('passed' as const, 'failed' as const) : fc.constant(null),
                occurredOn: dateArb,
              }),
            ),
          ),
        ),
      ),
    )
    .map((perModality) => perModality.flat());

const blockWithResults = blockArb.chain((block) => resultsFor(block).map((results) => ({ block, results })));

describe('proposeBlockOutcome properties', () => {
  it('the order results arrive in never changes the proposal', () => {
    fc.assert(
      fc.property(
        blockWithResults.chain(({ block, results }) =>
          fc
            .shuffledSubarray(results, { minLength: results.length, maxLength: results.length })
            .map((shuffled) => ({ block, results, shuffled })),
        ),
        ({ block, results, shuffled }) => {
          expect(proposeBlockOutcome(block, shuffled)).toEqual(proposeBlockOutcome(block, results));
        },
      ),
    );
  });

  it('even with ties on attempt and date, the order never matters', () => {
    const tied = fc.array(
      fc.record({
        modalityId: fc.constantFrom('m0', 'm1'),
        attempt: fc.integer({ min: 1, max: 2 }),
        score: fc.integer({ min: 0, max: 20 }),
        outcome: fc.constant(null),
        occurredOn: fc.constantFrom('2026-01-01', '2026-02-01'),
      }),
    );
    const block: BlockForProposal = {
      passMark: 10,
      modalities: [
        { id: 'm0', coefficient: 1, eliminatoryFloor: 8, grading: 'score' },
        { id: 'm1', coefficient: 2, eliminatoryFloor: null, grading: 'score' },
      ],
    };
    fc.assert(
      fc.property(
        tied.chain((results) =>
          fc.shuffledSubarray(results, { minLength: results.length, maxLength: results.length }).map((s) => [results, s] as const),
        ),
        ([results, shuffled]) => {
          expect(proposeBlockOutcome(block, shuffled)).toEqual(proposeBlockOutcome(block, results));
        },
      ),
    );
  });

  it('the mark is always within [0, 20], or null', () => {
    fc.assert(
      fc.property(blockWithResults, ({ block, results }) => {
        const { mark } = proposeBlockOutcome(block, results);
        if (mark !== null) {
          expect(mark).toBeGreaterThanOrEqual(0);
          expect(mark).toBeLessThanOrEqual(20);
        }
      }),
    );
  });

  it('a later passing resit never turns an acquired block back', () => {
    fc.assert(
      fc.property(
        blockWithResults.filter(({ block, results }) => proposeBlockOutcome(block, results).proposal === 'acquired'),
        fc.nat(),
        fc.integer({ min: 0, max: 2000 }),
        ({ block, results }, pick, extra) => {
          const before = proposeBlockOutcome(block, results);
          const modality = block.modalities[pick % block.modalities.length];
          const standing = before.modalities.find((m) => m.id === modality.id)!;
          const lastAttempt = Math.max(...results.filter((r) => r.modalityId === modality.id).map((r) => r.attempt));
          // "Passing": at least as good as the attempt it supersedes.
          const resit: ResultForProposal =
            modality.grading === 'score'
              ? {
                  modalityId: modality.id,
                  attempt: lastAttempt + 1,
                  score: Math.min(20, standing.latestScore! + extra / 100),
                  outcome: null,
                  occurredOn: '2029-01-01',
                }
              : { modalityId: modality.id, attempt: lastAttempt + 1, score: null, outcome: 'passed', occurredOn: '2029-01-01' };
          expect(proposeBlockOutcome(block, [...results, resit]).proposal).toBe('acquired');
        },
      ),
    );
  });

  it('incomplete exactly when some modality has no result, and then it is listed', () => {
    fc.assert(
      fc.property(blockWithResults, ({ block, results }) => {
        const p = proposeBlockOutcome(block, results);
        const without = block.modalities.filter((m) => !results.some((r) => r.modalityId === m.id)).map((m) => m.id);
        expect(p.missingModalities).toEqual(without);
        expect(p.proposal === 'incomplete').toBe(without.length > 0);
      }),
    );
  });
});
