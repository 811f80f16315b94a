import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Koban } from '../app/container.js';
import { INDICATOR_TYPES } from '../core/indicators/types.js';
import { InfrastructureFlag } from '../http/response-schemas.js';
import { literals, problemResponses } from '../http/schemas.js';
import { SENSITIVITIES, TLP_LEVELS } from '../sharing/policy.js';
import { type FlagInput, INFRASTRUCTURE_CATEGORIES } from './service.js';

const tags = ['infrastructure'];

export async function infrastructureRoutes(app: FastifyInstance, koban: Koban): Promise<void> {
  app.post(
    '/v1/indicators/flags',
    {
      schema: {
        tags,
        summary:
          'Flag an indicator as crime infrastructure of a service, with evidence (scope infrastructure:write)',
        body: Type.Object(
          {
            value: Type.String({
              minLength: 1,
              maxLength: 8192,
              description: 'Any spelling of the indicator',
            }),
            type: Type.Optional(literals(INDICATOR_TYPES)),
            category: literals(INFRASTRUCTURE_CATEGORIES),
            serviceId: Type.Optional(
              Type.String({ maxLength: 200, description: 'A knowledge object, e.g. infrastructure--…' }),
            ),
            serviceName: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
            evidence: Type.String({ minLength: 1, maxLength: 20000 }),
            evidenceReports: Type.Optional(
              Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100, uniqueItems: true }),
            ),
            tlp: literals(TLP_LEVELS),
            sensitivity: Type.Optional(literals(SENSITIVITIES)),
          },
          { additionalProperties: false },
        ),
        response: { 201: InfrastructureFlag, ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return koban.flags.flag(req.principal, req.body as FlagInput);
    },
  );
  app.delete(
    '/v1/indicators/flags/:id',
    {
      schema: {
        tags,
        summary: 'Withdraw a flag (the flagging organization only; idempotent)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await koban.flags.revoke(req.principal, (req.params as { id: string }).id);
      reply.code(204);
      return null;
    },
  );
}
