import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Koban } from '../app/container.js';
import { Attribution } from '../attribution/routes.js';
import { problemResponses } from '../http/schemas.js';
import { DEFAULT_VIEW_LIMIT, MAX_VIEW_LIMIT } from './graph.js';

const tags = ['campaigns'];
const Limit = Type.Optional(
  Type.Integer({
    minimum: 1,
    maximum: MAX_VIEW_LIMIT,
    default: DEFAULT_VIEW_LIMIT,
    description: 'Most reports in the view (breadth-first from the start); `truncated` says when more exist',
  }),
);
const ViewQuery = Type.Object({ limit: Limit }, { additionalProperties: false });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Link = Type.Object({
  from: Type.String(),
  to: Type.String(),
  key: Type.String(),
  fromRole: Type.String(),
  toRole: Type.String(),
});
const GraphView = Type.Object({
  campaignId: Type.Union([Type.String(), Type.Null()], {
    description:
      'The campaign as the caller sees it, named after its earliest visible report (null for a lone report); GET /v1/campaigns/{campaignId}',
  }),
  attributions: Type.Array(Attribution),
  size: Type.Integer({
    description: 'Reports in the view: only reports the caller may see are ever counted',
  }),
  reports: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      tlp: Type.String(),
      reporter: Type.Object({ orgId: Type.String() }),
      observedAt: Type.Union([Type.String(), Type.Null()]),
      hops: Type.Integer(),
    }),
  ),
  links: Type.Array(Link),
  truncated: Type.Boolean(),
});

export async function correlationRoutes(app: FastifyInstance, koban: Koban): Promise<void> {
  app.get(
    '/v1/reports/:id/campaign',
    {
      schema: {
        tags,
        summary:
          'The campaign of a report as the caller may see it: reports linked through shared indicators, each link explained',
        params: Type.Object({ id: Id }),
        querystring: ViewQuery,
        response: { 200: GraphView, ...problemResponses(400, 401, 404) },
      },
    },
    async (req) =>
      koban.graph.campaign(
        req.principal,
        (req.params as { id: string }).id,
        (req.query as { limit?: number }).limit,
      ),
  );
  app.get(
    '/v1/campaigns/:id',
    {
      schema: {
        tags,
        summary:
          'A campaign as the caller may see it, by the id views show (its earliest visible report) or a stored campaign id from an attribution',
        params: Type.Object({ id: Id }),
        querystring: ViewQuery,
        response: { 200: GraphView, ...problemResponses(400, 401, 404) },
      },
    },
    async (req) =>
      koban.graph.campaignById(
        req.principal,
        (req.params as { id: string }).id,
        (req.query as { limit?: number }).limit,
      ),
  );
  app.get(
    '/v1/reports/:id/neighbours',
    {
      schema: {
        tags,
        summary: 'Reports within N hops (default 3, at most 5) through shared indicators',
        params: Type.Object({ id: Id }),
        querystring: Type.Object(
          { hops: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, default: 3 })), limit: Limit },
          { additionalProperties: false },
        ),
        response: { 200: GraphView, ...problemResponses(400, 401, 404) },
      },
    },
    async (req) =>
      koban.graph.neighbours(
        req.principal,
        (req.params as { id: string }).id,
        (req.query as { hops?: number }).hops ?? 3,
        (req.query as { limit?: number }).limit,
      ),
  );
  app.get(
    '/v1/reports/:id/path/:otherId',
    {
      schema: {
        tags,
        summary: 'The shortest explained chain of links between two reports (null when none within 6 hops)',
        params: Type.Object({ id: Id, otherId: Id }),
        response: {
          200: Type.Object({ links: Type.Union([Type.Array(Link), Type.Null()]) }),
          ...problemResponses(401, 404),
        },
      },
    },
    async (req) => {
      const { id, otherId } = req.params as { id: string; otherId: string };
      return koban.graph.path(req.principal, id, otherId);
    },
  );
}
