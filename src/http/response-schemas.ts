import { type TSchema, Type } from '@sinclair/typebox';

/**
 * Success response shapes for the OpenAPI document. Fastify also serializes with them, so they
 * double as an allow-list: a field not declared here never leaves the server.
 */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Sighting = Type.Object({ type: Type.String(), value: Type.String(), role: Type.String() });

export const Organization = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    investigationAccess: Type.Boolean(),
    createdAt: Type.String(),
  },
  { title: 'Organization' },
);

export const Member = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  email: Nullable(Type.String()),
  role: Type.String(),
  createdAt: Type.String(),
});

export const ApiKeyInfo = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  memberId: Nullable(Type.String()),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  createdAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});

export const NewApiKey = Type.Composite([
  ApiKeyInfo,
  Type.Object({
    apiKey: Type.String({ description: 'The secret: shown in this response only, never again' }),
  }),
]);

export const Me = Type.Object({
  keyId: Type.String(),
  scopes: Type.Array(Type.String()),
  organization: Organization,
});

export const SharingGroup = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  createdAt: Type.String(),
  owned: Type.Boolean(),
  members: Type.Optional(Type.Array(Type.String(), { description: 'Only for the owning organization' })),
});

export const SubmitResult = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('created'), Type.Literal('duplicate')]),
  indicators: Type.Array(Sighting),
});

const FieldError = Type.Object({ field: Type.String(), reason: Type.String() });

export const BatchResult = Type.Object({
  summary: Type.Object({ created: Type.Integer(), duplicate: Type.Integer(), invalid: Type.Integer() }),
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      status: Type.Union([Type.Literal('created'), Type.Literal('duplicate'), Type.Literal('invalid')]),
      id: Type.Optional(Type.String()),
      indicators: Type.Optional(Type.Array(Sighting)),
      errors: Type.Optional(Type.Array(FieldError)),
    }),
  ),
});

export const Report = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  tlp: Type.String(),
  pap: Type.String(),
  sensitivity: Type.String(),
  title: Nullable(Type.String()),
  description: Type.String(),
  details: Type.Object({}, { additionalProperties: true }),
  observedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  reporter: Type.Object({ orgId: Type.String() }),
  externalId: Type.Optional(Nullable(Type.String())),
  recipients: Type.Optional(
    Type.Array(Type.String(), { description: 'Only for the reporting organization' }),
  ),
  sharingGroups: Type.Optional(
    Type.Array(Type.String(), { description: 'Only for the reporting organization' }),
  ),
  indicators: Type.Optional(Type.Array(Sighting)),
});

export const ReportPage = Type.Object({ items: Type.Array(Report), nextCursor: Nullable(Type.String()) });

export const InfrastructureFlag = Type.Object({
  id: Type.String(),
  indicator: Type.Object({ type: Type.String(), value: Type.String() }),
  category: Type.String(),
  service: Type.Object({ id: Nullable(Type.String()), name: Nullable(Type.String()) }),
  evidence: Type.String(),
  evidenceReports: Type.Array(Type.String(), { description: 'Only evidence reports the caller may see' }),
  flaggedBy: Type.Object({ orgId: Type.String() }),
  tlp: Type.String(),
  sensitivity: Type.String(),
  createdAt: Type.String(),
});

export const IndicatorView = Type.Object({
  type: Type.String(),
  value: Type.String(),
  key: Type.String(),
  attributes: Type.Object({}, { additionalProperties: true }),
  sightingCount: Type.Integer({ description: 'Over the sightings the caller may see' }),
  firstSeen: Nullable(Type.String()),
  lastSeen: Nullable(Type.String()),
  sightings: Type.Array(
    Type.Object({
      reportId: Type.String(),
      reportKind: Type.String(),
      tlp: Type.String(),
      role: Type.String(),
      observedAt: Type.String(),
      reporter: Type.Object({ orgId: Type.String() }),
    }),
  ),
  infrastructure: Type.Array(InfrastructureFlag),
});

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  orgId: Nullable(Type.String()),
  keyId: Nullable(Type.String()),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Nullable(Type.String()),
  details: Type.Unknown(),
  prevHash: Type.String(),
  hash: Type.String(),
});

export const AuditVerify = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  lastSeq: Type.Integer(),
  headHash: Type.String(),
  problems: Type.Array(Type.Object({}, { additionalProperties: true })),
});

export const itemsOf = <T extends TSchema>(schema: T) => Type.Object({ items: Type.Array(schema) });
