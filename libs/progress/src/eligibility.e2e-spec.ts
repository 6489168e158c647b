import { CompletionRule, checkEligibility, heldBlocks } from '@project/domain';
import { TestApp, bearer, createTestApp, insertEnrolment, insertLearner } from '@project/testing';
import fc from 'fast-check';

/**
 * Eligible learners are listed by one set-based SQL statement (held_blocks + the completion rule in SQL), while
 * progress and juries use checkEligibility/heldBlocks of @project/domain: on generated catalogues, equivalences
 * and acquisitions, both must name the same learners.
 */
describe('eligibility: the SQL of eligible learners agrees with the domain rule', () => {
  let t: TestApp;
  let run = 0;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const scenario = fc.record({
    mandatory: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
    oldBlocks: fc.integer({ min: 0, max: 3 }),
    rule: fc.oneof(
      fc.constant<CompletionRule>({ kind: 'all_blocks' }),
      fc.integer({ min: 0, max: 3 }).map((optionalCount): CompletionRule => ({ kind: 'mandatory_plus_optional', optionalCount })),
    ),
    // Indexes into the old + new block codes (modulo their number); `to` always names a block of the new sheet.
    equivalences: fc.array(fc.record({ from: fc.nat(), to: fc.nat() }), { maxLength: 5 }),
    learners: fc.array(fc.array(fc.record({ block: fc.nat(), revoked: fc.boolean() }), { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
  });

  it('lists exactly the learners checkEligibility(heldBlocks(...)) finds eligible', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const suffix = `${process.pid % 1000}${String(++run).padStart(4, '0')}`;
        const code = `RNCP9${suffix}`;
        const oldCode = `RNCP8${suffix}`;
        const newBlocks = s.mandatory.map((mandatory, i) => ({ code: `${code}BC0${i + 1}`, mandatory }));
        const oldBlocks = Array.from({ length: s.oldBlocks }, (_, i) => `${oldCode}BC0${i + 1}`);
        const allCodes = [...oldBlocks, ...newBlocks.map((b) => b.code)];

        await t.db.query(`INSERT INTO certification (code, title, completion_rule) VALUES ($1, 'Ancienne', '{"kind":"all_blocks"}')`, [
          oldCode,
        ]);
        await t.db.query(`INSERT INTO certification (code, title, completion_rule) VALUES ($1, 'Nouvelle', $2)`, [code, s.rule]);
        for (const [i, block] of oldBlocks.entries()) {
          await t.db.query(`INSERT INTO block (code, certification_code, position, title) VALUES ($1, $2, $3, 'b')`, [block, oldCode, i]);
        }
        for (const [i, block] of newBlocks.entries()) {
          await t.db.query(`INSERT INTO block (code, certification_code, position, title, mandatory) VALUES ($1, $2, $3, 'b', $4)`, [
            block.code,
            code,
            i,
            block.mandatory,
          ]);
        }
        const equivalences = new Map<string, { fromBlockCode: string; toBlockCode: string }>();
        for (const e of s.equivalences) {
          const fromBlockCode = allCodes[e.from % allCodes.length];
          const toBlockCode = newBlocks[e.to % newBlocks.length].code;
          if (fromBlockCode !== toBlockCode) equivalences.set(`${fromBlockCode}>${toBlockCode}`, { fromBlockCode, toBlockCode });
        }
        for (const e of equivalences.values()) {
          await t.db.query(`INSERT INTO block_equivalence (from_block_code, to_block_code) VALUES ($1, $2)`, [
            e.fromBlockCode,
            e.toBlockCode,
          ]);
        }

        const expected: string[] = [];
        for (const held of s.learners) {
          const learnerId = await insertLearner(t);
          await insertEnrolment(t, { learnerId, certificationCode: code });
          const live = new Set<string>();
          const acquisitions = held.map((a) => ({ blockCode: allCodes[a.block % allCodes.length], revoked: a.revoked }));
          for (const a of acquisitions) {
            if (!a.revoked && live.has(a.blockCode)) continue; // one live acquisition per block (a unique index)
            if (!a.revoked) live.add(a.blockCode);
            await t.db.query(
              `INSERT INTO block_acquisition (organisation_id, learner_id, block_code, acquired_on, source, evidence_reference, awarding_certifier, revoked_at)
               VALUES ($1, $2, $3, '2024-01-01', 'vae', 'Certificat 2024-0001', 'CNAM', $4)`,
              [t.admin.organisationId, learnerId, a.blockCode, a.revoked ? new Date() : null],
            );
          }
          const domainAcquisitions = acquisitions.map((a) => ({
            blockCode: a.blockCode,
            acquiredOn: '2024-01-01',
            source: 'vae' as const,
            revoked: a.revoked,
          }));
          const eligibility = checkEligibility(
            { completionRule: s.rule, blocks: newBlocks },
            heldBlocks(domainAcquisitions, [...equivalences.values()]),
          );
          if (eligibility.eligible) expected.push(learnerId);
        }

        const response = await t
          .http()
          .get(`/api/certifications/${code}/eligible-learners?limit=100`)
          .set(bearer(t.admin.token))
          .expect(200);
        const listed = (response.body.items as { learnerId: string }[]).map((item) => item.learnerId);
        expect(listed.sort()).toEqual(expected.sort());
      }),
      { numRuns: 40 },
    );
  });
});
