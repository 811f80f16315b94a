import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../http/schemas.js';
import { TLP_LEVELS } from '../sharing/policy.js';
import { MAX_PUSHED_REPORTS } from './push.js';
import type { TaxiiClient } from './service.js';
import { MAX_POLL_SECONDS, MIN_POLL_SECONDS, type SourceInput, type SourceUpdate } from './sources.js';

const tags = ['taxii-client'];
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const Auth = Type.Union([
  Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('basic'),
      username: Type.String({ minLength: 1, maxLength: 200 }),
      password: Type.String({ minLength: 1, maxLength: 4096 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('bearer'), token: Type.String({ minLength: 1, maxLength: 4096 }) },
    { additionalProperties: false },
  ),
]);
const editable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  auth: Auth,
  pollSeconds: Type.Integer({ minimum: MIN_POLL_SECONDS, maximum: MAX_POLL_SECONDS }),
  defaultTlp: Type.Union(TLP_LEVELS.map((t) => Type.Literal(t))),
  sharingGroups: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 }),
  enabled: Type.Boolean(),
};
const CreateBody = Type.Object(
  {
    name: editable.name,
    apiRoot: Type.String({ minLength: 1, maxLength: 2048, description: 'The remote API root URL' }),
    collectionId: Type.String({ minLength: 1, maxLength: 200 }),
    auth: Type.Optional(editable.auth),
    pollSeconds: Type.Optional(editable.pollSeconds),
    defaultTlp: Type.Optional(editable.defaultTlp),
    sharingGroups: Type.Optional(editable.sharingGroups),
    enabled: Type.Optional(editable.enabled),
    addedAfter: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
const UpdateBody = Type.Object(
  Object.fromEntries(Object.entries(editable).map(([k, v]) => [k, Type.Optional(v)])),
  { additionalProperties: false, minProperties: 1 },
);
const PushBody = Type.Object(
  {
    reportIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      minItems: 1,
      maxItems: MAX_PUSHED_REPORTS,
    }),
  },
  { additionalProperties: false },
);

/** Remote TAXII sources of the caller's organization (see src/taxii-client/README.md). */
export async function taxiiClientRoutes(
  app: FastifyInstance,
  deps: { taxiiClient: TaxiiClient },
): Promise<void> {
  const client = deps.taxiiClient;
  const manage = 'Needs `keys:manage` (and `reports:write` to create or change a source).';

  app.post(
    '/v1/taxii/sources',
    {
      schema: {
        tags,
        summary: 'Register a remote TAXII 2.1 collection to poll (and push to)',
        description: `Objects polled from it are imported as your organization's: indicators as reports (TLP from their marking, else \`defaultTlp\`), other objects into the knowledge base. The credentials are stored and never shown again. ${manage}`,
        body: CreateBody,
        response: problemResponses(400, 401, 403, 409),
      },
    },
    async (req, reply) =>
      reply.code(201).send(await client.sources.create(req.principal, req.body as SourceInput)),
  );

  app.get(
    '/v1/taxii/sources',
    {
      schema: {
        tags,
        summary: 'Your TAXII sources with their checkpoint and last status',
        response: problemResponses(401, 403),
      },
    },
    async (req) => ({ items: await client.sources.list(req.principal) }),
  );

  app.get(
    '/v1/taxii/sources/:id',
    { schema: { tags, summary: 'One TAXII source', params: Id, response: problemResponses(401, 403, 404) } },
    async (req) => client.sources.get(req.principal, (req.params as { id: string }).id),
  );

  app.patch(
    '/v1/taxii/sources/:id',
    {
      schema: {
        tags,
        summary: 'Change a source (name, credentials, interval, default TLP, groups, enabled)',
        description: `To point at another server or collection, delete the source and register a new one: its checkpoint would not apply. ${manage}`,
        params: Id,
        body: UpdateBody,
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (req) =>
      client.sources.update(req.principal, (req.params as { id: string }).id, req.body as SourceUpdate),
  );

  app.delete(
    '/v1/taxii/sources/:id',
    { schema: { tags, summary: 'Remove a source', params: Id, response: problemResponses(401, 403, 404) } },
    async (req, reply) => {
      await client.sources.remove(req.principal, (req.params as { id: string }).id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/v1/taxii/sources/:id/poll',
    {
      schema: {
        tags,
        summary: 'Poll a source now (up to 50 pages), whatever its schedule',
        description:
          'Remote failures are not request failures: they are answered in `poll.error` and kept on the source, as a scheduled poll would.',
        params: Id,
        response: problemResponses(401, 403, 404, 409),
      },
    },
    async (req) => client.pollNow(req.principal, (req.params as { id: string }).id),
  );

  app.post(
    '/v1/taxii/sources/:id/push',
    {
      schema: {
        tags,
        summary: "Send reports as STIX 2.1 to the source's collection, then follow its status",
        description:
          "Only your own reports up to TLP:AMBER shared with every partner, and anyone's TLP:CLEAR report, leave Koban; every other id is answered in `refused`. Needs `keys:manage` and `reports:read`.",
        params: Id,
        body: PushBody,
        response: problemResponses(400, 401, 403, 404, 502),
      },
    },
    async (req) =>
      client.push(
        req.principal,
        (req.params as { id: string }).id,
        (req.body as { reportIds: string[] }).reportIds,
      ),
  );
}
