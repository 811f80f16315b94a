import type { AuditLog } from '../audit/store.js';
import { type Principal, requireScope } from '../auth/service.js';
import { type Database, transact } from '../db/database.js';
import type { TaxiiSourceTable } from '../db/schema.js';
import { invalid, KobanError } from '../errors/catalogue.js';
import { assertPublicDestination, type OutboundPolicy, OutboundRefused } from '../http/outbound.js';
import { TLP_LEVELS, type Tlp } from '../sharing/policy.js';
import { normalizeApiRoot, type RemoteAuth, type RemoteEndpoint } from './http.js';

/** Sources per organization: each polls on its own schedule; more is a misconfiguration. */
const MAX_SOURCES_PER_ORG = 20;
export const MIN_POLL_SECONDS = 30;
export const MAX_POLL_SECONDS = 7 * 24 * 3600;
const DEFAULT_POLL_SECONDS = 300;
/** What an imported object may do at most: the registering key's scopes narrowed to these. */
const SOURCE_SCOPES = ['reports:write', 'knowledge:write'] as const;

export type AuthInput =
  | { kind: 'none' }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'bearer'; token: string };

export interface SourceInput {
  name: string;
  apiRoot: string;
  collectionId: string;
  auth?: AuthInput;
  pollSeconds?: number;
  defaultTlp?: Tlp;
  sharingGroups?: string[];
  enabled?: boolean;
  /** First `added_after`: objects added before it are never fetched (default: the whole collection). */
  addedAfter?: string;
}

export type SourceUpdate = Partial<
  Pick<SourceInput, 'name' | 'auth' | 'pollSeconds' | 'defaultTlp' | 'sharingGroups' | 'enabled'>
>;

export interface SourceFailure {
  at: string;
  id: string;
  type: string;
  reason: string;
}

/** A source as its organization sees it: the secret is never echoed back. */
export interface SourceView {
  id: string;
  name: string;
  apiRoot: string;
  collectionId: string;
  auth: { kind: string; username?: string };
  pollSeconds: number;
  defaultTlp: string;
  sharingGroups: string[];
  enabled: boolean;
  importsKnowledge: boolean;
  createdAt: string;
  updatedAt: string;
  checkpoint: { addedAfter: string | null; runInProgress: boolean };
  nextPollAt: string;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  attempts: number;
  importedCount: number;
  failedCount: number;
  lastFailures: SourceFailure[];
}

