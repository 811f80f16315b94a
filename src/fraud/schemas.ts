/** Request and response schemas of the fraud API (OpenAPI and fast serialization). */
import { Type } from '@sinclair/typebox';
import { ENTITY_FIELDS, FRAUD_DECISIONS, FRAUD_EVENT_TYPES } from '../core/fraud/index.js';
import { literals } from '../http/schemas.js';
import { TLP_LEVELS } from '../sharing/policy.js';
import { CASE_STATUSES } from './cases.js';
import { RULE_SET_STATUSES } from './rule-sets.js';

export const fraudTags = ['fraud'];
export const MAX_BATCH_EVENTS = 1_000;

const Localized = Type.Object({ ja: Type.String(), en: Type.String() });

export const FraudReason = Type.Object({
  code: Type.String(),
  ruleId: Type.String(),
  score: Type.Number(),
  decision: Type.Optional(literals(FRAUD_DECISIONS)),
  text: Localized,
  detail: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});

const ShadowVerdict = Type.Object({
  ruleSetId: Type.String(),
  ruleSetVersion: Type.String(),
  decision: literals(FRAUD_DECISIONS),
  score: Type.Number(),
  reasonCodes: Type.Array(Type.String()),
});

const outcomeFields = {
  eventId: Type.String(),
  decision: literals(FRAUD_DECISIONS),
  score: Type.Number(),
  reasons: Type.Array(FraudReason),
  ruleSetId: Type.String(),
  ruleSetVersion: Type.String(),
  duplicate: Type.Boolean({ description: 'The id was decided before: this is the stored decision' }),
  caseId: Type.Optional(Type.String()),
  shadow: Type.Optional(
    Type.Array(ShadowVerdict, { description: 'Verdicts of shadow rule sets (never decide)' }),
  ),
};
export const FraudOutcome = Type.Object(outcomeFields);

const entityProps = Object.fromEntries(ENTITY_FIELDS.map((f) => [f, Type.Optional(Type.String())]));

/** Documented shape; `normalizeFraudEvent` is the authority and names every wrong field. */
export const FraudEventBody = Type.Object(
  {
    id: Type.String({
      description: 'Your unique event id: retries with the same id are answered, never counted twice',
    }),
    type: Type.String({
      description: `One of ${FRAUD_EVENT_TYPES.join(', ')} (others are accepted and flagged)`,
    }),
    occurredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Number()]),
    ...entityProps,
    amount: Type.Optional(Type.Number()),
    currency: Type.Optional(Type.String()),
    channel: Type.Optional(Type.String()),
    asset: Type.Optional(Type.String()),
    attributes: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
    ),
  },
  { additionalProperties: true },
);

export const BatchBody = Type.Object(
  { events: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_BATCH_EVENTS }) },
  { additionalProperties: false },
);

export const BatchResponse = Type.Object({
  results: Type.Array(
    Type.Union([
      Type.Object({ index: Type.Integer(), status: Type.Literal('decided'), ...outcomeFields }),
      Type.Object({
        index: Type.Integer(),
        status: Type.Literal('invalid'),
        errors: Type.Array(Type.Object({ field: Type.String(), reason: Type.String() })),
      }),
    ]),
  ),
});

export const StoredEvent = Type.Object({
  eventId: Type.String(),
  seq: Type.Number(),
  receivedAt: Type.String(),
  event: Type.Record(Type.String(), Type.Unknown()),
  verdict: Type.Record(Type.String(), Type.Unknown()),
  label: Type.Union([Type.String(), Type.Null()]),
});

export const RuleSetSummary = Type.Object({
  setId: Type.String(),
  version: Type.String(),
  status: literals(RULE_SET_STATUSES),
  createdAt: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  statusChangedAt: Type.String(),
  rules: Type.Integer(),
});

export const RuleSetParams = Type.Object({
  setId: Type.String({ minLength: 1, maxLength: 100 }),
  version: Type.String({ minLength: 1, maxLength: 100 }),
});

export const StatusBody = Type.Object(
  { status: literals(RULE_SET_STATUSES) },
  { additionalProperties: false },
);

export const Case = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  accountId: Type.String(),
  decision: Type.String(),
  score: Type.Number(),
  status: literals(CASE_STATUSES),
  openedAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  sharedReportId: Type.Union([Type.String(), Type.Null()]),
  event: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  verdict: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const CaseQuery = Type.Object(
  {
    status: Type.Optional(literals(CASE_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  {
    label: literals(['fraud', 'legitimate']),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
    share: Type.Optional(
      Type.Boolean({
        description: 'Share the confirmed case as a fraud_case report (default true for fraud)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ContactBody = Type.Object(
  {
    email: Type.Union([Type.String({ format: 'email', maxLength: 320 }), Type.Null()]),
    locale: Type.Optional(literals(['ja', 'en'])),
  },
  { additionalProperties: false },
);

export const SettingsBody = Type.Object(
  {
    webhookUrl: Type.Optional(
      Type.Union([Type.String({ pattern: '^https?://', maxLength: 2000 }), Type.Null()]),
    ),
    webhookSecret: Type.Optional(Type.Union([Type.String({ minLength: 16, maxLength: 200 }), Type.Null()])),
    shareTlp: Type.Optional(literals(TLP_LEVELS)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Settings = Type.Object({
  webhookUrl: Type.Union([Type.String(), Type.Null()]),
  hasWebhookSecret: Type.Boolean(),
  shareTlp: literals(TLP_LEVELS),
});

export const ListBody = Type.Object(
  { values: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 1_000_000 }) },
  { additionalProperties: false },
);

export const ListName = Type.Object({ name: Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{0,63}$' }) });

export const OutboxQuery = Type.Object(
  {
    status: Type.Optional(literals(['pending', 'sent', 'dead'])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

export const BacktestBody = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
