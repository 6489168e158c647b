import { parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy (TRUST_PROXY)', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['  ', false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, 192.168.1.10', ['10.0.0.0/8', '192.168.1.10']],
    ['loopback,uniquelocal', ['loopback', 'uniquelocal']],
    ['::1, fd00::/8', ['::1', 'fd00::/8']],
  ])('reads %p as %p', (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual({ value: expected });
  });

  it.each([
    ['true', /must not trust every peer/],
    ['*', /must not trust every peer/],
    ['33', /hop count/],
    ['proxy.example.org', /"proxy.example.org"/],
    ['10.0.0.0/33', /"10.0.0.0\/33"/],
    ['10.0.0.1, 300.1.1.1', /"300.1.1.1"/],
    ['::1/129', /"::1\/129"/],
    ['10.0.0.0/8/1', /not understood/],
    ['10.0.0.0/x', /not understood/],
  ])('refuses %p, saying why', (raw, message) => {
    const parsed = parseTrustProxy(raw);
    expect('problem' in parsed && parsed.problem).toMatch(message);
  });
});
