import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth/service.js';
import { invalid, KobanError } from '../errors/catalogue.js';
import { itemsOf } from '../http/response-schemas.js';
import { literals, problemResponses } from '../http/schemas.js';
import type { WarninglistService } from './service.js';

export interface WarninglistRouteDeps {
  warninglists: WarninglistService;
  /** Body limit of POST /v1/warninglists (the full MISP set is ~8 MB of JSON). */
  importBodyLimitBytes?: number;
}

export const DEFAULT_WARNINGLIST_BODY_LIMIT = 64 * 1024 * 1024;

const tags = ['warninglists'];
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const FieldErrors = Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }));

const WarninglistInfo = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  version: Type.Integer(),
  type: Type.String(),
  matchingAttributes: Nullable(Type.Array(Type.String())),
  appliesTo: Type.Array(Type.String(), { description: 'Koban indicator types the list applies to' }),
  entries: Type.Integer(),
  enabled: Type.Boolean(),
  source: Type.String(),
  importedAt: Type.String(),
  updatedAt: Type.String(),
});
const WarninglistDetail = Type.Composite([
  WarninglistInfo,
  Type.Object({ warnings: Type.Array(Type.String()) }),
]);

const ImportReport = Type.Object({
  summary: Type.Object({
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    invalid: Type.Integer(),
  }),
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      source: Type.String(),
      status: literals(['created', 'updated', 'unchanged', 'invalid']),
      id: Type.Optional(Type.String()),
      name: Type.Optional(Type.String()),
      version: Type.Optional(Type.Integer()),
      entries: Type.Optional(Type.Integer()),
      enabled: Type.Optional(Type.Boolean()),
      warnings: Type.Optional(Type.Array(Type.String())),
      errors: Type.Optional(FieldErrors),
    }),
  ),
});

const CheckHit = Type.Object({
  listId: Nullable(Type.String()),
  list: Type.String(),
  listType: Type.String(),
  entry: Type.String(),
  suppressesLinking: Type.Boolean(),
});
const CheckResult = Type.Object({
  type: Type.String(),
  value: Type.String(),
  suppressesLinking: Type.Boolean(),
  hits: Type.Array(CheckHit),
  registrableDomain: Type.Optional(
    Type.Object({ value: Type.String(), suppressesLinking: Type.Boolean(), hits: Type.Array(CheckHit) }),
  ),
});

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** MISP warninglists: import and enable/disable (warninglists:write or admin); reads for every partner. */
export async function warninglistRoutes(app: FastifyInstance, deps: WarninglistRouteDeps): Promise<void> {
  const { warninglists } = deps;

  app.post(
    '/v1/warninglists',
    {
      bodyLimit: deps.importBodyLimitBytes ?? DEFAULT_WARNINGLIST_BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Import MISP warninglists: one list object, or {lists:[…]} with per-list results (warninglists:write or admin)',
        querystring: Type.Object({ source: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        // Lists are validated one by one by the importer, so one bad list never fails a batch.
        body: Type.Object(
          { lists: Type.Optional(Type.Array(Type.Unknown(), { minItems: 1, maxItems: 10_000 })) },
          { additionalProperties: true },
        ),
        response: { 200: ImportReport, ...problemResponses(400, 401, 403, 413) },
      },
    },
    async (req) => {
      requireScope(req.principal, 'warninglists:write');
      const body = req.body as Record<string, unknown>;
      const { source } = req.query as { source?: string };
      const options = source ? { source } : {};
      if (Object.hasOwn(body, 'lists')) {
        const extra = Object.keys(body).find((k) => k !== 'lists');
        if (extra !== undefined) throw invalid(`/${extra}`, 'unknown field next to "lists"');
        return warninglists.importLists(req.principal, body.lists as unknown[], options);
      }
      // A single list is a single resource: an invalid one is a 400 naming its fields.
      const report = await warninglists.importLists(req.principal, [body], options);
      const errors = report.results[0]?.errors;
      if (errors && errors.length > 0) {
        throw new KobanError('validation_failed', `${errors[0]!.field}: ${errors[0]!.reason}`, errors);
      }
      return report;
    },
  );

  app.get(
    '/v1/warninglists',
    {
      schema: {
        tags,
        summary: 'Imported warninglists with entry counts and whether correlation applies them',
        response: { 200: itemsOf(WarninglistInfo), ...problemResponses(401) },
      },
    },
    async () => ({ items: await warninglists.list() }),
  );

  app.get(
    '/v1/warninglists/check',
    {
      schema: {
        tags,
        summary:
          'Which enabled warninglists a value hits, and whether correlation drops it (type= to skip detection)',
        querystring: Type.Object({
          value: Type.String({ minLength: 1, maxLength: 8192 }),
          type: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
        }),
        response: { 200: CheckResult, ...problemResponses(400, 401) },
      },
    },
    async (req) => {
      const { value, type } = req.query as { value: string; type?: string };
      return warninglists.check(value, type);
    },
  );

  app.get(
    '/v1/warninglists/:id',
    {
      schema: {
        tags,
        summary: 'One warninglist with its import warnings (entries are not returned)',
        params: IdParams,
        response: { 200: WarninglistDetail, ...problemResponses(401, 404) },
      },
    },
    async (req) => warninglists.get((req.params as { id: string }).id),
  );

  app.patch(
    '/v1/warninglists/:id',
    {
      schema: {
        tags,
        summary:
          'Enable or disable a list for correlation (warninglists:write or admin); applies to reports correlated afterwards',
        params: IdParams,
        body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: WarninglistInfo, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      return warninglists.setEnabled(req.principal, id, (req.body as { enabled: boolean }).enabled);
    },
  );
}
