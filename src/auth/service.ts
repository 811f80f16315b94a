import type { Database } from '../db/database.js';
import { KobanError } from '../errors/catalogue.js';
import type { Viewer } from '../sharing/policy.js';
import { parseToken, type Scope, secretMatches } from './keys.js';

/** The authenticated caller of a request. */
export interface Principal {
  keyId: string;
  orgId: string;
  scopes: ReadonlySet<Scope>;
  viewer: Viewer;
}

interface CachedKey {
  secretHash: string;
  orgId: string;
  scopes: Scope[];
  expiresAt: number | null;
  revoked: boolean;
  loadedAt: number;
}

interface CachedOrg {
  viewer: Viewer;
  loadedAt: number;
}

/**
 * Resolves bearer tokens to principals. Keys and org access facts are cached briefly so the
 * read hot path does no query per request; every change in this process invalidates at once,
 * other nodes converge within `ttlMs`.
 */
export class AuthService {
  private readonly keys = new Map<string, CachedKey>();
  private readonly orgs = new Map<string, CachedOrg>();

  constructor(
    private readonly database: Database,
    private readonly ttlMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization) throw new KobanError('unauthorized', 'Send "Authorization: Bearer <api key>"');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const parsed = match ? parseToken(match[1] as string) : null;
    if (!parsed) throw new KobanError('unauthorized', 'The API key is malformed');
    const key = await this.loadKey(parsed.id);
    if (!key || !secretMatches(parsed.secret, key.secretHash)) {
      throw new KobanError('unauthorized', 'The API key is unknown');
    }
    return this.principalOf(parsed.id, key);
  }

  /**
   * The principal of a key already proven by other means (a console session made from it): the key
   * must still exist, be unrevoked and unexpired, so revoking a key ends its sessions too.
   */
  async authenticateKeyId(keyId: string): Promise<Principal> {
    const key = await this.loadKey(keyId);
    if (!key) throw new KobanError('unauthorized', 'The API key of this session no longer exists');
    return this.principalOf(keyId, key);
  }

  private async principalOf(keyId: string, key: CachedKey): Promise<Principal> {
    if (key.revoked) throw new KobanError('unauthorized', 'The API key has been revoked');
    if (key.expiresAt !== null && key.expiresAt <= this.now()) {
      throw new KobanError('unauthorized', 'The API key has expired');
    }
    return {
      keyId,
      orgId: key.orgId,
      scopes: new Set(key.scopes),
      viewer: await this.viewerFor(key.orgId),
    };
  }

  async viewerFor(orgId: string): Promise<Viewer> {
    const cached = this.orgs.get(orgId);
    if (cached && this.now() - cached.loadedAt < this.ttlMs) return cached.viewer;
    const db = this.database.db;
    const [org, groups] = await Promise.all([
      db
        .selectFrom('organizations')
        .select(['investigation_access'])
        .where('id', '=', orgId)
        .executeTakeFirst(),
      db.selectFrom('sharing_group_members').select('group_id').where('org_id', '=', orgId).execute(),
    ]);
    const viewer: Viewer = {
      orgId,
      investigationAccess: org?.investigation_access === 1,
      groupIds: new Set(groups.map((g) => g.group_id)),
    };
    this.orgs.set(orgId, { viewer, loadedAt: this.now() });
    return viewer;
  }

  invalidateKey(keyId: string): void {
    this.keys.delete(keyId);
  }

  invalidateOrg(orgId: string): void {
    this.orgs.delete(orgId);
  }

  private async loadKey(id: string): Promise<CachedKey | null> {
    const cached = this.keys.get(id);
    if (cached && this.now() - cached.loadedAt < this.ttlMs) return cached;
    const row = await this.database.db
      .selectFrom('api_keys')
      .select(['secret_hash', 'org_id', 'scopes', 'expires_at', 'revoked_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) {
      this.keys.delete(id);
      return null;
    }
    const entry: CachedKey = {
      secretHash: row.secret_hash,
      orgId: row.org_id,
      scopes: JSON.parse(row.scopes) as Scope[],
      expiresAt: row.expires_at ? Date.parse(row.expires_at) : null,
      revoked: row.revoked_at !== null,
      loadedAt: this.now(),
    };
    this.keys.set(id, entry);
    return entry;
  }
}

export function requireScope(principal: Principal, scope: Scope): void {
  if (principal.scopes.has(scope) || principal.scopes.has('admin')) return;
  throw new KobanError('forbidden', `This action needs the "${scope}" scope`);
}
