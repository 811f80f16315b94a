/**
 * The versioned catalogue: every change stores a whole new version (history is kept as is, an
 * inquiry names the version it was drafted from). Version 1 is the starter catalogue.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/chain.js';
import type { AuditLog } from '../audit/store.js';
import type { Principal } from '../auth/service.js';
import { type Database, transact } from '../db/database.js';
import { type FieldError, KobanError } from '../errors/catalogue.js';
import { type Catalogue, type Provider, validateCatalogue, validateProvider } from './catalogue-format.js';
import { starterCatalogue } from './starter-catalogue.js';

export interface CatalogueVersion {
  version: number;
  change: string;
  createdAt: string;
  orgId: string | null;
  keyId: string | null;
  contentHash: string;
  providers: number;
}

export interface StoredCatalogue {
  version: number;
  catalogue: Catalogue;
}

const hashOf = (c: Catalogue) => createHash('sha256').update(canonicalJson(c)).digest('hex');

export class CatalogueStore {
  /** Parsed bodies by version: versions never change, so this cache needs no invalidation. */
  private readonly parsed = new Map<number, Catalogue>();

  constructor(private readonly deps: { database: Database; audit: AuditLog; now: () => Date }) {}

  /** Stores the starter catalogue as version 1 when there is none (idempotent across nodes). */
  async seed(): Promise<void> {
    const catalogue = starterCatalogue();
    await this.deps.database.db
      .insertInto('log_catalogue_versions')
      .values({
        version: 1,
        body: JSON.stringify(catalogue),
        content_hash: hashOf(catalogue),
        change: 'starter catalogue',
        created_at: this.deps.now().toISOString(),
        org_id: null,
        key_id: null,
      })
      .onConflict((oc) => oc.column('version').doNothing())
      .execute();
  }

  async current(): Promise<StoredCatalogue> {
    const row = await this.deps.database.db
      .selectFrom('log_catalogue_versions')
      .select((eb) => eb.fn.max('version').as('version'))
      .executeTakeFirst();
    if (row?.version == null) {
      await this.seed();
      return this.get(1);
    }
    return this.get(Number(row.version));
  }

  async get(version: number): Promise<StoredCatalogue> {
    const cached = this.parsed.get(version);
    if (cached) return { version, catalogue: cached };
    const row = await this.deps.database.db
      .selectFrom('log_catalogue_versions')
      .select('body')
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw new KobanError('not_found', `No catalogue version ${version}`);
    const catalogue = JSON.parse(row.body) as Catalogue;
    this.parsed.set(version, catalogue);
    return { version, catalogue };
  }

  async history(): Promise<CatalogueVersion[]> {
    const rows = await this.deps.database.db
      .selectFrom('log_catalogue_versions')
      .selectAll()
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({
      version: Number(r.version),
      change: r.change,
      createdAt: r.created_at,
      orgId: r.org_id,
      keyId: r.key_id,
      contentHash: r.content_hash,
      providers: (JSON.parse(r.body) as Catalogue).providers.length,
    }));
  }

  /** Validates and stores a whole catalogue (import); unchanged content makes no new version. */
  async replace(
    p: Principal,
    input: unknown,
    change = 'import',
  ): Promise<{ version: number; created: boolean }> {
    const checked = validateCatalogue(input);
    if (!checked.ok) throw invalidCatalogue(checked.errors);
    return this.store(p, checked.value, change);
  }

  async upsertProvider(
    p: Principal,
    providerId: string,
    input: unknown,
  ): Promise<{ version: number; created: boolean }> {
    const checked = validateProvider(input);
    if (!checked.ok) throw invalidCatalogue(checked.errors);
    if (checked.value.id !== providerId)
      throw new KobanError('validation_failed', 'The body id must match the path', [
        { field: '/id', reason: `must be "${providerId}"` },
      ]);
    const { catalogue } = await this.current();
    const providers = catalogue.providers.filter((x) => x.id !== providerId);
    const existed = providers.length !== catalogue.providers.length;
    const next: Provider[] = existed
      ? catalogue.providers.map((x) => (x.id === providerId ? checked.value : x))
      : [...providers, checked.value];
    return this.store(
      p,
      { ...catalogue, providers: next },
      `${existed ? 'update' : 'add'} provider ${providerId}`,
    );
  }

  async deleteProvider(p: Principal, providerId: string): Promise<{ version: number; created: boolean }> {
    const { catalogue } = await this.current();
    if (!catalogue.providers.some((x) => x.id === providerId))
      throw new KobanError('not_found', `No provider ${providerId} in the catalogue`);
    const providers = catalogue.providers.filter((x) => x.id !== providerId);
    return this.store(p, { ...catalogue, providers }, `delete provider ${providerId}`);
  }

  private async store(
    p: Principal,
    catalogue: Catalogue,
    change: string,
  ): Promise<{ version: number; created: boolean }> {
    await this.checkOrganizations(catalogue);
    const contentHash = hashOf(catalogue);
    const at = this.deps.now().toISOString();
    try {
      return await transact(this.deps.database, async (trx) => {
        const head = await trx
          .selectFrom('log_catalogue_versions')
          .select(['version', 'content_hash'])
          .orderBy('version', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (head?.content_hash === contentHash) return { version: Number(head.version), created: false };
        const version = Number(head?.version ?? 0) + 1;
        await trx
          .insertInto('log_catalogue_versions')
          .values({
            version,
            body: JSON.stringify(catalogue),
            content_hash: contentHash,
            change,
            created_at: at,
            org_id: p.orgId,
            key_id: p.keyId,
          })
          .execute();
        await this.deps.audit.appendIn(trx, [
          {
            orgId: p.orgId,
            keyId: p.keyId,
            action: 'investigation.catalogue.version',
            targetType: 'log_catalogue',
            targetId: String(version),
            details: { change, contentHash },
          },
        ]);
        return { version, created: true };
      });
    } catch (error) {
      // Two analysts saving at once on PostgreSQL: the second insert hits the primary key.
      if (/unique|duplicate/i.test(String((error as Error).message)))
        throw new KobanError(
          'conflict',
          'The catalogue changed meanwhile; reload and apply the change again',
        );
      throw error;
    }
  }

  /** A provider linked to an organization must name one that exists (inquiries are delivered there). */
  private async checkOrganizations(catalogue: Catalogue): Promise<void> {
    const wanted = [
      ...new Set(catalogue.providers.flatMap((p) => (p.organizationId ? [p.organizationId] : []))),
    ];
    if (wanted.length === 0) return;
    const rows = await this.deps.database.db
      .selectFrom('organizations')
      .select('id')
      .where('id', 'in', wanted)
      .execute();
    const known = new Set(rows.map((r) => r.id));
    const errors: FieldError[] = [];
    catalogue.providers.forEach((p, i) => {
      if (p.organizationId && !known.has(p.organizationId))
        errors.push({
          field: `/providers/${i}/organizationId`,
          reason: `no organization ${p.organizationId}`,
        });
    });
    if (errors.length) throw invalidCatalogue(errors);
  }
}

function invalidCatalogue(errors: FieldError[]): KobanError {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new KobanError('validation_failed', `${first?.field}: ${first?.reason}${more}`, errors);
}
