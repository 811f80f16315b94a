import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { itemsOf } from '../http/response-schemas.js';
import { problemResponses } from '../http/schemas.js';
import { MAX_EXPORT_OBJECTS } from './export.js';
import {
  KnowledgeMerge,
  KnowledgeObject,
  KnowledgeObjectPage,
  KnowledgeRelationship,
  StixImportReport,
} from './schemas.js';
import type { KnowledgeService } from './service.js';

export interface KnowledgeRouteDeps {
  knowledge: KnowledgeService;
  /** Body limit of POST /v1/import/stix (ATT&CK Enterprise is ~45 MB). */
  importBodyLimitBytes?: number;
}

const tags = ['knowledge'];
const StixId = Type.String({ minLength: 3, maxLength: 300 });
const IdParams = Type.Object({ id: StixId });
const MergeParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const DEFAULT_IMPORT_BODY_LIMIT = 128 * 1024 * 1024;

/** Knowledge base: STIX 2.1 import (knowledge:write or admin), reads for every authenticated partner, merges. */
export async function knowledgeRoutes(app: FastifyInstance, deps: KnowledgeRouteDeps): Promise<void> {
  const { knowledge } = deps;

  app.post(
    '/v1/import/stix',
    {
      bodyLimit: deps.importBodyLimitBytes ?? DEFAULT_IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Import a STIX 2.1 bundle; idempotent, per-object results (knowledge:write or admin)',
        querystring: Type.Object({ source: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        // Entries are validated one by one by the importer, so one bad entry never fails the request.
        body: Type.Object(
          {
            type: Type.Literal('bundle'),
            objects: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 500_000 })),
          },
          { additionalProperties: true },
        ),
        response: { 200: StixImportReport, ...problemResponses(400, 401, 403, 413) },
      },
    },
    async (req) => {
      const body = req.body as { id?: unknown };
      const { source } = req.query as { source?: string };
      const name = source ?? (typeof body.id === 'string' ? body.id.slice(0, 200) : 'api');
      return knowledge.importBundle(req.principal, req.body, name);
    },
  );

  app.get(
    '/v1/knowledge/objects',
    {
      schema: {
        tags,
        summary:
          'Search knowledge objects by type and/or name or alias (substring, case- and width-insensitive)',
        querystring: Type.Object({
          type: Type.Optional(Type.String({ minLength: 1, maxLength: 250 })),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          cursor: Type.Optional(Type.String({ maxLength: 1000 })),
        }),
        response: { 200: KnowledgeObjectPage, ...problemResponses(400, 401) },
      },
    },
    async (req) =>
      knowledge.searchObjects(req.query as { type?: string; q?: string; limit: number; cursor?: string }),
  );

  app.get(
    '/v1/knowledge/bundle',
    {
      schema: {
        tags,
        summary:
          'STIX 2.1 bundle of stored objects by comma-separated ids and/or types, with the marking definitions they refer to',
        querystring: Type.Object({
          ids: Type.Optional(Type.String({ maxLength: 100_000 })),
          types: Type.Optional(Type.String({ maxLength: 5_000 })),
          limit: Type.Integer({ minimum: 1, maximum: MAX_EXPORT_OBJECTS, default: 10_000 }),
        }),
        response: {
          200: Type.Object({
            type: Type.Literal('bundle'),
            id: Type.String(),
            objects: Type.Array(Type.Unknown()),
          }),
          ...problemResponses(400, 401),
        },
      },
    },
    async (req) => {
      const q = req.query as { ids?: string; types?: string; limit: number };
      const list = (v?: string) =>
        (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0);
      return knowledge.exportBundle({ ids: list(q.ids), types: list(q.types), limit: q.limit });
    },
  );

  app.get(
    '/v1/knowledge/objects/:id',
    {
      schema: {
        tags,
        summary: 'A knowledge object by STIX id; merged objects answer with their survivor',
        params: IdParams,
        response: { 200: KnowledgeObject, ...problemResponses(401, 404) },
      },
    },
    async (req) => knowledge.getObject((req.params as { id: string }).id),
  );

  app.get(
    '/v1/knowledge/objects/:id/relationships',
    {
      schema: {
        tags,
        summary: 'Relationships of an object (and of everything merged into its survivor)',
        params: IdParams,
        response: { 200: itemsOf(KnowledgeRelationship), ...problemResponses(401, 404) },
      },
    },
    async (req) => ({ items: await knowledge.relationshipsOf((req.params as { id: string }).id) }),
  );

  app.get(
    '/v1/knowledge/merges',
    {
      schema: {
        tags,
        summary: 'Merges and merge proposals',
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union(['proposed', 'applied', 'reverted', 'rejected'].map((s) => Type.Literal(s))),
          ),
          objectId: Type.Optional(StixId),
        }),
        response: { 200: itemsOf(KnowledgeMerge), ...problemResponses(400, 401) },
      },
    },
    async (req) => ({
      items: await knowledge.listMerges(req.query as { status?: string; objectId?: string }),
    }),
  );

  app.post(
    '/v1/knowledge/merges',
    {
      schema: {
        tags,
        summary: 'Merge one object into another (accepts a pending proposal for the pair); reversible',
        body: Type.Object({ survivorId: StixId, mergedId: StixId }, { additionalProperties: false }),
        response: { 201: KnowledgeMerge, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const { survivorId, mergedId } = req.body as { survivorId: string; mergedId: string };
      reply.code(201);
      return knowledge.mergeObjects(req.principal, survivorId, mergedId);
    },
  );

  app.post(
    // find-my-way needs the regex to end the parameter before the literal ":revert".
    '/v1/knowledge/merges/:id(^[^:]+)::revert',
    {
      schema: {
        tags,
        summary: 'Revert an applied merge, or reject a proposal (idempotent)',
        params: MergeParams,
        response: { 200: KnowledgeMerge, ...problemResponses(401, 403, 404) },
      },
    },
    async (req) => knowledge.revertMerge(req.principal, (req.params as { id: string }).id),
  );
}
