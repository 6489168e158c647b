import helmet from '@fastify/helmet';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import {
  AppConfig,
  completeOpenApiDocument,
  documentValidationRules,
  PinoNestLogger,
  ProblemDetailsFilter,
  createValidationPipe,
  enforceRequestTimeout,
  registerBodyParsing,
  routerOptions,
  serverTimeouts,
} from '@project/platform';
import { registerExportUploads } from '@project/rncp-import';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { STRICT_CSP, WEB_ASSETS_PREFIX, relaxCspForInlinePages, serveWebApp } from './web-app';

/** Builds the configured application; used by main.ts, the tests, the OpenAPI export and the benchmarks. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestFastifyApplication> {
  // Fastify's own pino logger: JSON logs, one line per request with its id, no middleware layer.
  const adapter = new FastifyAdapter({
    // JSON bodies are small; the two file uploads set their own limits (CSV below, RNCP exports streamed).
    bodyLimit: 2 * 1024 * 1024,
    ...serverTimeouts(config),
    // Path parameters are bounded by Node's header size and checked by their pipes; Fastify's own refusals are problems.
    ...routerOptions(),
    // X-Forwarded-For decides request.ip (and so the throttling keys) only from configured proxies.
    trustProxy: config.trustProxy,
    // While draining on shutdown, requests on open keep-alive connections are still served (with
    // `Connection: close`), not refused with fastify's bare 503; main.ts owns the signal handling.
    return503OnClosing: false,
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    // Answers carry tokens and personal data: no cache (browser, proxy) keeps them; the public docs and the
    // web app's hashed files may be.
    if (!request.url.startsWith('/api/docs') && !request.url.startsWith(WEB_ASSETS_PREFIX)) void reply.header('cache-control', 'no-store');
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, databaseUrl), adapter, {
    bufferLogs: true,
    // JSON only, through registerBodyParsing; Nest would add its own JSON and urlencoded parsers.
    bodyParser: false,
  });
  app.useLogger(new PinoNestLogger(fastify.log));
  enforceRequestTimeout(fastify, config);
  registerBodyParsing(fastify);
  // Spreadsheet imports (POST /api/evaluations/import) arrive as a raw text/csv body.
  adapter
    .getInstance()
    .addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  // ... or as the raw bytes of an XLSX workbook.
  adapter
    .getInstance()
    .addContentTypeParser(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 },
      (_request, body, done) => done(null, body),
    );
  // RNCP exports (POST /api/certifications/import) arrive as a raw zip/XML stream or a multipart form.
  await registerExportUploads(app);
  // The page a credential's QR code leads to stays short: /verify/{id}.
  app.setGlobalPrefix('api', { exclude: [{ path: 'verify/:id', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  // Own scripts and styles only; Swagger UI and the verification page, which need inline ones, get their own policy.
  await app.register(helmet, { contentSecurityPolicy: { directives: STRICT_CSP } });
  relaxCspForInlinePages(app);
  await serveWebApp(app, config.webDir);
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Competency tracking API')
    .setDescription(
      'RNCP certifications, competency blocks, evaluation results, juries and learner progress. ' +
        'Errors are RFC 9457 problem details (application/problem+json).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  documentValidationRules();
  return completeOpenApiDocument(SwaggerModule.createDocument(app, config));
}
