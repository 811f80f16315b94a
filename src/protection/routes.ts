import { isUtf8 } from 'node:buffer';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SmsMessage } from '../core/detect/sms-check.js';
import { KobanError } from '../errors/catalogue.js';
import { literals, problemResponses } from '../http/schemas.js';
import { TLP_LEVELS } from '../sharing/policy.js';
import { ALERT_STATUSES, type AlertStatus } from './alerts.js';
import { BatchItemSerializers, batchAnswerBytes, VERDICT_CODES } from './batch-json.js';
import { BRAND_ID_PATTERN, type BrandInput } from './brands.js';
import { FEED_PURPOSES, type FeedInput } from './feeds.js';
import { itemError, textProblem } from './input.js';
import { ENTRY_KINDS } from './lists.js';

import {
  Alert,
  BATCH_BODY_LIMIT,
  BATCH_SERIALIZED,
  BatchQuery,
  BatchResponse,
  Brand,
  BrandFields,
  brandTags,
  checkTags,
  FieldErr,
  IdParams,
  MAX_BATCH_MESSAGES,
  Nullable,
  SINGLE_BODY_LIMIT,
  SmsBody,
  SmsCheck,
  UrlCheck,
} from './schemas.js';
import type { Protection } from './service.js';

/** Requests whose body was not valid UTF-8 (its text then holds U+FFFD where bytes were bad). */
const badUtf8 = new WeakSet<FastifyRequest>();

function checkText(req: FastifyRequest, field: string, value: string | undefined): void {
  if (value === undefined) return;
  const reason = textProblem(value, badUtf8.has(req));
  if (reason) throw new KobanError('unsupported_text', `${field}: ${reason}`, [{ field, reason }]);
}

