import { DOMAIN_ERROR_CODES, DomainErrorCode, jurySessionClosed } from '@project/domain';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { statusForCode, toProblem } from './problem-details.filter';
import { problemCodeSchema } from './problem-schema';

const MIGRATIONS = join(__dirname, '..', '..', '..', '..', 'migrations');

describe('problem codes: one exhaustive enumeration', () => {
  it('lists every hint the database raises (HINT = ... in the migrations) as a DomainErrorCode', () => {
    const hints = readdirSync(MIGRATIONS)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(join(MIGRATIONS, file), 'utf8').matchAll(/HINT = '([^']+)'/g)].map((m) => m[1]));
    expect(hints).toContain('evaluation_locked_by_jury');
    expect(hints.filter((hint) => !(DOMAIN_ERROR_CODES as readonly string[]).includes(hint))).toEqual([]);
  });

  it('finds no problem code written outside the enumeration in the sources', () => {
    const root = join(__dirname, '..', '..', '..');
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.includes('spec') ? [join(dir, e.name)] : [],
      );
    const literals = files(root).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bcode: '([a-z_]+)'/g)].map((m) => `${file}: ${m[1]}`),
    );
    expect(literals).toEqual([]);
  });

  it('maps each code to an error status', () => {
    for (const code of DOMAIN_ERROR_CODES) expect(statusForCode(code)).toBeGreaterThanOrEqual(400);
  });

  it('answers a database hint like the domain error of the same code', () => {
    const locked = toProblem({ code: 'P0001', hint: 'evaluation_locked_by_jury', message: 'result decided by a jury' });
    expect(locked).toEqual({
      type: 'https://competences.example.org/problems/evaluation-locked-by-jury',
      title: 'Conflict',
      status: 409,
      code: DomainErrorCode.EvaluationLockedByJury,
      detail: 'result decided by a jury',
    });
    expect(toProblem({ code: 'P0001', hint: 'jury_session_closed', message: 'jury session x is closed' })).toEqual(
      toProblem(jurySessionClosed()),
    );
  });

  it('treats a hint outside the enumeration as a bug (bare 500), not as a code clients never heard of', () => {
    expect(toProblem({ code: 'P0001', hint: 'not_a_listed_code', message: 'x' })).toMatchObject({ status: 500 });
  });

  it('lists every code in the OpenAPI problem schema', () => {
    const code = problemCodeSchema() as { anyOf: { enum?: string[] }[] };
    expect(code.anyOf[0].enum).toEqual([...DOMAIN_ERROR_CODES]);
    expect(code.anyOf[0].enum).toContain('evaluation_locked_by_jury');
  });
});
