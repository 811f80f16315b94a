/** Fraud API for analysts and administrators: cases, contacts, settings, lists and the outbox. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth/service.js';
import { KobanError } from '../errors/catalogue.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { problemResponses } from '../http/schemas.js';
import type { FraudAdmin } from './admin.js';
import { type CaseStatus, getCase, listCases } from './cases.js';
import { listOutbox, listSizes } from './reads.js';
import type { FraudRouteDeps } from './routes.js';
import {
  Case,
  CaseQuery,
  ContactBody,
  DecisionBody,
  ListBody,
  ListName,
  OutboxQuery,
  Settings,
  SettingsBody,
  fraudTags as tags,
} from './schemas.js';

export async function fraudAdminRoutes(app: FastifyInstance, deps: FraudRouteDeps): Promise<void> {
  const admin = deps.fraudAdmin;
  const db = deps.database.db;

  app.get(
    '/v1/fraud/cases',
    {
      schema: {
        tags,
        summary: 'Cases opened by hold/deny decisions, oldest first (scope fraud:read)',
        querystring: CaseQuery,
        response: {
          200: Type.Object({ items: Type.Array(Case), next: Type.Union([Type.String(), Type.Null()]) }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:read');
      const q = req.query as { status?: CaseStatus; limit?: number; cursor?: string };
      const limit = q.limit ?? 50;
      const pos = decodeCursor(q.cursor);
      if (q.cursor !== undefined && (typeof pos?.o !== 'string' || typeof pos.i !== 'string'))
        throw new KobanError('invalid_cursor', 'The cursor is not one this endpoint issued');
      const after = pos ? { openedAt: String(pos.o), id: String(pos.i) } : undefined;
      const items = await listCases(db, req.principal.orgId, q.status ?? 'open', limit, after);
      const last = items.length === limit ? items[items.length - 1] : undefined;
      return { items, next: last ? encodeCursor({ o: last.openedAt, i: last.id }) : null };
    },
  );

  app.get(
    '/v1/fraud/cases/:id',
    {
      schema: {
        tags,
        summary: 'A case with its event and decision (scope fraud:read)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: Case, ...problemResponses(401, 403, 404) },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:read');
      return getCase(db, req.principal.orgId, (req.params as { id: string }).id);
    },
  );

  app.post(
    '/v1/fraud/cases/:id/decision',
    {
      schema: {
        tags,
        summary:
          'Decide a case as fraud or legitimate; fraud shares the indicators with partners unless share=false (scope fraud:admin)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: DecisionBody,
        response: { 200: Case, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:admin');
      const b = req.body as { label: 'fraud' | 'legitimate'; note?: string; share?: boolean };
      return admin.decide(req.principal, (req.params as { id: string }).id, b.label, {
        note: b.note,
        share: b.share,
      });
    },
  );

  app.put(
    '/v1/fraud/contacts/:accountId',
    {
      schema: {
        tags,
        summary: "The account holder's registered contact for notices (scope fraud:write)",
        params: Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 256 }) }),
        body: ContactBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      requireScope(req.principal, 'fraud:write');
      const b = req.body as { email: string | null; locale?: 'ja' | 'en' };
      await admin.setContact(
        req.principal,
        (req.params as { accountId: string }).accountId,
        b.email,
        b.locale ?? 'ja',
      );
      reply.code(204);
    },
  );

  app.get(
    '/v1/fraud/settings',
    {
      schema: {
        tags,
        summary: 'Notice webhook and sharing settings (scope fraud:admin)',
        response: { 200: Settings, ...problemResponses(401, 403) },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:admin');
      return admin.settings(req.principal);
    },
  );

  app.put(
    '/v1/fraud/settings',
    {
      schema: {
        tags,
        summary:
          'Set the notice webhook (signed with the secret) and the TLP of shared cases (scope fraud:admin)',
        body: SettingsBody,
        response: { 200: Settings, ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:admin');
      return admin.updateSettings(req.principal, req.body as Parameters<FraudAdmin['updateSettings']>[1]);
    },
  );

  app.get(
    '/v1/fraud/lists',
    {
      schema: {
        tags,
        summary: "Sizes of the organization's own lists (org:<name> in rules; scope fraud:read)",
        response: { 200: Type.Record(Type.String(), Type.Integer()), ...problemResponses(401, 403) },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:read');
      return listSizes(db, req.principal.orgId);
    },
  );

  app.put(
    '/v1/fraud/lists/:name',
    {
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags,
        summary: "Replace one of the organization's lists (scope fraud:admin)",
        params: ListName,
        body: ListBody,
        response: {
          200: Type.Object({ name: Type.String(), entries: Type.Integer() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:admin');
      const name = (req.params as { name: string }).name;
      const entries = await admin.replaceList(req.principal, name, (req.body as { values: string[] }).values);
      return { name, entries };
    },
  );

  app.get(
    '/v1/fraud/outbox',
    {
      schema: {
        tags,
        summary: 'Notices to account holders and their delivery state (scope fraud:read)',
        querystring: OutboxQuery,
        response: {
          200: Type.Object({ items: Type.Array(Type.Record(Type.String(), Type.Unknown())) }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:read');
      const q = req.query as { status?: string; limit?: number };
      return { items: await listOutbox(db, req.principal.orgId, q.status, q.limit ?? 100) };
    },
  );
}
