import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Koban } from '../app/container.js';
import { literals, problemResponses } from '../http/schemas.js';
import { TLP_LEVELS } from '../sharing/policy.js';
import { type AttributionInput, DECISIONS, LAYERS, TARGET_TYPES } from './service.js';
import { VIAS } from './suggestion-scoring.js';
import type { AcceptInput, SuggestionTarget } from './suggestions.js';

const tags = ['attribution'];
const Evidence = Type.Object({
  kind: literals(['report', 'indicator', 'url', 'note']),
  ref: Type.String({ minLength: 1, maxLength: 2000 }),
});
export const Attribution = Type.Object({
  id: Type.String(),
  target: Type.Object({ type: Type.String(), id: Type.String() }),
  actor: Type.Object({ id: Type.String(), type: Type.String(), name: Type.String() }),
  confidence: Type.Integer(),
  layer: Type.String(),
  evidence: Type.Array(Evidence),
  decision: Type.String(),
  attributedBy: Type.Object({ orgId: Type.String() }),
  tlp: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  history: Type.Optional(
    Type.Array(Type.Object({ at: Type.String(), orgId: Type.String(), change: Type.Unknown() })),
  ),
});

const Suggestions = Type.Object({
  target: Type.Object({ type: Type.String(), id: Type.String() }),
  suggestions: Type.Array(
    Type.Object({
      actor: Type.Object({ id: Type.String(), type: Type.String(), name: Type.String() }),
      confidence: Type.Integer({
        description: "The best source attribution's confidence scaled by the strength of what is shared",
      }),
      layer: Type.String(),
      basis: Type.Array(
        Type.Object({
          indicator: Type.Object({ type: Type.String(), value: Type.String() }),
          via: literals(VIAS),
          sourceTarget: Type.Object({ type: Type.String(), id: Type.String() }),
          sourceAttributionId: Type.String(),
        }),
      ),
    }),
  ),
});
const TargetId = Type.String({ minLength: 1, maxLength: 64 });

export async function attributionRoutes(app: FastifyInstance, koban: Koban): Promise<void> {
  app.get(
    '/v1/reports/:id/attribution-suggestions',
    {
      schema: {
        tags,
        summary: 'Actors suggested for a report because it shares infrastructure with attributed ones',
        params: Type.Object({ id: TargetId }),
        response: { 200: Suggestions, ...problemResponses(401, 403, 404) },
      },
    },
    async (req) => {
      const target: SuggestionTarget = { type: 'report', id: (req.params as { id: string }).id };
      return { target, suggestions: await koban.suggestions.suggest(req.principal, target, 'id') };
    },
  );
  app.get(
    '/v1/attributions/suggestions',
    {
      schema: {
        tags,
        summary:
          'Actors suggested for a campaign or report because it shares infrastructure (flagged values, IPs outside the link window …) with attributed ones',
        querystring: Type.Object(
          { targetType: literals(TARGET_TYPES), targetId: TargetId },
          { additionalProperties: false },
        ),
        response: { 200: Suggestions, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const q = req.query as { targetType: SuggestionTarget['type']; targetId: string };
      const target: SuggestionTarget = { type: q.targetType, id: q.targetId };
      return { target, suggestions: await koban.suggestions.suggest(req.principal, target) };
    },
  );
  app.post(
    '/v1/attributions/suggestions/accept',
    {
      schema: {
        tags,
        summary:
          'Accept a suggestion: creates a proposed tactical attribution with the basis as evidence (scope attribution:write)',
        body: Type.Object(
          {
            targetType: literals(TARGET_TYPES),
            targetId: TargetId,
            actorId: Type.String({ minLength: 1, maxLength: 200 }),
            confidence: Type.Optional(
              Type.Integer({ minimum: 0, maximum: 100, description: 'Default: the suggested confidence' }),
            ),
            tlp: Type.Union(
              TLP_LEVELS.map((t) => Type.Literal(t)),
              {
                description: 'At least as restrictive as the information the suggestion is derived from',
              },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Attribution, ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return koban.suggestions.accept(req.principal, req.body as AcceptInput);
    },
  );
  app.post(
    '/v1/attributions',
    {
      schema: {
        tags,
        summary: 'Attribute a campaign or report to an actor (scope attribution:write)',
        body: Type.Object(
          {
            targetType: literals(TARGET_TYPES),
            targetId: Type.String({ minLength: 1, maxLength: 64 }),
            actorId: Type.String({
              minLength: 1,
              maxLength: 200,
              description: 'A knowledge object: intrusion-set, threat-actor, malware, infrastructure …',
            }),
            confidence: Type.Integer({ minimum: 0, maximum: 100 }),
            layer: literals(LAYERS),
            evidence: Type.Array(Evidence, { maxItems: 100 }),
            decision: Type.Optional(literals(DECISIONS)),
            tlp: literals(TLP_LEVELS),
          },
          { additionalProperties: false },
        ),
        response: { 201: Attribution, ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return koban.attributions.propose(req.principal, req.body as AttributionInput);
    },
  );
  app.post(
    '/v1/attributions/:id/decision',
    {
      schema: {
        tags,
        summary:
          "Record the analyst's decision (confirmed / rejected), optionally revising confidence and layer",
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        body: Type.Object(
          {
            decision: literals(DECISIONS),
            confidence: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
            layer: Type.Optional(literals(LAYERS)),
            note: Type.Optional(Type.String({ maxLength: 4000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Attribution, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) =>
      koban.attributions.decide(
        req.principal,
        (req.params as { id: string }).id,
        req.body as { decision: 'confirmed' },
      ),
  );
  app.get(
    '/v1/attributions/:id',
    {
      schema: {
        tags,
        summary: 'One attribution with its full history',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: Attribution, ...problemResponses(401, 404) },
      },
    },
    async (req) => koban.attributions.get(req.principal, (req.params as { id: string }).id),
  );
}
