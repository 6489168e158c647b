import fc from 'fast-check';
import { Pools, fromPool, oddValue } from './arbitraries';

/**
 * Bodies that follow the business rules the schemas cannot state (a modality of the enrolment's certification,
 * exactly one of score or outcome, a decision on an open session, a follow-up of an awarded learner…), built
 * from the seeded organisation, so the fuzzer also reaches the success paths of the operations behind them.
 */

export interface SeedFacts {
  enrolments: { id: string; learnerId: string; code: string }[];
  /** Live modalities by block code. */
  modalities: Record<string, { id: string; grading: string; mode: string }[]>;
  /** The catalogue sheets as read at seeding time (GET /api/certifications/{code}). */
  sheets: Record<string, Record<string, unknown>>;
  learnerEmails: Record<string, string>;
  /** A learner the seed had awarded, for follow-ups. */
  awarded: { learnerId: string; code: string; awardedOn: string };
  /** Read when drawn: the fuzzer replaces it when it closes it. */
  openSession: () => string;
}

export interface Recipe {
  path?: Record<string, string>;
  body: unknown;
  /** `text/csv` for the spreadsheet import; JSON otherwise. */
  contentType?: string;
  mutation: string;
}

const date = fc.integer({ min: 0, max: 280 }).map((days) => new Date(Date.UTC(2025, 8, 2) + days * 86_400_000).toISOString().slice(0, 10));
const score = fc.integer({ min: 0, max: 2000 }).map((n) => n / 100);
let fresh = 0;

function blocksOf(facts: SeedFacts, code: string): string[] {
  return Object.keys(facts.modalities).filter((block) => block.startsWith(code + 'BC'));
}

function pick<T>(values: T[]): fc.Arbitrary<T> {
  return fc.nat().map((i) => values[i % values.length]);
}

const evaluation = (facts: SeedFacts) =>
  fc
    .tuple(
      pick(facts.enrolments),
      fc.nat(),
      fc.nat(),
      date,
      score,
      fc.boolean(),
      fc.option(fc.constant('Résultat saisi par le fuzz'), { nil: undefined }),
    )
    .map(([enrolment, b, m, occurredOn, mark, passed, comment]) => {
      const blocks = blocksOf(facts, enrolment.code);
      const modalities = facts.modalities[blocks[b % blocks.length]].filter((x) => x.mode === 'individual');
      const modality = modalities[m % modalities.length] ?? facts.modalities[blocks[0]][0];
      return {
        enrolmentId: enrolment.id,
        modalityId: modality.id,
        occurredOn,
        ...(modality.grading === 'pass_fail' ? { outcome: passed ? 'passed' : 'failed' } : { score: mark }),
        ...(comment ? { comment } : {}),
      };
    });

