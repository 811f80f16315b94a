/**
 * An independent, test-only PNG reader for what `src/statistics/png.ts` writes (8-bit RGBA, no
 * interlace, unfiltered rows). It checks the structure strictly — signature, chunk order, every
 * CRC with node's own zlib.crc32, the inflated size — so a test failure names the broken part.
 */
import { crc32, inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  chunkTypes: string[];
  /** Inflated IDAT: height × (1 filter byte + width × 4). */
  scanlines: Buffer;
  /** RGBA of one pixel. */
  pixel(x: number, y: number): [number, number, number, number];
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function decodePng(file: Buffer): DecodedPng {
  if (!SIGNATURE.every((b, i) => file[i] === b)) throw new Error('bad PNG signature');
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  let offset = SIGNATURE.length;
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    const stored = file.readUInt32BE(offset + 8 + length);
    const computed = crc32(file.subarray(offset + 4, offset + 8 + length));
    if (stored !== computed) throw new Error(`CRC mismatch in ${type}: ${stored} ≠ ${computed}`);
    chunkTypes.push(type);
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  if (header?.length !== 13) throw new Error('missing IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  if (header[8] !== 8 || header[9] !== 6 || header[12] !== 0) throw new Error('not 8-bit RGBA, no interlace');
  const scanlines = inflateSync(Buffer.concat(idat));
  const stride = 1 + width * 4;
  return {
    width,
    height,
    chunkTypes,
    scanlines,
    pixel(x, y) {
      if (scanlines[y * stride] !== 0) throw new Error(`row ${y} uses a filter this reader does not undo`);
      const i = y * stride + 1 + x * 4;
      return [scanlines[i]!, scanlines[i + 1]!, scanlines[i + 2]!, scanlines[i + 3]!];
    },
  };
}
