import multipart from '@fastify/multipart';
import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { MAX_UPLOAD_BYTES } from './rncp-import.service';

/** Content types whose body reaches the handler as the raw stream, never buffered nor parsed. */
export const RAW_EXPORT_TYPES = [
  'application/zip',
  'application/x-zip-compressed',
  'application/xml',
  'text/xml',
  'application/octet-stream',
];

/** Every body type the import route takes (see AcceptsBody). */
export const EXPORT_BODY_TYPES = [...RAW_EXPORT_TYPES, 'multipart/form-data'];

/**
 * Lets the import route read its body as a stream: raw-stream parsers for zip/XML and multipart support.
 * Called once by the application factory; additive, it leaves other content types alone.
 */
export async function registerExportUploads(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  for (const type of RAW_EXPORT_TYPES) {
    if (!fastify.hasContentTypeParser(type)) fastify.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
  }
  await app.register(multipart as never, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 20 } });
}

/** The export inside a request: the raw body, or the `file` part of a multipart form. */
export async function uploadedExport(request: FastifyRequest): Promise<Readable> {
  if (typeof request.isMultipart === 'function' && request.isMultipart()) {
    const part = await request.file();
    if (!part || part.fieldname !== 'file') {
      throw new BadRequestException({ message: 'The form has no `file` field', errors: [{ field: 'file', message: 'is required' }] });
    }
    return part.file;
  }
  if (request.body instanceof Readable) return request.body;
  throw new UnsupportedMediaTypeException(
    `Send the export as ${RAW_EXPORT_TYPES.slice(0, 4).join(', ')} or multipart/form-data with a file field`,
  );
}
