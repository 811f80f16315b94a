import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FieldError, KobanError, toProblem } from '../errors/catalogue.js';

interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Maps every failure, ours or the framework's, to RFC 9457 problem+json with a stable code. */
export function toKobanError(error: FastifyError | Error): KobanError {
  if (error instanceof KobanError) return error;
  const fe = error as FastifyError & { validation?: AjvLikeError[]; validationContext?: string };
  if (fe.validation) {
    const where = fe.validationContext ?? 'body';
    const errors: FieldError[] = fe.validation.slice(0, 20).map((v) => fieldError(where, v));
    const first = errors[0];
    return new KobanError(
      'validation_failed',
      first ? `${first.field}: ${first.reason}` : 'invalid request',
      errors,
    );
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new KobanError('malformed_json', fe.message, [{ field: '/', reason: fe.message }]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new KobanError('payload_too_large', 'The request body exceeds the size limit for this endpoint');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new KobanError('unsupported_media_type', 'Send the body as application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new KobanError('validation_failed', 'Content-Length does not match the body');
  }
  if (error instanceof SyntaxError)
    return new KobanError('malformed_json', error.message, [{ field: '/', reason: error.message }]);
  if (fe.statusCode === 429) return new KobanError('rate_limited', fe.message);
  if (fe.statusCode === 413) return new KobanError('payload_too_large', fe.message);
  if (fe.statusCode === 415) return new KobanError('unsupported_media_type', fe.message);
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new KobanError('validation_failed', fe.message);
  }
  return new KobanError(
    'internal_error',
    'An unexpected error occurred; it has been logged with the request id',
  );
}

function fieldError(where: string, v: AjvLikeError): FieldError {
  const base = where === 'body' ? '' : `${where}:`;
  let pointer = v.instancePath ?? '';
  let reason = v.message ?? 'is invalid';
  if (v.keyword === 'additionalProperties' && v.params?.additionalProperty) {
    pointer = `${pointer}/${String(v.params.additionalProperty)}`;
    reason = 'unknown field';
  } else if (v.keyword === 'required' && v.params?.missingProperty) {
    pointer = `${pointer}/${String(v.params.missingProperty)}`;
    reason = 'is required';
  }
  if (where !== 'body') pointer = pointer.replace(/^\//, '');
  return { field: `${base}${pointer || (where === 'body' ? '/' : '')}`, reason };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: KobanError) {
  return reply
    .code(error.status)
    .type('application/problem+json')
    .send(toProblem(error, request.url.split('?')[0], String(request.id)));
}

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const mapped = toKobanError(error);
    if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: mapped.code }, mapped.message);
    if (error.statusCode === 429 && reply.getHeader('retry-after') === undefined)
      reply.header('retry-after', '60');
    return sendProblem(request, reply, mapped);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      new KobanError('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`),
    ),
  );
}
