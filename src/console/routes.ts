import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KobanError } from '../errors/catalogue.js';
import { TAXII_PREFIX } from '../taxii/routes.js';
import type { ConsoleAsset } from './assets.js';

/**
 * No inline script or style, no framing, nothing fetched from elsewhere: hostile report text that
 * somehow reached the DOM as markup still could not run or phone home. `style-src 'self'` allows the
 * console's stylesheet; ECharts and React set styles through the CSSOM, which CSP does not block.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Paths that belong to the API, never to the console's client-side routes. */
const API_PREFIXES = ['/v1/', `${TAXII_PREFIX}/`, '/docs', '/health', '/openapi.json'];

function send(request: FastifyRequest, reply: FastifyReply, asset: ConsoleAsset) {
  reply.header('content-security-policy', CONSOLE_CSP);
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
  reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
  reply.header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  reply.header('etag', asset.etag);
  reply.header('vary', 'accept-encoding');
  reply.type(asset.contentType);
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')) ? asset.gzip() : undefined;
  if (gzip) {
    reply.header('content-encoding', 'gzip');
    return reply.send(gzip);
  }
  return reply.send(asset.body);
}

/**
 * Serves the built console at `/`: files by path, and index.html for every other GET that is not an
 * API path, so client-side routes (/inbox, /reports/…) survive a reload. Missing files (anything with
 * an extension, or under /assets/) are 404s, never index.html, or a stale tab would parse HTML as JS.
 */
export async function consoleRoutes(app: FastifyInstance, assets: Map<string, ConsoleAsset>): Promise<void> {
  const index = assets.get('/index.html');
  if (!index) throw new Error('console assets lack index.html');
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (API_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p))) {
      throw new KobanError('not_found', `No route for ${request.method} ${path}`);
    }
    const asset = assets.get(path);
    if (asset) return send(request, reply, asset);
    if (path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path)) {
      throw new KobanError('not_found', `No console file ${path}`);
    }
    return send(request, reply, index);
  };
  const options = { config: { public: true }, schema: { hide: true } };
  app.get('/', options, handler);
  app.get('/*', options, handler);
}
