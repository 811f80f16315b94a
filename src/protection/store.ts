/**
 * Store reads and writes of the protection module: report pages for the index and the lookalike
 * alerter, live flags, feeds, brands, change counters. Everything the in-memory index holds is
 * loaded here; checks never query.
 */
import type { Kysely, Transaction } from 'kysely';
import { inChunks } from '../core/chunks.js';
import { resolveAppliesTo } from '../core/warninglists/index.js';
import type { KobanDatabase } from '../db/schema.js';
import { markingOfFlag, readInfrastructureVersion } from '../infrastructure/linking.js';
import type { Marking, Sensitivity, Tlp } from '../sharing/policy.js';
import { readVersion as readWarninglistVersion } from '../warninglists/store.js';
import { type EntryKind, LISTED_ROLES } from './lists.js';

export type Db = Kysely<KobanDatabase> | Transaction<KobanDatabase>;

export interface SightingFact {
  type: string;
  value: string;
  role: string;
}

export interface ReportFact {
  id: string;
  marking: Marking;
  sightings: SightingFact[];
}

export type StateId = 'brands' | 'feeds';

export async function readState(db: Db, id: StateId): Promise<number> {
  const row = await db
    .selectFrom('protection_state')
    .select('version')
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

export async function bumpState(trx: Transaction<KobanDatabase>, id: StateId, at: string): Promise<void> {
  await trx
    .updateTable('protection_state')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .execute();
}

export interface Versions {
  brands: number;
  feeds: number;
  flags: number;
  warninglists: number;
}

export async function readVersions(db: Db): Promise<Versions> {
  const [brands, feeds, flags, warninglists] = await Promise.all([
    readState(db, 'brands'),
    readState(db, 'feeds'),
    readInfrastructureVersion(db),
    readWarninglistVersion(db),
  ]);
  return { brands, feeds, flags, warninglists };
}

/**
 * Up to `limit` reports after `afterId` (ids are time-ordered), with their markings and the
 * sightings of the given types; `roles` narrows the sightings (null: every role but `mentioned`).
 */
export async function loadReportPage(
  db: Db,
  afterId: string,
  limit: number,
  options: { types: readonly string[]; roles: readonly string[] | null; skip?: ReadonlySet<string> },
): Promise<{ reports: ReportFact[]; lastId: string | null; rowCount: number }> {
  const rows = await db
    .selectFrom('reports')
    .select(['id', 'org_id', 'tlp', 'sensitivity', 'restricted'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  const lastId = rows.length > 0 ? (rows[rows.length - 1] as { id: string }).id : null;
  const wanted = options.skip ? rows.filter((r) => !options.skip?.has(r.id)) : rows;
  const byId = new Map<string, ReportFact>();
  for (const r of wanted)
    byId.set(r.id, {
      id: r.id,
      marking: {
        orgId: r.org_id,
        tlp: r.tlp as Tlp,
        sensitivity: r.sensitivity as Sensitivity,
        recipients: [],
        sharingGroups: [],
      },
      sightings: [],
    });
  const restricted = wanted.filter((r) => r.restricted === 1 || r.tlp === 'RED').map((r) => r.id);
  for (const part of inChunks(restricted)) {
    const [recipients, groups] = await Promise.all([
      db
        .selectFrom('report_recipients')
        .select(['report_id', 'org_id'])
        .where('report_id', 'in', part)
        .execute(),
      db
        .selectFrom('report_sharing_groups')
        .select(['report_id', 'group_id'])
        .where('report_id', 'in', part)
        .execute(),
    ]);
    for (const r of recipients)
      (byId.get(r.report_id)?.marking.recipients as string[] | undefined)?.push(r.org_id);
    for (const g of groups)
      (byId.get(g.report_id)?.marking.sharingGroups as string[] | undefined)?.push(g.group_id);
  }
  const ids = options.types.length > 0 ? [...byId.keys()] : [];
  for (const part of inChunks(ids)) {
    let q = db
      .selectFrom('sightings as s')
      .innerJoin('indicators as i', 'i.id', 's.indicator_id')
      .select(['s.report_id', 's.role', 'i.type', 'i.value'])
      .where('s.report_id', 'in', part)
      .where('i.type', 'in', [...options.types]);
    q = options.roles ? q.where('s.role', 'in', [...options.roles]) : q.where('s.role', '<>', 'mentioned');
    for (const s of await q.execute())
      byId.get(s.report_id)?.sightings.push({ type: s.type, value: s.value, role: s.role });
  }
  return { reports: [...byId.values()], lastId, rowCount: rows.length };
}

export const INDEX_PAGE_OPTIONS = { types: ['url', 'domain', 'phone'], roles: LISTED_ROLES } as const;

export interface FlagFact {
  type: string;
  value: string;
  marking: Marking;
}

export async function loadLiveFlags(db: Db): Promise<FlagFact[]> {
  const rows = await db
    .selectFrom('infrastructure_flags as f')
    .innerJoin('indicators as i', 'i.id', 'f.indicator_id')
    .select(['i.type', 'i.value', 'f.org_id', 'f.tlp', 'f.sensitivity'])
    .where('f.revoked_at', 'is', null)
    .where('i.type', 'in', ['url', 'domain', 'phone', 'sms_sender'])
    .execute();
  return rows.map((r) => ({ type: r.type, value: r.value, marking: markingOfFlag(r) }));
}

export interface FeedFact {
  id: string;
  name: string;
  marking: Marking;
  entries: { kind: EntryKind; value: string }[];
}

export async function loadFeeds(db: Db): Promise<FeedFact[]> {
  const feeds = await db
    .selectFrom('protection_feeds')
    .selectAll()
    .where('purpose', '=', 'blocklist')
    .orderBy('id')
    .execute();
  const out = new Map<string, FeedFact>();
  for (const f of feeds)
    out.set(f.id, {
      id: f.id,
      name: f.name,
      marking: markingOfFlag({ org_id: f.org_id, tlp: f.tlp, sensitivity: 'normal' }),
      entries: [],
    });
  if (out.size === 0) return [];
  const entries = await db
    .selectFrom('protection_feed_entries')
    .selectAll()
    .where('feed_id', 'in', [...out.keys()])
    .execute();
  for (const e of entries) out.get(e.feed_id)?.entries.push({ kind: e.kind as EntryKind, value: e.value });
  return [...out.values()];
}

/**
 * Registrable domains of the enabled warninglists that apply to domains (popular sites, CDNs …):
 * the checks' `benignDomains`.
 */
export async function loadBenignDomains(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('warninglists')
    .select(['type', 'matching_attributes', 'entries'])
    .where('enabled', '=', 1)
    .where('type', 'in', ['hostname', 'string'])
    .execute();
  const out = new Set<string>();
  for (const r of rows) {
    const attrs = r.matching_attributes === null ? null : (JSON.parse(r.matching_attributes) as string[]);
    const applies = resolveAppliesTo(r.type as 'hostname', attrs).appliesTo;
    if (!applies.includes('domain')) continue;
    for (const e of JSON.parse(r.entries) as string[]) {
      const v = e
        .trim()
        .toLowerCase()
        .replace(/^\*?\./, '')
        .replace(/\.$/, '');
      if (v.includes('.') && !v.includes('/')) out.add(v);
    }
  }
  return [...out];
}
