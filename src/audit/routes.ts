import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Koban } from '../app/container.js';
import { requireScope } from '../auth/service.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { AuditEntry, AuditVerify } from '../http/response-schemas.js';
import { problemResponses } from '../http/schemas.js';

const tags = ['audit'];

export async function auditRoutes(app: FastifyInstance, koban: Koban): Promise<void> {
  app.get(
    '/v1/audit',
    {
      schema: {
        tags,
        summary: 'Audit entries in chain order (admin: all; audit:read: own organization)',
        response: {
          200: Type.Object({
            items: Type.Array(AuditEntry),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses(400, 401, 403),
        },
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      requireScope(req.principal, 'audit:read');
      const { limit = 100, cursor } = req.query as { limit?: number; cursor?: string };
      const position = decodeCursor(cursor);
      const items = await koban.audit.list({
        limit,
        ...(position ? { afterSeq: Number(position.seq) } : {}),
        ...(req.principal.scopes.has('admin') ? {} : { orgId: req.principal.orgId }),
      });
      const last = items[items.length - 1];
      return { items, nextCursor: items.length === limit && last ? encodeCursor({ seq: last.seq }) : null };
    },
  );
  app.get(
    '/v1/audit/verify',
    {
      schema: {
        tags,
        summary: 'Verify the whole hash chain (admin only)',
        response: { 200: AuditVerify, ...problemResponses(401, 403) },
      },
    },
    async (req) => {
      requireScope(req.principal, 'admin');
      return koban.audit.verify();
    },
  );
}
