import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Scopes an API key can carry. Keys get the least they need; `admin` is for the centre's operators. */
export const SCOPES = [
  'admin',
  'keys:manage',
  'groups:manage',
  'reports:read',
  'reports:write',
  'indicators:read',
  'audit:read',
  'knowledge:write',
  'infrastructure:write',
  'attribution:write',
  'warninglists:write',
  'fraud:read',
  'fraud:write',
  'fraud:admin',
  'investigation:read',
  'investigation:write',
  'catalogue:write',
  'inquiries:answer',
  'advisories:write',
  'advisories:approve',
] as const;
export type Scope = (typeof SCOPES)[number];

export const DEFAULT_KEY_SCOPES: Scope[] = ['reports:read', 'reports:write', 'indicators:read'];

const KEY_PREFIX = 'kbn';

export interface GeneratedKey {
  id: string;
  /** Shown to the caller exactly once; only its hash is stored. */
  token: string;
  secretHash: string;
}

export function generateApiKey(): GeneratedKey {
  const id = randomBytes(9).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${KEY_PREFIX}_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** SHA-256 suffices: secrets are 256 random bits, so there is nothing to brute-force. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function parseToken(token: string): { id: string; secret: string } | null {
  const match = /^kbn_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  return { id: match[1] as string, secret: match[2] as string };
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
