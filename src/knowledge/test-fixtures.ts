import type { Principal } from '../auth/service.js';

/** Small STIX bundles and principals for the knowledge tests. */
let counter = 0;
export const uuid = (n = ++counter) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export const admin: Principal = {
  keyId: 'key-admin',
  orgId: 'org-centre',
  scopes: new Set(['admin']),
  viewer: { orgId: 'org-centre', investigationAccess: true, groupIds: new Set() },
};

export const reader: Principal = {
  ...admin,
  keyId: 'key-reader',
  orgId: 'org-bank',
  scopes: new Set(['reports:read']),
};

export function sdo(type: string, fields: Record<string, unknown> = {}, n?: number): Record<string, unknown> {
  return {
    type,
    spec_version: '2.1',
    id: `${type}--${uuid(n)}`,
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    name: `${type} ${n ?? counter}`,
    ...fields,
  };
}

export function rel(
  source: string,
  target: string,
  relationshipType = 'uses',
  n?: number,
): Record<string, unknown> {
  return {
    type: 'relationship',
    spec_version: '2.1',
    id: `relationship--${uuid(n)}`,
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    relationship_type: relationshipType,
    source_ref: source,
    target_ref: target,
  };
}

export const bundle = (...objects: unknown[]) => ({ type: 'bundle', id: `bundle--${uuid()}`, objects });