export const viewOfSource = (row: TaxiiSourceTable): SourceView => {
  const scopes = JSON.parse(row.scopes) as string[];
  return {
    id: row.id,
    name: row.name,
    apiRoot: row.api_root_url,
    collectionId: row.collection_id,
    auth: { kind: row.auth_kind, ...(row.auth_username ? { username: row.auth_username } : {}) },
    pollSeconds: row.poll_seconds,
    defaultTlp: row.default_tlp,
    sharingGroups: JSON.parse(row.sharing_groups) as string[],
    enabled: row.enabled === 1,
    importsKnowledge: scopes.includes('knowledge:write'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    checkpoint: { addedAfter: row.checkpoint_added_after, runInProgress: row.run_next !== null },
    nextPollAt: row.next_poll_at,
    lastPollAt: row.last_poll_at,
    lastSuccessAt: row.last_success_at,
    lastError: row.last_error,
    attempts: row.attempts,
    importedCount: row.imported_count,
    failedCount: row.failed_count,
    lastFailures: JSON.parse(row.last_failures) as SourceFailure[],
  };
};

export function endpointOf(row: TaxiiSourceTable): RemoteEndpoint {
  let auth: RemoteAuth = { kind: 'none' };
  if (row.auth_kind === 'basic')
    auth = { kind: 'basic', username: row.auth_username ?? '', password: row.auth_secret ?? '' };
  else if (row.auth_kind === 'bearer') auth = { kind: 'bearer', token: row.auth_secret ?? '' };
  return { apiRoot: row.api_root_url, auth };
}

function authColumns(auth: AuthInput) {
  if (auth.kind === 'basic')
    return { auth_kind: 'basic', auth_username: auth.username, auth_secret: auth.password };
  if (auth.kind === 'bearer') return { auth_kind: 'bearer', auth_username: null, auth_secret: auth.token };
  return { auth_kind: 'none', auth_username: null, auth_secret: null };
}

interface Deps {
  database: Database;
  audit: AuditLog;
  newId: () => string;
  now: () => Date;
  outbound: OutboundPolicy;
}

/** Registration of remote TAXII collections: the organization's administrators (`keys:manage`) own them. */
export class TaxiiSources {
  constructor(private readonly deps: Deps) {}

  async create(principal: Principal, input: SourceInput): Promise<SourceView> {
    requireScope(principal, 'keys:manage');
    requireScope(principal, 'reports:write');
    const { db } = this.deps.database;
    const count = await db
      .selectFrom('taxii_sources')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', principal.orgId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_SOURCES_PER_ORG)
      throw new KobanError('conflict', `at most ${MAX_SOURCES_PER_ORG} TAXII sources per organization`);
    const apiRoot = await this.checkApiRoot(input.apiRoot);
    const now = this.deps.now().toISOString();
    const held = principal.scopes as ReadonlySet<string>;
    const row: TaxiiSourceTable = {
      id: this.deps.newId(),
      org_id: principal.orgId,
      name: checkName(input.name),
      api_root_url: apiRoot,
      collection_id: checkCollectionId(input.collectionId),
      ...authColumns(checkAuth(input.auth ?? { kind: 'none' })),
      poll_seconds: checkPollSeconds(input.pollSeconds ?? DEFAULT_POLL_SECONDS),
      default_tlp: checkTlp(input.defaultTlp ?? 'AMBER'),
      sharing_groups: JSON.stringify(checkGroups(principal, input.sharingGroups ?? [])),
      scopes: JSON.stringify(SOURCE_SCOPES.filter((s) => held.has(s) || held.has('admin'))),
      enabled: input.enabled === false ? 0 : 1,
      created_at: now,
      updated_at: now,
      checkpoint_added_after: input.addedAfter ? checkTimestamp('/addedAfter', input.addedAfter) : null,
      run_added_after: null,
      run_next: null,
      next_poll_at: now,
      attempts: 0,
      lease_until: null,
      last_poll_at: null,
      last_success_at: null,
      last_error: null,
      imported_count: 0,
      failed_count: 0,
      last_failures: '[]',
    };
    await transact(this.deps.database, async (trx) => {
      await trx.insertInto('taxii_sources').values(row).execute();
      await this.deps.audit.appendIn(trx, [this.event(principal, 'taxii.source.create', row)]);
    });
    return viewOfSource(row);
  }

  async list(principal: Principal): Promise<SourceView[]> {
    requireScope(principal, 'keys:manage');
    const rows = await this.deps.database.db
      .selectFrom('taxii_sources')
      .selectAll()
      .where('org_id', '=', principal.orgId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(viewOfSource);
  }

  async get(principal: Principal, id: string): Promise<SourceView> {
    requireScope(principal, 'keys:manage');
    return viewOfSource(await this.row(principal, id));
  }

  /** The row of a source of the caller's organization; another organization's answers 404 like a missing one. */
  async row(principal: Principal, id: string): Promise<TaxiiSourceTable> {
    const row = await this.deps.database.db
      .selectFrom('taxii_sources')
      .selectAll()
      .where('id', '=', id)
      .where('org_id', '=', principal.orgId)
      .executeTakeFirst();
    if (!row) throw new KobanError('not_found', 'TAXII source not found');
    return row;
  }

  async update(principal: Principal, id: string, input: SourceUpdate): Promise<SourceView> {
    requireScope(principal, 'keys:manage');
    requireScope(principal, 'reports:write');
    const before = await this.row(principal, id);
    const changes: Partial<TaxiiSourceTable> = { updated_at: this.deps.now().toISOString() };
    if (input.name !== undefined) changes.name = checkName(input.name);
    if (input.auth !== undefined) Object.assign(changes, authColumns(checkAuth(input.auth)));
    if (input.pollSeconds !== undefined) changes.poll_seconds = checkPollSeconds(input.pollSeconds);
    if (input.defaultTlp !== undefined) changes.default_tlp = checkTlp(input.defaultTlp);
    if (input.sharingGroups !== undefined)
      changes.sharing_groups = JSON.stringify(checkGroups(principal, input.sharingGroups));
    if (input.enabled !== undefined) {
      changes.enabled = input.enabled ? 1 : 0;
      // Re-enabling (or fixing credentials) should not wait out a long backoff.
      if (input.enabled) Object.assign(changes, { next_poll_at: changes.updated_at, attempts: 0 });
    }
    if (input.auth !== undefined) Object.assign(changes, { next_poll_at: changes.updated_at, attempts: 0 });
    const after = { ...before, ...changes };
    await transact(this.deps.database, async (trx) => {
      await trx.updateTable('taxii_sources').set(changes).where('id', '=', id).execute();
      await this.deps.audit.appendIn(trx, [
        this.event(principal, 'taxii.source.update', after, { changed: Object.keys(input).sort() }),
      ]);
    });
    return viewOfSource(after);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    requireScope(principal, 'keys:manage');
    const row = await this.row(principal, id);
    await transact(this.deps.database, async (trx) => {
      await trx.deleteFrom('taxii_sources').where('id', '=', id).execute();
      await this.deps.audit.appendIn(trx, [this.event(principal, 'taxii.source.delete', row)]);
    });
  }

  private event(principal: Principal, action: string, row: TaxiiSourceTable, extra: object = {}) {
    return {
      orgId: principal.orgId,
      keyId: principal.keyId,
      action,
      targetType: 'taxii_source',
      targetId: row.id,
      // Never the secret: the audit trail is readable by auditors.
      details: {
        name: row.name,
        apiRoot: row.api_root_url,
        collectionId: row.collection_id,
        auth: row.auth_kind,
        ...extra,
      },
    };
  }

  private async checkApiRoot(raw: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw invalid('/apiRoot', 'must be an absolute http(s) URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw invalid('/apiRoot', 'must use https (or http)');
    if (url.username || url.password)
      throw invalid('/apiRoot', 'must not carry credentials: give them in "auth"');
    const normalized = normalizeApiRoot(url.toString());
    try {
      await assertPublicDestination(normalized, this.deps.outbound, { resolve: false });
    } catch (error) {
      if (error instanceof OutboundRefused) throw invalid('/apiRoot', error.message);
      throw error;
    }
    return normalized;
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200) throw invalid('/name', 'must be 1–200 characters');
  return trimmed;
}

function checkCollectionId(id: string): string {
  // TAXII collection ids are UUIDs by the spec; some servers use other safe tokens, so accept those too.
  if (!/^[A-Za-z0-9._~-]{1,200}$/.test(id))
    throw invalid('/collectionId', 'must be the collection id (a UUID), 1–200 URL-safe characters');
  return id;
}

function checkAuth(auth: AuthInput): AuthInput {
  if (auth.kind === 'basic') {
    if (auth.username.length === 0 || auth.username.length > 200 || auth.username.includes(':'))
      throw invalid('/auth/username', 'must be 1–200 characters without ":"');
    if (auth.password.length === 0 || auth.password.length > 4096)
      throw invalid('/auth/password', 'must be 1–4096 characters');
  } else if (auth.kind === 'bearer') {
    if (!/^[\x21-\x7e]{1,4096}$/.test(auth.token))
      throw invalid('/auth/token', 'must be 1–4096 printable characters without spaces');
  }
  return auth;
}

function checkPollSeconds(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < MIN_POLL_SECONDS || seconds > MAX_POLL_SECONDS)
    throw invalid('/pollSeconds', `must be an integer from ${MIN_POLL_SECONDS} to ${MAX_POLL_SECONDS}`);
  return seconds;
}

function checkTlp(tlp: string): Tlp {
  if (!(TLP_LEVELS as readonly string[]).includes(tlp))
    throw invalid('/defaultTlp', `must be one of ${TLP_LEVELS.join(', ')}`);
  return tlp as Tlp;
}

/** Imported reports may be shared only with groups the organization is in (the intake checks it again). */
function checkGroups(principal: Principal, groups: string[]): string[] {
  const unique = [...new Set(groups)];
  unique.forEach((g, i) => {
    if (!principal.viewer.groupIds.has(g))
      throw invalid(`/sharingGroups/${i}`, 'your organization is not a member of this sharing group');
  });
  return unique;
}

function checkTimestamp(field: string, value: string): string {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms))
    throw invalid(field, 'must be an ISO-8601 time');
  return new Date(ms).toISOString();
}
