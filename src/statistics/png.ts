/**
 * A minimal PNG encoder (8-bit RGBA, no interlace): signature, IHDR, one zlib IDAT, IEND, each
 * chunk with its CRC-32. Enough for server-rendered charts without an image dependency.
 */
import { deflateSync } from 'node:zlib';

const PNG_SIGNATURE: readonly number[] = Object.freeze([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BYTES_PER_PIXEL = 4;
const COLOUR_TYPE_RGBA = 6;
const FILTER_NONE = 0;

// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320) per byte value; computed once and frozen.
const CRC_TABLE: readonly number[] = Object.freeze(
  Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  }),
);

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** length, type, data, CRC over type and data (the length is not covered, per the PNG spec). */
function chunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  typeAndData.copy(out, 4);
  out.writeUInt32BE(crc32(typeAndData), 8 + data.length);
  return out;
}

/** Encodes row-major RGBA pixels (width × height × 4 bytes) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`invalid PNG size ${width}×${height}`);
  }
  const stride = width * BYTES_PER_PIXEL;
  if (rgba.length !== stride * height)
    throw new Error(`expected ${stride * height} bytes, got ${rgba.length}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = COLOUR_TYPE_RGBA;
  // bytes 10–12: deflate compression, adaptive filtering, no interlace (all 0)
  // Every scanline starts with its filter byte. Charts are mostly flat colour, which deflate
  // compresses well unfiltered, so no per-row filter selection is worth its code.
  const scanlines = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    scanlines[y * (stride + 1)] = FILTER_NONE;
    scanlines.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from(PNG_SIGNATURE),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
