import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';

export interface ZipInput {
  name: string;
  /** A stream lets a test zip hundreds of megabytes without holding them. */
  content: Buffer | string | Readable;
}

/** Zips files in memory (deflated), the way France Compétences publishes its exports and spreadsheets are saved. */
export function zipOf(files: ZipInput[]): Promise<Buffer> {
  const zip = new ZipFile();
  for (const file of files) {
    if (file.content instanceof Readable) zip.addReadStream(file.content, file.name);
    else zip.addBuffer(Buffer.from(file.content), file.name);
  }
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** `bytes` of one repeated character, streamed in 1 MB chunks: deflates about a thousand to one. */
export function repeated(character: string, bytes: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024, character);
  let left = bytes;
  return new Readable({
    read() {
      const size = Math.min(left, chunk.length);
      left -= size;
      this.push(size > 0 ? chunk.subarray(0, size) : null);
    },
  });
}

/**
 * A zip bomb's lie: every file's uncompressed size, in the central directory, the local header and the data
 * descriptor, rewritten to `declared` bytes, whatever the file inflates to. Patches a copy, read by its offsets.
 */
export function declareSizes(zip: Buffer, declared: number): Buffer {
  const patched = Buffer.from(zip);
  const end = patched.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const count = patched.readUInt16LE(end + 10);
  let at = patched.readUInt32LE(end + 16);
  for (let i = 0; i < count; i += 1) {
    if (patched.readUInt32LE(at) !== 0x02014b50) throw new Error(`no central directory header at ${at}`);
    const compressed = patched.readUInt32LE(at + 20);
    patched.writeUInt32LE(declared, at + 24);
    const local = patched.readUInt32LE(at + 42);
    const flags = patched.readUInt16LE(local + 6);
    const data = local + 30 + patched.readUInt16LE(local + 26) + patched.readUInt16LE(local + 28);
    if (patched.readUInt32LE(local + 22) !== 0) patched.writeUInt32LE(declared, local + 22);
    if (flags & 0x08) {
      // Data descriptor after the data, with or without its signature: crc, compressed, uncompressed.
      const descriptor = patched.readUInt32LE(data + compressed) === 0x08074b50 ? data + compressed + 4 : data + compressed;
      patched.writeUInt32LE(declared, descriptor + 8);
    }
    at += 46 + patched.readUInt16LE(at + 28) + patched.readUInt16LE(at + 30) + patched.readUInt16LE(at + 32);
  }
  return patched;
}