export function recipes(facts: SeedFacts, pools: Pools): Record<string, fc.Arbitrary<Recipe>> {
  const collectiveModalities = Object.entries(facts.modalities).flatMap(([block, modalities]) =>
    modalities.filter((m) => m.mode === 'collective').map((m) => ({ block, ...m })),
  );
  const sheetCodes = Object.keys(facts.sheets);
  return {
    'POST /api/evaluations': evaluation(facts).map((body) => ({ body, mutation: 'recipe' })),
    'POST /api/evaluations/collective': fc
      .tuple(
        pick(
          collectiveModalities.length > 0
            ? collectiveModalities
            : [{ block: 'RNCP41296BC01', id: pools.modality[0], grading: 'score', mode: 'collective' }],
        ),
        fc.nat(),
        date,
        score,
        fc.boolean(),
      )
      .map(([modality, n, occurredOn, mark, passed]) => {
        const code = modality.block.replace(/BC\d+$/, '');
        const ids = facts.enrolments.filter((e) => e.code === code).map((e) => e.id);
        return {
          body: {
            enrolmentIds: ids.slice(0, 1 + (n % Math.max(ids.length, 1))),
            modalityId: modality.id,
            occurredOn,
            ...(modality.grading === 'pass_fail' ? { outcome: passed ? 'passed' : 'failed' } : { score: mark }),
          },
          mutation: 'recipe',
        };
      }),
    'POST /api/evaluations/import': fc.array(evaluation(facts), { minLength: 1, maxLength: 4 }).map((rows) => {
      const byEnrolment = new Map(facts.enrolments.map((e) => [e.id, e]));
      const lines = rows.map((row) => {
        const enrolment = byEnrolment.get(row.enrolmentId)!;
        const block = Object.entries(facts.modalities).find(([, ms]) => ms.some((m) => m.id === row.modalityId))?.[0] ?? '';
        const mark = 'score' in row ? String(row.score) : '';
        const outcome = 'outcome' in row ? String(row.outcome) : '';
        return [
          facts.learnerEmails[enrolment.learnerId],
          enrolment.code,
          block,
          row.modalityId,
          '',
          row.occurredOn,
          mark,
          outcome,
          '',
          '',
        ].join(',');
      });
      return {
        body: ['learnerEmail,certificationCode,blockCode,modalityId,modalityKind,occurredOn,score,outcome,attempt,comment', ...lines].join(
          '\n',
        ),
        contentType: 'text/csv',
        mutation: 'recipe CSV',
      };
    }),
    'POST /api/jury-sessions/{id}/decisions': fc
      .tuple(
        pick(facts.enrolments.filter((e) => e.code === 'RNCP41296')),
        fc.nat(),
        fc.constantFrom('validated', 'not_validated', 'deferred', 'awarded', 'refused'),
        fc.boolean(),
      )
      .map(([enrolment, b, decision, withRationale]) => {
        const blocks = blocksOf(facts, 'RNCP41296');
        const onBlock = decision !== 'awarded' && decision !== 'refused';
        return {
          path: { id: facts.openSession() },
          body: {
            enrolmentId: enrolment.id,
            ...(onBlock ? { blockCode: blocks[b % blocks.length] } : {}),
            decision,
            ...(withRationale ? { rationale: 'Décision motivée du jury (fuzz).' } : {}),
          },
          mutation: 'recipe',
        };
      }),
    'POST /api/learners/{id}/follow-ups': fc
      .tuple(fc.constantFrom(6, 24), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 900 }))
      .map(([monthsAfterAward, employed, inTargetJob, days]) => ({
        path: { id: facts.awarded.learnerId },
        body: {
          certificationCode: facts.awarded.code,
          observedOn: new Date(Date.parse(facts.awarded.awardedOn) + days * 86_400_000).toISOString().slice(0, 10),
          monthsAfterAward,
          employed: employed || inTargetJob,
          inTargetJob,
        },
        mutation: 'recipe',
      })),
    'PUT /api/certifications/{code}': fc.tuple(pick(sheetCodes), fc.boolean(), fc.nat({ max: 99 })).map(([source, replace, n]) => {
      // Either the sheet put back as read (a replace that changes nothing), or a copy under a new code.
      if (replace) return { path: { code: source }, body: facts.sheets[source], mutation: 'recipe: sheet put back as read' };
      const code = `RNCP9${String(90000 + n + 100 * (fresh++ % 50))}`;
      const text = JSON.stringify(facts.sheets[source])
        .replaceAll(source, code)
        .replace(/"id":"[0-9a-f-]{36}",?/g, '');
      return { path: { code }, body: JSON.parse(text.replace(/,}/g, '}')), mutation: 'recipe: sheet copied under a new code' };
    }),
    'POST /api/learners/{id}/acquisitions': fc
      .tuple(pick(facts.enrolments), fc.nat(), fc.constantFrom('vae', 'external', 'equivalence'), date)
      .map(([enrolment, b, source, acquiredOn]) => {
        const blocks = blocksOf(facts, enrolment.code);
        // An equivalence follows from the seeded one (RNCP35080BC01 → RNCP41336BC01); the others carry evidence.
        const body =
          source === 'equivalence'
            ? { blockCode: 'RNCP41336BC01', acquiredOn, source, fromBlockCode: 'RNCP35080BC01' }
            : {
                blockCode: blocks[b % blocks.length],
                acquiredOn,
                source,
                evidenceReference: `Certificat CNAM ${acquiredOn}`,
                awardingCertifier: 'CNAM',
              };
        return { path: { id: enrolment.learnerId }, body, mutation: 'recipe' };
      }),
    'POST /api/cohorts/{id}/trainers': fc.tuple(fromPool(pools, 'cohort'), fromPool(pools, 'trainer')).map(([id, userId]) => ({
      path: { id },
      body: { userId },
      mutation: 'recipe',
    })),
  };
}

/** A recipe body with one field made hostile, as the schema-driven bodies are. */
export function mutateRecipe(recipe: fc.Arbitrary<Recipe>): fc.Arbitrary<Recipe> {
  return fc.tuple(recipe, fc.nat(), oddValue, fc.boolean()).map(([r, n, odd, drop]) => {
    if (typeof r.body !== 'object' || r.body === null) return r;
    const body = { ...(r.body as Record<string, unknown>) };
    const keys = Object.keys(body);
    const key = keys[n % keys.length];
    if (drop) delete body[key];
    else body[key] = odd;
    return { ...r, body, mutation: `${r.mutation}, ${drop ? `without ${key}` : `odd ${key}`}` };
  });
}
