import { isUtf8 } from 'node:buffer';
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SmsMessage } from '../core/detect/sms-check.js';
import { type FieldError, KobanError } from '../errors/catalogue.js';
import { literals, problemResponses } from '../http/schemas.js';
import { TLP_LEVELS } from '../sharing/policy.js';
import { ALERT_STATUSES, type AlertStatus } from './alerts.js';
import { BRAND_ID_PATTERN, BRAND_SECTORS, type BrandInput } from './brands.js';
import { FEED_PURPOSES, type FeedInput } from './feeds.js';
import { ENTRY_KINDS } from './lists.js';
import type { Protection } from './service.js';

export const MAX_BATCH_MESSAGES = 1_000;
export const MAX_SMS_BODY = 4_000;
export const MAX_SENDER = 64;
/** 1,000 messages of 2,000 Japanese characters (3 bytes each in UTF-8) with room to spare; 10 MB is refused. */
export const BATCH_BODY_LIMIT = 8 * 1024 * 1024;
const SINGLE_BODY_LIMIT = 64 * 1024;

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const checkTags = ['protection'];
const brandTags = ['brands'];

const Reason = Type.Object({
  code: Type.String(),
  weight: Type.Integer(),
  ja: Type.String(),
  en: Type.String(),
  brand: Type.Optional(Type.String()),
  subject: Type.Optional(Type.String({ description: 'Defanged: never a live link' })),
});
const Verdict = literals(['block', 'warn', 'allow']);
const UrlCheck = Type.Object({
  verdict: Verdict,
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  reasons: Type.Array(Reason),
  subject: Type.String({ description: 'What was checked, defanged' }),
  registrableDomain: Nullable(Type.String()),
});
const Link = Type.Object({
  url: Type.String({ description: 'Defanged' }),
  verdict: Verdict,
  score: Type.Integer(),
});
const SmsCheck = Type.Object({
  verdict: Verdict,
  score: Type.Integer(),
  reasons: Type.Array(Reason),
  links: Type.Array(Link),
  brands: Type.Array(Type.String(), { description: 'Brands the text names' }),
});
const FieldErr = Type.Object({ field: Type.String(), reason: Type.String() });
/** Reasons in a batch answer: `ja` / `en` as `lang` asks; only `code` and `weight` with `reasons=codes`. */
const BatchReason = Type.Object({
  code: Type.String(),
  weight: Type.Integer(),
  ja: Type.Optional(Type.String({ description: 'Unless `lang=en` or `reasons=codes`' })),
  en: Type.Optional(Type.String({ description: 'Unless `lang=ja` or `reasons=codes`' })),
  brand: Type.Optional(Type.String({ description: 'Unless `reasons=codes`' })),
  subject: Type.Optional(Type.String({ description: 'Defanged: never a live link. Unless `reasons=codes`' })),
});
/** One schema for both outcomes (no anyOf): the serializer stays a straight-line function. */
function batchResponse(reason: TSchema, links: boolean) {
  const item = Type.Object({
    verdict: Type.Optional(Verdict),
    score: Type.Optional(Type.Integer()),
    reasons: Type.Optional(Type.Array(reason)),
    ...(links ? { links: Type.Optional(Type.Array(Link, { description: 'Not with `reasons=codes`' })) } : {}),
    brands: Type.Optional(Type.Array(Type.String())),
    error: Type.Optional(FieldErr),
  });
  return Type.Object({
    summary: Type.Object({
      block: Type.Integer(),
      warn: Type.Integer(),
      allow: Type.Integer(),
      invalid: Type.Integer(),
    }),
    results: Type.Array(item, { description: 'One per message, in order; a bad message gets `error`' }),
  });
}
/** The documented answer (every field any mode can give); also the serializer of the default mode. */
const BatchResponse = batchResponse(BatchReason, true);
const reasonOf = (lang: 'ja' | 'en') =>
  Type.Object({
    code: Type.String(),
    weight: Type.Integer(),
    [lang]: Type.String(),
    brand: Type.Optional(Type.String()),
    subject: Type.Optional(Type.String()),
  });
/**
 * Serializers of the compact modes. fast-json-stringify writes only the properties a schema
 * names, so the core's results are passed as they are (no per-message or per-reason copy): the
 * schema drops what the caller did not ask for.
 */
const BATCH_SERIALIZED = {
  ja: batchResponse(reasonOf('ja'), true),
  en: batchResponse(reasonOf('en'), true),
  codes: batchResponse(Type.Object({ code: Type.String(), weight: Type.Integer() }), false),
} as const;
const BatchQuery = Type.Object({
  reasons: Type.Optional(
    Type.Union([Type.Literal('full'), Type.Literal('codes')], {
      default: 'full',
      description:
        '`codes`: each result is `{verdict, score, reasons: [{code, weight}], brands}` (no texts, no links): the compact form for gateways',
    }),
  ),
  lang: Type.Optional(
    Type.Union([Type.Literal('both'), Type.Literal('ja'), Type.Literal('en')], {
      default: 'both',
      description: 'Which reason texts to include (`both`: `ja` and `en`, as the single checks)',
    }),
  ),
});

