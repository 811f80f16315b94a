/** Scope checks of the advisory API (one place, so routes and services agree). */
import type { Principal } from '../auth/service.js';
import { requireScope } from '../auth/service.js';
import { KobanError } from '../errors/catalogue.js';

/** Authors and approvers read drafts, versions and redaction diffs of their organization. */
export function requireAdvisoryReader(principal: Principal): void {
  const { scopes } = principal;
  if (scopes.has('advisories:write') || scopes.has('advisories:approve') || scopes.has('admin')) return;
  throw new KobanError('forbidden', 'This action needs the "advisories:write" or "advisories:approve" scope');
}

export const requireAuthor = (principal: Principal) => requireScope(principal, 'advisories:write');
export const requireApprover = (principal: Principal) => requireScope(principal, 'advisories:approve');
