import { assertPublicDestination, type OutboundPolicy, OutboundRefused } from '../http/outbound.js';

/**
 * The HTTP half of the TAXII 2.1 client: one request at a time toward a remote API root, with the
 * checks a client owes itself — outbound policy before every request (the URL is chosen by an
 * organization administrator, so it must not reach the node's private network), TAXII media type,
 * size cap, timeout, no redirects — and every failure turned into one `RemoteError` whose message
 * says what the remote did, for the source's status.
 */

export const TAXII_ACCEPT = 'application/taxii+json;version=2.1';
/** A page larger than this is refused rather than buffered: Koban's own pages are ~5 MB at 10,000 objects. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

export class RemoteError extends Error {
  constructor(
    message: string,
    /** HTTP status when the remote answered; undefined for transport and policy failures. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

export type RemoteAuth =
  | { kind: 'none' }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'bearer'; token: string };

export interface RemoteEndpoint {
  /** The API root, e.g. `https://taxii.example/api1/` (normalized to end with `/`). */
  apiRoot: string;
  auth: RemoteAuth;
}

export interface ObjectsPage {
  objects: Record<string, unknown>[];
  more: boolean;
  next: string | undefined;
  /** `X-TAXII-Date-Added-Last`, normalized; undefined when the server did not send it. */
  dateAddedLast: string | undefined;
}

export interface RemoteStatus {
  id: string;
  status: string;
  total_count?: number;
  success_count?: number;
  failure_count?: number;
  pending_count?: number;
  successes?: unknown[];
  failures?: unknown[];
  pendings?: unknown[];
}

export function normalizeApiRoot(raw: string): string {
  const url = new URL(raw);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url.toString();
}

function authorization(auth: RemoteAuth): string | undefined {
  if (auth.kind === 'basic')
    return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
  if (auth.kind === 'bearer') return `Bearer ${auth.token}`;
  return undefined;
}

function isTaxiiMediaType(contentType: string | null): boolean {
  if (!contentType) return false;
  const [type = '', ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/taxii+json') return false;
  const version = params.find((p) => p.startsWith('version='))?.slice('version='.length);
  return version === undefined || version.replace(/"/g, '') === '2.1';
}

async function readCapped(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw new RemoteError(`response of ${declared} bytes exceeds the ${MAX_RESPONSE_BYTES}-byte limit`);
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_RESPONSE_BYTES)
      throw new RemoteError(`response exceeds the ${MAX_RESPONSE_BYTES}-byte limit`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A TAXII error message's title/description, if the body is one, for a readable status. */
function describeError(text: string): string {
  try {
    const body = JSON.parse(text) as { title?: unknown; description?: unknown };
    const parts = [body.title, body.description].filter((p) => typeof p === 'string' && p !== '');
    if (parts.length > 0) return `: ${parts.join(' — ').slice(0, 300)}`;
  } catch {
    // not JSON: the status alone says enough
  }
  return '';
}

function timestamp(value: string | null): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export class TaxiiHttpClient {
  constructor(
    private readonly outbound: OutboundPolicy,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** GET `collections/{id}/objects/` with `added_after`, `next` and `limit`. */
  async objects(
    endpoint: RemoteEndpoint,
    collectionId: string,
    query: { addedAfter?: string; next?: string; limit: number },
  ): Promise<ObjectsPage> {
    const url = new URL(`collections/${encodeURIComponent(collectionId)}/objects/`, endpoint.apiRoot);
    if (query.addedAfter) url.searchParams.set('added_after', query.addedAfter);
    if (query.next) url.searchParams.set('next', query.next);
    url.searchParams.set('limit', String(query.limit));
    const { body, response } = await this.request(endpoint, 'GET', url.toString());
    const envelope = body as { objects?: unknown; more?: unknown; next?: unknown };
    if (envelope.objects !== undefined && !Array.isArray(envelope.objects))
      throw new RemoteError('the envelope\'s "objects" is not a list');
    const objects = (envelope.objects ?? []) as unknown[];
    return {
      // Non-objects are kept so the import can report them per object instead of dropping them silently.
      objects: objects.map((o) =>
        o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : {},
      ),
      more: envelope.more === true,
      next: typeof envelope.next === 'string' && envelope.next !== '' ? envelope.next : undefined,
      dateAddedLast: timestamp(response.headers.get('x-taxii-date-added-last')),
    };
  }

  /** POST an envelope to `collections/{id}/objects/`: the remote answers a status resource. */
  async add(endpoint: RemoteEndpoint, collectionId: string, objects: unknown[]): Promise<RemoteStatus> {
    const url = new URL(`collections/${encodeURIComponent(collectionId)}/objects/`, endpoint.apiRoot);
    const { body } = await this.request(endpoint, 'POST', url.toString(), JSON.stringify({ objects }));
    return statusOf(body);
  }

  async status(endpoint: RemoteEndpoint, statusId: string): Promise<RemoteStatus> {
    const url = new URL(`status/${encodeURIComponent(statusId)}/`, endpoint.apiRoot);
    return statusOf((await this.request(endpoint, 'GET', url.toString())).body);
  }

  private async request(
    endpoint: RemoteEndpoint,
    method: 'GET' | 'POST',
    url: string,
    payload?: string,
  ): Promise<{ body: Record<string, unknown>; response: Response }> {
    try {
      await assertPublicDestination(url, this.outbound);
    } catch (error) {
      if (error instanceof OutboundRefused)
        throw new RemoteError(`refused by the outbound policy: ${error.message}`);
      throw new RemoteError(`cannot resolve ${new URL(url).hostname}: ${(error as Error).message}`);
    }
    const headers: Record<string, string> = { accept: TAXII_ACCEPT, 'user-agent': 'Koban-TAXII-Client/1' };
    const auth = authorization(endpoint.auth);
    if (auth) headers.authorization = auth;
    if (payload !== undefined) headers['content-type'] = TAXII_ACCEPT;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
        // A redirect could lead past the outbound check; TAXII servers have no reason to send one.
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new RemoteError(`unreachable: ${(error as Error).message}`);
    }
    const text = await readCapped(response);
    if (response.status === 401 || response.status === 403)
      throw new RemoteError(
        `HTTP ${response.status}: the remote refused the credentials${describeError(text)}`,
        response.status,
      );
    if (response.status >= 300)
      throw new RemoteError(`HTTP ${response.status}${describeError(text)}`, response.status);
    const contentType = response.headers.get('content-type');
    if (!isTaxiiMediaType(contentType))
      throw new RemoteError(
        `wrong media type ${JSON.stringify(contentType ?? '')}: expected ${TAXII_ACCEPT}`,
        response.status,
      );
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new RemoteError(`broken JSON: ${(error as Error).message}`, response.status);
    }
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new RemoteError('the body is not a JSON object', response.status);
    return { body: body as Record<string, unknown>, response };
  }
}

function statusOf(body: Record<string, unknown>): RemoteStatus {
  if (typeof body.id !== 'string' || typeof body.status !== 'string')
    throw new RemoteError('the answer is not a TAXII status resource (no id or status)');
  return body as unknown as RemoteStatus;
}
