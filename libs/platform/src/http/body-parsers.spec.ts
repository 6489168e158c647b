import { JSON_BODY_LIMITS, jsonShapeProblem } from './body-parsers';

/** A certification sheet at the maxima its DTO validates: the largest legitimate JSON body. */
function largestSheet(): unknown {
  const modality = {
    id: '00000000-0000-4000-8000-000000000000',
    kind: 'case_study',
    label: 'Étude de cas',
    mode: 'individual',
    form: 'written',
    coefficient: 1,
    passMark: 10,
    eliminatoryFloor: 5,
    grading: 'score',
  };
  const block = (i: number) => ({
    code: `RNCP41296BC${i}`,
    title: 'Bloc',
    mandatory: true,
    passMark: 10,
    competencies: Array.from({ length: 200 }, (_, c) => `Compétence ${c}`),
    evaluationText: 'texte',
    modalities: Array.from({ length: 50 }, () => ({ ...modality })),
  });
  return {
    code: 'RNCP41296',
    title: 'Titre',
    level: 6,
    certifiers: [{ name: 'Ministère', siret: null, website: null }],
    nsfCodes: [{ code: '332', label: 'Travail social' }],
    formacodes: [],
    romeCodes: [],
    registrationEndsOn: null,
    replaces: [],
    accessRoutes: [
      { route: 'vae', open: true, juryComposition: { description: 'x', requirements: [{ label: 'x', roles: ['chair'], min: 1 }] } },
    ],
    completionRule: { kind: 'all_blocks' },
    blocks: Array.from({ length: 100 }, (_, i) => block(i)),
  };
}

describe('jsonShapeProblem', () => {
  it('lets the largest legitimate bodies through: a sheet at its maxima, 500 collective enrolments', () => {
    expect(jsonShapeProblem(largestSheet())).toBeUndefined();
    expect(jsonShapeProblem({ enrolmentIds: new Array(500).fill('00000000-0000-4000-8000-000000000000') })).toBeUndefined();
  });

  it.each([
    ['too deep', JSON.parse('['.repeat(JSON_BODY_LIMITS.maxDepth + 1) + ']'.repeat(JSON_BODY_LIMITS.maxDepth + 1)), 400],
    ['too many keys in one object', Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])), 400],
    ['too many values', { a: new Array(JSON_BODY_LIMITS.maxNodes).fill(null) }, 413],
    ['too many values in many small objects', Array.from({ length: 20_000 }, () => ({ a: 1, b: 2, c: 3, d: 4, e: 5 })), 413],
  ])('refuses a body %s', (_name, body, status) => {
    expect(jsonShapeProblem(body)).toMatchObject({ status });
  });

  it('accepts a body exactly at the depth limit', () => {
    const depth = JSON_BODY_LIMITS.maxDepth;
    expect(jsonShapeProblem(JSON.parse('['.repeat(depth) + ']'.repeat(depth)))).toBeUndefined();
  });
});
