import { DomainError, DomainErrorCode, NatureDeposant, modaliteAcces } from '@project/domain';
import { credentialVerificationUrl } from '@project/credentials';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CpfDeclarationsRepository } from './cpf-declarations.repository';
import { PassageSourceRow } from './rows';
import {
  CERTIFICATION_CLOSING,
  FLUX_CLOSING,
  FluxHeader,
  PassageFacts,
  certificationOpening,
  fluxOpening,
  passageXml,
} from './xml/flux-writer';
import { XsdError, XsdValidator } from './xml/xsd-validator';

/** Passages read, written and validated per round: a few MB of text, whatever the file's size. */
export const PASSAGES_PER_BATCH = 2_000;
/** Stored pieces of the file. */
const CHUNK_BYTES = 1 << 20;

export function passageFacts(row: PassageSourceRow, publicUrl: string): PassageFacts {
  return {
    idTechnique: row.idTechnique,
    urlPreuve: row.credentialId ? credentialVerificationUrl(publicUrl, row.credentialId) : null,
    awardedOn: row.awardedOn,
    modaliteAcces: modaliteAcces(row.accessRoute),
    nomNaissance: row.birthName ?? row.lastName,
    nomUsage: row.usageName,
    givenNames: row.givenNames,
    birthDate: row.birthDate,
    sex: row.sex,
    birthCommuneCode: row.birthCommuneCode,
    birthPostalCode: row.birthPostalCode,
    birthCommune: row.birthCommune,
    birthCountryCode: row.birthCountryCode,
    birthCountry: row.birthCountry,
  };
}

/**
 * Writes the file of `fileId`'s passages into its chunks, streamed: passages are read a batch at a time, written as
 * text, hashed and stored by the megabyte. Each batch is validated against the XSD as a whole document made of the
 * file's own opening, the batch and the closings (a batch never spans two certifications), while the next batch is
 * read; the validator's memory stays that of one batch. Every passage of the file is thus checked in its exact
 * context; only constraints across batches (none in the format's sequence) would escape. A failure throws, and the
 * caller's transaction rolls the file back: an invalid file is never offered.
 */
export async function writeDeclarationFile(
  manager: EntityManager,
  repository: CpfDeclarationsRepository,
  options: {
    fileId: string;
    header: FluxHeader;
    natures: Map<string, NatureDeposant>;
    publicUrl: string;
    validator: XsdValidator;
  },
): Promise<{ byteSize: number; sha256: string }> {
  const { fileId, header, natures, publicUrl, validator } = options;
  const hash = createHash('sha256');
  let byteSize = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    await repository.insertChunk(manager, fileId, seq++, Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
  };
  const emit = async (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    hash.update(bytes);
    byteSize += bytes.length;
    pending.push(bytes);
    pendingBytes += bytes.length;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  };

  const opening = fluxOpening(header);
  await emit(opening);
  let validation: Promise<XsdError[]> = Promise.resolve([]);
  const checked = async () => {
    const errors = await validation;
    if (errors.length > 0) {
      throw new DomainError(DomainErrorCode.DeclarationFileInvalid, `The declaration file does not pass the XSD: ${errors[0].message}`, {
        xsdErrors: errors.slice(0, 20).map((e) => e.message),
      });
    }
  };
  const validate = async (certificationOpeningText: string, passages: string[]) => {
    await checked();
    validation = validator.validate(opening + certificationOpeningText + passages.join('') + CERTIFICATION_CLOSING + FLUX_CLOSING);
  };

  let current: string | undefined;
  let currentOpening = '';
  let after: [string, string] | undefined;
  for (;;) {
    const rows = await repository.passageSources(manager, fileId, after, PASSAGES_PER_BATCH);
    if (rows.length === 0) break;
    let segment: string[] = [];
    for (const row of rows) {
      if (row.certificationCode !== current) {
        if (current !== undefined) {
          await validate(currentOpening, segment);
          segment = [];
          await emit(CERTIFICATION_CLOSING);
        }
        current = row.certificationCode;
        currentOpening = certificationOpening(current, natures.get(current)!);
        await emit(currentOpening);
      }
      const xml = passageXml(passageFacts(row, publicUrl));
      segment.push(xml);
      await emit(xml);
    }
    if (segment.length > 0) await validate(currentOpening, segment);
    const last = rows[rows.length - 1];
    after = [last.certificationCode, last.idTechnique];
  }
  if (current !== undefined) await emit(CERTIFICATION_CLOSING);
  await emit(FLUX_CLOSING);
  await flush();
  await checked();
  return { byteSize, sha256: hash.digest('hex') };
}
