/**
 * Request and response schemas of the protection routes (TypeBox, also the OpenAPI document),
 * and the size limits they enforce.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import { literals } from '../http/schemas.js';
import { BRAND_SECTORS } from './brands.js';

export const MAX_BATCH_MESSAGES = 1_000;
export const MAX_SMS_BODY = 4_000;
export const MAX_SENDER = 64;
/** 1,000 messages of 2,000 Japanese characters (3 bytes each in UTF-8) with room to spare; 10 MB is refused. */
export const BATCH_BODY_LIMIT = 8 * 1024 * 1024;
export const SINGLE_BODY_LIMIT = 64 * 1024;

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const checkTags = ['protection'];
export const brandTags = ['brands'];

export const Reason = Type.Object({
  code: Type.String(),
  weight: Type.Integer(),
  ja: Type.String(),
  en: Type.String(),
  brand: Type.Optional(Type.String()),
  subject: Type.Optional(Type.String({ description: 'Defanged: never a live link' })),
});
export const Verdict = literals(['block', 'warn', 'allow']);
export const UrlCheck = Type.Object({
  verdict: Verdict,
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  reasons: Type.Array(Reason),
  subject: Type.String({ description: 'What was checked, defanged' }),
  registrableDomain: Nullable(Type.String()),
});
export const Link = Type.Object({
  url: Type.String({ description: 'Defanged' }),
  verdict: Verdict,
  score: Type.Integer(),
});
export const SmsCheck = Type.Object({
  verdict: Verdict,
  score: Type.Integer(),
  reasons: Type.Array(Reason),
  links: Type.Array(Link),
  brands: Type.Array(Type.String(), { description: 'Brands the text names' }),
});
export const FieldErr = Type.Object({ field: Type.String(), reason: Type.String() });
/** Reasons in a batch answer: `ja` / `en` as `lang` asks; only `code` and `weight` with `reasons=codes`. */
export const BatchReason = Type.Object({
  code: Type.String(),
  weight: Type.Integer(),
  ja: Type.Optional(Type.String({ description: 'Unless `lang=en` or `reasons=codes`' })),
  en: Type.Optional(Type.String({ description: 'Unless `lang=ja` or `reasons=codes`' })),
  brand: Type.Optional(Type.String({ description: 'Unless `reasons=codes`' })),
  subject: Type.Optional(Type.String({ description: 'Defanged: never a live link. Unless `reasons=codes`' })),
});
/** One schema for both outcomes of a batch item (no anyOf): the serializer stays a straight-line function. */
export function batchItem(reason: TSchema, links: boolean) {
  return Type.Object({
    verdict: Type.Optional(Verdict),
    score: Type.Optional(Type.Integer()),
    reasons: Type.Optional(Type.Array(reason)),
    ...(links ? { links: Type.Optional(Type.Array(Link, { description: 'Not with `reasons=codes`' })) } : {}),
    brands: Type.Optional(Type.Array(Type.String())),
    error: Type.Optional(FieldErr),
  });
}
export function batchResponse(reason: TSchema, links: boolean) {
  const item = batchItem(reason, links);
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
export const BatchResponse = batchResponse(BatchReason, true);
export const reasonOf = (lang: 'ja' | 'en') =>
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
export const BATCH_SERIALIZED = {
  ja: batchResponse(reasonOf('ja'), true),
  en: batchResponse(reasonOf('en'), true),
  codes: batchResponse(Type.Object({ code: Type.String(), weight: Type.Integer() }), false),
} as const;
/** How a batch answer's items are written: every text (`full`), one language, or codes only. */
export type BatchMode = 'full' | 'ja' | 'en' | 'codes';
/** The item schema of each mode's answer (check workers serialize items with these). */
export const BATCH_ITEMS: Record<BatchMode, TSchema> = {
  full: batchItem(BatchReason, true),
  ja: batchItem(reasonOf('ja'), true),
  en: batchItem(reasonOf('en'), true),
  codes: batchItem(Type.Object({ code: Type.String(), weight: Type.Integer() }), false),
};
export const BatchQuery = Type.Object({
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

export const SmsBody = {
  sender: Type.Optional(Type.String({ maxLength: MAX_SENDER })),
  body: Type.String({ minLength: 1, maxLength: MAX_SMS_BODY }),
  receivedAt: Type.Optional(Type.String({ maxLength: 40 })),
};

export const Names = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20 });
export const BrandFields = {
  namesJa: Type.Optional(Names),
  namesEn: Type.Optional(Names),
  officialDomains: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 100 }),
  ),
  officialSenders: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 })),
  hostTokens: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 63 }), { maxItems: 50 })),
  sector: Type.Optional(literals(BRAND_SECTORS)),
};
export const Brand = Type.Object({
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
export const Alert = Type.Object({
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
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
