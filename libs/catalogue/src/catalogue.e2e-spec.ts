import { TestApp, bearer, createTestApp } from '@project/testing';

describe('certification catalogue (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const get = (path: string, token = t.admin.token) => t.http().get(path).set(bearer(token));

  it('lists both seed certifications, paginated', async () => {
    const page = await get('/api/certifications').expect(200);
    expect(page.body.items).toEqual(
      expect.arrayContaining([
        { code: 'RNCP41296', title: expect.any(String), level: 7, blockCount: 4, registrationEndsOn: '2028-09-24', active: true },
        { code: 'RNCP41336', title: expect.any(String), level: 7, blockCount: 4, registrationEndsOn: '2030-09-24', active: true },
      ]),
    );
    const first = await get('/api/certifications?limit=1').expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`/api/certifications?limit=1&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items[0].code).not.toBe(first.body.items[0].code);
  });

  it('serves RNCP41296 as the sheet publishes it', async () => {
    const { body } = await get('/api/certifications/RNCP41296').expect(200);
    expect(body).toMatchObject({
      code: 'RNCP41296',
      level: 7,
      registrationEndsOn: '2028-09-24',
      replaces: [],
      completionRule: { kind: 'all_blocks' },
    });
    expect(body.blocks.map((b: { code: string }) => b.code)).toEqual(['RNCP41296BC01', 'RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04']);
    expect(body.blocks.map((b: { competencies: string[] }) => b.competencies.length)).toEqual([6, 6, 10, 5]);
    const bc03Kinds = body.blocks[2].modalities.map((m: { kind: string }) => m.kind);
    expect(bc03Kinds).toEqual(expect.arrayContaining(['english_written', 'english_oral']));
    for (const modality of body.blocks.flatMap((b: { modalities: unknown[] }) => b.modalities)) {
      expect(modality).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        mode: expect.stringMatching(/^(individual|collective)$/),
        form: expect.stringMatching(/^(written|oral)$/),
        coefficient: expect.any(Number),
        passMark: expect.any(Number),
      });
    }
    const routes = Object.fromEntries(body.accessRoutes.map((r: { route: string; open: boolean }) => [r.route, r]));
    expect(routes.individual_application.open).toBe(false);
    expect(routes.vae.open).toBe(true);
    expect(routes.vae.juryComposition.requirements).toEqual(
      expect.arrayContaining([expect.objectContaining({ roles: ['external_professional'], min: 2 })]),
    );
    expect(body.nsfCodes.length).toBeGreaterThan(0);
    expect(body.romeCodes.length).toBeGreaterThan(0);
    expect(body.certifiers[0].name).toMatch(/Sainte Anne/i);
    expect(body.statistics.length).toBeGreaterThan(0);
  });

  it('serves RNCP41336 with its replaced certification', async () => {
    const { body } = await get('/api/certifications/RNCP41336').expect(200);
    expect(body).toMatchObject({ code: 'RNCP41336', registrationEndsOn: '2030-09-24', replaces: ['RNCP35080'] });
    expect(body.blocks[0].competencies).toHaveLength(12);
    expect(body.blocks[0].modalities.map((m: { kind: string }) => m.kind)).toEqual([
      'written_synthesis',
      'case_study',
      'professional_simulation',
    ]);
    expect(body.certifiers[0].name).toMatch(/arts et m[ée]tiers/i);
    expect(body.additionalRequirements.join(' ')).toMatch(/8 semaines/);
  });

  it('answers an unknown certification with a 404 problem', async () => {
    const response = await get('/api/certifications/RNCP99999').expect(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, detail: expect.stringContaining('RNCP99999') });
  });

  it('answers a NUL character in a code or a search, and a forged cursor, with 400 naming it', async () => {
    const code = await get('/api/certifications/RNCP%00').expect(400);
    expect(code.body.errors).toEqual([{ field: 'code', message: expect.any(String) }]);
    const search = await get('/api/certifications?search=gestion%00').expect(400);
    expect(search.body.errors).toEqual([{ field: 'search', message: expect.any(String) }]);
    for (const key of [[{ a: 1 }], [5], ['RNCP\u0000']]) {
      const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
      const forged = await get(`/api/certifications?cursor=${cursor}`).expect(400);
      expect(forged.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });

  it('needs a token to read the catalogue', async () => {
    await t.http().get('/api/certifications').expect(401);
  });

  describe('PUT /api/certifications/{code}', () => {
    const sheet = () => ({
      code: 'RNCP90001',
      title: 'Certification de test',
      level: 6,
      certifiers: [{ name: 'Centre de test', siret: null, website: null }],
      nsfCodes: [{ code: '310', label: 'Spécialités plurivalentes des échanges et de la gestion' }],
      formacodes: [],
      romeCodes: [{ code: 'M1503', label: 'Management des ressources humaines' }],
      registrationEndsOn: '2029-12-31',
      replaces: [],
      accessRoutes: [
        {
          route: 'continuing_education',
          open: true,
          juryComposition: {
            description: 'Deux professionnels',
            requirements: [{ label: 'Professionnels', roles: ['external_professional'], min: 2, external: true }],
          },
        },
        { route: 'individual_application', open: false, juryComposition: null },
      ],
      completionRule: { kind: 'all_blocks' },
      blocks: [
        {
          code: 'RNCP90001BC01',
          title: 'Piloter',
          competencies: ['Piloter un projet', 'Évaluer un projet'],
          modalities: [{ kind: 'case_study', label: 'Étude de cas', mode: 'individual', form: 'written', coefficient: 2, passMark: 10 }],
        },
      ],
    });

    it('refuses marks with more than two decimals, exponent-written ones too, with 400 naming the field (not 500)', async () => {
      for (const passMark of [1e-7, 9e-323, 10.005]) {
        const body = sheet();
        body.blocks[0].modalities[0].passMark = passMark;
        const response = await t.http().put('/api/certifications/RNCP90001').set(bearer(t.admin.token)).send(body).expect(400);
        expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'blocks[0].modalities[0].passMark' }));
      }
    });

    it('refuses a sheet without its completion rule (or a null one) with 400 naming it, not 500', async () => {
      for (const completionRule of [undefined, null]) {
        const response = await t
          .http()
          .put('/api/certifications/RNCP90001')
          .set(bearer(t.admin.token))
          .send({ ...sheet(), completionRule })
          .expect(400);
        expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'completionRule' }));
      }
    });

    it('creates, then replaces, keeping modality identity and retiring what disappears', async () => {
      const created = await t.http().put('/api/certifications/RNCP90001').set(bearer(t.admin.token)).send(sheet()).expect(201);
      expect(created.body.blocks[0].modalities[0]).toMatchObject({ kind: 'case_study', coefficient: 2, grading: 'score' });
      const modalityId = created.body.blocks[0].modalities[0].id;

      const next = sheet();
      next.title = 'Certification de test (v2)';
      next.blocks.push({
        code: 'RNCP90001BC02',
        title: 'Animer',
        competencies: ['Animer une équipe'],
        modalities: [{ kind: 'oral_exam', label: 'Oral', mode: 'individual', form: 'oral', coefficient: 1, passMark: 10 }],
      });
      const replaced = await t.http().put('/api/certifications/RNCP90001').set(bearer(t.admin.token)).send(next).expect(200);
      expect(replaced.body.title).toBe('Certification de test (v2)');
      expect(replaced.body.blocks[0].modalities[0].id).toBe(modalityId);
      expect(replaced.body.blocks).toHaveLength(2);

      await t.http().put('/api/certifications/RNCP90001').set(bearer(t.admin.token)).send(sheet()).expect(200);
      const { body } = await get('/api/certifications/RNCP90001').expect(200);
      expect(body.blocks.map((b: { code: string }) => b.code)).toEqual(['RNCP90001BC01']);
      expect(await t.count('block', `code = 'RNCP90001BC02' AND retired_at IS NOT NULL`)).toBe(1);
      expect(await t.count('audit_event', `entity_type = 'certification' AND entity_id = 'RNCP90001'`)).toBe(3);

      // The same sheet again changes nothing and writes no audit event.
      await t.http().put('/api/certifications/RNCP90001').set(bearer(t.admin.token)).send(sheet()).expect(200);
      expect(await t.count('audit_event', `entity_type = 'certification' AND entity_id = 'RNCP90001'`)).toBe(3);
    });

    it('names each invalid field and writes nothing', async () => {
      const bad = sheet() as Record<string, any>;
      bad.code = 'RNCP90002';
      bad.level = 12;
      bad.registrationEndsOn = '31/12/2029';
      bad.blocks[0].modalities[0].kind = 'interpretive_dance';
      bad.blocks[0].modalities[0].passMark = 25;
      bad.unknownField = true;
      const before = await t.count('certification');
      const response = await t.http().put('/api/certifications/RNCP90002').set(bearer(t.admin.token)).send(bad).expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      const fields = response.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'level',
          'registrationEndsOn',
          'blocks[0].modalities[0].kind',
          'blocks[0].modalities[0].passMark',
          'unknownField',
        ]),
      );
      expect(await t.count('certification')).toBe(before);
    });

    it('refuses a NUL character deep in a sheet with 400 naming its path, writing nothing', async () => {
      const bad = sheet() as Record<string, any>;
      bad.code = 'RNCP90004';
      bad.blocks[0].competencies = ['Piloter', 'Évaluer\u0000'];
      const before = await t.count('certification');
      const response = await t.http().put('/api/certifications/RNCP90004').set(bearer(t.admin.token)).send(bad).expect(400);
      expect(response.body.errors).toEqual([{ field: 'blocks[0].competencies[1]', message: expect.any(String) }]);
      expect(await t.count('certification')).toBe(before);
    });

    it('refuses a block code outside its certification and a code differing from the path', async () => {
      const bad = sheet();
      bad.blocks[0].code = 'RNCP41296BC09';
      const response = await t.http().put('/api/certifications/RNCP90001').set(bearer(t.admin.token)).send(bad).expect(422);
      expect(response.body.errors).toEqual([{ field: 'blocks[0].code', message: 'must start with RNCP90001BC' }]);
      const mismatch = await t.http().put('/api/certifications/RNCP90003').set(bearer(t.admin.token)).send(sheet()).expect(422);
      expect(mismatch.body.errors[0].field).toBe('code');
      expect(await t.count('certification', `code = 'RNCP90003'`)).toBe(0);
    });

    it('is for admins only', async () => {
      const trainer = await t.createUser(['trainer']);
      await t
        .http()
        .put('/api/certifications/RNCP90004')
        .set(bearer(trainer.token))
        .send({ ...sheet(), code: 'RNCP90004', blocks: [] })
        .expect(403);
      await t.http().put('/api/certifications/RNCP90004').send(sheet()).expect(401);
      expect(await t.count('certification', `code = 'RNCP90004'`)).toBe(0);
    });

    it("is for the operator organisation's admins only: a tenant's admin cannot rewrite the shared catalogue", async () => {
      const other = await t.createOrganisation();
      const before = await t.count('audit_event');
      const sheet41296 = (await get('/api/certifications/RNCP41296').expect(200)).body;
      const refused = await t
        .http()
        .put('/api/certifications/RNCP41296')
        .set(bearer(other.admin.token))
        .send({ ...sheet41296, blocks: [] })
        .expect(403);
      expect(refused.body.detail).toMatch(/shared by every organisation/);
      await t
        .http()
        .put('/api/certifications/RNCP90005')
        .set(bearer(other.admin.token))
        .send({ ...sheet(), code: 'RNCP90005', blocks: [] })
        .expect(403);
      expect(await t.count('block', `certification_code = 'RNCP41296' AND retired_at IS NULL`)).toBe(4);
      expect(await t.count('certification', `code = 'RNCP90005'`)).toBe(0);
      expect(await t.count('audit_event')).toBe(before);
      // Reading stays open to every organisation.
      await get('/api/certifications/RNCP41296', other.admin.token).expect(200);
    });
  });
});
