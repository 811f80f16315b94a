/**
 * Fraud API: decisions for payment apps (`fraud:write`), rule sets, cases, lists and settings for
 * their analysts (`fraud:admin`), reads for dashboards (`fraud:read`). Everything is scoped to the
 * caller's organization: no organization sees another's events, rules or cases.
 */
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth/service.js';
import { FRAUD_RULE_SET_JSON_SCHEMA } from '../core/fraud/index.js';
import type { Database } from '../db/database.js';
import { problemResponses } from '../http/schemas.js';
import type { FraudAdmin } from './admin.js';
import { fraudAdminRoutes } from './admin-routes.js';
import { getEvent, journalLines } from './reads.js';
import { getRuleSet, listRuleSets, type RuleSetStatus, type StoredRuleSet } from './rule-sets.js';
import {
  BacktestBody,
  BatchBody,
  BatchResponse,
  FraudEventBody,
  FraudOutcome,
  RuleSetParams,
  RuleSetSummary,
  StatusBody,
  StoredEvent,
  fraudTags as tags,
} from './schemas.js';
import type { FraudService } from './service.js';

export interface FraudRouteDeps {
  fraud: FraudService;
  fraudAdmin: FraudAdmin;
  database: Database;
  config: { fraudRateLimitPerMinute: number };
}

function summary(s: StoredRuleSet) {
  const { ruleSet, ...rest } = s;
  return { ...rest, rules: ruleSet.rules.length };
}

export async function fraudRoutes(app: FastifyInstance, deps: FraudRouteDeps): Promise<void> {
  const { fraud, fraudAdmin: admin } = deps;
  const db = deps.database.db;
  const decisionRate = { rateLimit: { max: deps.config.fraudRateLimitPerMinute, timeWindow: 60_000 } };
  // Every decision is journaled with its receipt time; two access-log lines per event would cost
  // more than the decision itself at thousands of events per second. Warnings and errors still log.
  const decisionLog = 'warn' as const;

  app.post(
    '/v1/fraud/events',
    {
      config: decisionRate,
      logLevel: decisionLog,
      schema: {
        tags,
        summary:
          'Decide an event before linking an account, paying, transferring, withdrawing or granting a reward',
        description:
          'Returns allow | step_up | hold | deny with a score and reasons (ja/en). Idempotent by event id: a retry gets the stored decision with duplicate=true and is never counted twice. Scope fraud:write.',
        body: FraudEventBody,
        response: { 200: FraudOutcome, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:write');
      return fraud.submit(req.principal, req.body);
    },
  );

  app.post(
    '/v1/fraud/events::batch',
    {
      config: decisionRate,
      logLevel: decisionLog,
      schema: {
        tags,
        summary: 'Decide up to 1,000 events in order (each sees the ones before it); per-item results',
        body: BatchBody,
        response: { 200: BatchResponse, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:write');
      return { results: await fraud.submitMany(req.principal, (req.body as { events: unknown[] }).events) };
    },
  );

  app.get(
    '/v1/fraud/journal',
    {
      schema: {
        tags,
        summary:
          "The organization's decided events as JSON lines {event, label?, decision} (default: the last 30 days), the input of `npm run backtest --format jsonl` (scope fraud:read)",
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      requireScope(req.principal, 'fraud:read');
      const q = req.query as { from?: string; to?: string; limit?: number };
      const to = q.to ? new Date(q.to) : new Date();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
      const lines = journalLines(db, req.principal.orgId, {
        from: from.toISOString(),
        to: to.toISOString(),
        limit: q.limit ?? 1_000_000,
      });
      reply.type('application/x-ndjson; charset=utf-8');
      return reply.send(Readable.from(lines));
    },
  );

  app.get(
    '/v1/fraud/events/:id',
    {
      schema: {
        tags,
        summary: 'A journaled event with its decision and label (scope fraud:read)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) }),
        response: { 200: StoredEvent, ...problemResponses(401, 403, 404) },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:read');
      return getEvent(db, req.principal.orgId, (req.params as { id: string }).id);
    },
  );

  app.get(
    '/v1/fraud/rule-set-schema',
    { schema: { tags, summary: 'JSON Schema of the rule-set format (koban-fraud-rules/1)' } },
    async () => FRAUD_RULE_SET_JSON_SCHEMA,
  );

  app.get(
    '/v1/fraud/rule-sets',
    {
      schema: {
        tags,
        summary: "The organization's rule sets, every version with its status (scope fraud:read)",
        response: { 200: Type.Object({ items: Type.Array(RuleSetSummary) }), ...problemResponses(401, 403) },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:read');
      return { items: (await listRuleSets(db, req.principal.orgId)).map(summary) };
    },
  );

  app.post(
    '/v1/fraud/rule-sets',
    {
      schema: {
        tags,
        summary: 'Store a rule-set version as a draft (scope fraud:admin)',
        description:
          'The body is the rule set (see /v1/fraud/rule-set-schema). An invalid set is rejected with every error as a JSON pointer and reason; nothing is stored and the active set is unchanged. Same id+version+body again: 200.',
        body: Type.Unknown(),
        response: { 200: RuleSetSummary, 201: RuleSetSummary, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      requireScope(req.principal, 'fraud:admin');
      const { stored, created } = await admin.uploadRuleSet(req.principal, req.body);
      if (created) reply.code(201);
      reply.header(
        'location',
        `/v1/fraud/rule-sets/${encodeURIComponent(stored.setId)}/versions/${encodeURIComponent(stored.version)}`,
      );
      return summary(stored);
    },
  );

  app.get(
    '/v1/fraud/rule-sets/:setId/versions/:version',
    {
      schema: {
        tags,
        summary: 'One rule-set version with its body (scope fraud:read)',
        params: RuleSetParams,
        response: {
          200: Type.Intersect([RuleSetSummary, Type.Object({ ruleSet: Type.Unknown() })]),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:read');
      const p = req.params as { setId: string; version: string };
      const s = await getRuleSet(db, req.principal.orgId, p.setId, p.version);
      return { ...summary(s), ruleSet: s.ruleSet };
    },
  );

  app.put(
    '/v1/fraud/rule-sets/:setId/versions/:version/status',
    {
      schema: {
        tags,
        summary:
          'Activate, shadow, retire or return a version to draft (activating retires the previous active set; scope fraud:admin)',
        params: RuleSetParams,
        body: StatusBody,
        response: { 200: RuleSetSummary, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:admin');
      const p = req.params as { setId: string; version: string };
      const status = (req.body as { status: RuleSetStatus }).status;
      return summary(await admin.setStatus(req.principal, p.setId, p.version, status));
    },
  );

  app.post(
    '/v1/fraud/rule-sets/:setId/versions/:version/backtest',
    {
      schema: {
        tags,
        summary:
          "Backtest a version on the organization's own decided events (default: the last 30 days), labelled by case decisions, next to the active set (scope fraud:admin)",
        params: RuleSetParams,
        body: BacktestBody,
        response: {
          200: Type.Record(Type.String(), Type.Unknown()),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      requireScope(req.principal, 'fraud:admin');
      const p = req.params as { setId: string; version: string };
      const b = (req.body ?? {}) as { from?: string; to?: string; limit?: number };
      return admin.backtest(req.principal, p.setId, p.version, b);
    },
  );

  await fraudAdminRoutes(app, deps);
}
