import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Koban } from '../app/container.js';
import { itemsOf, SharingGroup } from '../http/response-schemas.js';
import { problemResponses } from '../http/schemas.js';

const tags = ['sharing groups'];
const GroupId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const MemberParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  orgId: Type.String({ maxLength: 64 }),
});

export async function sharingRoutes(app: FastifyInstance, koban: Koban): Promise<void> {
  app.post(
    '/v1/sharing-groups',
    {
      schema: {
        tags,
        summary: 'Create a sharing group owned by the caller; members never see each other',
        response: { 201: SharingGroup, ...problemResponses(400, 403) },
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            description: Type.Optional(Type.String({ maxLength: 2000 })),
            members: Type.Optional(
              Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000, uniqueItems: true }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      reply.code(201);
      return koban.groups.create(req.principal, req.body as { name: string });
    },
  );
  app.get(
    '/v1/sharing-groups',
    { schema: { tags, summary: 'Groups the caller belongs to', response: { 200: itemsOf(SharingGroup) } } },
    async (req) => ({
      items: await koban.groups.list(req.principal),
    }),
  );
  app.get(
    '/v1/sharing-groups/:id',
    { schema: { tags, params: GroupId, response: { 200: SharingGroup, ...problemResponses(404) } } },
    async (req) => koban.groups.get(req.principal, (req.params as { id: string }).id),
  );
  app.put(
    '/v1/sharing-groups/:id/members/:orgId',
    {
      schema: {
        tags,
        summary: 'Add a member (owner only)',
        params: MemberParams,
        response: { 200: SharingGroup, ...problemResponses(400, 403, 404) },
      },
    },
    async (req) => {
      const { id, orgId } = req.params as { id: string; orgId: string };
      return koban.groups.setMember(req.principal, id, orgId, true);
    },
  );
  app.delete(
    '/v1/sharing-groups/:id/members/:orgId',
    {
      schema: {
        tags,
        summary: 'Remove a member (owner only)',
        params: MemberParams,
        response: { 200: SharingGroup, ...problemResponses(400, 403, 404) },
      },
    },
    async (req) => {
      const { id, orgId } = req.params as { id: string; orgId: string };
      return koban.groups.setMember(req.principal, id, orgId, false);
    },
  );
}
