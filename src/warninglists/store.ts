/**
 * Reads and writes of the `warninglists` table and its change counter (`warninglist_state`).
 * Metadata reads never select `entries`: only a matcher rebuild needs them.
 */
import type { Kysely, Transaction } from 'kysely';
import type { IndicatorType } from '../core/indicators/types.js';
import { resolveAppliesTo, type Warninglist, type WarninglistType } from '../core/warninglists/index.js';
import type { Database } from '../db/database.js';
import type { KobanDatabase, WarninglistTable } from '../db/schema.js';
import { type BenignTest, buildBenignTest } from './benign.js';

type Db = Kysely<KobanDatabase> | Transaction<KobanDatabase>;

export interface WarninglistInfo {
  id: string;
  name: string;
  description: string;
  version: number;
  type: WarninglistType;
  matchingAttributes: string[] | null;
  /** Koban indicator types the list applies to. */
  appliesTo: IndicatorType[];
  entries: number;
  enabled: boolean;
  source: string;
  importedAt: string;
  updatedAt: string;
}

export interface WarninglistDetail extends WarninglistInfo {
  warnings: string[];
}

const META = [
  'id',
  'name',
  'description',
  'version',
  'type',
  'matching_attributes',
  'entry_count',
  'enabled',
  'source',
  'imported_at',
  'updated_at',
] as const;

type MetaRow = Pick<WarninglistTable, (typeof META)[number]>;

function toInfo(r: MetaRow): WarninglistInfo {
  const type = r.type as WarninglistType;
  const matchingAttributes =
    r.matching_attributes === null ? null : (JSON.parse(r.matching_attributes) as string[]);
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    version: Number(r.version),
    type,
    matchingAttributes,
    appliesTo: resolveAppliesTo(type, matchingAttributes).appliesTo,
    entries: Number(r.entry_count),
    enabled: r.enabled === 1,
    source: r.source,
    importedAt: r.imported_at,
    updatedAt: r.updated_at,
  };
}

/** The change counter: compare it with the one a matcher was built from. */
export async function readVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom('warninglist_state')
    .select('version')
    .where('id', '=', 'current')
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

export async function bumpVersion(trx: Transaction<KobanDatabase>, at: string): Promise<void> {
  await trx
    .updateTable('warninglist_state')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', 'current')
    .execute();
}

export async function listInfos(db: Db): Promise<WarninglistInfo[]> {
  const rows = await db.selectFrom('warninglists').select(META).orderBy('name').execute();
  return rows.map(toInfo);
}

export async function getDetail(db: Db, id: string): Promise<WarninglistDetail | undefined> {
  const row = await db
    .selectFrom('warninglists')
    .select([...META, 'warnings'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...toInfo(row), warnings: JSON.parse(row.warnings) as string[] } : undefined;
}

export interface StoredState {
  id: string;
  version: number;
  contentHash: string;
  enabled: boolean;
}

export async function statesOf(db: Db, ids: readonly string[]): Promise<Map<string, StoredState>> {
  const out = new Map<string, StoredState>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('warninglists')
    .select(['id', 'version', 'content_hash', 'enabled'])
    .where('id', 'in', [...ids])
    .execute();
  for (const r of rows)
    out.set(r.id, {
      id: r.id,
      version: Number(r.version),
      contentHash: r.content_hash,
      enabled: r.enabled === 1,
    });
  return out;
}

/** The row for a validated list; `enabled`, `imported_at` are only written on insert. */
export function rowOf(
  id: string,
  list: Warninglist,
  contentHash: string,
  source: string,
  at: string,
): Omit<WarninglistTable, 'enabled' | 'imported_at'> {
  return {
    id,
    name: list.name,
    description: list.description,
    version: list.version,
    type: list.type,
    matching_attributes: list.matchingAttributes === null ? null : JSON.stringify(list.matchingAttributes),
    entry_count: list.list.length,
    entries: JSON.stringify(list.list),
    warnings: JSON.stringify(list.warnings),
    content_hash: contentHash,
    source,
    updated_at: at,
  };
}

export interface EnabledLists {
  /** The counter value the lists were read at (or later: never earlier). */
  version: number;
  lists: Warninglist[];
  /** List name → id, to name lists in hits. */
  idByName: Map<string, string>;
}

/**
 * Every enabled list, ready for the matcher. The counter is read *before* the lists, so a change
 * committed in between is seen again at the next check instead of being missed.
 */
export async function loadEnabledLists(db: Db): Promise<EnabledLists> {
  const version = await readVersion(db);
  const rows = await db
    .selectFrom('warninglists')
    .select(['id', 'name', 'version', 'type', 'matching_attributes', 'entries'])
    .where('enabled', '=', 1)
    .orderBy('name')
    .execute();
  const idByName = new Map<string, string>();
  const lists = rows.map((r): Warninglist => {
    const type = r.type as WarninglistType;
    const matchingAttributes =
      r.matching_attributes === null ? null : (JSON.parse(r.matching_attributes) as string[]);
    idByName.set(r.name, r.id);
    return {
      name: r.name,
      description: '',
      version: Number(r.version),
      type,
      matchingAttributes,
      appliesTo: resolveAppliesTo(type, matchingAttributes).appliesTo,
      // Stored entries were validated on import; the matcher skips anything unusable anyway.
      list: JSON.parse(r.entries) as string[],
      warnings: [],
    };
  });
  return { version, lists, idByName };
}

/**
 * For a worker thread or another process with its own connection: the same benign-value test the
 * service serves, built from the store, with the counter value to compare against later.
 */
export async function loadBenignTest(database: Database): Promise<{ test: BenignTest; version: number }> {
  const { version, lists } = await loadEnabledLists(database.db);
  return { test: buildBenignTest(lists), version };
}
