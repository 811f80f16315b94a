import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ConsoleAsset {
  body: Buffer;
  /** Compressed on first request (every server in a test run would otherwise pay for it at start). */
  gzip(): Buffer | undefined;
  contentType: string;
  etag: string;
  /** Vite puts a content hash in every file name under assets/: such a URL never changes meaning. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);
/** Source maps and unknown types stay on disk: the console never needs them and they could leak paths. */
const SERVED = new Set(Object.keys(TYPES));

/**
 * The built console, read once at start-up: a few hundred KB that then cost no disk access per
 * request and are compressed once instead of on every response. Keys are URL paths ("/assets/x.js").
 */
export function loadConsoleAssets(dir: string): Map<string, ConsoleAsset> | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const assets = new Map<string, ConsoleAsset>();
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const file = join(at, name);
      if (statSync(file).isDirectory()) {
        walk(file);
        continue;
      }
      const ext = extname(name).toLowerCase();
      if (!SERVED.has(ext)) continue;
      const body = readFileSync(file);
      const path = `/${relative(dir, file).split(sep).join('/')}`;
      let gzip: Buffer | undefined | null = COMPRESSIBLE.has(ext) ? undefined : null;
      assets.set(path, {
        body,
        gzip: () => {
          if (gzip === undefined) {
            const packed = gzipSync(body, { level: 9 });
            gzip = packed.length < body.length ? packed : null;
          }
          return gzip ?? undefined;
        },
        contentType: TYPES[ext] as string,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
        immutable: path.startsWith('/assets/'),
      });
    }
  };
  walk(dir);
  return assets;
}
