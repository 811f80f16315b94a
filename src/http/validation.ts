import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Two validators: query strings and path params are strings on the wire and are coerced;
 * JSON bodies are not, so `"amount": "12"` or `"tlp": 5` is a 400 naming the field, never a silent cast.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const common = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false } as const;
  const strictBody = addFormats.default(new Ajv.default({ ...common, coerceTypes: false }));
  const coercing = addFormats.default(new Ajv.default({ ...common, coerceTypes: 'array' }));
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strictBody : coercing;
    return ajv.compile(schema as object) as ValidateFunction;
  };
}
