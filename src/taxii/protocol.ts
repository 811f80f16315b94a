import type { FastifyReply, FastifyRequest } from 'fastify';
import { KobanError } from '../errors/catalogue.js';

/** TAXII 2.1 media types (§1.6). Bodies Koban serves are TAXII envelopes and resources, never bare STIX. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/** A TAXII error message (§3.6.1): `{title, description, http_status, …}`, sent as application/taxii+json. */
export class TaxiiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    description: string,
    readonly errorCode?: string,
  ) {
    super(description);
    this.name = 'TaxiiError';
  }
}

export const notFound = (what: string) => new TaxiiError(404, 'Not Found', `${what} not found`, 'not_found');

/** Koban's own failures (auth, validation, limits) keep their status and code, in TAXII's error shape. */
export function toTaxiiError(error: unknown): TaxiiError {
  if (error instanceof TaxiiError) return error;
  if (error instanceof KobanError) {
    const title = error.status >= 500 ? 'Internal Server Error' : error.code.replace(/_/g, ' ');
    return new TaxiiError(error.status, title, error.message, error.code);
  }
  const e = error as { statusCode?: number; code?: string; message?: string };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413)
    return new TaxiiError(
      413,
      'Payload Too Large',
      'The request body exceeds max_content_length',
      'payload_too_large',
    );
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode === 415)
    return new TaxiiError(
      415,
      'Unsupported Media Type',
      `Send the body as ${TAXII_MEDIA_TYPE}`,
      'unsupported_media_type',
    );
  if (e.code?.startsWith('FST_ERR_CTP') || error instanceof SyntaxError)
    return new TaxiiError(
      400,
      'Bad Request',
      `The body is not valid JSON: ${e.message ?? ''}`,
      'malformed_json',
    );
  if (e.statusCode === 429)
    return new TaxiiError(429, 'Too Many Requests', e.message ?? 'rate limited', 'rate_limited');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
    return new TaxiiError(e.statusCode, 'Bad Request', e.message ?? 'invalid request', 'bad_request');
  return new TaxiiError(
    500,
    'Internal Server Error',
    'An unexpected error occurred; it has been logged',
    'internal_error',
  );
}

export function sendTaxiiError(request: FastifyRequest, reply: FastifyReply, error: TaxiiError) {
  if (error.status === 401)
    reply.header('www-authenticate', 'Basic realm="koban-taxii", Bearer realm="koban-taxii"');
  const body = JSON.stringify({
    title: error.title,
    description: error.message,
    http_status: String(error.status),
    ...(error.errorCode ? { error_code: error.errorCode } : {}),
    error_id: String(request.id),
  });
  // Bytes, so Fastify keeps the media type exactly as TAXII clients compare it.
  return reply.code(error.status).header('content-type', TAXII_MEDIA_TYPE).send(Buffer.from(body, 'utf8'));
}

interface MediaRange {
  type: string;
  params: Map<string, string>;
  q: number;
}

function parseMediaRanges(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => {
      const [type = '', ...rest] = part.split(';').map((s) => s.trim());
      const params = new Map<string, string>();
      for (const p of rest) {
        const at = p.indexOf('=');
        if (at > 0)
          params.set(
            p.slice(0, at).trim().toLowerCase(),
            p
              .slice(at + 1)
              .trim()
              .replace(/^"|"$/g, ''),
          );
      }
      const q = Number(params.get('q') ?? '1');
      return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((r) => r.type !== '');
}

/** Whether one media type names TAXII 2.1 (a missing version means the latest, which is 2.1). */
function isTaxii21(range: Pick<MediaRange, 'type' | 'params'>): boolean {
  if (range.type !== 'application/taxii+json') return false;
  const version = range.params.get('version');
  return version === undefined || version === '2.1';
}

/**
 * §1.6.8: a client asks for TAXII with Accept. No Accept or a wildcard means anything will do (curl);
 * anything else that does not include TAXII 2.1 is answered 406.
 */
export function assertAcceptable(accept: string | undefined): void {
  if (accept === undefined || accept.trim() === '') return;
  const ok = parseMediaRanges(accept).some(
    (r) => r.q > 0 && (r.type === '*/*' || r.type === 'application/*' || isTaxii21(r)),
  );
  if (!ok)
    throw new TaxiiError(
      406,
      'Not Acceptable',
      `This server answers only ${TAXII_MEDIA_TYPE}`,
      'not_acceptable',
    );
}

/** §5.4: objects are POSTed as a TAXII envelope; any other body type is 415. */
export function assertTaxiiBody(contentType: string | undefined): void {
  const [range] = parseMediaRanges(contentType ?? '');
  if (!range || !isTaxii21(range))
    throw new TaxiiError(
      415,
      'Unsupported Media Type',
      `Send the envelope as ${TAXII_MEDIA_TYPE}`,
      'unsupported_media_type',
    );
}

/** Basic (any user name, the API key as password: what most TAXII clients send) or Bearer. */
export function bearerFromAuthorization(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const basic = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!basic) return header;
  const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return `Bearer ${colon >= 0 ? decoded.slice(colon + 1) : decoded}`;
}
