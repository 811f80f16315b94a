/**
 * Protected brands: the built-in catalogue (src/core/detect/default-brands.ts) plus brands partners
 * register. A stored brand adds to the catalogue, or replaces a built-in one with the same id (the
 * analyst centre only: official domains are an allow-list every caller's checks trust).
 */
import { parse } from 'tldts';
import type { AuditLog } from '../audit/store.js';
import type { Principal } from '../auth/service.js';
import { linkingRegistrableDomain } from '../core/correlation/keys.js';
import { DEFAULT_BRANDS } from '../core/detect/default-brands.js';
import type { BrandSector, ProtectedBrand } from '../core/detect/types.js';
import { normalizeDomain, normalizeSmsSender } from '../core/indicators/index.js';
import { type Database, transact } from '../db/database.js';
import type { ProtectedBrandTable } from '../db/schema.js';
import { type FieldError, KobanError } from '../errors/catalogue.js';
import { bumpState, type Db } from './store.js';

export const BRAND_SECTORS: readonly BrandSector[] = [
  'bank',
  'card',
  'securities',
  'payment',
  'carrier',
  'logistics',
  'government',
  'ecommerce',
  'transport',
  'utility',
  'tech',
  'other',
];

export interface BrandInput {
  id?: string;
  namesJa?: readonly string[];
  namesEn?: readonly string[];
  officialDomains?: readonly string[];
  officialSenders?: readonly string[];
  hostTokens?: readonly string[];
  sector?: BrandSector;
}

export interface BrandView extends ProtectedBrand {
  /** Owning organization; null for a built-in brand. */
  orgId: string | null;
  builtIn: boolean;
  /** True when a stored brand replaces the built-in one with this id. */
  overridesBuiltIn: boolean;
  createdAt: string | null;
  updatedAt: string | null;
  version: number;
}

const BUILT_IN = new Map(DEFAULT_BRANDS.map((b) => [b.id, b]));
const HOST_TOKEN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

function parseJson(text: string): string[] {
  return JSON.parse(text) as string[];
}

