import { createTestApp, TestApp } from '@project/testing';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureWebBuilt } from './browser';

// How the API serves the built web app beside /api.
describe('the web app served by the API', () => {
  let t: TestApp;
  let script: string;

  beforeAll(async () => {
    ensureWebBuilt();
    script = readdirSync(join(__dirname, '../../../dist/web/assets')).find((name) => /^index-.*\.js$/.test(name))!;
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(['/', '/parcours', '/jury/4f9d1f0e-7c1a-4c55-9d1a-0a0b0c0d0e0f'])(
    'answers index.html at %s, uncached, under a policy allowing only its own scripts and styles',
    async (path) => {
      const response = await t.http().get(path).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('<div id="root"></div>');
      expect(response.headers['cache-control']).toBe('no-store');
      const csp = response.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("style-src 'self';");
      expect(csp).not.toContain('unsafe-inline');
      // The app must load over plain HTTP too (npm start on a local network).
      expect(csp).not.toContain('upgrade-insecure-requests');
    },
  );

  it('serves the hashed scripts for good, brotli-compressed when the browser accepts it', async () => {
    const response = await t.http().get(`/assets/${script}`).set('accept-encoding', 'br, gzip').expect(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.headers['content-type']).toMatch(/javascript/);
  });

  it.each([
    ['an unknown API route', '/api/nowhere'],
    ['the API root', '/api'],
    ['an unknown asset', '/assets/nothing.js'],
  ])('answers %s with a 404 problem, not the page', async (_name, path) => {
    const response = await t.http().get(path).expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('keeps inline scripts and styles allowed on the API documentation only', async () => {
    const response = await t.http().get('/api/docs').redirects(1);
    expect(response.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
  });
});
