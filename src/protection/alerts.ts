/**
 * Lookalike-domain alerts: a domain that imitates a protected brand, seen in a report, a feed, a
 * certificate-transparency name list or a watched list of new registrations. One row per
 * (brand, domain); later sightings bump `count` and `last_seen` and keep the reviewer's status.
 *
 * Reports feed alerts through a cursor kept in `koban_meta` (so each report is matched once across
 * restarts, processes and nodes). Only reports every partner may see raise alerts: an alert goes to
 * the brand's owner, who must not learn a domain from a report it may not read (RED, AMBER+STRICT,
 * restricted or investigation reports never surface here).
 */
import { sql } from 'kysely';
import type { AuditLog } from '../audit/store.js';
import type { Principal } from '../auth/service.js';
import { CoalescedRun } from '../core/coalesced-run.js';
import { linkingRegistrableDomain } from '../core/correlation/keys.js';
import { defangHost } from '../core/detect/defang.js';
import type { LookalikeFinder, LookalikeHit } from '../core/detect/url-check.js';
import { type Database, transact } from '../db/database.js';
import type { LookalikeAlertTable } from '../db/schema.js';
import { KobanError } from '../errors/catalogue.js';
import { canSee, type Viewer } from '../sharing/policy.js';
import type { BrandService } from './brands.js';
import { type Db, loadReportPage } from './store.js';

export const ALERT_SOURCES = ['report', 'feed', 'ct', 'watch'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];
export const ALERT_STATUSES = ['open', 'dismissed', 'confirmed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

const CURSOR_KEY = 'protection.alerts.cursor';
const PAGE = 1_000;
const ANY_PARTNER: Viewer = { orgId: '', groupIds: new Set(), investigationAccess: false };

export interface AlertView {
  id: string;
  brand: string;
  /** Defanged display form. */
  domain: string;
  registrableDomain: string | null;
  kind: string;
  distance: number;
  source: string;
  sourceRef: string | null;
  firstSeen: string;
  lastSeen: string;
  count: number;
  status: string;
}

export interface AlertHit extends LookalikeHit {
  domain: string;
}

function view(r: LookalikeAlertTable): AlertView {
  return {
    id: r.id,
    brand: r.brand_id,
    domain: defangHost(r.domain),
    registrableDomain: r.registrable_domain,
    kind: r.kind,
    distance: Number(r.distance),
    source: r.source,
    sourceRef: r.source_ref,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    count: Number(r.count),
    status: r.status,
  };
}

function hostOf(type: string, value: string): string | null {
  if (type === 'domain') return value;
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:[\]]+)/i.exec(value);
  return m?.[1]?.toLowerCase() ?? null;
}

interface Deps {
  database: Database;
  audit: AuditLog;
  brands: BrandService;
  newId: () => string;
  now: () => Date;
  /** The current matcher (the protection index's, rebuilt when brands change). */
  matcher: () => Promise<LookalikeFinder>;
}

export class LookalikeAlerts {
  private readonly runs = new CoalescedRun<number>(
    () => this.processReports(),
    (a, b) => a + b,
  );

  constructor(private readonly deps: Deps) {}

  /** Matches reports not matched yet; concurrent calls share one run. Returns alerts recorded. */
  processNewReports(): Promise<number> {
    return this.runs.run();
  }

  settled(): Promise<void> {
    return this.runs.settled();
  }

  /** Upserts alerts in the caller's transaction or its own. */
  async record(
    hits: readonly AlertHit[],
    source: AlertSource,
    sourceRef: string | null,
    trx?: Db,
  ): Promise<void> {
    if (hits.length === 0) return;
    const write = async (db: Db) => {
      const at = this.deps.now().toISOString();
      for (const h of hits) {
        await db
          .insertInto('lookalike_alerts')
          .values({
            id: this.deps.newId(),
            brand_id: h.brand,
            domain: h.domain,
            registrable_domain: linkingRegistrableDomain(h.domain),
            kind: h.kind,
            distance: h.distance,
            source,
            source_ref: sourceRef,
            first_seen: at,
            last_seen: at,
            count: 1,
            status: 'open',
          })
          .onConflict((oc) =>
            oc.columns(['brand_id', 'domain']).doUpdateSet({
              last_seen: at,
              count: sql`lookalike_alerts.count + 1`,
            }),
          )
          .execute();
      }
    };
    if (trx) await write(trx);
    else await transact(this.deps.database, write);
  }

