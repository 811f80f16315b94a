/**
 * Per-field checks of check requests that JSON Schema cannot express cheaply: text that is not
 * valid UTF-8 or holds control characters, and batch items checked one by one so a bad item gets
 * its own error instead of failing the batch.
 */
import type { FieldError } from '../errors/catalogue.js';
import { MAX_SENDER, MAX_SMS_BODY } from './schemas.js';

/**
 * Why a text field is refused, or null: invalid UTF-8, unpaired surrogates, NUL and other control
 * characters (tab, line feed and carriage return are text). One linear pass, no regex.
 */
export function textProblem(s: string, invalidUtf8: boolean): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32) {
      if (c !== 9 && c !== 10 && c !== 13) return 'contains binary or control characters';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      if (c > 0xdbff) return 'contains an unpaired surrogate';
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return 'contains an unpaired surrogate';
      i++;
    } else if (c === 0xfffd && invalidUtf8) return 'is not valid UTF-8';
  }
  return null;
}

const SMS_KEYS = new Set(['sender', 'body', 'receivedAt']);

/** Validates one batch item in place; the error, or null when the item can be checked as it is. */
export function itemError(m: unknown, i: number, invalidUtf8: boolean): FieldError | null {
  const at = `/messages/${i}`;
  if (m === null || typeof m !== 'object' || Array.isArray(m))
    return { field: at, reason: 'must be an object' };
  const o = m as Record<string, unknown>;
  for (const k in o) if (!SMS_KEYS.has(k)) return { field: `${at}/${k}`, reason: 'unknown field' };
  const body = o.body;
  if (body === undefined) return { field: `${at}/body`, reason: 'is required' };
  if (typeof body !== 'string') return { field: `${at}/body`, reason: 'must be a string' };
  if (body.length === 0) return { field: `${at}/body`, reason: 'must not be empty' };
  if (body.length > MAX_SMS_BODY)
    return { field: `${at}/body`, reason: `longer than ${MAX_SMS_BODY} characters` };
  let reason = textProblem(body, invalidUtf8);
  if (reason) return { field: `${at}/body`, reason };
  const sender = o.sender;
  if (sender !== undefined) {
    if (typeof sender !== 'string') return { field: `${at}/sender`, reason: 'must be a string' };
    if (sender.length > MAX_SENDER)
      return { field: `${at}/sender`, reason: `longer than ${MAX_SENDER} characters` };
    reason = textProblem(sender, invalidUtf8);
    if (reason) return { field: `${at}/sender`, reason };
  }
  const receivedAt = o.receivedAt;
  if (receivedAt !== undefined && (typeof receivedAt !== 'string' || receivedAt.length > 40))
    return { field: `${at}/receivedAt`, reason: 'must be an ISO-8601 date-time string' };
  return null;
}
