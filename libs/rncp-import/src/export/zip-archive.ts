import { GuardedZip, ZipEntry, ZipError, ZipLimits, openGuardedZip } from '@project/platform';
import { PassThrough, Readable } from 'node:stream';
import { ExportFormatError } from './export-format-error';

/**
 * What an export zip may inflate to, counted on the bytes actually inflated. The registry's XML inflates
 * to about 1 GB; the CSV reader reads its Standard file twice, hence the larger total.
 */
export const EXPORT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 1_000,
  maxEntryBytes: 4 * 1024 ** 3,
  maxTotalBytes: 8 * 1024 ** 3,
};

export interface ZipArchive {
  entries: ZipEntry[];
  /** The entry's content, inflated as it is read under EXPORT_ZIP_LIMITS; any fault errors the stream as an ExportFormatError. */
  open(entry: ZipEntry): Promise<Readable>;
  close(): void;
}

/** Reads the central directory of a zip file on disk (entries are then streamed one by one). */
export async function openZip(path: string, limits: ZipLimits = EXPORT_ZIP_LIMITS): Promise<ZipArchive> {
  let zip: GuardedZip;
  try {
    zip = await openGuardedZip(path, limits);
  } catch (error) {
    throw formatError(error);
  }
  return {
    entries: zip.entries,
    open: async (entry) => {
      try {
        return wrapErrors(await zip.open(entry));
      } catch (error) {
        throw formatError(error);
      }
    },
    close: () => zip.close(),
  };
}

function formatError(error: unknown): unknown {
  return error instanceof ZipError ? new ExportFormatError(`Unreadable zip: ${error.message}`) : error;
}

/** Errors surfacing while streaming (a limit, bad data, truncation) are format errors too. */
function wrapErrors(stream: Readable): Readable {
  const output = new PassThrough();
  stream.on('error', (error) => output.destroy(formatError(error) as Error));
  output.on('close', () => stream.destroy());
  return stream.pipe(output);
}
