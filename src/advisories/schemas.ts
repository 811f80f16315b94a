/** Request and response schemas of the advisory API (validation and the OpenAPI document). */
import { Type } from '@sinclair/typebox';
import { literals } from '../http/schemas.js';
import { ADVISORY_STATUSES, AUDIENCES, CHECKLIST_ITEMS, PUBLISHABLE_TYPES, SECTORS } from './types.js';

export const advisoryTags = ['advisories'];

const Line = (max: number) => Type.String({ maxLength: max });
const Lines = Type.Array(Line(2000), { maxItems: 30 });

export const Sections = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    summary: Line(5000),
    examples: Type.Array(Line(2000), { maxItems: 10 }),
    recognise: Lines,
    advice: Lines,
    reportTo: Lines,
  },
  { additionalProperties: false },
);

const Indicator = Type.Object({
  type: literals(PUBLISHABLE_TYPES),
  value: Type.String(),
  display: Type.String({ description: 'Defanged: the form every human-readable output shows' }),
  role: Type.String(),
});

export const Content = Type.Object({ ja: Sections, en: Sections, indicators: Type.Array(Indicator) });

const AlsoRedact = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
  maxItems: 500,
  description: "Values known to the case (a suspect's name) removed wherever they appear as ［捜査情報N］",
});

export const CreateBody = Type.Object(
  {
    source: Type.Union([
      Type.Object(
        { campaignId: Type.String({ minLength: 1, maxLength: 64 }) },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          reportIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 500 }),
        },
        { additionalProperties: false },
      ),
    ]),
    audience: literals(AUDIENCES),
    sector: Type.Optional(literals(SECTORS)),
    alsoRedact: Type.Optional(AlsoRedact),
  },
  { additionalProperties: false },
);

export const EditBody = Type.Object(
  {
    baseVersion: Type.Integer({
      minimum: 1,
      description: 'The version this edit starts from (the current one)',
    }),
    content: Type.Object(
      {
        ja: Sections,
        en: Sections,
        indicators: Type.Array(Type.String({ maxLength: 9000 }), {
          maxItems: 50,
          description: 'Keys (`type:value`) chosen among the candidates of the draft',
        }),
      },
      { additionalProperties: false },
    ),
    alsoRedact: Type.Optional(AlsoRedact),
  },
  { additionalProperties: false },
);

export const VersionBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const ApproveBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    checklist: Type.Object(Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i, Type.Boolean()])), {
      additionalProperties: false,
      description: '刑事訴訟法47条: every item must be true',
    }),
    justification: Type.String({ maxLength: 5000 }),
  },
  { additionalProperties: false },
);

export const RejectBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), reason: Type.String({ maxLength: 5000 }) },
  { additionalProperties: false },
);

export const WithdrawBody = Type.Object(
  { reason: Type.String({ maxLength: 5000 }) },
  { additionalProperties: false },
);

const Actor = Type.Object({ keyId: Type.String(), memberId: Type.Union([Type.String(), Type.Null()]) });

export const VersionView = Type.Object({
  version: Type.Integer(),
  createdAt: Type.String(),
  createdBy: Actor,
  contentHash: Type.String(),
  content: Content,
  removed: Type.Integer({ description: 'Values redaction removed from this version' }),
  alsoRedact: Type.Array(Type.String()),
});

const Decision = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  contentHash: Type.String(),
  decision: literals(['approved', 'rejected']),
  decidedBy: Actor,
  checklist: Type.Union([Type.Record(Type.String(), Type.Boolean()), Type.Null()]),
  justification: Type.String(),
  decidedAt: Type.String(),
  usedAt: Type.Union([Type.String(), Type.Null()]),
});

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const AdvisoryView = Type.Object({
  id: Type.String(),
  status: literals(ADVISORY_STATUSES),
  audience: literals(AUDIENCES),
  sector: Type.Union([literals(SECTORS), Type.Null()]),
  currentVersion: Type.Integer(),
  createdAt: Type.String(),
  createdBy: Type.Object({ keyId: Type.String() }),
  updatedAt: Type.String(),
  publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
  publishedAt: Nullable(Type.String()),
  statusReason: Nullable(Type.String()),
  source: Type.Object({
    source: Type.Union([
      Type.Object({ campaignId: Type.String() }),
      Type.Object({ reportIds: Type.Array(Type.String()) }),
    ]),
    usedReportIds: Type.Array(Type.String()),
    excluded: Type.Record(Type.String(), Type.Integer(), { description: 'Reports left out, by reason' }),
    candidates: Type.Array(Indicator),
  }),
  version: VersionView,
  decisions: Type.Array(Decision),
});

export const AdvisorySummary = Type.Object({
  id: Type.String(),
  status: literals(ADVISORY_STATUSES),
  audience: literals(AUDIENCES),
  sector: Type.Union([literals(SECTORS), Type.Null()]),
  currentVersion: Type.Integer(),
  title: Type.String(),
  updatedAt: Type.String(),
});

const Segment = Type.Object({
  type: literals(['same', 'removed']),
  start: Type.Integer(),
  end: Type.Integer(),
  text: Type.String(),
  kind: Type.Optional(Type.String()),
  replacement: Type.Optional(Type.String()),
  rule: Type.Optional(Type.String()),
  confidence: Type.Optional(Type.Number()),
});

export const RedactionsView = Type.Object({
  version: Type.Integer(),
  contentHash: Type.String(),
  removed: Type.Integer(),
  fields: Type.Array(
    Type.Object({
      field: Type.String({ description: 'JSON pointer into the content, e.g. /ja/examples/0' }),
      removed: Type.Integer(),
      byKind: Type.Record(Type.String(), Type.Integer()),
      segments: Type.Array(Segment),
    }),
  ),
});

export const AdvisoryParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const VersionParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  version: Type.Integer({ minimum: 1 }),
});
export const ListQuery = Type.Object(
  { status: Type.Optional(literals(ADVISORY_STATUSES)) },
  { additionalProperties: false },
);
export const AudienceQuery = Type.Object(
  { audience: Type.Optional(literals(AUDIENCES)) },
  { additionalProperties: false },
);
