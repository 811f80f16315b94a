import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Koban } from '../app/container.js';
import { problemResponses } from '../http/schemas.js';
import type { GraphView } from './graph.js';
import { exportCampaignStix } from './stix-export-service.js';

export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/**
 * Response schemas double as serialization allow-lists (src/http/response-schemas.ts). A STIX bundle
 * is open by design (custom `x_koban_*` properties, extensions, objects imported as they came), so
 * every level allows additional properties; the content was already reduced to what the caller may see.
 */
const StixBundle = Type.Object(
  {
    type: Type.Literal('bundle'),
    id: Type.String(),
    objects: Type.Array(
      Type.Object({ type: Type.String(), id: Type.String() }, { additionalProperties: true }),
    ),
  },
  { additionalProperties: true, description: 'A STIX 2.1 bundle' },
);

/** STIX unless the client asks for plain JSON only (browsers, generic HTTP tools). */
function mediaTypeFor(request: FastifyRequest): string {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('application/stix+json')
    ? 'application/json; charset=utf-8'
    : STIX_MEDIA_TYPE;
}

export async function campaignStixRoutes(app: FastifyInstance, koban: Koban): Promise<void> {
  const route = (
    url: string,
    summary: string,
    viewOf: (req: FastifyRequest, id: string) => Promise<GraphView>,
  ) =>
    app.get(
      url,
      {
        schema: {
          tags: ['campaigns'],
          summary,
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
          response: {
            200: {
              description: 'A STIX 2.1 bundle',
              content: {
                'application/stix+json': { schema: StixBundle },
                'application/json': { schema: StixBundle },
              },
            },
            ...problemResponses(400, 401, 403, 404),
          },
        },
        // Fastify appends `; charset=utf-8` to JSON-like types and quotes the version; STIX/TAXII
        // clients commonly compare the media type literally, so the exact registered form is restored.
        onSend: async (_req, reply, payload) => {
          if (String(reply.getHeader('content-type')).startsWith('application/stix+json'))
            reply.header('content-type', STIX_MEDIA_TYPE);
          return payload;
        },
      },
      async (req, reply) => {
        const view = await viewOf(req, (req.params as { id: string }).id);
        const bundle = await exportCampaignStix(koban, req.principal, view);
        reply.type(mediaTypeFor(req));
        return bundle;
      },
    );
  route(
    '/v1/reports/:id/campaign/stix',
    'The campaign of a report as a STIX 2.1 bundle, as the caller may see it (TLP 2.0 markings, deterministic ids)',
    (req, id) => koban.graph.campaign(req.principal, id),
  );
  route(
    '/v1/campaigns/:id/stix',
    'A campaign as a STIX 2.1 bundle, as the caller may see it (TLP 2.0 markings, deterministic ids)',
    (req, id) => koban.graph.campaignById(req.principal, id),
  );
}
