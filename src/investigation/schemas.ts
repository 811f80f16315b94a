/** TypeBox schemas of the investigation API (request validation and the OpenAPI document). */
import { Type } from '@sinclair/typebox';
import { literals } from '../http/schemas.js';
import { SUBJECT_TYPES } from './deadlines.js';
import { MAX_REASON_LENGTH } from './inquiry-text.js';
import { INQUIRY_STATUSES } from './inquiry-view.js';

export const investigationTags = ['investigation'];

const Id = Type.String({ minLength: 1, maxLength: 64 });
const JstDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'JST calendar date YYYY-MM-DD',
});

export const SubjectQuery = Type.Object(
  { subjectType: literals(SUBJECT_TYPES), subjectId: Id },
  { additionalProperties: false },
);

export const QueueQuery = Type.Object(
  {
    horizonDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 366 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const CatalogueQuery = Type.Object(
  { format: Type.Optional(literals(['json', 'yaml'])), version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

export const ProviderParams = Type.Object({ providerId: Type.String({ minLength: 1, maxLength: 64 }) });

export const VersionResult = Type.Object({ version: Type.Integer(), created: Type.Boolean() });

export const NewInquiryBody = Type.Object(
  {
    subjectType: literals(SUBJECT_TYPES),
    subjectId: Id,
    providerId: Type.String({ minLength: 1, maxLength: 64 }),
    indicatorKeys: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 8192 }), { minItems: 1, maxItems: 100 }),
    ),
    answerDue: Type.Optional(JstDate),
    reason: Type.Optional(
      Type.String({ maxLength: MAX_REASON_LENGTH, description: 'Short; personal data is redacted' }),
    ),
  },
  { additionalProperties: false },
);

export const EditInquiryBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    body: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000 })),
    answerDue: Type.Optional(JstDate),
  },
  { additionalProperties: false },
);

export const AnswerBody = Type.Object(
  { outcome: literals(['answered', 'no_record']), note: Type.Optional(Type.String({ maxLength: 4000 })) },
  { additionalProperties: false },
);

export const AttachmentBody = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^/\\\\]+$' }),
    contentType: Type.String({ minLength: 1, maxLength: 100 }),
    contentBase64: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

export const InquiryParams = Type.Object({ id: Id });
export const AttachmentParams = Type.Object({ id: Id, attachmentId: Id });

export const ListQuery = Type.Object(
  {
    status: Type.Optional(literals(INQUIRY_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

const Item = Type.Object({
  key: Type.String(),
  type: Type.String(),
  value: Type.String(),
  observedAt: Type.String(),
  logs: Type.Array(Type.Object({ logId: Type.String(), name: Type.String(), deadline: Type.String() })),
});

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);

export const Inquiry = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  providerId: Type.String(),
  providerOrgId: Nullable(Type.String()),
  catalogueVersion: Type.Integer(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  items: Type.Array(Item),
  title: Type.String(),
  body: Type.String(),
  answerDue: Type.String(),
  status: literals(INQUIRY_STATUSES),
  overdue: Type.Boolean(),
  createdAt: Type.String(),
  sentAt: Nullable(Type.String()),
  acknowledgedAt: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  answerNote: Nullable(Type.String()),
  updatedAt: Type.String(),
});

export const Attachment = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String(),
});

export const InquiryWithAttachments = Type.Intersect([
  Inquiry,
  Type.Object({ attachments: Type.Array(Attachment) }),
]);
