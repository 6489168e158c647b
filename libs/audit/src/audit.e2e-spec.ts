import { TestApp, bearer, createLearner, createTestApp } from '@project/testing';

describe('audit trail (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("answers an entity's history to admins, newest first, with who did what before and after", async () => {
    const learner = await createLearner(t, { firstName: 'Paul', lastName: 'Avant' });
    const updated = await t.http().patch(`/api/learners/${learner.id}`).set(bearer(t.admin.token)).send({ lastName: 'Après' }).expect(200);
    const response = await t
      .http()
      .get('/api/audit')
      .query({ entityType: 'learner', entityId: learner.id })
      .set(bearer(t.admin.token))
      .expect(200);
    expect(response.body).toEqual({
      items: [
        {
          id: expect.stringMatching(/^\d+$/),
          occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
          actorUserId: t.admin.id,
          action: 'learner.updated',
          entityType: 'learner',
          entityId: learner.id,
          before: learner,
          after: updated.body,
          reason: null,
        },
        expect.objectContaining({ action: 'learner.created', before: null, after: learner }),
      ],
      nextCursor: null,
    });
    expect(BigInt(response.body.items[0].id)).toBeGreaterThan(BigInt(response.body.items[1].id));
  });

  it('pages by keyset on id without gaps or repeats, in numeric (not text) order of ids', async () => {
    // Enough events that ids cross from one digit to two, where a text sort would misplace them.
    for (let i = 0; i < 10; i++) await createLearner(t);
    const learner = await createLearner(t);
    for (const name of ['Un', 'Deux', 'Trois', 'Quatre']) {
      await t.http().patch(`/api/learners/${learner.id}`).set(bearer(t.admin.token)).send({ lastName: name }).expect(200);
    }
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { after: { lastName: string } }[]; nextCursor: string | null } } = await t
        .http()
        .get('/api/audit')
        .query({ entityType: 'learner', entityId: learner.id, limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(t.admin.token))
        .expect(200);
      names.push(...page.body.items.map((item) => item.after.lastName));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toEqual(['Quatre', 'Trois', 'Deux', 'Un', learner.lastName]);

    // The whole trail, paged, equals the numeric order of ids (which here span one and two digits).
    const ids: string[] = [];
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t
        .http()
        .get('/api/audit')
        .query({ limit: 4, ...(cursor ? { cursor } : {}) })
        .set(bearer(t.admin.token))
        .expect(200);
      ids.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const { rows } = await t.db.query(`SELECT a.id::text AS id FROM audit_event a WHERE a.organisation_id = $1 ORDER BY a.id DESC`, [
      t.admin.organisationId,
    ]);
    expect(rows.some((row: { id: string }) => row.id.length === 1) && rows.some((row: { id: string }) => row.id.length === 2)).toBe(true);
    expect(ids).toEqual(rows.map((row: { id: string }) => row.id));
  });

  it("shows an admin only its own organisation's events", async () => {
    const mine = await createLearner(t);
    const other = await t.createOrganisation();
    const theirs = await createLearner(t, {}, other.admin.token);
    const foreign = await t
      .http()
      .get('/api/audit')
      .query({ entityType: 'learner', entityId: theirs.id })
      .set(bearer(t.admin.token))
      .expect(200);
    expect(foreign.body.items).toEqual([]);
    const all = await t.http().get('/api/audit').query({ limit: 500 }).set(bearer(other.admin.token)).expect(200);
    const ids = all.body.items.map((item: { entityId: string }) => item.entityId);
    expect(ids).toContain(theirs.id);
    expect(ids).not.toContain(mine.id);
  });

  it('is for admins only', async () => {
    for (const roles of [['trainer'], ['jury_member']] as const) {
      const user = await t.createUser([...roles]);
      await t.http().get('/api/audit').set(bearer(user.token)).expect(403);
    }
    const learner = await createLearner(t);
    const self = await t.createUser(['learner'], { learnerId: learner.id });
    await t.http().get('/api/audit').query({ entityId: learner.id }).set(bearer(self.token)).expect(403);
    await t.http().get('/api/audit').expect(401);
  });

  it('refuses bad filters and cursors with 400 naming the field', async () => {
    const tooMany = await t.http().get('/api/audit').query({ limit: 501 }).set(bearer(t.admin.token)).expect(400);
    expect(tooMany.body.errors.map((e: { field: string }) => e.field)).toEqual(['limit']);
    const badType = await t.http().get('/api/audit').query({ entityType: 'Learner; DROP' }).set(bearer(t.admin.token)).expect(400);
    expect(badType.body.errors.map((e: { field: string }) => e.field)).toEqual(['entityType']);
    const forged = Buffer.from(JSON.stringify(['1 OR 1=1'])).toString('base64url');
    const badCursor = await t.http().get('/api/audit').query({ cursor: forged }).set(bearer(t.admin.token)).expect(400);
    expect(badCursor.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
  });

  it('is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const learner = await createLearner(t);
    const before = await t.count('audit_event');
    await expect(t.db.query(`UPDATE audit_event SET action = 'forged' WHERE entity_id = $1`, [learner.id])).rejects.toMatchObject({
      message: expect.stringContaining('append-only'),
    });
    await expect(t.db.query(`DELETE FROM audit_event WHERE entity_id = $1`, [learner.id])).rejects.toMatchObject({
      message: expect.stringContaining('append-only'),
    });
    await expect(t.db.query(`TRUNCATE audit_event`)).rejects.toMatchObject({ message: expect.stringContaining('append-only') });
    expect(await t.count('audit_event')).toBe(before);
    expect(await t.count('audit_event', `entity_id = $1 AND action = 'learner.created'`, [learner.id])).toBe(1);
  });
});
