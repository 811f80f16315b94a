import { type TSchema, Type } from '@sinclair/typebox';

/** Response shapes of the knowledge routes (also the serialization allow-list). */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Status = Type.Union(
  ['created', 'updated', 'unchanged', 'invalid', 'skipped'].map((s) => Type.Literal(s)),
);

export const KnowledgeObjectSummary = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Nullable(Type.String()),
  aliases: Type.Array(Type.String()),
  subtypes: Type.Array(Type.String(), {
    description: 'infrastructure_types, malware_types, tool_types or threat_actor_types',
  }),
  description: Nullable(Type.String()),
  created: Nullable(Type.String()),
  modified: Nullable(Type.String()),
  revoked: Type.Boolean(),
  source: Type.String(),
  importedAt: Type.String(),
});

export const KnowledgeObject = Type.Composite([
  KnowledgeObjectSummary,
  Type.Object({
    resolvedFrom: Nullable(Type.String({ description: 'The requested id, when a merge led here' })),
    mergedIds: Type.Array(Type.String()),
    stix: Type.Unknown({ description: 'The STIX 2.1 object as imported' }),
  }),
]);

export const KnowledgeObjectPage = Type.Object({
  items: Type.Array(KnowledgeObjectSummary),
  nextCursor: Nullable(Type.String()),
});

export const KnowledgeRelationship = Type.Object({
  id: Type.String(),
  relationshipType: Type.String(),
  sourceRef: Type.String(),
  targetRef: Type.String(),
  description: Nullable(Type.String()),
  revoked: Type.Boolean(),
  modified: Nullable(Type.String()),
});

export const KnowledgeMerge = Type.Object({
  id: Type.String(),
  survivorId: Type.String(),
  mergedId: Type.String(),
  reason: Type.String({ description: 'alias (proposed on import) or id (manual)' }),
  status: Type.String({ description: 'proposed | applied | reverted | rejected' }),
  matchedName: Nullable(Type.String()),
  proposedBy: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  revertedAt: Nullable(Type.String()),
  revertedBy: Nullable(Type.String()),
});

export const StixImportReport = Type.Object({
  source: Type.String(),
  summary: Type.Object({
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    invalid: Type.Integer(),
    skipped: Type.Integer(),
  }),
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      id: Nullable(Type.String()),
      type: Nullable(Type.String()),
      status: Status,
      errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }))),
      warnings: Type.Optional(Type.Array(Type.String())),
    }),
  ),
  proposedMerges: Type.Array(
    Type.Object({
      id: Type.String(),
      survivorId: Type.String(),
      mergedId: Type.String(),
      matchedName: Type.String(),
    }),
  ),
});
