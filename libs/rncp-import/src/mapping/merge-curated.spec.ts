import { SEED_SHEETS, type CertificationSheetDto } from '@project/catalogue';
import { normaliseSheet } from '@project/catalogue';
import { mergeIntoCurated } from './merge-curated';

const curated = normaliseSheet(SEED_SHEETS.find((s) => s.code === 'RNCP41296')!);

function exported(overrides: Partial<CertificationSheetDto>): CertificationSheetDto {
  return {
    code: 'RNCP41296',
    title: 'Titre de l’export',
    level: 7,
    active: true,
    certifiers: [],
    nsfCodes: [],
    formacodes: [],
    romeCodes: [],
    registrationEndsOn: '2029-01-31',
    replaces: [],
    accessRoutes: [],
    completionRule: { kind: 'all_blocks' },
    blocks: [],
    ...overrides,
  };
}

describe('mergeIntoCurated', () => {
  it('overwrites only the fields the export states', () => {
    const merged = mergeIntoCurated(curated, exported({}), ['title', 'registrationEndsOn']);
    expect(merged).toEqual({ ...curated, title: 'Titre de l’export', registrationEndsOn: '2029-01-31' });
  });

  it('keeps curated structured jury rules on routes the export keeps open, and closes what it closes', () => {
    const merged = mergeIntoCurated(
      curated,
      exported({
        accessRoutes: [
          { route: 'student', open: true, juryComposition: { description: 'texte', requirements: [] } },
          { route: 'vae', open: false, juryComposition: null },
        ],
      }),
      ['accessRoutes'],
    );
    const student = merged.accessRoutes.find((r) => r.route === 'student')!;
    expect(student.juryComposition).toEqual(curated.accessRoutes.find((r) => r.route === 'student')!.juryComposition);
    expect(student.juryComposition!.requirements.length).toBeGreaterThan(0);
    expect(merged.accessRoutes.find((r) => r.route === 'vae')).toEqual({ route: 'vae', open: false, juryComposition: null });
    // Routes the export does not mention stay as curated.
    expect(merged.accessRoutes.find((r) => r.route === 'apprenticeship')).toEqual(
      curated.accessRoutes.find((r) => r.route === 'apprenticeship'),
    );
  });

  it('keeps curated modalities of known blocks, takes new blocks whole and drops blocks the export no longer lists', () => {
    const merged = mergeIntoCurated(
      curated,
      exported({
        blocks: [
          {
            code: 'RNCP41296BC01',
            title: 'Nouveau titre',
            competencies: ['Une'],
            evaluationText: 'Etude de cas',
            modalities: [{ kind: 'case_study', label: 'Etude de cas', mode: 'individual', form: 'written', coefficient: 1, passMark: 10 }],
          },
          { code: 'RNCP41296BC09', title: 'Bloc nouveau', competencies: [], evaluationText: null, modalities: [] },
        ],
      }),
      ['blocks'],
    );
    expect(merged.blocks.map((b) => b.code)).toEqual(['RNCP41296BC01', 'RNCP41296BC09']);
    expect(merged.blocks[0]).toMatchObject({ title: 'Nouveau titre', competencies: ['Une'], evaluationText: 'Etude de cas' });
    expect(merged.blocks[0].modalities).toEqual(curated.blocks[0].modalities);
  });

  it('is a fixpoint: merging the same export into its own result changes nothing', () => {
    const imported = exported({ accessRoutes: [{ route: 'student', open: true, juryComposition: null }] });
    const once = normaliseSheet(mergeIntoCurated(curated, imported, ['title', 'accessRoutes']));
    expect(normaliseSheet(mergeIntoCurated(once, imported, ['title', 'accessRoutes']))).toEqual(once);
  });
});
