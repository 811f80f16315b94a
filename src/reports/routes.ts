import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Koban } from '../app/container.js';
import { KobanError } from '../errors/catalogue.js';
import { BatchResult, Report, ReportPage, SubmitResult } from '../http/response-schemas.js';
import { literals, problemResponses } from '../http/schemas.js';
import { TLP_LEVELS } from '../sharing/policy.js';
import { ReportInput } from './input.js';
import { KIND_SCHEMAS, REPORT_KINDS } from './kinds.js';
import type { ReportFilters } from './reads.js';

const tags = ['reports'];

const detailsDoc = `Fields of \`details\` per kind:\n\n${REPORT_KINDS.map(
  (k) =>
    `- **${k}**: ${Object.keys((KIND_SCHEMAS[k] as { properties?: object }).properties ?? {}).join(', ') || 'free-form'}`,
).join('\n')}`;

export async function reportRoutes(app: FastifyInstance, koban: Koban): Promise<void> {
  app.post(
    '/v1/reports',
    {
      schema: {
        tags,
        summary:
          'Submit a report; answers 201 with the extracted indicators (200 when externalId was already submitted)',
        description: detailsDoc,
        body: ReportInput,
        response: { 200: SubmitResult, 201: SubmitResult, ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    async (req, reply) => {
      const [result] = await koban.intake.submit(req.principal, [req.body]);
      if (!result) throw new KobanError('internal_error');
      if (result.status === 'invalid') {
        const first = result.errors[0];
        throw new KobanError(
          'validation_failed',
          first ? `${first.field}: ${first.reason}` : 'invalid report',
          result.errors,
        );
      }
      reply.code(result.status === 'created' ? 201 : 200);
      if (result.status === 'created') reply.header('location', `/v1/reports/${result.id}`);
      return { id: result.id, status: result.status, indicators: result.indicators };
    },
  );

  app.post(
    '/v1/reports::batch',
    {
      bodyLimit: koban.config.batchBodyLimitBytes,
      schema: {
        tags,
        summary:
          'Submit many reports; each item gets its own result and one bad item never blocks the others',
        response: { 200: BatchResult, ...problemResponses(400, 401, 403, 413) },
        description: `Items have the shape of POST /v1/reports. Written in transactional chunks; retries are idempotent with externalId.\n\n${detailsDoc}`,
        body: Type.Object(
          { items: Type.Array(Type.Unknown(), { minItems: 1, maxItems: koban.config.maxBatchItems }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const { items } = req.body as { items: unknown[] };
      const results = await koban.intake.submit(req.principal, items);
      const summary = { created: 0, duplicate: 0, invalid: 0 };
      for (const r of results) summary[r.status]++;
      return { summary, results };
    },
  );

  app.get(
    '/v1/reports',
    {
      schema: {
        tags,
        summary: 'List reports the caller may see, newest first, with opaque cursor paging',
        response: { 200: ReportPage, ...problemResponses(400, 401) },
        querystring: Type.Object(
          {
            kind: Type.Optional(literals(REPORT_KINDS)),
            tlp: Type.Optional(literals(TLP_LEVELS)),
            org: Type.Optional(Type.String({ maxLength: 64, description: 'Reporting organization id' })),
            since: Type.Optional(Type.String({ format: 'date-time' })),
            until: Type.Optional(Type.String({ format: 'date-time' })),
            indicator: Type.Optional(
              Type.String({
                maxLength: 8192,
                description: 'Only reports with this indicator (any spelling)',
              }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            cursor: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const q = req.query as Omit<ReportFilters, 'orgId' | 'limit'> & { org?: string; limit?: number };
      const { org, limit, ...rest } = q;
      return koban.reports.list(req.principal, {
        ...rest,
        limit: limit ?? 50,
        ...(org ? { orgId: org } : {}),
      });
    },
  );

  app.get(
    '/v1/reports/:id',
    {
      schema: {
        tags,
        summary:
          'One report with its indicators (404 when missing or not visible to the caller, identically)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: Report, ...problemResponses(401, 404) },
      },
    },
    async (req) => koban.reports.get(req.principal, (req.params as { id: string }).id),
  );
}
