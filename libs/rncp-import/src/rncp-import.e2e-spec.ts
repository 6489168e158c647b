import { TestApp, bearer, createTestApp, declareSizes, repeated, withPeakMemory, zipOf } from '@project/testing';
import { Readable } from 'node:stream';
import { SMALL_XML, csvExportFiles } from './fixtures/fixtures';

describe('POST /api/certifications/import', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (body: Buffer | string, contentType: string, token = t.admin.token) =>
    t.http().post('/api/certifications/import').set(bearer(token)).set('Content-Type', contentType).send(body);
  const catalogueRows = async () => ({
    certifications: await t.count('certification'),
    blocks: await t.count('block'),
    modalities: await t.count('assessment_modality'),
    routes: await t.count('certification_access_route'),
    audit: await t.count('audit_event'),
  });

  it('needs a token (401) and the admin role (403), and writes nothing without them', async () => {
    const before = await catalogueRows();
    await t.http().post('/api/certifications/import').set('Content-Type', 'application/xml').send(SMALL_XML).expect(401);
    const trainer = await t.createUser(['trainer']);
    const refused = await post(SMALL_XML, 'application/xml', trainer.token).expect(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    // The catalogue is shared: another organisation's admin cannot import into it either.
    const other = await t.createOrganisation();
    const tenant = await post(SMALL_XML, 'application/xml', other.admin.token).expect(403);
    expect(tenant.body.detail).toMatch(/shared by every organisation/);
    expect(await catalogueRows()).toEqual(before);
  });

  it('imports a bare XML export: readable fiches are created, unreadable ones reported, curated ones merged', async () => {
    const response = await post(SMALL_XML, 'application/xml').expect(200);
    expect(response.body).toEqual({
      created: 2,
      updated: 1,
      unchanged: 0,
      rejected: [
        { code: '90003', reason: 'NUMERO_FICHE is missing' },
        { code: 'RNCP90004', reason: 'DATE_FIN_ENREGISTREMENT is not a date: "31/02/2024"' },
        { code: 'RNCP90005', reason: expect.stringContaining('must start with RNCP90005BC') },
        { code: 'RNCP90001', reason: expect.stringContaining('more than once') },
      ],
    });
    expect(await t.count('certification', `code IN ('RNCP90003','RNCP90004','RNCP90005')`)).toBe(0);

    const sheet = (await t.http().get('/api/certifications/RNCP90001').set(bearer(t.admin.token)).expect(200)).body;
    expect(sheet).toMatchObject({
      code: 'RNCP90001',
      title: 'Responsable de projets développement & solidarité',
      level: 7,
      active: true,
      registrationEndsOn: '2028-09-24',
      replaces: ['RNCP35080', 'RNCP12345'],
      certifiers: [{ name: 'ASSOCIATION SAINTE ANNE', siret: '77568501900021', website: 'https://www.ircom.fr' }],
      nsfCodes: [{ code: '332', label: 'Travail social' }, { code: '310m' }],
      romeCodes: [{ code: 'K1403' }, { code: 'M1402', label: 'Conseil en organisation & management' }],
      formacodes: [{ code: '32135', label: 'Conduite projet' }],
    });
    expect(sheet.accessRoutes.map((r: { route: string; open: boolean }) => [r.route, r.open])).toEqual([
      ['student', true],
      ['apprenticeship', true],
      ['continuing_education', true],
      ['professionalisation_contract', true],
      ['individual_application', false],
      ['vae', true],
    ]);
    expect(sheet.blocks.map((b: { code: string }) => b.code)).toEqual(['RNCP90001BC01', 'RNCP90001BC02', 'RNCP90001BC03']);
    expect(sheet.blocks[0].competencies).toEqual([
      'Organiser un système de veille globale',
      'Évaluer le contexte d’intervention',
      'Préconiser des ajustements',
    ]);
    expect(sheet.blocks[1].modalities.map((m: { kind: string; mode: string; form: string }) => [m.kind, m.mode, m.form])).toEqual([
      ['case_study', 'individual', 'written'],
      ['professional_simulation', 'collective', 'written'],
      ['english_written', 'individual', 'written'],
      ['english_oral', 'individual', 'oral'],
    ]);
    expect(sheet.blocks[2].modalities).toEqual([
      expect.objectContaining({ kind: 'other', label: 'Évaluation continue tout au long du parcours.' }),
    ]);

    const inactive = (await t.http().get('/api/certifications/RNCP90002').set(bearer(t.admin.token)).expect(200)).body;
    expect(inactive).toMatchObject({ active: false, level: null, blocks: [], accessRoutes: [] });
  });

  it('keeps what was curated by hand on a seed certification unless the export states it', async () => {
    const seed = (await t.http().get('/api/certifications/RNCP41296').set(bearer(t.admin.token)).expect(200)).body;
    // Stated by the export: competencies. Not stated: certifiers, NSF codes, statistics. Curated: modalities and jury rules.
    expect(seed.blocks[0].competencies).toEqual(['Organiser un système de veille globale']);
    expect(seed.certifiers).toEqual([{ name: 'ASSOCIATION SAINTE ANNE', siret: '32949147600019', website: 'https://www.ircom.fr/' }]);
    expect(seed.nsfCodes.length).toBeGreaterThan(0);
    expect(seed.statistics.length).toBeGreaterThan(0);
    expect(seed.blocks.map((b: { modalities: { kind: string }[] }) => b.modalities.map((m) => m.kind))).toEqual([
      ['professional_thesis', 'oral_defence'],
      ['case_study'],
      ['professional_simulation', 'reflective_analysis', 'english_written', 'english_oral'],
      ['professional_thesis', 'oral_exam'],
    ]);
    const student = seed.accessRoutes.find((r: { route: string }) => r.route === 'student');
    expect(student.juryComposition.requirements.length).toBeGreaterThan(0);
    expect(seed.accessRoutes.find((r: { route: string }) => r.route === 'individual_application')).toMatchObject({
      open: false,
      juryComposition: null,
    });
  });

  it('re-importing the same export, zipped or as a form upload, changes nothing', async () => {
    const before = await catalogueRows();
    const zipped = await zipOf([{ name: 'export-fiches-rncp-v4-1-2025-06-01.xml', content: SMALL_XML }]);
    const again = await post(zipped, 'application/zip').expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(again.body.rejected).toHaveLength(4);
    const form = await t
      .http()
      .post('/api/certifications/import')
      .set(bearer(t.admin.token))
      .attach('file', SMALL_XML, { filename: 'export.xml', contentType: 'application/xml' })
      .expect(200);
    expect(form.body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await catalogueRows()).toEqual(before);
  });

  it('retires, never deletes, a block that a newer export no longer lists', async () => {
    const modalityIds = (await t.db.query(`SELECT id FROM assessment_modality WHERE block_code = 'RNCP90001BC03'`)).rows;
    const newer = SMALL_XML.toString('utf8').replace(/<BLOC_COMPETENCES>\s*<CODE>RNCP90001BC03<\/CODE>[\s\S]*?<\/BLOC_COMPETENCES>/, '');
    const response = await post(newer, 'text/xml').expect(200);
    expect(response.body).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const sheet = (await t.http().get('/api/certifications/RNCP90001').set(bearer(t.admin.token)).expect(200)).body;
    expect(sheet.blocks.map((b: { code: string }) => b.code)).toEqual(['RNCP90001BC01', 'RNCP90001BC02']);
    expect(await t.count('block', `code = 'RNCP90001BC03' AND retired_at IS NOT NULL`)).toBe(1);
    expect(await t.count('assessment_modality', `id = ANY($1::uuid[])`, [modalityIds.map((r: { id: string }) => r.id)])).toBe(
      modalityIds.length,
    );
  });

  it('imports the CSV variant: linked files joined on Numero_Fiche', async () => {
    const response = await post(await zipOf(csvExportFiles()), 'application/zip').expect(200);
    expect(response.body).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(response.body.rejected).toEqual([
      { code: 'RNCP80003', reason: 'DATE_FIN_ENREGISTREMENT is not a date: "32/13/2020"' },
      { code: 'RS5476', reason: 'NUMERO_FICHE is not an RNCP code' },
    ]);
    const sheet = (await t.http().get('/api/certifications/RNCP80001').set(bearer(t.admin.token)).expect(200)).body;
    expect(sheet).toMatchObject({
      title: 'Chargé d\'accompagnement social ; et "professionnel"',
      level: 5,
      active: true,
      registrationEndsOn: '2027-12-31',
      replaces: ['RNCP70001'],
      certifiers: [{ name: 'MINISTERE DU TRAVAIL', siret: '13000000000015' }],
      nsfCodes: [{ code: '332t', label: 'Travail social' }],
      formacodes: [{ code: '44028' }],
      romeCodes: [{ code: 'K1201' }, { code: 'K1205' }],
      blocks: [
        { code: 'RNCP80001BC01', title: 'Accueillir et orienter les publics' },
        { code: 'RNCP80001BC02', title: 'Accompagner les parcours' },
      ],
    });
    expect(sheet.accessRoutes.filter((r: { open: boolean }) => r.open).map((r: { route: string }) => r.route)).toEqual([
      'student',
      'apprenticeship',
      'vae',
    ]);
    expect((await t.http().get('/api/certifications/RNCP80002').set(bearer(t.admin.token)).expect(200)).body).toMatchObject({
      active: false,
      level: 4,
    });
    const again = await post(await zipOf(csvExportFiles()), 'application/zip').expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('the CSV variant holds the linked rows of one fiche at a time, not those of the whole file', async () => {
    // 1,000 fiches of 200 blocks each in the linked file (200,000 rows); the Standard file lists the last one.
    const blocks = Readable.from(
      (function* () {
        yield 'Numero_Fiche;Bloc_Competences_Code;Bloc_Competences_Libelle\n';
        for (let fiche = 94000; fiche < 95000; fiche += 1) {
          yield Array.from({ length: 200 }, (_, i) => `RNCP${fiche};RNCP${fiche}BC${String(i + 1).padStart(2, '0')};Bloc ${i + 1}\n`).join(
            '',
          );
        }
      })(),
    );
    const file = await zipOf([
      { name: 'export_fiches_CSV_Blocs_De_Competences_2025.csv', content: blocks },
      { name: 'export_fiches_CSV_Standard_2025.csv', content: 'Numero_Fiche;Intitule;Actif\nRNCP94999;Titre du dernier;Oui\n' },
    ]);
    const { result: response, grownMb } = await withPeakMemory(() => post(file, 'application/zip').expect(200));
    expect(response.body).toMatchObject({ created: 1, rejected: [] });
    const sheet = (await t.http().get('/api/certifications/RNCP94999').set(bearer(t.admin.token)).expect(200)).body;
    expect(sheet.blocks).toHaveLength(200);
    expect(grownMb).toBeLessThan(50);
  });

  it('a fiche the database refuses is rejected alone; the rest of its batch is written', async () => {
    // A rule the mapper does not know about, added to this file's own database.
    await t.db.query(`ALTER TABLE certification ADD CONSTRAINT test_refuses_title CHECK (title <> 'Refusée par la base')`);
    try {
      const xml = (code: string, title: string) => `<FICHE><NUMERO_FICHE>${code}</NUMERO_FICHE><INTITULE>${title}</INTITULE></FICHE>`;
      const body = `<FICHES>${xml('RNCP95001', 'Acceptée')}${xml('RNCP95002', 'Refusée par la base')}${xml('RNCP95003', 'Acceptée aussi')}</FICHES>`;
      const response = await post(body, 'application/xml').expect(200);
      expect(response.body).toEqual({
        created: 2,
        updated: 0,
        unchanged: 0,
        rejected: [{ code: 'RNCP95002', reason: 'refused by the database (test_refuses_title)' }],
      });
      expect(await t.count('certification', `code LIKE 'RNCP9500%'`)).toBe(2);
    } finally {
      await t.db.query(`ALTER TABLE certification DROP CONSTRAINT test_refuses_title`);
    }
  });

  describe('refuses a file it cannot read as a whole, with nothing half-written', () => {
    // Fresh codes, so that a partial write would show as new rows.
    const fresh = SMALL_XML.toString('utf8').replace(/RNCP9000/g, 'RNCP9100');
    const truncated = fresh.slice(0, Math.floor(fresh.length * 0.6));

    it.each([
      ['a truncated XML', () => Promise.resolve(Buffer.from(truncated)), 'application/xml', 422],
      ['a truncated XML inside a zip', () => zipOf([{ name: 'export.xml', content: truncated }]), 'application/zip', 422],
      ['a truncated zip', async () => (await zipOf([{ name: 'export.xml', content: fresh }])).subarray(0, 400), 'application/zip', 422],
      [
        'malformed XML after valid fiches',
        () => Promise.resolve(Buffer.from(fresh.replace('</FICHES>', '<FICHE><NUMERO_FICHE>RNCP1</FICHE></FICHES>'))),
        'application/xml',
        422,
      ],
      ['an XML document that is not an export', () => Promise.resolve(Buffer.from('<html><body>hello</body></html>')), 'text/xml', 422],
      ['a zip without XML or CSV', () => zipOf([{ name: 'readme.txt', content: 'hello' }]), 'application/zip', 422],
      ['a body that is neither zip nor XML', () => Promise.resolve(Buffer.from('hello, world')), 'application/octet-stream', 400],
      ['an empty body', () => Promise.resolve(Buffer.alloc(0)), 'application/xml', 400],
      // XXE: entities declared in a DOCTYPE are never expanded nor fetched; the document is refused.
      [
        'a DOCTYPE with an external entity',
        () =>
          Promise.resolve(
            Buffer.from(
              fresh
                .replace('<FICHES', '<!DOCTYPE FICHES [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><FICHES')
                .replace(/<INTITULE>[^<]*<\/INTITULE>/, '<INTITULE>&xxe;</INTITULE>'),
            ),
          ),
        'application/xml',
        422,
      ],
      // Zip bombs: a small zip whose one fiche (XML) or one line (CSV) inflates to 16 MB of text.
      [
        'a zipped XML fiche inflating to 16 MB',
        () => zipOf([{ name: 'export.xml', content: fresh.replace(/<INTITULE>/, `<INTITULE>${'a'.repeat(16 * 1024 * 1024)}`) }]),
        'application/zip',
        422,
      ],
      [
        'a zipped CSV line inflating to 16 MB',
        () => zipOf([{ name: 'export_Standard_2025.csv', content: `Numero_Fiche;Intitule\nRNCP91009;${'a'.repeat(16 * 1024 * 1024)}\n` }]),
        'application/zip',
        422,
      ],
    ])('%s', async (_name, body, contentType, status) => {
      const before = await catalogueRows();
      const response = await post(await body(), contentType).expect(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
      expect(await t.count('certification', `code LIKE 'RNCP9100%'`)).toBe(0);
      expect(await catalogueRows()).toEqual(before);
    });

    // Limits on what one small upload may make the reader inflate and hold: each refusal names the problem.
    const MB = 1024 * 1024;
    const xmlOpening = fresh.slice(0, fresh.indexOf('</FICHES>'));
    async function* followedBy(head: string, tail: Readable) {
      yield Buffer.from(head);
      yield* tail;
    }
    it.each([
      [
        'a zip whose directory declares 1 kB for an XML of 200 MB',
        async () =>
          declareSizes(
            await zipOf([{ name: 'export.xml', content: Readable.from(followedBy(xmlOpening, repeated(' ', 200 * MB))) }]),
            1024,
          ),
        /export\.xml inflates beyond the 1024 bytes its zip directory declares/,
      ],
      [
        'a zipped FICHE of 2 million empty elements (an 8 kB zip)',
        () =>
          zipOf([
            {
              name: 'export.xml',
              content: fresh.replace(
                '</FICHES>',
                `<FICHE><NUMERO_FICHE>RNCP91010</NUMERO_FICHE>${'<A/>'.repeat(2_000_000)}</FICHE></FICHES>`,
              ),
            },
          ]),
        /FICHE n° 8 \(RNCP91010\) at line \d+ holds more than 50000 elements/,
      ],
      [
        'ANCIENNES_CERTIFICATIONS nested 100,000 deep',
        () =>
          zipOf([
            {
              name: 'export.xml',
              content: fresh.replace(
                '</FICHES>',
                `<FICHE><NUMERO_FICHE>RNCP91011</NUMERO_FICHE>${'<ANCIENNES_CERTIFICATIONS>'.repeat(100_000)}${'</ANCIENNES_CERTIFICATIONS>'.repeat(100_000)}</FICHE></FICHES>`,
              ),
            },
          ]),
        /Elements nested more than 32 deep, in FICHE n° 8 \(RNCP91011\)/,
      ],
      [
        'a CSV header of 5,000 columns',
        () => zipOf([{ name: 'export_Standard_2025.csv', content: `Numero_Fiche;Intitule${';x'.repeat(5_000)}\nRNCP91012;Titre\n` }]),
        /Line 1 of export_Standard_2025\.csv has more than 1000 fields/,
      ],
      [
        // A record of a million fields, each on its own line: csv-parse would spend seconds on it.
        'a CSV row of a million quoted fields',
        () => zipOf([{ name: 'export_Standard_2025.csv', content: `Numero_Fiche;Intitule\nRNCP91014;${'"\n";'.repeat(1_000_000)}\n` }]),
        /Line 1001 of export_Standard_2025\.csv has more than 1000 fields/,
      ],
      [
        'a linked CSV file of 20,000 blocks for one fiche',
        () =>
          zipOf([
            {
              name: 'export_Blocs_2025.csv',
              content: `Numero_Fiche;Bloc_Competences_Code;Bloc_Competences_Libelle\n${'RNCP91013;B;L\n'.repeat(20_000)}`,
            },
            { name: 'export_Standard_2025.csv', content: 'Numero_Fiche;Intitule\nRNCP91013;Titre\n' },
          ]),
        /FICHE RNCP91013 \(its rows in the linked CSV files\) holds more than 50000 elements/,
      ],
    ])('%s: 422, memory bounded', async (_name, body, message) => {
      const file = await body();
      expect(file.length).toBeLessThan(512 * 1024);
      const before = await catalogueRows();
      const { result: response, grownMb } = await withPeakMemory(() => post(file, 'application/zip').expect(422));
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors).toEqual([{ field: 'body', message: expect.stringMatching(message) }]);
      expect(grownMb).toBeLessThan(150);
      expect(await t.count('certification', `code LIKE 'RNCP910%'`)).toBe(0);
      expect(await catalogueRows()).toEqual(before);
    });

    it('a JSON body is not an export (415)', async () => {
      const response = await t.http().post('/api/certifications/import').set(bearer(t.admin.token)).send({ fiches: [] }).expect(415);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });

    it('a form without a file field (400)', async () => {
      const response = await t.http().post('/api/certifications/import').set(bearer(t.admin.token)).field('other', 'x').expect(400);
      expect(response.body.errors).toEqual([{ field: 'file', message: 'is required' }]);
    });
  });
});
