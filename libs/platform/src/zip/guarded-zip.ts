import { PassThrough, Readable, Transform, pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import * as yauzl from 'yauzl';

/** What one archive may cost, counted in bytes actually inflated (what the zip declares is only a first check). */
export interface ZipLimits {
  /** Files (directories aside) in the central directory. */
  maxEntries: number;
  /** Inflated bytes of any one file. */
  maxEntryBytes: number;
  /** Inflated bytes of every read of the archive together (a file read twice counts twice). */
  maxTotalBytes: number;
}

/**
 * `unreadable`: not a zip, truncated, corrupt, encrypted or compressed some other way than deflate;
 * `too_large`: over a limit, or a file inflating beyond the size its directory declares (a zip bomb).
 */
export class ZipError extends Error {
  constructor(
    message: string,
    readonly reason: 'unreadable' | 'too_large',
    /** The file of the archive at fault, when there is one. */
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  name: string;
  /** As the central directory declares it; reading the entry stops as soon as it inflates beyond. */
  declaredSize: number;
}

export interface GuardedZip {
  /** The files, directories left out. */
  entries: ZipEntry[];
  /** The entry's content, inflated as it is read; the stream errors with a ZipError, and stops inflating, at a limit. */
  open(entry: ZipEntry): Promise<Readable>;
  close(): void;
}

const DEFLATE = 8;
const STORE = 0;

/**
 * Opens a zip (a path on disk or a buffer) whose files are then inflated one stream at a time, under limits
 * counted on the bytes actually produced: a directory may lie about sizes, the guard does not believe it.
 * The declared sizes are checked first all the same, so an honest bomb is refused before any inflating.
 */
export function openGuardedZip(source: string | Buffer, limits: ZipLimits): Promise<GuardedZip> {
  const options: yauzl.Options = { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true };
  return new Promise((resolve, reject) => {
    const opened = (error: Error | null, zip?: yauzl.ZipFile) => {
      if (error || !zip) return reject(new ZipError(`not a readable zip (${error?.message ?? 'unknown error'})`, 'unreadable'));
      const entries = new Map<ZipEntry, yauzl.Entry>();
      let declared = 0;
      const refuse = (failure: ZipError) => {
        zip.close();
        reject(failure);
      };
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('/')) {
          if (entries.size >= limits.maxEntries)
            return refuse(new ZipError(`the zip holds more than ${limits.maxEntries} files`, 'too_large'));
          declared += entry.uncompressedSize;
          if (entry.uncompressedSize > limits.maxEntryBytes) return refuse(tooLarge(entry.fileName, limits.maxEntryBytes));
          if (declared > limits.maxTotalBytes) return refuse(tooLargeInTotal(limits.maxTotalBytes));
          entries.set({ name: entry.fileName, declaredSize: entry.uncompressedSize }, entry);
        }
        zip.readEntry();
      });
      zip.on('error', (err: Error) => refuse(new ZipError(`not a readable zip (${err.message})`, 'unreadable')));
      zip.on('end', () => {
        const budget = { total: 0 };
        resolve({
          entries: [...entries.keys()],
          open: (entry) => {
            const raw = entries.get(entry);
            if (!raw) return Promise.reject(new Error(`${entry.name} is not an entry of this zip`));
            return openEntry(zip, raw, limits, budget);
          },
          close: () => zip.close(),
        });
      });
      zip.readEntry();
    };
    if (typeof source === 'string') yauzl.open(source, options, opened);
    else yauzl.fromBuffer(source, options, opened);
  });
}

/** Every file of a zip held in memory, inflated under the limits: what a reader gets instead of the zip itself. */
export async function inflateZip(source: Buffer, limits: ZipLimits): Promise<{ name: string; content: Buffer }[]> {
  const zip = await openGuardedZip(source, limits);
  try {
    const files: { name: string; content: Buffer }[] = [];
    for (const entry of zip.entries) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.open(entry)) chunks.push(chunk as Buffer);
      files.push({ name: entry.name, content: Buffer.concat(chunks) });
    }
    return files;
  } finally {
    zip.close();
  }
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limits: ZipLimits, budget: { total: number }): Promise<Readable> {
  const name = entry.fileName;
  if (entry.isEncrypted()) return Promise.reject(new ZipError(`${name} is encrypted`, 'unreadable', name));
  if (entry.compressionMethod !== DEFLATE && entry.compressionMethod !== STORE)
    return Promise.reject(new ZipError(`${name} uses compression method ${entry.compressionMethod}, not deflate`, 'unreadable', name));
  return new Promise((resolve, reject) => {
    // The raw bytes, inflated here rather than by yauzl, so that reaching a limit destroys the inflater too.
    zip.openReadStream(entry, { decodeFileData: false }, (error, raw) => {
      if (error || !raw) return reject(new ZipError(`${name} cannot be read (${error?.message ?? 'unknown error'})`, 'unreadable', name));
      const inflate = entry.compressionMethod === DEFLATE ? createInflateRaw() : new PassThrough();
      const counted = countInflated(entry, limits, budget);
      const output = new PassThrough();
      // pipeline destroys every stage as soon as one fails: a limit reached stops the inflater and frees it.
      pipeline(raw, inflate, counted, (failure) => {
        if (failure)
          output.destroy(
            failure instanceof ZipError ? failure : new ZipError(`${name} is corrupt (${failure.message})`, 'unreadable', name),
          );
      });
      counted.pipe(output);
      // A reader that stops early (destroys the stream) stops the inflating too.
      output.on('close', () => {
        if (!counted.readableEnded) counted.destroy();
      });
      resolve(output);
    });
  });
}

function countInflated(entry: yauzl.Entry, limits: ZipLimits, budget: { total: number }): Transform {
  const name = entry.fileName;
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      budget.total += chunk.length;
      if (bytes > entry.uncompressedSize)
        return done(
          new ZipError(`${name} inflates beyond the ${entry.uncompressedSize} bytes its zip directory declares`, 'too_large', name),
        );
      if (bytes > limits.maxEntryBytes) return done(tooLarge(name, limits.maxEntryBytes));
      if (budget.total > limits.maxTotalBytes) return done(tooLargeInTotal(limits.maxTotalBytes));
      done(null, chunk);
    },
    flush(done) {
      if (bytes < entry.uncompressedSize)
        return done(new ZipError(`${name} is truncated (${bytes} of ${entry.uncompressedSize} bytes)`, 'unreadable', name));
      done();
    },
  });
}

function tooLarge(name: string, max: number): ZipError {
  return new ZipError(`${name} inflates to more than ${megabytes(max)}`, 'too_large', name);
}

function tooLargeInTotal(max: number): ZipError {
  return new ZipError(`the zip inflates to more than ${megabytes(max)} in total`, 'too_large');
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${bytes} bytes`;
}
