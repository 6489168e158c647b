import {
  TestApp,
  acquireFromOutside,
  bearer,
  blockModalities,
  createJurySession,
  createTestApp,
  insertCohort,
  insertEnrolment,
  insertLearner,
  insertResult,
  passBlock,
} from '@project/testing';
import { Client } from 'pg';

describe('learner progress and eligible learners (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t
      .http()
      .post('/api/block-equivalences')
      .set(bearer(t.admin.token))
      .send({ fromBlockCode: 'RNCP35080BC01', toBlockCode: 'RNCP41336BC01' })
      .expect(201);
  });
  afterAll(() => t.close());

  const decide = (sessionId: string, body: Record<string, unknown>) =>
    t.http().post(`/api/jury-sessions/${sessionId}/decisions`).set(bearer(t.admin.token)).send(body).expect(201);
  /** A block obtained elsewhere (external) or by a VAE jury elsewhere, with its evidence. */
  const acquire = (learnerId: string, blockCode: string, source: 'vae' | 'external', acquiredOn = '2024-06-01') =>
    acquireFromOutside(t, learnerId, blockCode, { source, acquiredOn });
  const progressOf = (learnerId: string, token = t.admin.token) => t.http().get(`/api/learners/${learnerId}/progress`).set(bearer(token));

  /** RNCP41296: BC01 acquired by a jury, BC02 refused, BC03 complete and waiting, BC04 half done; RNCP41336 through an equivalence and VAE. */
  async function learnerWithHistory() {
    const learnerId = await insertLearner(t);
    const enrolmentId = await insertEnrolment(t, { learnerId, certificationCode: 'RNCP41296' });
    await passBlock(t, enrolmentId, 'RNCP41296BC01', { score: 15, occurredOn: '2026-05-01' });
    await passBlock(t, enrolmentId, 'RNCP41296BC02', { score: 8, occurredOn: '2026-05-01' });
    await passBlock(t, enrolmentId, 'RNCP41296BC03', { score: 11, occurredOn: '2026-05-01' });
    const bc04 = await blockModalities(t, 'RNCP41296BC04');
    await insertResult(t, { enrolmentId, modalityId: bc04[0].id, score: 6, attempt: 1, occurredOn: '2026-03-01' });
    await insertResult(t, { enrolmentId, modalityId: bc04[0].id, score: 12.5, attempt: 2, occurredOn: '2026-04-01' });
    const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30' });
    await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' });
    await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC02', decision: 'not_validated' });
    await acquire(learnerId, 'RNCP35080BC01', 'external', '2023-07-01');
    await acquire(learnerId, 'RNCP41336BC02', 'vae', '2024-02-01');
    return { learnerId, enrolmentId, bc04 };
  }

  it("answers the contract's shape for every certification the learner touched", async () => {
    const { learnerId, bc04 } = await learnerWithHistory();
    const response = await progressOf(learnerId).expect(200);
    expect(Object.keys(response.body).sort()).toEqual(['certifications', 'learnerId']);
    expect(response.body.learnerId).toBe(learnerId);
    expect(response.body.certifications.map((c: { code: string }) => c.code)).toEqual(['RNCP41296', 'RNCP41336']);
    const [ircom, cnam] = response.body.certifications;
    expect(ircom).toMatchObject({
      code: 'RNCP41296',
      eligible: false,
      awardedOn: null,
      missingBlocks: ['RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04'],
    });
    const blocks = Object.fromEntries(ircom.blocks.map((b: { code: string }) => [b.code, b]));
    expect(blocks.RNCP41296BC01).toMatchObject({
      status: 'acquired',
      proposal: 'acquired',
      mark: 15,
      acquiredOn: '2026-06-30',
      source: 'jury',
    });
    expect(blocks.RNCP41296BC02).toMatchObject({
      status: 'not_acquired',
      proposal: 'not_acquired',
      mark: 8,
      acquiredOn: null,
      source: null,
    });
    expect(blocks.RNCP41296BC03).toMatchObject({ status: 'pending_jury', proposal: 'acquired', mark: 11 });
    expect(blocks.RNCP41296BC04).toMatchObject({ status: 'in_progress', proposal: 'incomplete', mark: null });
    expect(blocks.RNCP41296BC04.modalities).toEqual([
      { id: bc04[0].id, kind: bc04[0].kind, latestScore: 12.5, latestOutcome: null, attempts: 2 },
      { id: bc04[1].id, kind: bc04[1].kind, latestScore: null, latestOutcome: null, attempts: 0 },
    ]);
    for (const block of ircom.blocks) {
      expect(block).toEqual(
        expect.objectContaining({
          code: expect.any(String),
          status: expect.any(String),
          proposal: expect.any(String),
          modalities: expect.any(Array),
        }),
      );
      expect(block).toHaveProperty('mark');
      expect(block).toHaveProperty('acquiredOn');
      expect(block).toHaveProperty('source');
    }
    expect(cnam).toMatchObject({ code: 'RNCP41336', eligible: false, awardedOn: null, missingBlocks: ['RNCP41336BC03', 'RNCP41336BC04'] });
    expect(cnam.blocks[0]).toMatchObject({ code: 'RNCP41336BC01', status: 'acquired', acquiredOn: '2023-07-01', source: 'equivalence' });
    expect(cnam.blocks[1]).toMatchObject({ code: 'RNCP41336BC02', status: 'acquired', acquiredOn: '2024-02-01', source: 'vae' });
    expect(cnam.blocks[2]).toMatchObject({ code: 'RNCP41336BC03', status: 'not_started', proposal: 'incomplete', source: null });
  });

  it('builds progress with at most two SQL statements, however much history the learner has', async () => {
    const small = await insertLearner(t);
    await insertEnrolment(t, { learnerId: small, certificationCode: 'RNCP41296' });
    const big = await learnerWithHistory();
    // More history: a second enrolment with resits on every modality, and another session's decisions.
    const second = await insertEnrolment(t, { learnerId: big.learnerId, certificationCode: 'RNCP41296', startedOn: '2026-09-01' });
    for (const block of ['RNCP41296BC02', 'RNCP41296BC04']) {
      for (const modality of await blockModalities(t, block)) {
        for (const attempt of [1, 2, 3])
          await insertResult(t, {
            enrolmentId: second,
            modalityId: modality.id,
            score: 9 + attempt,
            attempt,
            occurredOn: `2026-${String(attempt + 8).padStart(2, '0')}-10`,
          });
      }
    }
    const later = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-11-30' });
    await decide(later.id, { enrolmentId: second, blockCode: 'RNCP41296BC04', decision: 'validated' });

    // Every statement, through TypeORM or a prepared statement on its pool, goes through pg's Client#query.
    const spy = jest.spyOn(Client.prototype, 'query');
    try {
      spy.mockClear();
      await progressOf(small).expect(200);
      const forSmall = spy.mock.calls.length;
      spy.mockClear();
      const response = await progressOf(big.learnerId).expect(200);
      const forBig = spy.mock.calls.length;
      // One statement checks who may read the learner and loads everything the rules need.
      expect(forSmall).toBeGreaterThan(0); // the spy does see the statements
      expect(forSmall).toBe(1);
      expect(forBig).toBe(forSmall);
      const bc04 = response.body.certifications[0].blocks.find((b: { code: string }) => b.code === 'RNCP41296BC04');
      expect(bc04).toMatchObject({ status: 'acquired', source: 'jury', acquiredOn: '2026-11-30' });
      // Results of both enrolments count: the latest of the second enrolment's resits is the one shown.
      expect(bc04.modalities[0]).toMatchObject({ latestScore: 12, attempts: 5 });
    } finally {
      spy.mockRestore();
    }
  });

  it('lets a learner read only its own progress', async () => {
    const { learnerId } = await learnerWithHistory();
    const otherLearner = await insertLearner(t);
    const user = await t.createUser(['learner'], { learnerId });
    const mine = await t.http().get('/api/me/progress').set(bearer(user.token)).expect(200);
    expect(mine.body.learnerId).toBe(learnerId);
    expect(mine.body.certifications).toHaveLength(2);
    const direct = await progressOf(learnerId, user.token).expect(200);
    expect(direct.body).toEqual(mine.body);
    const refused = await progressOf(otherLearner, user.token).expect(404);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    // Other organisations, and trainers of other cohorts, do not see it either.
    const other = await t.createOrganisation();
    await progressOf(learnerId, other.admin.token).expect(404);
    const trainer = await t.createUser(['trainer']);
    await progressOf(learnerId, trainer.token).expect(404);
    const cohortId = await insertCohort(t, { certificationCode: 'RNCP41296', trainerUserIds: [trainer.id] });
    await insertEnrolment(t, { learnerId, certificationCode: 'RNCP41296', cohortId });
    await progressOf(learnerId, trainer.token).expect(200);
    // /me/progress is for learner users.
    await t.http().get('/api/me/progress').set(bearer(t.admin.token)).expect(403);
    await progressOf('not-a-uuid').expect(400);
  });

  it('lists the learners eligible for a certification, set-based, with keyset pagination and scoping', async () => {
    const trainer = await t.createUser(['trainer']);
    const cohortId = await insertCohort(t, { certificationCode: 'RNCP41336', trainerUserIds: [trainer.id] });
    const eligible: string[] = [];
    for (const name of ['Bernard', 'Aubert', 'Chevalier']) {
      const learnerId = await insertLearner(t, { lastName: name });
      await insertEnrolment(t, {
        learnerId,
        certificationCode: 'RNCP41336',
        accessRoute: 'vae',
        cohortId: name === 'Chevalier' ? undefined : cohortId,
      });
      // BC01 through the replaced sheet's block and its equivalence, the rest by VAE.
      await acquire(learnerId, 'RNCP35080BC01', 'external');
      for (const block of ['BC02', 'BC03', 'BC04']) await acquire(learnerId, `RNCP41336${block}`, 'vae');
      eligible.push(learnerId);
    }
    const almost = await insertLearner(t, { lastName: 'Aaron' });
    await insertEnrolment(t, { learnerId: almost, certificationCode: 'RNCP41336', cohortId });
    for (const block of ['BC01', 'BC02', 'BC03']) await acquire(almost, `RNCP41336${block}`, 'vae');
    // Holding every block without being a candidate of the certification does not list the learner.
    const notCandidate = await insertLearner(t, { lastName: 'Abel' });
    for (const block of ['BC01', 'BC02', 'BC03', 'BC04']) await acquire(notCandidate, `RNCP41336${block}`, 'vae');

    const url = '/api/certifications/RNCP41336/eligible-learners';
    const page1 = await t.http().get(`${url}?limit=2`).set(bearer(t.admin.token)).expect(200);
    expect(page1.body.items.map((i: { lastName: string }) => i.lastName)).toEqual(['Aubert', 'Bernard']);
    expect(page1.body.items[0]).toEqual({
      learnerId: eligible[1],
      firstName: 'Camille',
      lastName: 'Aubert',
      email: expect.any(String),
      awardedOn: null,
    });
    const page2 = await t.http().get(`${url}?limit=2&cursor=${page1.body.nextCursor}`).set(bearer(t.admin.token)).expect(200);
    expect(page2.body).toEqual({ items: [expect.objectContaining({ lastName: 'Chevalier' })], nextCursor: null });

    const inCohort = await t.http().get(`${url}?cohortId=${cohortId}`).set(bearer(t.admin.token)).expect(200);
    expect(inCohort.body.items.map((i: { lastName: string }) => i.lastName)).toEqual(['Aubert', 'Bernard']);
    const asTrainer = await t.http().get(url).set(bearer(trainer.token)).expect(200);
    expect(asTrainer.body.items.map((i: { lastName: string }) => i.lastName)).toEqual(['Aubert', 'Bernard']);
    const otherTrainer = await t.createUser(['trainer']);
    expect((await t.http().get(url).set(bearer(otherTrainer.token)).expect(200)).body.items).toEqual([]);
    const juror = await t.createUser(['jury_member']);
    expect((await t.http().get(url).set(bearer(juror.token)).expect(200)).body.items).toHaveLength(3);
    const learnerUser = await t.createUser(['learner'], { learnerId: eligible[0] });
    await t.http().get(url).set(bearer(learnerUser.token)).expect(403);
    const other = await t.createOrganisation();
    expect((await t.http().get(url).set(bearer(other.admin.token)).expect(200)).body.items).toEqual([]);

    await t.http().get('/api/certifications/RNCP00000/eligible-learners').set(bearer(t.admin.token)).expect(404);
    const badCursor = await t.http().get(`${url}?cursor=garbage`).set(bearer(t.admin.token)).expect(400);
    expect(badCursor.body.errors[0].field).toBe('cursor');
    const badCohort = await t.http().get(`${url}?cohortId=12`).set(bearer(t.admin.token)).expect(400);
    expect(badCohort.body.errors[0].field).toBe('cohortId');
  });
});
