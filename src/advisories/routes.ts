/**
 * Advisory API for the issuing organization's analysts (`advisories:write`) and approvers
 * (`advisories:approve`). Every route answers for the caller's organization only; another
 * organization's advisory answers 404 like a missing one.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../auth/service.js';
import { problemResponses } from '../http/schemas.js';
import type { CreateAdvisoryInput, EditAdvisoryInput } from './drafts.js';
import type { Advisories } from './module.js';
import type { ApprovalInput } from './review.js';
import {
  AdvisoryParams,
  AdvisorySummary,
  AdvisoryView,
  ApproveBody,
  CreateBody,
  EditBody,
  ListQuery,
  RedactionsView,
  RejectBody,
  advisoryTags as tags,
  VersionBody,
  VersionParams,
  VersionView,
  WithdrawBody,
} from './schemas.js';
import type { AdvisoryStatus } from './types.js';

type Id = Static<typeof AdvisoryParams>;

export async function advisoryRoutes(app: FastifyInstance, advisories: Advisories): Promise<void> {
  const { drafts, review } = advisories;
  const view = { 200: AdvisoryView, ...problemResponses(400, 401, 403, 404, 409) };

  app.post(
    '/v1/advisories',
    {
      schema: {
        tags,
        summary: 'Draft an advisory from a campaign or reports (redacted; scope advisories:write)',
        description:
          'Uses only reports the caller may see, and of those only TLP:CLEAR/GREEN, not investigation, not PAP:RED and not narrowed to recipients or groups. Every text field is redacted; the response holds the redacted version 1.',
        body: CreateBody,
        response: { 201: AdvisoryView, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const created = await drafts.create(req.principal, req.body as CreateAdvisoryInput);
      reply.code(201).header('location', `/v1/advisories/${created.id}`);
      return created;
    },
  );

  app.get(
    '/v1/advisories',
    {
      schema: {
        tags,
        summary: "The organization's advisories, newest first",
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(AdvisorySummary) }), ...problemResponses(401, 403) },
      },
    },
    async (req) => ({
      items: await drafts.list(req.principal, (req.query as { status?: AdvisoryStatus }).status),
    }),
  );

  app.get(
    '/v1/advisories/:id',
    {
      schema: {
        tags,
        summary: 'An advisory with its current (redacted) version and decisions',
        params: AdvisoryParams,
        response: view,
      },
    },
    async (req) => drafts.get(req.principal, (req.params as Id).id),
  );

  app.get(
    '/v1/advisories/:id/versions',
    {
      schema: {
        tags,
        summary: 'Every version of an advisory (redacted content, author, content hash)',
        params: AdvisoryParams,
        response: {
          200: Type.Object({ items: Type.Array(VersionView) }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (req) => ({ items: await drafts.versions(req.principal, (req.params as Id).id) }),
  );

  app.get(
    '/v1/advisories/:id/versions/:version/redactions',
    {
      schema: {
        tags,
        summary: 'What redaction removed from a version: per text field, the diff segments for the console',
        params: VersionParams,
        response: { 200: RedactionsView, ...problemResponses(401, 403, 404) },
      },
    },
    async (req) => {
      const p = req.params as Static<typeof VersionParams>;
      return drafts.redactions(req.principal, p.id, p.version);
    },
  );

  app.put(
    '/v1/advisories/:id/draft',
    {
      schema: {
        tags,
        summary: 'Edit: a new version from the current one, redacted again; the advisory returns to draft',
        params: AdvisoryParams,
        body: EditBody,
        response: view,
      },
    },
    async (req) => drafts.edit(req.principal, (req.params as Id).id, req.body as EditAdvisoryInput),
  );

  function step<B extends TSchema>(
    path: string,
    summary: string,
    body: B,
    act: (principal: Principal, id: string, body: Static<B>) => Promise<void>,
  ): void {
    app.post(
      `/v1/advisories/:id/${path}`,
      { schema: { tags, summary, params: AdvisoryParams, body, response: view } },
      async (req) => {
        const { id } = req.params as Id;
        await act(req.principal, id, req.body as Static<B>);
        return drafts.get(req.principal, id);
      },
    );
  }

  step('submit', 'Send the current version for review (scope advisories:write)', VersionBody, (p, id, b) =>
    review.submit(p, id, b.version),
  );
  step(
    'approve',
    'Approve exactly this version with the art. 47 checklist (scope advisories:approve; never an author)',
    ApproveBody,
    (p, id, b) => review.approve(p, id, b as ApprovalInput),
  );
  step(
    'reject',
    'Reject this version with a reason (scope advisories:approve; never an author)',
    RejectBody,
    (p, id, b) => review.reject(p, id, b.version, b.reason),
  );
  step(
    'publish',
    'Publish exactly the approved version (its unused approval must name its content hash)',
    VersionBody,
    (p, id, b) => review.publish(p, id, b.version),
  );
  step(
    'withdraw',
    'Take a published advisory off the public pages and feeds (audited)',
    WithdrawBody,
    (p, id, b) => review.withdraw(p, id, b.reason),
  );
}
