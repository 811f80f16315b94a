import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../http/schemas.js';
import type { ConsoleDashboard } from './dashboard.js';

const Count = Type.Integer({ minimum: 0 });
const DashboardSummary = Type.Object({
  days: Type.Array(Type.String()),
  perDay: Type.Array(Type.Object({ day: Type.String(), kind: Type.String(), reports: Count })),
  perOrgKind: Type.Array(Type.Object({ orgKind: Type.String(), reports: Count })),
  topBrands: Type.Array(Type.Object({ brand: Type.String(), reports: Count })),
  campaigns: Type.Array(
    Type.Object({
      campaignId: Type.String(),
      size: Count,
      growth: Type.Array(Type.Object({ day: Type.String(), reports: Count })),
    }),
  ),
});

/** Reads made for the web console that no other endpoint answers in one call. */
export async function consoleApiRoutes(app: FastifyInstance, dashboard: ConsoleDashboard): Promise<void> {
  app.get(
    '/v1/console/dashboard',
    {
      schema: {
        tags: ['console'],
        summary:
          'Dashboard figures over the reports the caller may see: per JST day and kind, per reporting organization kind, top impersonated brands, largest campaigns (scope reports:read)',
        querystring: Type.Object(
          { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 30 })) },
          { additionalProperties: false },
        ),
        response: { 200: DashboardSummary, ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => dashboard.summary(req.principal, (req.query as { days?: number }).days ?? 30),
  );
}
