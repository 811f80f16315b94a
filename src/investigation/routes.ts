/**
 * Investigation API, part 1: the log-source catalogue (read: `investigation:read`, edit:
 * `catalogue:write`), deadlines for a subject and the queue across visible reports, notices.
 * Inquiries are in ./inquiry-routes.ts.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { type Principal, requireScope } from '../auth/service.js';
import { problemResponses } from '../http/schemas.js';
import { type CatalogueFormat, parseCatalogueText, serializeCatalogue } from './catalogue-io.js';
import type { CatalogueStore } from './catalogue-store.js';
import type { SubjectType } from './deadlines.js';
import { inquiryRoutes } from './inquiry-routes.js';
import type { InvestigationModule } from './module.js';
import {
  CatalogueQuery,
  ProviderParams,
  QueueQuery,
  SubjectQuery,
  investigationTags as tags,
  VersionResult,
} from './schemas.js';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/** A request body that is either parsed JSON or YAML text (see the scope's content-type parser). */
const documentOf = (body: unknown): unknown =>
  typeof body === 'string' ? parseCatalogueText(body, 'yaml') : body;

export async function investigationRoutes(
  app: FastifyInstance,
  investigation: InvestigationModule,
): Promise<void> {
  // Own scope: the YAML body parser applies to these routes only.
  await app.register(async (scope) => {
    scope.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, body));
    await catalogueRoutes(scope, investigation.catalogue);
    await deadlineRoutes(scope, investigation);
    await inquiryRoutes(scope, investigation);
  });
}

async function catalogueRoutes(app: FastifyInstance, catalogue: CatalogueStore): Promise<void> {
  app.get(
    '/v1/investigation/catalogue',
    {
      schema: {
        tags,
        summary:
          'The log-source catalogue (current or a given version) as JSON or YAML (scope investigation:read)',
        querystring: CatalogueQuery,
        response: { ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      requireScope(req.principal, 'investigation:read');
      const q = req.query as { format?: CatalogueFormat; version?: number };
      const stored = q.version ? await catalogue.get(q.version) : await catalogue.current();
      reply.header('x-catalogue-version', String(stored.version));
      if (q.format === 'yaml')
        return reply
          .type('application/yaml; charset=utf-8')
          .send(serializeCatalogue(stored.catalogue, 'yaml'));
      return reply.type('application/json; charset=utf-8').send(serializeCatalogue(stored.catalogue, 'json'));
    },
  );

  app.get(
    '/v1/investigation/catalogue/versions',
    {
      schema: {
        tags,
        summary: 'Every catalogue version, newest first, with what changed and who changed it',
        response: {
          200: Type.Object({ items: Type.Array(Type.Record(Type.String(), Type.Unknown())) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (req) => {
      requireScope(req.principal, 'investigation:read');
      return { items: await catalogue.history() };
    },
  );

  app.put(
    '/v1/investigation/catalogue',
    {
      schema: {
        tags,
        summary:
          'Import a whole catalogue (JSON, or YAML with Content-Type application/yaml) as a new version (scope catalogue:write)',
        description:
          'Validated as a whole: every problem is listed in errors[] with a JSON pointer and nothing is stored. Identical content makes no new version (200, created=false).',
        body: Type.Unknown(),
        response: { 200: VersionResult, 201: VersionResult, ...problemResponses(400, 401, 403, 409, 415) },
      },
    },
    async (req, reply) => {
      requireScope(req.principal, 'catalogue:write');
      const result = await catalogue.replace(req.principal, documentOf(req.body));
      if (result.created) reply.code(201);
      return result;
    },
  );

  app.put(
    '/v1/investigation/catalogue/providers/:providerId',
    {
      schema: {
        tags,
        summary: 'Add or replace one provider (a new catalogue version; scope catalogue:write)',
        params: ProviderParams,
        body: Type.Unknown(),
        response: { 200: VersionResult, 201: VersionResult, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      requireScope(req.principal, 'catalogue:write');
      const { providerId } = req.params as { providerId: string };
      const result = await catalogue.upsertProvider(req.principal, providerId, documentOf(req.body));
      if (result.created) reply.code(201);
      return result;
    },
  );

  app.delete(
    '/v1/investigation/catalogue/providers/:providerId',
    {
      schema: {
        tags,
        summary: 'Remove a provider (a new catalogue version; scope catalogue:write)',
        params: ProviderParams,
        response: { 200: VersionResult, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (req) => {
      requireScope(req.principal, 'catalogue:write');
      return catalogue.deleteProvider(req.principal, (req.params as { providerId: string }).providerId);
    },
  );
}

async function deadlineRoutes(app: FastifyInstance, investigation: InvestigationModule): Promise<void> {
  const { deadlines, notices } = investigation;
  const read = (p: Principal) => requireScope(p, 'investigation:read');

  app.get(
    '/v1/investigation/leads',
    {
      schema: {
        tags,
        summary:
          "For each indicator of a report, a report's campaign or the caller's fraud case: who keeps which logs, how long, and the preservation deadline (JST)",
        querystring: SubjectQuery,
        response: {
          200: Type.Object({ today: Type.String(), items: Type.Array(Type.Unknown()) }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      read(req.principal);
      const q = req.query as { subjectType: SubjectType; subjectId: string };
      return {
        today: deadlines.today(),
        items: await deadlines.forSubject(req.principal, q.subjectType, q.subjectId),
      };
    },
  );

  app.get(
    '/v1/investigation/deadlines',
    {
      schema: {
        tags,
        summary:
          'Nearest preservation deadlines across every report the caller may see (default: the next 30 days)',
        querystring: QueueQuery,
        response: {
          200: Type.Object({ today: Type.String(), items: Type.Array(Type.Unknown()) }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (req) => {
      read(req.principal);
      const q = req.query as { horizonDays?: number; limit?: number };
      return {
        today: deadlines.today(),
        items: await deadlines.queue(req.principal.viewer, q.horizonDays ?? 30, q.limit ?? 100),
      };
    },
  );

  app.get(
    '/v1/investigation/notices',
    {
      schema: {
        tags,
        summary:
          'Preservation-deadline notices (T-7, T-3, T-1) recorded for the caller’s organization, nearest first',
        response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }), ...problemResponses(401, 403) },
      },
    },
    async (req) => {
      read(req.principal);
      return { items: await notices.list(req.principal.orgId, deadlines.today()) };
    },
  );
}
