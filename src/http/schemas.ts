import { Type } from '@sinclair/typebox';

/** Shared response pieces for the OpenAPI document. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }))),
  },
  { description: 'RFC 9457 problem details' },
);

export const problemResponses = (...codes: number[]): Record<number, object> =>
  Object.fromEntries(
    codes.map((c) => [
      c,
      {
        description: 'RFC 9457 problem details',
        content: { 'application/problem+json': { schema: Problem } },
      },
    ]),
  );

export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** A string enum as a JSON schema (a union of literals, which TypeBox and OpenAPI both render well). */
export const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
