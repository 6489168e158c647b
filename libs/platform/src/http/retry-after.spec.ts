import { HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { TooManyRequestsException } from '../throttle/throttle.service';
import { DatabaseUnavailableException, problemAnswer } from './problem-details.filter';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54329'), { code: 'ECONNREFUSED' });

describe('Retry-After: one mechanism for every problem that says when to come back', () => {
  it('a throttled attempt carries its own delay (429)', () => {
    expect(problemAnswer(new TooManyRequestsException('Too many failed login attempts: try again in 17 s', 17))).toEqual({
      problem: expect.objectContaining({ status: 429, code: 'too_many_requests' }),
      retryAfterSeconds: 17,
    });
  });

  it('a connection error and the readiness check answer the same 503 database_unavailable problem, with the same delay', () => {
    const fromQuery = problemAnswer(refused);
    expect(fromQuery).toEqual({
      problem: expect.objectContaining({ status: 503, code: 'database_unavailable', type: expect.stringMatching(/database-unavailable$/) }),
      retryAfterSeconds: 2,
    });
    expect(problemAnswer(new DatabaseUnavailableException())).toEqual(fromQuery);
  });

  it('a problem that says nothing of retrying has no Retry-After, whatever its status', () => {
    expect(problemAnswer(new ServiceUnavailableException('maintenance'))).toEqual({
      problem: expect.objectContaining({ status: HttpStatus.SERVICE_UNAVAILABLE }),
    });
    expect(problemAnswer(new Error('boom'))).toEqual({ problem: expect.objectContaining({ status: 500 }) });
  });
});
