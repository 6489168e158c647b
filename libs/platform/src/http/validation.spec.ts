import { toProblem } from './problem-details.filter';
import { unstorableText } from './validation';

describe('unstorableText', () => {
  const NUL = 'must not contain the NUL character (U+0000)';
  const LONE = expect.stringContaining('lone surrogate');
  it.each([
    ['a NUL in a string', 'a\u0000b', 'comment', { field: 'comment', problem: NUL }],
    ['a nested NUL', { blocks: [{ competencies: ['ok', 'x\u0000'] }] }, '', { field: 'blocks[0].competencies[1]', problem: NUL }],
    ['a NUL in a key', { ['k\u0000']: 1 }, '', { field: 'k\u0000', problem: NUL }],
    ['a lone high surrogate', { email: '\ud800' }, '', { field: 'email', problem: LONE }],
    ['a lone low surrogate inside text', { names: ['Ada', 'x\udc00y'] }, '', { field: 'names[1]', problem: LONE }],
    ['two high surrogates in a row', 'a\ud83d\ud83d', 'search', { field: 'search', problem: LONE }],
    ['a clean value', { a: ['b', 1, null, { c: true }] }, '', undefined],
    ['a surrogate pair (an emoji)', { firstName: 'Zoé 😀', lastName: '𝔘' }, '', undefined],
    ['a buffer', Buffer.from('a\u0000b'), '', undefined],
  ])('finds %s', (_name, value, root, expected) => {
    expect(unstorableText(value, root)).toEqual(expected);
  });

  it('finds it in a query object without a prototype chain', () => {
    const query = Object.create(Object.create(null)) as Record<string, string>;
    query.search = 'x\u0000';
    expect(unstorableText(query, '')).toEqual({ field: 'search', problem: NUL });
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
