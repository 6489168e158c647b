import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DatabaseOutage } from './database-outage';
import { isDatabaseUnavailable } from './postgres-errors';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:54329')],
    ['connection reset', withCode('ECONNRESET')],
    ['admin shutdown (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown (57P02)', withCode('57P02')],
    ['starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['connection exception (08006)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['the server went away mid-query', new Error('Connection terminated unexpectedly')],
    ['pool acquire timeout', new Error('timeout exceeded when trying to connect')],
    ['connect timeout', new Error('Connection terminated due to connection timeout')],
    ['a broken client', new Error('Client has encountered a connection error and is not queryable')],
    ['a transaction whose connection died between two queries', new QueryRunnerProviderAlreadyReleasedError()],
    ['a transaction whose connection died before COMMIT', new QueryRunnerAlreadyReleasedError()],
    ['wrapped by TypeORM', new QueryFailedError('SELECT 1', [], withCode('57P01'))],
    ['as a cause', new Error('outer', { cause: withCode('ECONNREFUSED') })],
    [
      'in an AggregateError (IPv4 and IPv6 refused)',
      Object.assign(new AggregateError([withCode('ECONNREFUSED')], ''), { code: undefined }),
    ],
  ])('%s is a 503', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('23505'))],
    ['a syntax error', withCode('42601')],
    ['a serialization failure', withCode('40001')],
    ['a plain error', new Error('boom')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('%s is not', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('DatabaseOutage', () => {
  it('warns once per incident and logs the recovery once', () => {
    let now = 1_000;
    const outage = new DatabaseOutage(() => now);
    const lines: string[] = [];
    const logger = { warn: (m: string) => lines.push(m) };
    outage.succeeded(logger); // no incident: nothing to say
    for (let i = 0; i < 50; i++) outage.failed(new Error('connect ECONNREFUSED'), logger);
    now += 2_500;
    outage.succeeded(logger);
    outage.succeeded(logger);
    outage.failed(new Error('Connection terminated unexpectedly'), logger);
    expect(lines).toEqual([
      'Database unavailable (connect ECONNREFUSED); answering 503 until it is back',
      'Database available again after 2.5 s (50 request(s) answered 503 meanwhile)',
      'Database unavailable (Connection terminated unexpectedly); answering 503 until it is back',
    ]);
  });
});