const SmsBody = {
  sender: Type.Optional(Type.String({ maxLength: MAX_SENDER })),
  body: Type.String({ minLength: 1, maxLength: MAX_SMS_BODY }),
  receivedAt: Type.Optional(Type.String({ maxLength: 40 })),
};

const Names = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20 });
const BrandFields = {
  namesJa: Type.Optional(Names),
  namesEn: Type.Optional(Names),
  officialDomains: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 100 }),
  ),
  officialSenders: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 })),
  hostTokens: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 63 }), { maxItems: 50 })),
  sector: Type.Optional(literals(BRAND_SECTORS)),
};
const Brand = Type.Object({
  id: Type.String(),
  orgId: Nullable(Type.String()),
  builtIn: Type.Boolean(),
  overridesBuiltIn: Type.Boolean(),
  namesJa: Type.Array(Type.String()),
  namesEn: Type.Array(Type.String()),
  officialDomains: Type.Array(Type.String()),
  officialSenders: Type.Array(Type.String()),
  hostTokens: Type.Array(Type.String()),
  sector: Type.String(),
  createdAt: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()),
  version: Type.Integer(),
});
const Alert = Type.Object({
  id: Type.String(),
  brand: Type.String(),
  domain: Type.String({ description: 'Defanged' }),
  registrableDomain: Nullable(Type.String()),
  kind: Type.String(),
  distance: Type.Integer(),
  source: Type.String(),
  sourceRef: Nullable(Type.String()),
  firstSeen: Type.String(),
  lastSeen: Type.String(),
  count: Type.Integer(),
  status: Type.String(),
});
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Requests whose body was not valid UTF-8 (its text then holds U+FFFD where bytes were bad). */
const badUtf8 = new WeakSet<FastifyRequest>();

/**
 * Why a text field is refused, or null: invalid UTF-8, unpaired surrogates, NUL and other control
 * characters (tab, line feed and carriage return are text). One linear pass, no regex.
 */
export function textProblem(s: string, invalidUtf8: boolean): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32) {
      if (c !== 9 && c !== 10 && c !== 13) return 'contains binary or control characters';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      if (c > 0xdbff) return 'contains an unpaired surrogate';
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return 'contains an unpaired surrogate';
      i++;
    } else if (c === 0xfffd && invalidUtf8) return 'is not valid UTF-8';
  }
  return null;
}

function checkText(req: FastifyRequest, field: string, value: string | undefined): void {
  if (value === undefined) return;
  const reason = textProblem(value, badUtf8.has(req));
  if (reason) throw new KobanError('unsupported_text', `${field}: ${reason}`, [{ field, reason }]);
}

const SMS_KEYS = new Set(['sender', 'body', 'receivedAt']);

/** Validates one batch item in place; the error, or null when the item can be checked as it is. */
function itemError(m: unknown, i: number, invalidUtf8: boolean): FieldError | null {
  const at = `/messages/${i}`;
  if (m === null || typeof m !== 'object' || Array.isArray(m))
    return { field: at, reason: 'must be an object' };
  const o = m as Record<string, unknown>;
  for (const k in o) if (!SMS_KEYS.has(k)) return { field: `${at}/${k}`, reason: 'unknown field' };
  const body = o.body;
  if (body === undefined) return { field: `${at}/body`, reason: 'is required' };
  if (typeof body !== 'string') return { field: `${at}/body`, reason: 'must be a string' };
  if (body.length === 0) return { field: `${at}/body`, reason: 'must not be empty' };
  if (body.length > MAX_SMS_BODY)
    return { field: `${at}/body`, reason: `longer than ${MAX_SMS_BODY} characters` };
  let reason = textProblem(body, invalidUtf8);
  if (reason) return { field: `${at}/body`, reason };
  const sender = o.sender;
  if (sender !== undefined) {
    if (typeof sender !== 'string') return { field: `${at}/sender`, reason: 'must be a string' };
    if (sender.length > MAX_SENDER)
      return { field: `${at}/sender`, reason: `longer than ${MAX_SENDER} characters` };
    reason = textProblem(sender, invalidUtf8);
    if (reason) return { field: `${at}/sender`, reason };
  }
  const receivedAt = o.receivedAt;
  if (receivedAt !== undefined && (typeof receivedAt !== 'string' || receivedAt.length > 40))
    return { field: `${at}/receivedAt`, reason: 'must be an ISO-8601 date-time string' };
  return null;
}

/** Checks (any API key), brands, lookalike alerts and feeds. */
export async function protectionRoutes(
  app: FastifyInstance,
  deps: { protection: Protection },
): Promise<void> {
  const { protection } = deps;

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
        // Large batches go to the worker pool (when configured): the same answers, other cores.
        const pooled = await protection.checkBatchPooled(req.principal.viewer, valid, mode === 'codes');
        if (pooled !== null) {
          for (let j = 0; j < pooled.length; j++) {
            const r = pooled[j] as { verdict: string };
            results[at[j] as number] = r;
            count(r);
          }
        } else {
          const ctx = await protection.contextFor(req.principal.viewer);
          for (let j = 0; j < valid.length; j++) {
            // The result goes to the serializer as the core made it: no copy.
            const r = protection.checkSmsIn(ctx, valid[j] as SmsMessage);
            results[at[j] as number] = r;
            count(r);
          }
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
