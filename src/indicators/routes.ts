import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Koban } from '../app/container.js';
import { INDICATOR_TYPES } from '../core/indicators/types.js';
import { IndicatorView } from '../http/response-schemas.js';
import { problemResponses } from '../http/schemas.js';

export async function indicatorRoutes(app: FastifyInstance, koban: Koban): Promise<void> {
  app.get(
    '/v1/indicators',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Find the canonical indicator for any spelling, with the sightings the caller may see',
        querystring: Type.Object(
          {
            value: Type.String({
              minLength: 1,
              maxLength: 8192,
              description: 'Any spelling: defanged, full-width, national phone format …',
            }),
            type: Type.Optional(Type.Union(INDICATOR_TYPES.map((t) => Type.Literal(t)))),
          },
          { additionalProperties: false },
        ),
        response: { 200: IndicatorView, ...problemResponses(400, 401, 404) },
      },
    },
    async (req) => {
      const { value, type } = req.query as { value: string; type?: string };
      return koban.indicators.lookup(req.principal, value, type);
    },
  );
}
