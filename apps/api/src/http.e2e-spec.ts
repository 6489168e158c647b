import { TestApp, bearer, createTestApp } from '@project/testing';

describe('HTTP transport', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers a JSON body over 2 MB with a 413 problem, writing nothing', async () => {
    const before = await t.count('learner');
    const response = await t
      .http()
      .post('/api/learners')
      .set(bearer(t.admin.token))
      .send({ firstName: 'A'.repeat(3 * 1024 * 1024), lastName: 'B', email: 'big@exemple.fr' })
      .expect(413);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await t.count('learner')).toBe(before);
  });

  it('answers an unsupported content type with a 415 problem', async () => {
    const response = await t
      .http()
      .post('/api/learners')
      .set(bearer(t.admin.token))
      .set('content-type', 'application/x-yaml')
      .send('a: b')
      .expect(415);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await t.http().get('/api/nowhere').set(bearer(t.admin.token)).expect(404);
    expect(response.body).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('sends the security headers', async () => {
    const response = await t.http().get('/api/health').expect(200);
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
    });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
