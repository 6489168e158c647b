import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { XmlElement, element } from '../export/xml-element';
import { readXmlFiches } from '../export/xml-fiche-reader';
import { mapFiche, parseFrenchDate, parseLevel } from './map-fiche';

async function fixtureFiches(): Promise<XmlElement[]> {
  const fiches: XmlElement[] = [];
  for await (const fiche of readXmlFiches(createReadStream(join(__dirname, '../fixtures/export-small.xml')))) fiches.push(fiche);
  return fiches;
}

describe('mapFiche', () => {
  it('maps every field of a FICHE to the certification sheet', async () => {
    const [fiche] = await fixtureFiches();
    const mapped = mapFiche(fiche, 1);
    if (!mapped.ok) throw new Error(mapped.reason);
    const { sheet } = mapped;
    expect(sheet).toMatchObject({
      code: 'RNCP90001',
      title: 'Responsable de projets développement & solidarité',
      level: 7,
      active: true,
      registrationEndsOn: '2028-09-24',
      replaces: ['RNCP35080', 'RNCP12345'],
      certifiers: [{ name: 'ASSOCIATION SAINTE ANNE', siret: '77568501900021', website: 'https://www.ircom.fr' }],
      nsfCodes: [
        { code: '332', label: 'Travail social' },
        { code: '310m', label: 'Spécialités plurivalentes des échanges et de la gestion' },
      ],
      formacodes: [{ code: '32135', label: 'Conduite projet' }],
      romeCodes: [
        { code: 'K1403', label: 'Management de structure de santé, sociale ou pénitentiaire' },
        { code: 'M1402', label: 'Conseil en organisation & management' },
      ],
      completionRule: { kind: 'all_blocks' },
    });
    expect(sheet.accessRoutes).toEqual([
      {
        route: 'student',
        open: true,
        juryComposition: { description: 'Deux professionnels extérieurs\nUn membre de la direction', requirements: [] },
      },
      { route: 'apprenticeship', open: true, juryComposition: null },
      { route: 'continuing_education', open: true, juryComposition: null },
      { route: 'professionalisation_contract', open: true, juryComposition: null },
      { route: 'individual_application', open: false, juryComposition: null },
      { route: 'vae', open: true, juryComposition: null },
    ]);
    expect(sheet.blocks.map((b) => [b.code, b.competencies, b.modalities.map((m) => m.kind)])).toEqual([
      [
        'RNCP90001BC01',
        ['Organiser un système de veille globale', 'Évaluer le contexte d’intervention', 'Préconiser des ajustements'],
        ['professional_thesis', 'oral_defence'],
      ],
      [
        'RNCP90001BC02',
        [
          "Décliner le plan d'actions",
          'Déployer une stratégie de communication',
          "Communiquer à l'écrit et oralement en anglais professionnel",
        ],
        ['case_study', 'professional_simulation', 'english_written', 'english_oral'],
      ],
      ['RNCP90001BC03', ['Construire une équipe projet', 'Coordonner les activités'], ['other']],
    ]);
    expect(sheet.blocks[0].evaluationText).toBe('Mémoire professionnel et soutenance orale');
    expect(mapped.provided).toEqual(expect.arrayContaining(['title', 'level', 'certifiers', 'blocks', 'accessRoutes', 'replaces']));
  });

  it('maps a sparse fiche and says what it does not state', async () => {
    const fiche = (await fixtureFiches())[1];
    const mapped = mapFiche(fiche, 2);
    expect(mapped).toMatchObject({
      ok: true,
      sheet: { code: 'RNCP90002', active: false, level: null, blocks: [], accessRoutes: [], registrationEndsOn: null },
    });
    if (mapped.ok) expect(mapped.provided).not.toContain('blocks');
  });

  it('rejects unreadable fiches with their code and the reason', async () => {
    const fiches = await fixtureFiches();
    expect(mapFiche(fiches[2], 3)).toEqual({ ok: false, code: '90003', reason: 'NUMERO_FICHE is missing' });
    expect(mapFiche(fiches[3], 4)).toEqual({ ok: false, code: 'RNCP90004', reason: 'DATE_FIN_ENREGISTREMENT is not a date: "31/02/2024"' });
    expect(mapFiche(fiches[4], 5)).toMatchObject({
      ok: false,
      code: 'RNCP90005',
      reason: expect.stringContaining('must start with RNCP90005BC'),
    });
    expect(mapFiche(element('FICHE', '', [element('NUMERO_FICHE', 'RS5476'), element('INTITULE', 'x')]), 9)).toMatchObject({
      ok: false,
      code: 'RS5476',
    });
    expect(mapFiche(element('FICHE', '', [element('NUMERO_FICHE', 'RNCP1')]), 9)).toEqual({
      ok: false,
      code: 'RNCP1',
      reason: 'INTITULE is missing',
    });
  });

  it('is deterministic, so a re-import finds the same sheet', async () => {
    const [fiche] = await fixtureFiches();
    expect(JSON.stringify(mapFiche(fiche, 1))).toBe(JSON.stringify(mapFiche(fiche, 1)));
  });
});

describe('parseLevel and parseFrenchDate', () => {
  it.each([
    ['NIV7', 7],
    ['NIV3', 3],
    ['6', 6],
    ['Niveau 5', 5],
    ['NIV9', null],
    ['Sans niveau spécifique', null],
    [undefined, null],
  ])('level %s → %s', (raw, level) => expect(parseLevel(raw)).toBe(level));

  it('reads dd/mm/yyyy and refuses impossible dates', () => {
    expect(parseFrenchDate('01/09/2025')).toBe('2025-09-01');
    expect(parseFrenchDate('1/9/2025')).toBe('2025-09-01');
    expect(parseFrenchDate('2025-09-01')).toBe('2025-09-01');
    expect(() => parseFrenchDate('29/02/2023')).toThrow('not a date');
    expect(() => parseFrenchDate('demain')).toThrow('not a date');
  });
});
