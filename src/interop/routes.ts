import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Koban } from '../app/container.js';
import { requireScope } from '../auth/service.js';
import { KobanError } from '../errors/catalogue.js';
import { problemResponses } from '../http/schemas.js';
import type { BlocklistKind } from './blocklists.js';
import { MAX_IMPORTED_EVENTS } from './misp-import.js';
import { ReportStreamHub } from './stream.js';

const tags = ['interop'];
const Since = Type.Object(
  {
    since: Type.Optional(
      Type.String({ maxLength: 40, description: 'Only reports created at or after this ISO-8601 time' }),
    ),
  },
  { additionalProperties: false },
);
const EVENT_FILE = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.json$/;

/** MISP feed and import, blocklists and CSV (see src/interop/README.md). */
export async function interopRoutes(app: FastifyInstance, koban: Koban): Promise<void> {
  const { interop } = koban;
  const streams = new ReportStreamHub({ database: koban.database, bus: koban.bus, reports: interop.reports });
  // Open streams never end by themselves: without this, closing the server would wait for every client.
  app.addHook('preClose', async () => {
    streams.closeAll();
  });

  app.get(
    '/v1/interop/stream',
    {
      schema: {
        tags,
        summary: 'Server-Sent Events of new reports you may see; resume with Last-Event-ID',
        description:
          'Each `report` event carries the report, its marking and its indicators; its `id` is a signed cursor. Comments (`: heartbeat`) keep proxies from closing an idle stream.',
        querystring: Type.Object(
          {
            heartbeat: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: 300,
                default: 15,
                description: 'Seconds between heartbeats',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: problemResponses(400, 401, 403),
      },
    },
    async (req, reply) => {
      requireScope(req.principal, 'reports:read');
      const lastEventId = req.headers['last-event-id'];
      const from = await streams.resumePosition(Array.isArray(lastEventId) ? lastEventId[0] : lastEventId);
      const { heartbeat } = req.query as { heartbeat?: number };
      reply.hijack();
      await streams.serve(req.principal, reply.raw, from, {
        heartbeatMs: (heartbeat ?? 15) * 1000,
        requestId: String(req.id),
      });
    },
  );

  app.get(
    '/v1/interop/misp/manifest.json',
    {
      schema: {
        tags,
        summary: 'MISP feed manifest: every report you may see, as a MISP event summary by uuid',
        response: problemResponses(401, 403),
      },
    },
    async (req) => interop.mispManifest(req.principal),
  );

  app.get(
    '/v1/interop/misp/hashes.csv',
    {
      schema: {
        tags,
        summary: 'MISP feed hashes.csv: md5 of each value, event uuid',
        response: problemResponses(401, 403),
      },
    },
    async (req, reply) => reply.type('text/csv; charset=utf-8').send(await interop.mispHashes(req.principal)),
  );

  app.get(
    '/v1/interop/misp/:file',
    {
      schema: {
        tags,
        summary: 'One MISP event ({uuid}.json) per report, attributes typed from its indicators',
        params: Type.Object({ file: Type.String({ maxLength: 64 }) }),
        response: problemResponses(401, 403, 404),
      },
    },
    async (req) => {
      const match = EVENT_FILE.exec((req.params as { file: string }).file);
      if (!match)
        throw new KobanError('not_found', 'MISP feed files are manifest.json, hashes.csv and {uuid}.json');
      return interop.mispEvent(req.principal, match[1] as string);
    },
  );

  app.post(
    '/v1/interop/misp/events',
    {
      bodyLimit: koban.config.batchBodyLimitBytes,
      schema: {
        tags,
        summary:
          'Import MISP events (one, a list, or {response: [...]}) as reports, idempotent by event uuid',
        description: `At most ${MAX_IMPORTED_EVENTS} events. Each event and each attribute gets its own outcome: imported, unsupported or invalid.`,
        body: Type.Unknown({ description: 'MISP event JSON' }),
        response: problemResponses(400, 401, 403, 413, 415),
      },
    },
    async (req) => {
      const results = await interop.importMisp(req.principal, req.body);
      return { results };
    },
  );

  const lists: [BlocklistKind, string][] = [
    ['domains', 'domains.txt'],
    ['urls', 'urls.txt'],
    ['ips', 'ips.txt'],
  ];
  for (const [kind, file] of lists) {
    app.get(
      `/v1/interop/blocklist/${file}`,
      {
        schema: {
          tags,
          summary: `Blocklist of ${kind} with a malicious role from reports you may see, one per line`,
          querystring: Since,
          response: problemResponses(400, 401, 403),
        },
      },
      async (req, reply) => {
        const { since } = req.query as { since?: string };
        return reply
          .type('text/plain; charset=utf-8')
          .send(await interop.blocklist(req.principal, kind, since));
      },
    );
  }

  app.get(
    '/v1/interop/blocklist/rpz.zone',
    {
      schema: {
        tags,
        summary: 'DNS Response Policy Zone blocking those domains and everything under them',
        querystring: Since,
        response: problemResponses(400, 401, 403),
      },
    },
    async (req, reply) => {
      const { since } = req.query as { since?: string };
      return reply.type('text/dns; charset=utf-8').send(await interop.rpz(req.principal, since));
    },
  );

  app.get(
    '/v1/interop/blocklist/indicators.csv',
    {
      schema: {
        tags,
        summary: 'Listed indicators as RFC 4180 CSV (formula-injection safe) for SIEMs and spreadsheets',
        querystring: Since,
        response: problemResponses(400, 401, 403),
      },
    },
    async (req, reply) => {
      const { since } = req.query as { since?: string };
      return reply
        .type('text/csv; charset=utf-8; header=present')
        .send(await interop.indicatorsCsv(req.principal, since));
    },
  );

  app.post(
    '/v1/interop/webhooks',
    {
      schema: {
        tags,
        summary: 'Register a URL that receives each new report you may see, signed with HMAC-SHA256',
        description:
          'The answer holds the signing `secret` once. Each delivery is a POST of `{type: "koban.report.created", report}` with `x-koban-signature: sha256=<hex HMAC of the body>` and `x-koban-event-id`; failures are retried with backoff (5 s doubling to 6 h), in order. Needs `keys:manage` and `reports:read`.',
        body: Type.Object(
          { url: Type.String({ minLength: 1, maxLength: 2048 }) },
          { additionalProperties: false },
        ),
        response: problemResponses(400, 401, 403, 409),
      },
    },
    async (req, reply) => {
      const created = await interop.webhooks.register(req.principal, (req.body as { url: string }).url);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/v1/interop/webhooks',
    {
      schema: {
        tags,
        summary: "Your organization's webhooks and their delivery state",
        response: problemResponses(401, 403),
      },
    },
    async (req) => ({ items: await interop.webhooks.list(req.principal) }),
  );

  app.delete(
    '/v1/interop/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Remove a webhook',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: problemResponses(401, 403, 404),
      },
    },
    async (req, reply) => {
      await interop.webhooks.remove(req.principal, (req.params as { id: string }).id);
      return reply.code(204).send();
    },
  );
}