/** Checks (any API key), brands, lookalike alerts and feeds. */
export async function protectionRoutes(
  app: FastifyInstance,
  deps: { protection: Protection },
): Promise<void> {
  const { protection } = deps;
  /** Error items of pooled batch answers (the workers write the checked ones). */
  const serializers = new BatchItemSerializers();

  // Check routes parse their own JSON: bytes are checked for UTF-8 first, and text fields are
  // checked per field (per message in a batch) instead of failing the whole request.
  await app.register(async (checks) => {
    checks.removeAllContentTypeParsers();
    checks.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, raw: Buffer, done) => {
      if (raw.length === 0) {
        done(
          new KobanError('malformed_json', 'The request body is empty', [
            { field: '/', reason: 'empty body' },
          ]),
        );
        return;
      }
      if (!isUtf8(raw)) badUtf8.add(req);
      try {
        done(null, JSON.parse(raw.toString('utf8')));
      } catch (error) {
        const reason = (error as Error).message;
        done(new KobanError('malformed_json', reason, [{ field: '/', reason }]));
      }
    });
    const config = { ownTextChecks: true };

    checks.post(
      '/v1/check/url',
      {
        bodyLimit: SINGLE_BODY_LIMIT,
        config,
        schema: {
          tags: checkTags,
          summary:
            'Check a URL against the shared lists, brands, lookalikes and the URL model (never fetched)',
          body: Type.Object(
            { url: Type.String({ minLength: 1, maxLength: 8192 }) },
            { additionalProperties: false },
          ),
          response: { 200: UrlCheck, ...problemResponses(400, 401, 413, 415, 429) },
        },
      },
      async (req) => {
        const { url } = req.body as { url: string };
        checkText(req, '/url', url);
        const r = await protection.checkUrl(req.principal.viewer, url);
        if (!r.ok)
          throw new KobanError('invalid_indicator', `/url: ${r.reason}`, [
            { field: '/url', reason: r.reason },
          ]);
        return r.result;
      },
    );

    checks.post(
      '/v1/check/domain',
      {
        bodyLimit: SINGLE_BODY_LIMIT,
        config,
        schema: {
          tags: checkTags,
          summary: 'Check a domain name (a URL is reduced to its host)',
          body: Type.Object(
            { domain: Type.String({ minLength: 1, maxLength: 2048 }) },
            { additionalProperties: false },
          ),
          response: { 200: UrlCheck, ...problemResponses(400, 401, 413, 415, 429) },
        },
      },
      async (req) => {
        const { domain } = req.body as { domain: string };
        checkText(req, '/domain', domain);
        const r = await protection.checkDomain(req.principal.viewer, domain);
        if (!r.ok)
          throw new KobanError('invalid_indicator', `/domain: ${r.reason}`, [
            { field: '/domain', reason: r.reason },
          ]);
        return r.result;
      },
    );

    checks.post(
      '/v1/check/sms',
      {
        bodyLimit: SINGLE_BODY_LIMIT,
        config,
        schema: {
          tags: checkTags,
          summary: 'Check one SMS before delivery: links, brand impersonation, sender, lure wording',
          body: Type.Object(SmsBody, { additionalProperties: false }),
          response: { 200: SmsCheck, ...problemResponses(400, 401, 413, 415, 429) },
        },
      },
      async (req) => {
        const m = req.body as { sender?: string; body: string; receivedAt?: string };
        checkText(req, '/body', m.body);
        checkText(req, '/sender', m.sender);
        return protection.checkSms(req.principal.viewer, m);
      },
    );

    checks.post(
      '/v1/check/sms::batch',
      {
        bodyLimit: BATCH_BODY_LIMIT,
        config,
        schema: {
          tags: checkTags,
          summary: `Check up to ${MAX_BATCH_MESSAGES} SMS in one request; per-message results, a bad message gets its own error`,
          description:
            'Default: every reason with `ja` and `en` texts, as the single check. `?reasons=codes` answers verdict, score, reason codes (with weights) and brands only; `?lang=ja` or `?lang=en` keeps one language.',
          querystring: BatchQuery,
          // Items are checked one by one in the handler (`itemError`: the same rules as `SmsBody`,
          // but a bad message gets its own error instead of failing the batch).
          body: Type.Object(
            {
              messages: Type.Array(Type.Unknown(), {
                maxItems: MAX_BATCH_MESSAGES,
                description: 'Each {sender?, body, receivedAt?}',
              }),
            },
            { additionalProperties: false },
          ),
          response: { 200: BatchResponse, ...problemResponses(400, 401, 413, 415, 429) },
        },
      },
      async (req, reply) => {
        const { messages } = req.body as { messages: unknown[] };
        const q = req.query as { reasons?: 'full' | 'codes'; lang?: 'both' | 'ja' | 'en' };
        const mode = q.reasons === 'codes' ? 'codes' : q.lang === 'ja' || q.lang === 'en' ? q.lang : null;
        const invalidUtf8 = badUtf8.has(req);
        const results: unknown[] = new Array(messages.length);
        let block = 0;
        let warn = 0;
        let allow = 0;
        let invalid = 0;
        const count = (r: { verdict: string }) => {
          if (r.verdict === 'block') block++;
          else if (r.verdict === 'warn') warn++;
          else allow++;
        };
        // Validate first; the valid items are already SmsMessages (checked as they are, no copy).
        const valid: SmsMessage[] = [];
        const at: number[] = [];
        for (let i = 0; i < messages.length; i++) {
          const m = messages[i];
          const error = itemError(m, i, invalidUtf8);
          if (error) {
            results[i] = { error };
            invalid++;
          } else {
            valid.push(m as SmsMessage);
            at.push(i);
          }
        }
        // Large batches go to the worker pool (when configured): the same answers, other cores,
        // already written as UTF-8 JSON items; the event loop only joins them (batch-json.ts).
        const pooled = await protection.checkBatchPooled(req.principal.viewer, valid, mode ?? 'full');
        if (pooled !== null) {
          const item = serializers.item(mode ?? 'full');
          const items: (Uint8Array | string)[] = new Array(messages.length);
          for (let i = 0; i < messages.length; i++) if (results[i] !== undefined) items[i] = item(results[i]);
          for (let j = 0; j < pooled.items.length; j++) {
            items[at[j] as number] = pooled.items[j] as Uint8Array;
            count({ verdict: VERDICT_CODES[pooled.verdicts[j] as number] as string });
          }
          return reply
            .type('application/json; charset=utf-8')
            .send(batchAnswerBytes({ block, warn, allow, invalid }, items));
        }
        const ctx = await protection.contextFor(req.principal.viewer);
        for (let j = 0; j < valid.length; j++) {
          // The result goes to the serializer as the core made it: no copy.
          const r = protection.checkSmsIn(ctx, valid[j] as SmsMessage);
          results[at[j] as number] = r;
          count(r);
        }
        // Compiled once per schema and cached by Fastify; the default mode keeps the route's own.
        // Set only now, so an error answer never goes through a 200 serializer.
        if (mode !== null)
          reply
            .type('application/json; charset=utf-8')
            .serializer(reply.compileSerializationSchema(BATCH_SERIALIZED[mode], '200'));
        return { summary: { block, warn, allow, invalid }, results };
      },
    );
  });

  app.post(
    '/v1/brands',
    {
      schema: {
        tags: brandTags,
        summary:
          "Register a protected brand (analysts and admins; the brand belongs to the caller's organization)",
        body: Type.Object(
          { id: Type.Optional(Type.String({ pattern: BRAND_ID_PATTERN })), ...BrandFields },
          { additionalProperties: false },
        ),
        response: { 201: Brand, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const brand = await protection.brands.create(req.principal, req.body as BrandInput);
      reply.code(201).header('location', `/v1/brands/${brand.id}`);
      return brand;
    },
  );
  app.get(
    '/v1/brands',
    {
      schema: {
        tags: brandTags,
        summary: 'Protected brands: the built-in catalogue with registered brands added or replacing by id',
        response: { 200: Type.Object({ items: Type.Array(Brand) }), ...problemResponses(401) },
      },
    },
    async () => ({ items: await protection.brands.list() }),
  );
  app.get(
    '/v1/brands/:id',
    {
      schema: {
        tags: brandTags,
        summary: 'One protected brand',
        params: IdParams,
        response: { 200: Brand, ...problemResponses(401, 404) },
      },
    },
    async (req) => protection.brands.get((req.params as { id: string }).id),
  );
  app.patch(
    '/v1/brands/:id',
    {
      schema: {
        tags: brandTags,
        summary: "Change a registered brand (the owning organization's analysts and admins)",
        params: IdParams,
        body: Type.Object(BrandFields, { additionalProperties: false, minProperties: 1 }),
        response: { 200: Brand, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) =>
      protection.brands.update(req.principal, (req.params as { id: string }).id, req.body as BrandInput),
  );
  app.delete(
    '/v1/brands/:id',
    {
      schema: {
        tags: brandTags,
        summary: 'Remove a registered brand (a replaced built-in brand comes back)',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await protection.brands.remove(req.principal, (req.params as { id: string }).id);
      reply.code(204);
      return null;
    },
  );

  app.get(
    '/v1/lookalike-alerts',
    {
      schema: {
        tags: brandTags,
        summary: "Lookalike domains of the caller's brands (the analyst centre: of every brand)",
        querystring: Type.Object({
          brand: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          status: Type.Optional(literals(ALERT_STATUSES)),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          cursor: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(Alert), nextCursor: Nullable(Type.String()) }),
          ...problemResponses(400, 401),
        },
      },
    },
    async (req) => {
      const q = req.query as { brand?: string; status?: AlertStatus; limit?: number; cursor?: string };
      return protection.alerts.list(req.principal, {
        ...(q.brand ? { brand: q.brand } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
        ...(q.cursor ? { after: q.cursor } : {}),
      });
    },
  );
  app.patch(
    '/v1/lookalike-alerts/:id',
    {
      schema: {
        tags: brandTags,
        summary: 'Confirm or dismiss an alert (analysts and admins of the brand owner, or of the centre)',
        params: IdParams,
        body: Type.Object({ status: literals(ALERT_STATUSES) }, { additionalProperties: false }),
        response: { 200: Alert, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) =>
      protection.alerts.setStatus(
        req.principal,
        (req.params as { id: string }).id,
        (req.body as { status: AlertStatus }).status,
      ),
  );

  app.post(
    '/v1/protection/feeds',
    {
      bodyLimit: 32 * 1024 * 1024,
      schema: {
        tags: checkTags,
        summary:
          'Import (replace) a feed: a blocklist for the checks, or newly registered domains matched against every brand',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            purpose: literals(FEED_PURPOSES),
            tlp: literals(TLP_LEVELS),
            entries: Type.Array(
              Type.Object(
                { kind: literals(ENTRY_KINDS), value: Type.String({ minLength: 1, maxLength: 8192 }) },
                { additionalProperties: false },
              ),
              { maxItems: 200_000 },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            id: Type.String(),
            name: Type.String(),
            purpose: Type.String(),
            entries: Type.Integer(),
            alerts: Type.Integer(),
            invalid: Type.Array(FieldErr),
          }),
          ...problemResponses(400, 401, 403, 413),
        },
      },
    },
    async (req) => protection.feeds.importFeed(req.principal, req.body as FeedInput),
  );
}