export function brandOfRow(r: ProtectedBrandTable): BrandView {
  return {
    id: r.id,
    namesJa: parseJson(r.names_ja),
    namesEn: parseJson(r.names_en),
    officialDomains: parseJson(r.official_domains),
    officialSenders: parseJson(r.official_senders),
    hostTokens: parseJson(r.host_tokens),
    sector: r.sector as BrandSector,
    orgId: r.org_id,
    builtIn: false,
    overridesBuiltIn: BUILT_IN.has(r.id),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

function builtInView(b: ProtectedBrand): BrandView {
  return {
    ...b,
    orgId: null,
    builtIn: true,
    overridesBuiltIn: false,
    createdAt: null,
    updatedAt: null,
    version: 0,
  };
}

/** Built-in brands overridden or extended by stored ones, by id. */
export function effectiveBrands(stored: readonly BrandView[]): BrandView[] {
  const byId = new Map<string, BrandView>(DEFAULT_BRANDS.map((b) => [b.id, builtInView(b)]));
  for (const s of stored) byId.set(s.id, s);
  return [...byId.values()];
}

export async function loadStoredBrands(db: Db): Promise<BrandView[]> {
  const rows = await db.selectFrom('protected_brands').selectAll().orderBy('id').execute();
  return rows.map(brandOfRow);
}

/** The core's brand shape (no store fields). */
export function toProtectedBrand(b: BrandView): ProtectedBrand {
  return {
    id: b.id,
    namesJa: b.namesJa,
    namesEn: b.namesEn,
    officialDomains: b.officialDomains,
    officialSenders: b.officialSenders,
    hostTokens: b.hostTokens,
    sector: b.sector,
  };
}

interface Normalized {
  namesJa: string[];
  namesEn: string[];
  officialDomains: string[];
  officialSenders: string[];
  hostTokens: string[];
  sector: BrandSector;
}

function names(field: string, values: readonly string[] | undefined, errors: FieldError[]): string[] {
  const out: string[] = [];
  (values ?? []).forEach((raw, i) => {
    const v = raw.normalize('NFKC').trim();
    if (v.length === 0) errors.push({ field: `${field}/${i}`, reason: 'must not be blank' });
    else if (!out.includes(v)) out.push(v);
  });
  return out;
}

/** Validates and normalizes a full brand (create, or the merged result of a patch). */
export function normalizeBrand(input: BrandInput): Normalized {
  const errors: FieldError[] = [];
  const namesJa = names('/namesJa', input.namesJa, errors);
  const namesEn = names('/namesEn', input.namesEn, errors);
  if (namesJa.length + namesEn.length === 0 && errors.length === 0)
    errors.push({ field: '/namesJa', reason: 'give at least one name (namesJa or namesEn)' });
  const officialDomains: string[] = [];
  (input.officialDomains ?? []).forEach((raw, i) => {
    const field = `/officialDomains/${i}`;
    const r = normalizeDomain(raw);
    if (!r.ok) {
      errors.push({ field, reason: r.reason });
      return;
    }
    const host = r.indicator.value;
    const p = parse(host, { allowPrivateDomains: true, extractHostname: false });
    if (p.isIp) errors.push({ field, reason: 'must be a domain name, not an IP address' });
    else if (p.domain === null || p.publicSuffix === host)
      errors.push({ field, reason: 'is a public suffix; give the registrable domain or a host' });
    else if (p.isPrivate !== true && linkingRegistrableDomain(host) === null)
      errors.push({ field, reason: 'is a URL shortener or redirector shared by many parties' });
    else if (!officialDomains.includes(host)) officialDomains.push(host);
  });
  const officialSenders: string[] = [];
  (input.officialSenders ?? []).forEach((raw, i) => {
    const r = normalizeSmsSender(raw);
    if (!r.ok) errors.push({ field: `/officialSenders/${i}`, reason: r.reason });
    else if (!officialSenders.includes(r.indicator.value)) officialSenders.push(r.indicator.value);
  });
  const hostTokens: string[] = [];
  (input.hostTokens ?? []).forEach((raw, i) => {
    const t = raw.trim().toLowerCase();
    if (t.length < 2 || t.length > 63 || !HOST_TOKEN.test(t))
      errors.push({
        field: `/hostTokens/${i}`,
        reason: 'must be 2–63 ASCII letters, digits or inner hyphens (what a host name would borrow)',
      });
    else if (!hostTokens.includes(t)) hostTokens.push(t);
  });
  const sector = input.sector ?? 'other';
  if (!BRAND_SECTORS.includes(sector)) errors.push({ field: '/sector', reason: 'unknown sector' });
  if (errors.length > 0) {
    const first = errors[0] as FieldError;
    throw new KobanError('validation_failed', `${first.field}: ${first.reason}`, errors);
  }
  return { namesJa, namesEn, officialDomains, officialSenders, hostTokens, sector };
}

/** An official domain another brand already claims (equal, above or below): it would be ambiguous. */
function claimConflict(
  domains: readonly string[],
  others: readonly BrandView[],
): { index: number; brand: string; domain: string } | null {
  for (const [index, d] of domains.entries()) {
    for (const o of others) {
      for (const od of o.officialDomains) {
        if (d === od || d.endsWith(`.${od}`) || od.endsWith(`.${d}`))
          return { index, brand: o.id, domain: od };
      }
    }
  }
  return null;
}

interface Deps {
  database: Database;
  audit: AuditLog;
  newId: () => string;
  now: () => Date;
  /** Called after every committed write (the protection index reloads). */
  onChange?: () => Promise<void>;
}

/**
 * Brand writes: the owning organization's analysts and admins (a key bound to a member with role
 * admin or analyst, or a key with the admin scope). Replacing a built-in brand: the analyst centre.
 */
export class BrandService {
  constructor(private readonly deps: Deps) {}

  async list(): Promise<BrandView[]> {
    return effectiveBrands(await loadStoredBrands(this.deps.database.db));
  }

  async get(id: string): Promise<BrandView> {
    const found = (await this.list()).find((b) => b.id === id);
    if (!found) throw new KobanError('not_found', 'brand not found');
    return found;
  }

  async create(principal: Principal, input: BrandInput): Promise<BrandView> {
    const role = await this.writerRole(principal);
    const brand = normalizeBrand(input);
    const id = input.id ?? this.deps.newId();
    if (BUILT_IN.has(id) && role.orgKind !== 'analyst_centre')
      throw new KobanError(
        'forbidden',
        `"${id}" is a built-in brand; only the analyst centre may replace it`,
      );
    const at = this.deps.now().toISOString();
    await transact(this.deps.database, async (trx) => {
      const exists = await trx
        .selectFrom('protected_brands')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (exists)
        throw new KobanError('conflict', `a brand with id "${id}" is already registered`, [
          { field: '/id', reason: 'already registered' },
        ]);
      await this.checkClaims(trx, id, brand.officialDomains);
      await trx
        .insertInto('protected_brands')
        .values({
          id,
          org_id: principal.orgId,
          ...rowFields(brand),
          created_at: at,
          updated_at: at,
          version: 1,
        })
        .execute();
      await bumpState(trx, 'brands', at);
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'brand.create',
          targetType: 'brand',
          targetId: id,
          details: { ...brand },
        },
      ]);
    });
    await this.changed();
    return this.get(id);
  }

  async update(principal: Principal, id: string, patch: BrandInput): Promise<BrandView> {
    await this.writerRole(principal);
    const at = this.deps.now().toISOString();
    await transact(this.deps.database, async (trx) => {
      const row = await trx
        .selectFrom('protected_brands')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      this.assertOwner(principal, id, row);
      const before = brandOfRow(row as ProtectedBrandTable);
      const brand = normalizeBrand({ ...before, ...patch });
      await this.checkClaims(trx, id, brand.officialDomains);
      await trx
        .updateTable('protected_brands')
        .set({ ...rowFields(brand), updated_at: at, version: before.version + 1 })
        .where('id', '=', id)
        .execute();
      await bumpState(trx, 'brands', at);
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'brand.update',
          targetType: 'brand',
          targetId: id,
          details: { changed: Object.keys(patch), version: before.version + 1 },
        },
      ]);
    });
    await this.changed();
    return this.get(id);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.writerRole(principal);
    const at = this.deps.now().toISOString();
    await transact(this.deps.database, async (trx) => {
      const row = await trx
        .selectFrom('protected_brands')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      this.assertOwner(principal, id, row);
      await trx.deleteFrom('protected_brands').where('id', '=', id).execute();
      await bumpState(trx, 'brands', at);
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'brand.delete',
          targetType: 'brand',
          targetId: id,
        },
      ]);
    });
    await this.changed();
  }

  /** Who may write brands and review alerts: admin scope, or a key of a member who is admin or analyst. */
  async writerRole(principal: Principal): Promise<{ orgKind: string }> {
    const { db } = this.deps.database;
    const [org, member] = await Promise.all([
      db.selectFrom('organizations').select('kind').where('id', '=', principal.orgId).executeTakeFirst(),
      db
        .selectFrom('api_keys as k')
        .innerJoin('members as m', 'm.id', 'k.member_id')
        .select('m.role')
        .where('k.id', '=', principal.keyId)
        .executeTakeFirst(),
    ]);
    const analyst = member?.role === 'admin' || member?.role === 'analyst';
    if (!principal.scopes.has('admin') && !analyst)
      throw new KobanError(
        'forbidden',
        'Brand writes need an analyst or admin of the organization (a key of such a member, or the admin scope)',
      );
    return { orgKind: org?.kind ?? '' };
  }

  private assertOwner(principal: Principal, id: string, row: ProtectedBrandTable | undefined): void {
    if (row) {
      if (row.org_id !== principal.orgId)
        throw new KobanError('forbidden', 'the brand belongs to another organization');
      return;
    }
    if (BUILT_IN.has(id))
      throw new KobanError('forbidden', 'built-in brands are changed in code, not through the API');
    throw new KobanError('not_found', 'brand not found');
  }

  private async checkClaims(trx: Db, id: string, domains: readonly string[]): Promise<void> {
    const stored = await loadStoredBrands(trx);
    const others = effectiveBrands(stored).filter((b) => b.id !== id);
    const conflict = claimConflict(domains, others);
    if (conflict) {
      const field = `/officialDomains/${conflict.index}`;
      const reason = `overlaps ${conflict.domain}, an official domain of brand "${conflict.brand}"`;
      throw new KobanError('brand_domain_claimed', `${field}: ${reason}`, [{ field, reason }]);
    }
  }

  private async changed(): Promise<void> {
    await this.deps.onChange?.();
  }
}

function rowFields(b: Normalized) {
  return {
    names_ja: JSON.stringify(b.namesJa),
    names_en: JSON.stringify(b.namesEn),
    official_domains: JSON.stringify(b.officialDomains),
    official_senders: JSON.stringify(b.officialSenders),
    host_tokens: JSON.stringify(b.hostTokens),
    sector: b.sector,
  };
}

export const BRAND_ID_PATTERN = '^[a-z0-9][a-z0-9-]{1,63}$';
