import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { INDICATOR_TYPES } from '../core/indicators/types.js';
import { findNul, printable } from '../core/nul.js';
import type { FieldError } from '../errors/catalogue.js';
import { literals } from '../http/schemas.js';
import { PAP_LEVELS, SENSITIVITIES, TLP_LEVELS } from '../sharing/policy.js';
import { DateTime, KIND_SCHEMAS, REPORT_KINDS, type ReportKind } from './kinds.js';

export const ExplicitIndicator = Type.Object(
  {
    type: literals(INDICATOR_TYPES),
    value: Type.String({ minLength: 1, maxLength: 8192 }),
    role: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })),
  },
  { additionalProperties: false },
);

/** One report as partners submit it (single or inside a batch). `details` is checked per kind. */
export const ReportInput = Type.Object(
  {
    kind: literals(REPORT_KINDS),
    tlp: literals(TLP_LEVELS),
    pap: Type.Optional(literals(PAP_LEVELS)),
    sensitivity: Type.Optional(literals(SENSITIVITIES)),
    sharingGroups: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20, uniqueItems: true }),
    ),
    recipients: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 200, uniqueItems: true }),
    ),
    title: Type.Optional(Type.String({ maxLength: 300 })),
    description: Type.String({ maxLength: 20000 }),
    details: Type.Object(
      {},
      {
        additionalProperties: true,
        description: 'Structured fields of the report kind (see ReportDetails* schemas)',
      },
    ),
    externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    observedAt: Type.Optional(DateTime),
    indicators: Type.Optional(Type.Array(ExplicitIndicator, { maxItems: 1000 })),
  },
  { additionalProperties: false, $id: 'ReportInput' },
);
export type ReportInput = Static<typeof ReportInput>;

const checkEnvelope = TypeCompiler.Compile(ReportInput);
const checkKind = Object.fromEntries(
  REPORT_KINDS.map((k) => [k, TypeCompiler.Compile(KIND_SCHEMAS[k])]),
) as unknown as Record<ReportKind, ReturnType<typeof TypeCompiler.Compile>>;

function errorsOf(
  check: ReturnType<typeof TypeCompiler.Compile>,
  value: unknown,
  prefix: string,
): FieldError[] {
  const out: FieldError[] = [];
  for (const e of check.Errors(value)) {
    const field = `${prefix}${e.path}` || '/';
    const reason = reasonFor(e.schema as { anyOf?: { const?: unknown }[] }, e.message);
    // Unions report one error per branch; the first per field is the useful one.
    if (!out.some((o) => o.field === field)) out.push({ field, reason });
    if (out.length >= 20) break;
  }
  return out;
}

/** Enumerations read better as their allowed values than as TypeBox's "Expected union value". */
function reasonFor(schema: { anyOf?: { const?: unknown }[] }, message: string): string {
  const options = schema.anyOf?.map((s) => s.const);
  if (options && options.length > 0 && options.every((o) => typeof o === 'string')) {
    return `must be one of ${options.join(', ')}`;
  }
  return message === 'Unexpected property' ? 'unknown field' : message;
}

/** Validates the envelope and the kind's details, with JSON-pointer field names. */
export function validateReportInput(
  value: unknown,
): { ok: true; input: ReportInput } | { ok: false; errors: FieldError[] } {
  const nul = findNul(value);
  if (nul)
    return {
      ok: false,
      errors: [{ field: printable(nul), reason: 'must not contain the NUL character (U+0000)' }],
    };
  if (!checkEnvelope.Check(value)) return { ok: false, errors: errorsOf(checkEnvelope, value, '') };
  const input = value as ReportInput;
  const kindCheck = checkKind[input.kind as ReportKind];
  if (!kindCheck.Check(input.details))
    return { ok: false, errors: errorsOf(kindCheck, input.details, '/details') };
  const dateErrors = findBadDates(input as unknown as Record<string, unknown>, '', input.kind !== 'other');
  if (dateErrors.length > 0) return { ok: false, errors: dateErrors };
  return { ok: true, input };
}

// The schema pattern checks the shape of date-times; this catches impossible ones (month 13, Feb 30 …).
function findBadDates(obj: Record<string, unknown>, prefix: string, intoDetails: boolean): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, v] of Object.entries(obj)) {
    if (typeof v === 'string' && /(At|Seen)$/.test(key) && Number.isNaN(Date.parse(v))) {
      errors.push({
        field: `${prefix}/${key}`,
        reason: 'must be an ISO-8601 date-time such as 2026-11-22T09:30:00+09:00',
      });
    }
    if (intoDetails && key === 'details' && v && typeof v === 'object' && !Array.isArray(v)) {
      errors.push(...findBadDates(v as Record<string, unknown>, `${prefix}/details`, false));
    }
  }
  return errors;
}
