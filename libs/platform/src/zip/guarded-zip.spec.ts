import { declareSizes, repeated, zipOf } from '@project/testing';
import { Readable } from 'node:stream';
import { ZipError, ZipLimits, inflateZip, openGuardedZip } from './guarded-zip';

const LIMITS: ZipLimits = { maxEntries: 10, maxEntryBytes: 1024 * 1024, maxTotalBytes: 3 * 1024 * 1024 };
const MB = 1024 * 1024;

/** Reads a stream to its end, counting what it gave before it ended or failed. */
async function drain(stream: Readable): Promise<{ bytes: number; error?: unknown }> {
  let bytes = 0;
  try {
    for await (const chunk of stream) bytes += (chunk as Buffer).length;
    return { bytes };
  } catch (error) {
    return { bytes, error };
  }
}

describe('guarded zip reading', () => {
  it('inflates every file of an honest zip, directories left out', async () => {
    const zip = await zipOf([
      { name: 'a.txt', content: 'hello' },
      { name: 'dir/b.xml', content: '<b/>'.repeat(1000) },
    ]);
    expect(await inflateZip(zip, LIMITS)).toEqual([
      { name: 'a.txt', content: Buffer.from('hello') },
      { name: 'dir/b.xml', content: Buffer.from('<b/>'.repeat(1000)) },
    ]);
  });

  it('stops a file inflating beyond the size its directory declares, at once, naming it', async () => {
    // 64 MB of zeros declared as 1 kB: refused after the first inflated chunk, not after 64 MB.
    const bomb = declareSizes(await zipOf([{ name: 'xl/worksheets/sheet1.xml', content: repeated('0', 64 * MB) }]), 1024);
    const zip = await openGuardedZip(bomb, { ...LIMITS, maxEntryBytes: 128 * MB, maxTotalBytes: 128 * MB });
    const { bytes, error } = await drain(await zip.open(zip.entries[0]));
    zip.close();
    expect(error).toBeInstanceOf(ZipError);
    expect(error).toMatchObject({
      reason: 'too_large',
      entry: 'xl/worksheets/sheet1.xml',
      message: expect.stringContaining('beyond the 1024 bytes'),
    });
    expect(bytes).toBeLessThanOrEqual(1024);
  });

  it('refuses, before inflating, a file or a zip declaring more than the limits, or too many files', async () => {
    const big = await zipOf([{ name: 'big.bin', content: repeated('0', 2 * MB) }]);
    await expect(inflateZip(big, LIMITS)).rejects.toMatchObject({
      reason: 'too_large',
      entry: 'big.bin',
      message: 'big.bin inflates to more than 1 MB',
    });
    const many = await zipOf(Array.from({ length: 4 }, (_, i) => ({ name: `part${i}.bin`, content: repeated('0', MB) })));
    await expect(inflateZip(many, LIMITS)).rejects.toMatchObject({
      reason: 'too_large',
      message: 'the zip inflates to more than 3 MB in total',
    });
    const files = await zipOf(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, content: 'x' })));
    await expect(inflateZip(files, LIMITS)).rejects.toMatchObject({ reason: 'too_large', message: 'the zip holds more than 10 files' });
  });

  it('counts every read against the total: a file read again can exhaust it', async () => {
    const zip = await openGuardedZip(await zipOf([{ name: 'a.bin', content: repeated('0', MB) }]), LIMITS);
    for (let i = 0; i < 3; i += 1) expect(await drain(await zip.open(zip.entries[0]))).toEqual({ bytes: MB });
    const fourth = await drain(await zip.open(zip.entries[0]));
    zip.close();
    expect(fourth.error).toMatchObject({ reason: 'too_large', message: 'the zip inflates to more than 3 MB in total' });
  });

  it('stops inflating when the reader stops early', async () => {
    const zip = await openGuardedZip(await zipOf([{ name: 'a.bin', content: repeated('0', MB) }]), { ...LIMITS, maxTotalBytes: 2.5 * MB });
    const stream = await zip.open(zip.entries[0]);
    for await (const _chunk of stream) break;
    expect(stream.destroyed).toBe(true);
    // What the early stop left unread was never inflated: two whole reads still fit the 2.5 MB total.
    expect(await drain(await zip.open(zip.entries[0]))).toEqual({ bytes: MB });
    expect(await drain(await zip.open(zip.entries[0]))).toEqual({ bytes: MB });
    zip.close();
  });

  it('reports what is not a zip, or a truncated or corrupt one, as unreadable', async () => {
    await expect(inflateZip(Buffer.from('hello, world'), LIMITS)).rejects.toMatchObject({ reason: 'unreadable' });
    const good = await zipOf([{ name: 'a.txt', content: 'some text '.repeat(100) }]);
    await expect(inflateZip(good.subarray(0, good.length - 30), LIMITS)).rejects.toMatchObject({ reason: 'unreadable' });
    const shorter = declareSizes(good, 5000);
    await expect(inflateZip(shorter, LIMITS)).rejects.toMatchObject({
      reason: 'unreadable',
      entry: 'a.txt',
      message: expect.stringContaining('truncated'),
    });
    const numbers = await zipOf([{ name: 'a.txt', content: Array.from({ length: 3000 }, (_, i) => (i * 7919) % 10007).join(',') }]);
    const corrupt = Buffer.from(numbers);
    corrupt.fill(0xff, 100, 140); // inside the deflated data, well after the local header
    await expect(inflateZip(corrupt, LIMITS)).rejects.toMatchObject({ reason: 'unreadable', entry: 'a.txt' });
  });
});
