import { PassThrough, Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { ExportFormatError } from './export-format-error';

export interface ZipArchive {
  entries: yauzl.Entry[];
  /** The entry's content, inflated as it is read; a CRC or size mismatch errors the stream. */
  open(entry: yauzl.Entry): Promise<Readable>;
  close(): void;
}

/** Reads the central directory of a zip file on disk (entries are then streamed one by one). */
export function openZip(path: string): Promise<ZipArchive> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(new ExportFormatError(`Unreadable zip: ${error?.message ?? 'unknown error'}`));
      const entries: yauzl.Entry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!/\/$/.test(entry.fileName)) entries.push(entry);
        zip.readEntry();
      });
      zip.on('error', (err: Error) => reject(new ExportFormatError(`Unreadable zip: ${err.message}`)));
      zip.on('end', () =>
        resolve({
          entries,
          open: (entry) =>
            new Promise((done, fail) =>
              zip.openReadStream(entry, (err, stream) => {
                if (err || !stream)
                  return fail(new ExportFormatError(`Unreadable zip entry ${entry.fileName}: ${err?.message ?? 'unknown error'}`));
                // Errors surfacing while streaming (bad CRC, truncated data) are format errors too.
                done(wrapErrors(stream, entry.fileName));
              }),
            ),
          close: () => zip.close(),
        }),
      );
      zip.readEntry();
    });
  });
}

function wrapErrors(stream: Readable, name: string): Readable {
  const output = new PassThrough();
  stream.on('error', (error) => output.destroy(new ExportFormatError(`Corrupt zip entry ${name}: ${error.message}`)));
  return stream.pipe(output);
}
