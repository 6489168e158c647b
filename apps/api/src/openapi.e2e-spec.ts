import { TestApp, createTestApp } from '@project/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from './app.factory';

const PUBLIC_OPERATIONS = [
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'GET /api/health',
  'GET /api/health/live',
  'GET /api/health/ready',
];

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is served at /api/docs-json and matches the committed openapi.json (run `npm run openapi` after changing routes)', async () => {
    const served = await t.http().get('/api/docs-json').expect(200);
    const committed = JSON.parse(readFileSync(join(__dirname, '../../../openapi.json'), 'utf8'));
    expect(served.body).toEqual(committed);
    expect(buildOpenApiDocument(t.app)).toEqual(committed);
  });

  it('describes every operation with a success response and the bearer scheme unless public', async () => {
    const document = (await t.http().get('/api/docs-json').expect(200)).body;
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );
    expect(operations.length).toBeGreaterThan(40);
    for (const { name, operation } of operations) {
      const statuses = Object.keys(operation.responses ?? {});
      expect({ name, success: statuses.some((status) => /^2\d\d$/.test(status)) }).toEqual({ name, success: true });
      if (!PUBLIC_OPERATIONS.includes(name)) {
        expect({ name, security: operation.security }).toEqual({ name, security: [{ bearer: [] }] });
        expect({ name, unauthorized: statuses.includes('401') }).toEqual({ name, unauthorized: true });
      }
    }
  });

  it('serves the browsable documentation', async () => {
    const page = await t.http().get('/api/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });
});
