import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Koban } from '../app/container.js';
import { SCOPES } from '../auth/keys.js';
import { ApiKeyInfo, itemsOf, Me, Member, NewApiKey, Organization } from '../http/response-schemas.js';
import { literals, problemResponses } from '../http/schemas.js';
import { MEMBER_ROLES, ORG_KINDS } from './kinds.js';

const OrgId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const KeyParams = Type.Object({ id: Type.String({ maxLength: 64 }), keyId: Type.String({ maxLength: 64 }) });
const tags = ['organizations'];

export async function organizationRoutes(app: FastifyInstance, koban: Koban): Promise<void> {
  app.get(
    '/v1/me',
    {
      schema: {
        tags,
        summary: 'The calling key, its organization and scopes',
        response: { 200: Me, ...problemResponses(401) },
      },
    },
    async (req) => {
      const org = await koban.orgs.get(req.principal.orgId);
      return { keyId: req.principal.keyId, scopes: [...req.principal.scopes], organization: org };
    },
  );

  app.post(
    '/v1/organizations',
    {
      schema: {
        tags,
        summary: 'Create a partner organization (admin only)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            kind: literals(ORG_KINDS),
            investigationAccess: Type.Optional(
              Type.Boolean({ description: 'May see reports of sensitivity "investigation"' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Organization, ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const body = req.body as {
        name: string;
        kind: (typeof ORG_KINDS)[number];
        investigationAccess?: boolean;
      };
      reply.code(201);
      return koban.orgs.create(req.principal, body);
    },
  );

  app.get(
    '/v1/organizations',
    {
      schema: {
        tags,
        summary: 'Directory of partner organizations',
        response: { 200: itemsOf(Organization) },
      },
    },
    async () => ({
      items: await koban.orgs.list(),
    }),
  );

  app.get(
    '/v1/organizations/:id',
    { schema: { tags, params: OrgId, response: { 200: Organization, ...problemResponses(404) } } },
    async (req) => koban.orgs.get((req.params as { id: string }).id),
  );

  app.patch(
    '/v1/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Rename or change investigation access (admin only)',
        params: OrgId,
        response: { 200: Organization, ...problemResponses(400, 403, 404) },
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            investigationAccess: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
      },
    },
    async (req) =>
      koban.orgs.update(req.principal, (req.params as { id: string }).id, req.body as { name?: string }),
  );

  app.post(
    '/v1/organizations/:id/members',
    {
      schema: {
        tags,
        params: OrgId,
        response: { 201: Member, ...problemResponses(400, 403, 404) },
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
            role: literals(MEMBER_ROLES),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      reply.code(201);
      const body = req.body as { name: string; email?: string; role: (typeof MEMBER_ROLES)[number] };
      return koban.orgs.addMember(req.principal, (req.params as { id: string }).id, body);
    },
  );

  app.get(
    '/v1/organizations/:id/members',
    { schema: { tags, params: OrgId, response: { 200: itemsOf(Member), ...problemResponses(403, 404) } } },
    async (req) => ({
      items: await koban.orgs.listMembers(req.principal, (req.params as { id: string }).id),
    }),
  );

  app.post(
    '/v1/organizations/:id/api-keys',
    {
      schema: {
        tags,
        summary: 'Create an API key; the secret is in the response once and never again',
        params: OrgId,
        response: { 201: NewApiKey, ...problemResponses(400, 403, 404) },
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            scopes: Type.Optional(Type.Array(literals(SCOPES), { minItems: 1, uniqueItems: true })),
            expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
            memberId: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      reply.code(201);
      return koban.orgs.createKey(
        req.principal,
        (req.params as { id: string }).id,
        req.body as { name: string },
      );
    },
  );

  app.get(
    '/v1/organizations/:id/api-keys',
    {
      schema: { tags, params: OrgId, response: { 200: itemsOf(ApiKeyInfo), ...problemResponses(403, 404) } },
    },
    async (req) => ({
      items: await koban.orgs.listKeys(req.principal, (req.params as { id: string }).id),
    }),
  );

  const revoke = async (req: FastifyRequest) => {
    const { id, keyId } = req.params as { id: string; keyId: string };
    return koban.orgs.revokeKey(req.principal, id, keyId);
  };
  app.post(
    '/v1/organizations/:id/api-keys/:keyId/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an API key (idempotent)',
        params: KeyParams,
        response: { 200: ApiKeyInfo, ...problemResponses(404) },
      },
    },
    revoke,
  );
  app.delete(
    '/v1/organizations/:id/api-keys/:keyId',
    {
      schema: {
        tags,
        summary: 'Revoke an API key (idempotent)',
        params: KeyParams,
        response: { 200: ApiKeyInfo, ...problemResponses(404) },
      },
    },
    revoke,
  );
}