  private async processReports(): Promise<number> {
    const matcher = await this.deps.matcher();
    let recorded = 0;
    for (;;) {
      const done = await transact(this.deps.database, async (trx) => {
        await trx
          .insertInto('koban_meta')
          .values({ key: CURSOR_KEY, value: '' })
          .onConflict((oc) => oc.column('key').doNothing())
          .execute();
        const row = await trx
          .selectFrom('koban_meta')
          .select('value')
          .where('key', '=', CURSOR_KEY)
          .executeTakeFirst();
        const cursor = row?.value ?? '';
        const page = await loadReportPage(trx, cursor, PAGE, { types: ['url', 'domain'], roles: null });
        if (page.lastId === null) return true;
        for (const r of page.reports) {
          if (!canSee(ANY_PARTNER, r.marking)) continue;
          const hits: AlertHit[] = [];
          const seen = new Set<string>();
          for (const s of r.sightings) {
            const host = hostOf(s.type, s.value);
            if (host === null || seen.has(host)) continue;
            seen.add(host);
            for (const h of matcher.match(host)) hits.push({ ...h, domain: host });
          }
          await this.record(hits, 'report', r.id, trx);
          recorded += hits.length;
        }
        await trx
          .updateTable('koban_meta')
          .set({ value: page.lastId })
          .where('key', '=', CURSOR_KEY)
          .execute();
        return page.rowCount < PAGE;
      });
      if (done) return recorded;
    }
  }

  /** Alerts of brands the caller's organization owns; the analyst centre sees every brand's. */
  async list(
    principal: Principal,
    filter: { brand?: string; status?: AlertStatus; limit?: number; after?: string },
  ): Promise<{ items: AlertView[]; nextCursor: string | null }> {
    const { db } = this.deps.database;
    const centre = await this.isCentre(principal.orgId);
    let q = db.selectFrom('lookalike_alerts').selectAll().orderBy('id');
    if (!centre) {
      const owned = (await this.deps.brands.list())
        .filter((b) => b.orgId === principal.orgId)
        .map((b) => b.id);
      if (owned.length === 0) return { items: [], nextCursor: null };
      q = q.where('brand_id', 'in', owned);
    }
    if (filter.brand) q = q.where('brand_id', '=', filter.brand);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.after) q = q.where('id', '>', filter.after);
    const limit = filter.limit ?? 100;
    const rows = await q.limit(limit + 1).execute();
    const items = rows.slice(0, limit).map(view);
    return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
  }

  async setStatus(principal: Principal, id: string, status: AlertStatus): Promise<AlertView> {
    await this.deps.brands.writerRole(principal);
    const { db } = this.deps.database;
    const row = await db.selectFrom('lookalike_alerts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !(await this.mayReview(principal, row.brand_id)))
      throw new KobanError('not_found', 'alert not found');
    if (row.status !== status) {
      await transact(this.deps.database, async (trx) => {
        await trx.updateTable('lookalike_alerts').set({ status }).where('id', '=', id).execute();
        await this.deps.audit.appendIn(trx, [
          {
            orgId: principal.orgId,
            keyId: principal.keyId,
            action: 'lookalike_alert.status',
            targetType: 'lookalike_alert',
            targetId: id,
            details: { brand: row.brand_id, from: row.status, to: status },
          },
        ]);
      });
    }
    return view({ ...row, status });
  }

  private async mayReview(principal: Principal, brandId: string): Promise<boolean> {
    if (await this.isCentre(principal.orgId)) return true;
    const brand = (await this.deps.brands.list()).find((b) => b.id === brandId);
    return brand?.orgId === principal.orgId;
  }

  private async isCentre(orgId: string): Promise<boolean> {
    const org = await this.deps.database.db
      .selectFrom('organizations')
      .select('kind')
      .where('id', '=', orgId)
      .executeTakeFirst();
    return org?.kind === 'analyst_centre';
  }
}
