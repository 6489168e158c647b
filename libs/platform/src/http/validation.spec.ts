import { toProblem } from './problem-details.filter';
import { fieldWithNulCharacter } from './validation';

describe('fieldWithNulCharacter', () => {
  it.each([
    ['a string', 'a\u0000b', 'comment', 'comment'],
    ['a nested field', { blocks: [{ competencies: ['ok', 'x\u0000'] }] }, '', 'blocks[0].competencies[1]'],
    ['a key', { ['k\u0000']: 1 }, '', 'k\u0000'],
    ['a clean value', { a: ['b', 1, null, { c: true }] }, '', undefined],
    ['a buffer', Buffer.from('a\u0000b'), '', undefined],
  ])('finds %s', (_name, value, root, expected) => {
    expect(fieldWithNulCharacter(value, root)).toBe(expected);
  });

  it('finds it in a query object without a prototype chain', () => {
    const query = Object.create(Object.create(null)) as Record<string, string>;
    query.search = 'x\u0000';
    expect(fieldWithNulCharacter(query, '')).toBe('search');
  });
});

describe('toProblem for PostgreSQL data exceptions', () => {
  it.each(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05'])('answers %s with a 400, not a 500', (code) => {
    expect(toProblem({ code, message: 'bad value' })).toMatchObject({ status: 400 });
  });

  it('still answers an unexpected database error with a bare 500', () => {
    expect(toProblem({ code: '22012', message: 'division by zero' })).toMatchObject({ status: 500 });
  });
});
