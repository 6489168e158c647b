import { canonicalJson, requestHash } from './canonical-json';

describe('request fingerprints for Idempotency-Key', () => {
  it('ignores key order at every level, and undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(requestHash('post', '/api/x', { a: 1, b: 2 })).toBe(requestHash('POST', '/api/x', { b: 2, a: 1 }));
  });

  it('tells apart another body, path or method', () => {
    const hash = requestHash('POST', '/api/x', { a: 1 });
    expect(requestHash('POST', '/api/x', { a: 2 })).not.toBe(hash);
    expect(requestHash('POST', '/api/y', { a: 1 })).not.toBe(hash);
    expect(requestHash('PUT', '/api/x', { a: 1 })).not.toBe(hash);
    expect(requestHash('POST', '/api/x', '{"a":1}')).not.toBe(hash);
  });
});
