import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Hashed file names: a browser may keep them for good. */
export const WEB_ASSETS_PREFIX = '/assets/';

/**
 * Content-Security-Policy of everything the API answers, the web app included: its own scripts and styles
 * only (the build emits no inline script or style).
 */
export const STRICT_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'self'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  // Served over plain HTTP on a local network (npm start), upgraded requests would fail; TLS deployments send HSTS.
  upgradeInsecureRequests: null,
};

/** Swagger UI (/api/docs) and the credential verification page (/verify/{id}) carry inline scripts or styles. */
const INLINE_CSP =
  "default-src 'self';script-src 'self' 'unsafe-inline';style-src 'self' 'unsafe-inline';img-src 'self' data:;object-src 'none';frame-ancestors 'self';base-uri 'self'";

export function needsInlineCsp(url: string): boolean {
  return url.startsWith('/api/docs') || url.startsWith('/verify/');
}

export function relaxCspForInlinePages(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      if (needsInlineCsp(request.url)) void reply.header('content-security-policy', INLINE_CSP);
      done(null, payload);
    });
}

/**
 * Serves the built web app (apps/web, `npm run build:web`) at `/`: its files, and index.html for any other
 * GET outside /api, so the app's own paths (/parcours, /jury/…) load on refresh. Nothing when it is not built.
 */
export async function serveWebApp(app: NestFastifyApplication, webDir: string): Promise<boolean> {
  if (!existsSync(join(webDir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: webDir,
    // One route per built file (the SPA fallback below takes the rest), served brotli/gzip when the build wrote them.
    wildcard: false,
    preCompressed: true,
    // Hashed files are kept for good; index.html never, so a new version reaches the browser at once.
    cacheControl: false,
    setHeaders: (reply, path) =>
      reply.header('cache-control', path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-store'),
  });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (request, reply) => {
      const path = request.url.split('?')[0];
      if (path === '/api' || path.startsWith('/api/') || path.startsWith(WEB_ASSETS_PREFIX)) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  return true;
}
