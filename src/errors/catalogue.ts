/**
 * The catalogue of stable error codes. Clients branch on `code`; `title` is fixed per code and
 * `detail` explains the particular occurrence. Rendered as RFC 9457 application/problem+json.
 */
export const ERROR_CATALOGUE = {
  bad_request: { status: 400, title: 'The HTTP request is malformed' },
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  invalid_indicator: { status: 400, title: 'An indicator value could not be normalized' },
  invalid_cursor: { status: 400, title: 'The paging cursor is not valid' },
  unauthorized: { status: 401, title: 'Authentication is required' },
  session_expired: { status: 401, title: 'The console session has expired or was ended' },
  forbidden: { status: 403, title: 'The API key lacks the permission for this action' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  already_initialized: { status: 409, title: 'Koban is already initialized on this data' },
  brand_domain_claimed: { status: 409, title: 'The official domain is already claimed by another brand' },
  unsupported_text: { status: 400, title: 'A text field holds invalid UTF-8, binary or control characters' },
  batch_too_large: { status: 400, title: 'The batch holds more items than allowed' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported content type' },
  attachment_type_mismatch: { status: 415, title: "The file's bytes contradict its declared content type" },
  investigator_only: { status: 403, title: 'Only police organizations issue inquiries' },
  advisory_state: { status: 409, title: "The advisory's status does not allow this action" },
  advisory_version_mismatch: {
    status: 409,
    title: "The version named is not the advisory's current version",
  },
  approval_required: { status: 409, title: 'Publishing needs an approval of exactly this version' },
  self_approval: { status: 403, title: 'An author of an advisory cannot decide on it' },
  checklist_incomplete: { status: 400, title: 'The art. 47 checklist is not complete' },
  rate_limited: { status: 429, title: 'Too many requests' },
  remote_failed: { status: 502, title: 'A remote server Koban called failed or refused the request' },
  internal_error: { status: 500, title: 'Internal error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface FieldError {
  /** JSON pointer into the request (e.g. `/details/sender`) or a query/path parameter name. */
  field: string;
  reason: string;
}

export class KobanError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[];

  constructor(code: ErrorCode, detail?: string, errors: FieldError[] = []) {
    super(detail ?? ERROR_CATALOGUE[code].title);
    this.name = 'KobanError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.errors = errors;
  }
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

export function problemType(code: ErrorCode): string {
  return `urn:koban:problem:${code}`;
}

export function toProblem(error: KobanError, instance?: string, requestId?: string): ProblemDocument {
  const entry = ERROR_CATALOGUE[error.code];
  return {
    type: problemType(error.code),
    title: entry.title,
    status: entry.status,
    code: error.code,
    detail: error.message,
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
    ...(error.errors.length > 0 ? { errors: error.errors } : {}),
  };
}

export const invalid = (field: string, reason: string): KobanError =>
  new KobanError('validation_failed', `${field}: ${reason}`, [{ field, reason }]);
