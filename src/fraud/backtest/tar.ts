/**
 * Reads the regular files of a gzip-compressed tar archive in memory (the AMLSim samples ship as
 * `.tgz`), so the backtest needs neither a dependency nor a temporary folder. Handles ustar names
 * with a prefix and pax `path` records; skips AppleDouble `._*` files that macOS tar adds.
 */
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

export function readTarGz(archive: Uint8Array): Map<string, Buffer> {
  return readTar(gunzipSync(archive));
}

export function readTar(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  let paxPath: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new Error(`corrupt tar header at byte ${offset}`);
    const type = String.fromCharCode(header[156]!);
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    if (body.length < size) throw new Error('truncated tar archive');
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
      continue;
    }
    if (type !== '0' && type !== '\0') {
      paxPath = undefined;
      continue;
    }
    const prefix = field(header, 345, 155);
    const name = paxPath ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    paxPath = undefined;
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (!base.startsWith('._')) files.set(name, Buffer.from(body));
  }
  return files;
}

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
}
