import type { AuditLog } from '../audit/store.js';
import { DEFAULT_KEY_SCOPES, generateApiKey, SCOPES, type Scope } from '../auth/keys.js';
import { type AuthService, type Principal, requireScope } from '../auth/service.js';
import { type Database, transact } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import { invalid, KobanError } from '../errors/catalogue.js';
import type { MemberRole, OrgKind } from './kinds.js';

export interface Organization {
  id: string;
  name: string;
  kind: OrgKind;
  investigationAccess: boolean;
  createdAt: string;
}

export interface Member {
  id: string;
  orgId: string;
  name: string;
  email: string | null;
  role: MemberRole;
  createdAt: string;
}

export interface ApiKeyInfo {
  id: string;
  orgId: string;
  memberId: string | null;
  name: string;
  scopes: Scope[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface Deps {
  database: Database;
  audit: AuditLog;
  auth: AuthService;
  newId: () => string;
  now: () => Date;
}

const toOrg = (r: KobanDatabase['organizations']): Organization => ({
  id: r.id,
  name: r.name,
  kind: r.kind as OrgKind,
  investigationAccess: r.investigation_access === 1,
  createdAt: r.created_at,
});

const toKey = (r: Omit<KobanDatabase['api_keys'], 'secret_hash'>): ApiKeyInfo => ({
  id: r.id,
  orgId: r.org_id,
  memberId: r.member_id,
  name: r.name,
  scopes: JSON.parse(r.scopes) as Scope[],
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

/** Organizations, their members and their API keys. */
export class OrganizationService {
  constructor(private readonly deps: Deps) {}

  /** First-run bootstrap: the analyst centre and its admin key, exactly once per data store. */
  async initialize(name: string): Promise<{ organization: Organization; apiKey: string; apiKeyId: string }> {
    return transact(this.deps.database, async (trx) => {
      const done = await trx
        .selectFrom('koban_meta')
        .select('value')
        .where('key', '=', 'initialized_at')
        .executeTakeFirst();
      if (done)
        throw new KobanError(
          'already_initialized',
          `Koban was initialized at ${done.value}; refusing to run twice`,
        );
      const at = this.deps.now().toISOString();
      const org = {
        id: this.deps.newId(),
        name,
        kind: 'analyst_centre',
        investigation_access: 1,
        created_at: at,
      };
      await trx.insertInto('organizations').values(org).execute();
      await trx.insertInto('koban_meta').values({ key: 'initialized_at', value: at }).execute();
      const key = generateApiKey();
      await trx
        .insertInto('api_keys')
        .values({
          id: key.id,
          org_id: org.id,
          member_id: null,
          name: 'initial admin key',
          secret_hash: key.secretHash,
          scopes: JSON.stringify(SCOPES),
          created_at: at,
          expires_at: null,
          revoked_at: null,
        })
        .execute();
      await this.deps.audit.appendIn(trx, [
        {
          orgId: org.id,
          keyId: null,
          action: 'system.initialize',
          targetType: 'organization',
          targetId: org.id,
        },
      ]);
      return { organization: toOrg(org), apiKey: key.token, apiKeyId: key.id };
    });
  }

  async create(
    principal: Principal,
    input: { name: string; kind: OrgKind; investigationAccess?: boolean },
  ): Promise<Organization> {
    requireScope(principal, 'admin');
    const row = {
      id: this.deps.newId(),
      name: input.name.trim(),
      kind: input.kind,
      investigation_access: input.investigationAccess ? 1 : 0,
      created_at: this.deps.now().toISOString(),
    };
    if (row.name.length === 0) throw invalid('/name', 'must not be blank');
    await transact(this.deps.database, async (trx) => {
      await trx.insertInto('organizations').values(row).execute();
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'organization.create',
          targetType: 'organization',
          targetId: row.id,
          details: {
            name: row.name,
            kind: row.kind,
            investigationAccess: input.investigationAccess === true,
          },
        },
      ]);
    });
    return toOrg(row);
  }

  async update(principal: Principal, id: string, patch: { name?: string; investigationAccess?: boolean }) {
    requireScope(principal, 'admin');
    const changes: Partial<KobanDatabase['organizations']> = {};
    if (patch.name !== undefined) changes.name = patch.name.trim();
    if (patch.investigationAccess !== undefined)
      changes.investigation_access = patch.investigationAccess ? 1 : 0;
    await transact(this.deps.database, async (trx) => {
      const existing = await trx
        .selectFrom('organizations')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!existing) throw new KobanError('not_found', 'organization not found');
      if (Object.keys(changes).length > 0)
        await trx.updateTable('organizations').set(changes).where('id', '=', id).execute();
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'organization.update',
          targetType: 'organization',
          targetId: id,
          details: patch,
        },
      ]);
    });
    this.deps.auth.invalidateOrg(id);
    return this.get(id);
  }

  /** The directory of partner organizations: every member of the community may read it to name recipients. */
  async list(): Promise<Organization[]> {
    const rows = await this.deps.database.db.selectFrom('organizations').selectAll().orderBy('id').execute();
    return rows.map(toOrg);
  }

  async get(id: string): Promise<Organization> {
    const row = await this.deps.database.db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new KobanError('not_found', 'organization not found');
    return toOrg(row);
  }

  async addMember(
    principal: Principal,
    orgId: string,
    input: { name: string; email?: string; role: MemberRole },
  ) {
    this.requireOrgManager(principal, orgId);
    await this.get(orgId);
    const row = {
      id: this.deps.newId(),
      org_id: orgId,
      name: input.name.trim(),
      email: input.email?.trim().toLowerCase() ?? null,
      role: input.role,
      created_at: this.deps.now().toISOString(),
    };
    await transact(this.deps.database, async (trx) => {
      await trx.insertInto('members').values(row).execute();
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'member.create',
          targetType: 'member',
          targetId: row.id,
          details: { orgId, role: row.role },
        },
      ]);
    });
    return {
      id: row.id,
      orgId,
      name: row.name,
      email: row.email,
      role: input.role,
      createdAt: row.created_at,
    } satisfies Member;
  }

  async listMembers(principal: Principal, orgId: string): Promise<Member[]> {
    this.requireOrgManager(principal, orgId);
    const rows = await this.deps.database.db
      .selectFrom('members')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      name: r.name,
      email: r.email,
      role: r.role as MemberRole,
      createdAt: r.created_at,
    }));
  }

  async createKey(
    principal: Principal,
    orgId: string,
    input: { name: string; scopes?: Scope[]; expiresAt?: string; memberId?: string },
  ): Promise<ApiKeyInfo & { apiKey: string }> {
    this.requireOrgManager(principal, orgId);
    await this.get(orgId);
    const scopes = [...new Set(input.scopes ?? DEFAULT_KEY_SCOPES)];
    // A key can never grant more than the key that creates it (admin alone may mint admin keys).
    for (const scope of scopes) {
      if (!principal.scopes.has('admin') && !principal.scopes.has(scope)) {
        throw invalid('/scopes', `cannot grant "${scope}": the calling key does not hold it`);
      }
    }
    if (input.expiresAt !== undefined) {
      const at = Date.parse(input.expiresAt);
      if (Number.isNaN(at)) throw invalid('/expiresAt', 'must be an ISO-8601 date-time');
      if (at <= this.deps.now().getTime()) throw invalid('/expiresAt', 'must be in the future');
    }
    if (input.memberId) {
      const member = await this.deps.database.db
        .selectFrom('members')
        .select('org_id')
        .where('id', '=', input.memberId)
        .executeTakeFirst();
      if (member?.org_id !== orgId) throw invalid('/memberId', 'no such member in this organization');
    }
    const key = generateApiKey();
    const row = {
      id: key.id,
      org_id: orgId,
      member_id: input.memberId ?? null,
      name: input.name.trim(),
      secret_hash: key.secretHash,
      scopes: JSON.stringify(scopes),
      created_at: this.deps.now().toISOString(),
      expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
      revoked_at: null,
    };
    await transact(this.deps.database, async (trx) => {
      await trx.insertInto('api_keys').values(row).execute();
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'api_key.create',
          targetType: 'api_key',
          targetId: key.id,
          details: { orgId, scopes },
        },
      ]);
    });
    return { ...toKey(row), apiKey: key.token };
  }

  async listKeys(principal: Principal, orgId: string): Promise<ApiKeyInfo[]> {
    this.requireOrgManager(principal, orgId);
    const rows = await this.deps.database.db
      .selectFrom('api_keys')
      .select(['id', 'org_id', 'member_id', 'name', 'scopes', 'created_at', 'expires_at', 'revoked_at'])
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .execute();
    return rows.map(toKey);
  }

  async revokeKey(principal: Principal, orgId: string, keyId: string): Promise<ApiKeyInfo> {
    this.requireOrgManager(principal, orgId);
    const result = await transact(this.deps.database, async (trx) => {
      const row = await trx
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', keyId)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      if (!row) throw new KobanError('not_found', 'API key not found');
      if (row.revoked_at) return row; // revoking twice is a no-op, so retries are safe
      const revokedAt = this.deps.now().toISOString();
      await trx.updateTable('api_keys').set({ revoked_at: revokedAt }).where('id', '=', keyId).execute();
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'api_key.revoke',
          targetType: 'api_key',
          targetId: keyId,
          details: { orgId },
        },
      ]);
      return { ...row, revoked_at: revokedAt };
    });
    this.deps.auth.invalidateKey(keyId);
    return toKey(result);
  }

  private requireOrgManager(principal: Principal, orgId: string): void {
    if (principal.scopes.has('admin')) return;
    requireScope(principal, 'keys:manage');
    // Another organization's keys are reported as missing, not forbidden: their existence is not ours to reveal.
    if (principal.orgId !== orgId) throw new KobanError('not_found', 'organization not found');
  }
}
