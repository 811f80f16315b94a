import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Koban } from '../app/container.js';
import {
  assertAcceptable,
  assertTaxiiBody,
  bearerFromAuthorization,
  STIX_MEDIA_TYPE,
  sendTaxiiError,
  TAXII_MEDIA_TYPE,
  toTaxiiError,
} from './protocol.js';
import { MAX_PAGE_SIZE, parseQuery } from './query.js';
import type { TaxiiPage } from './service.js';
import type { Entry } from './stix-objects.js';

/** Where the API root lives, under the discovery prefix. */
export const TAXII_PREFIX = '/taxii2';
export const API_ROOT_PATH = '/api/';

type Query = Record<string, string | string[] | undefined>;
type Params = { collection: string; object: string; status: string };

/** The TAXII 2.1 HTTP surface: its own media types, error shape and authentication (Basic or Bearer). */
export async function taxiiRoutes(app: FastifyInstance, koban: Koban): Promise<void> {
  const taxii = koban.taxii;
  const bodyLimit = koban.config.batchBodyLimitBytes;
  // Only TAXII envelopes are parsed here; every other body type fails as 415 in TAXII's error shape.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/taxii+json',
    { parseAs: 'string', bodyLimit },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(String(body)));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  app.setErrorHandler((error, request, reply) => {
    const mapped = toTaxiiError(error);
    if (mapped.status >= 500) request.log.error({ err: error }, 'taxii request failed');
    return sendTaxiiError(request, reply, mapped);
  });
  app.setNotFoundHandler((request, reply) =>
    sendTaxiiError(
      request,
      reply,
      toTaxiiError(
        Object.assign(new Error(`No TAXII resource at ${request.url.split('?')[0]}`), { statusCode: 404 }),
      ),
    ),
  );
  app.addHook('onRequest', async (request) => {
    assertAcceptable(request.headers.accept);
    request.principal = await koban.auth.authenticate(bearerFromAuthorization(request.headers.authorization));
  });

  const schema = (summary: string) => ({ schema: { tags: ['taxii'], summary } });
  const base = (request: FastifyRequest) => `${request.protocol}://${request.host}${TAXII_PREFIX}`;
  const send = (reply: FastifyReply, body: unknown) => sendTaxii(reply, JSON.stringify(body));

  app.get('/', schema('TAXII discovery'), async (request, reply) =>
    send(reply, {
      title: 'Koban TAXII 2.1',
      description:
        'Koban reports and indicators as STIX 2.1, per sharing scope, under the Koban sharing policy.',
      default: `${base(request)}${API_ROOT_PATH}`,
      api_roots: [`${base(request)}${API_ROOT_PATH}`],
    }),
  );

  await app.register(
    async (root) => {
      root.get('/', schema('TAXII API root'), async (_request, reply) =>
        send(reply, {
          title: 'Koban',
          description: `Collections per sharing scope. Pages hold up to ${MAX_PAGE_SIZE} objects (limit).`,
          versions: [TAXII_MEDIA_TYPE],
          max_content_length: bodyLimit,
        }),
      );
      root.get('/collections/', schema('TAXII collections'), async (request, reply) =>
        send(reply, { collections: await taxii.collections(request.principal) }),
      );
      root.get<{ Params: Params }>(
        '/collections/:collection/',
        schema('TAXII collection'),
        async (request, reply) =>
          send(reply, await taxii.collection(request.principal, request.params.collection)),
      );
      root.get<{ Params: Params; Querystring: Query }>(
        '/collections/:collection/objects/',
        schema('TAXII objects'),
        async (request, reply) => {
          const query = parseQuery(request.query, { allowIdAndType: true });
          const page = await taxii.page(request.principal, request.params.collection, query);
          return sendPage(reply, page, 'objects', (e) => e.object);
        },
      );
      root.post<{ Params: Params }>(
        '/collections/:collection/objects/',
        { ...schema('TAXII add objects'), bodyLimit },
        async (request, reply) => {
          assertTaxiiBody(request.headers['content-type']);
          const status = await taxii.add(request.principal, request.params.collection, request.body);
          return send(reply.code(202), status);
        },
      );
      root.get<{ Params: Params; Querystring: Query }>(
        '/collections/:collection/objects/:object/',
        schema('TAXII object'),
        async (request, reply) => {
          const query = parseQuery(request.query, { allowIdAndType: false });
          const { collection, object } = request.params;
          const page = await taxii.objectPage(request.principal, collection, object, query);
          return sendPage(reply, page, 'objects', (e) => e.object);
        },
      );
      root.get<{ Params: Params; Querystring: Query }>(
        '/collections/:collection/objects/:object/versions/',
        schema('TAXII object versions'),
        async (request, reply) => {
          const query = parseQuery(request.query, { allowIdAndType: false, defaultVersion: 'all' });
          const { collection, object } = request.params;
          const page = await taxii.objectPage(request.principal, collection, object, query);
          return sendPage(reply, page, 'versions', (e) => e.version);
        },
      );
      root.get<{ Params: Params; Querystring: Query }>(
        '/collections/:collection/manifest/',
        schema('TAXII manifest'),
        async (request, reply) => {
          const query = parseQuery(request.query, { allowIdAndType: true });
          const page = await taxii.page(request.principal, request.params.collection, query);
          return sendPage(reply, page, 'objects', (e) => ({
            id: e.object.id,
            date_added: e.key.at,
            version: e.version,
            media_type: STIX_MEDIA_TYPE,
          }));
        },
      );
      root.get<{ Params: Params }>('/status/:status/', schema('TAXII status'), async (request, reply) =>
        send(reply, await taxii.status(request.principal, request.params.status)),
      );
    },
    { prefix: API_ROOT_PATH.replace(/\/$/, '') },
  );
}

/**
 * Serializes object by object into one string (no envelope tree is built around 10,000 objects),
 * with TAXII's date_added headers for the page.
 */
function sendPage(reply: FastifyReply, page: TaxiiPage, list: string, pick: (e: Entry) => unknown) {
  const first = page.entries[0];
  const last = page.entries.at(-1);
  if (first && last) {
    reply.header('x-taxii-date-added-first', first.key.at);
    reply.header('x-taxii-date-added-last', last.key.at);
  }
  const parts: string[] = [`{"more":${page.more}`];
  if (page.next !== undefined) parts.push(`,"next":${JSON.stringify(page.next)}`);
  if (page.entries.length > 0) {
    parts.push(`,"${list}":[`);
    page.entries.forEach((e, i) => {
      parts.push(i === 0 ? JSON.stringify(pick(e)) : `,${JSON.stringify(pick(e))}`);
    });
    parts.push(']');
  }
  parts.push('}');
  return sendTaxii(reply, parts.join(''));
}

/** As bytes: Fastify rewrites the content type of string bodies (quotes, charset), and clients compare it. */
export function sendTaxii(reply: FastifyReply, json: string) {
  return reply.header('content-type', TAXII_MEDIA_TYPE).send(Buffer.from(json, 'utf8'));
}
