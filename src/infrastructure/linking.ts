/**
 * Flagged crime-infrastructure values do not link reports (ADR 0005, "Crime-infrastructure values do
 * not link"): an SMS-verification proxy's numbers, a relay server's IP or a bulletproof host's domain
 * are used by many unrelated groups, exactly like shared hosting or public DNS. This module turns
 * the live flags into the set of linking keys (keys.ts forms) correlation must drop, and keeps the
 * change counter every correlator compares its copy against.
 */
import type { Kysely, Transaction } from 'kysely';
import { linkingRegistrableDomain } from '../core/correlation/keys.js';
import type { Database } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import { canSee, type Marking, type Sensitivity, type Tlp, type Viewer } from '../sharing/policy.js';

type Db = Kysely<KobanDatabase> | Transaction<KobanDatabase>;

/** How often a process reloads the set when another process or node may have flagged something. */
export const INFRASTRUCTURE_REFRESH_MS = 5_000;

export interface InfrastructureKeys {
  /** Linking keys (`phone:+81…`, `ip:203.0.113.7`, `domain:…`, `regdomain:…`, `url:…`) that must not link. */
  keys: Set<string>;
  /** The counter value the keys were read at (or later: never earlier). */
  version: number;
}

/** Flags have no recipients or groups (yet): CLEAR/GREEN/AMBER reach the community, RED and AMBER+STRICT stay with the flagger. */
export function markingOfFlag(r: { org_id: string; tlp: string; sensitivity: string }): Marking {
  return {
    orgId: r.org_id,
    tlp: r.tlp as Tlp,
    sensitivity: r.sensitivity as Sensitivity,
    recipients: [],
    sharingGroups: [],
  };
}

/**
 * A partner organization with no grant, no group and no named share: what it may see, every partner
 * may see. The empty id is no organization's, so the flagger's own-org rule never applies.
 */
const ANY_PARTNER: Viewer = { orgId: '', groupIds: new Set(), investigationAccess: false };

/**
 * Whether a flag changes correlation: only when every partner may see it. Correlation is global and
 * a partner sees that two of its own reports holding one value stopped linking, so a flag that
 * stops links is in effect published; one the community may read anyway (`GET /v1/indicators`)
 * reveals nothing new, a RED, AMBER+STRICT or investigation flag would be revealed (ADR 0005).
 */
export function stopsLinking(marking: Marking): boolean {
  return canSee(ANY_PARTNER, marking);
}

/** The linking keys a flagged indicator stands for; a registrable domain also stops its `regdomain:` key. */
export function flaggedKeysOf(type: string, value: string): string[] {
  if (type === 'ipv4' || type === 'ipv6') return [`ip:${value}`];
  const keys = [`${type}:${value}`];
  // Only the registrable domain itself: flagging `relay.example.top` says nothing about its siblings.
  if (type === 'domain' && linkingRegistrableDomain(value) === value) keys.push(`regdomain:${value}`);
  return keys;
}

/**
 * The benign-value test's view of the set (`withoutBenign` passes a key's type and value: 'domain'
 * for both `domain:` and `regdomain:` keys, 'ipv4'/'ipv6' for `ip:` keys). A `regdomain:` value is
 * always a registrable domain, so `domain:v` and `regdomain:v` are in the set together.
 */
export function isFlaggedValue(keys: ReadonlySet<string>, type: string, value: string): boolean {
  if (keys.size === 0) return false;
  if (type === 'ipv4' || type === 'ipv6') return keys.has(`ip:${value}`);
  return keys.has(`${type}:${value}`);
}

/** The change counter: compare it with the one a key set was loaded at. */
export async function readInfrastructureVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom('infrastructure_state')
    .select('version')
    .where('id', '=', 'current')
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** Called in the transaction of every flag create and revoke, so no change can be missed. */
export async function bumpInfrastructureVersion(trx: Transaction<KobanDatabase>, at: string): Promise<void> {
  await trx
    .updateTable('infrastructure_state')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', 'current')
    .execute();
}

/**
 * The linking keys of every live flag that stops linking. The counter is read *before* the flags, so
 * a change committed in between is seen again at the next check instead of being missed. Takes
 * anything with a `db`, so a worker thread can pass its own connection.
 */
export async function loadInfrastructureKeys(database: Pick<Database, 'db'>): Promise<InfrastructureKeys> {
  const { db } = database;
  const version = await readInfrastructureVersion(db);
  const rows = await db
    .selectFrom('infrastructure_flags as f')
    .innerJoin('indicators as i', 'i.id', 'f.indicator_id')
    .select(['i.type', 'i.value', 'f.org_id', 'f.tlp', 'f.sensitivity'])
    .where('f.revoked_at', 'is', null)
    .execute();
  const keys = new Set<string>();
  // Filtered with canSee rather than in SQL: the policy has one definition, and live flags are few.
  for (const r of rows)
    if (stopsLinking(markingOfFlag(r))) for (const k of flaggedKeysOf(r.type, r.value)) keys.add(k);
  return { keys, version };
}
