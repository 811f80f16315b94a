/**
 * The lists rules look up (`inList`), per organization, in memory: the organization's own lists
 * (`org:<name>`), indicators of reports it may see (`shared:<type>`, e.g. `shared:phone`,
 * `shared:bank_account`) and crime-infrastructure flags it may see (`infra:<category>`, e.g.
 * `infra:sms_verification_proxy`). Loaded from the store and refreshed in the background, so an
 * event is scored without a query.
 */
import type { Kysely } from 'kysely';
import type { ListLookup } from '../core/fraud/index.js';
import type { KobanDatabase } from '../db/schema.js';
import { markingOfFlag } from '../infrastructure/linking.js';
import { canSee, type Viewer } from '../sharing/policy.js';
import { visibleTo } from '../sharing/visibility-sql.js';

/** Indicator types a fraud event can carry (phone, bank account, device, IP, e-mail, wallets). */
export const SHARED_LIST_TYPES = [
  'phone',
  'bank_account',
  'device_fingerprint',
  'ipv4',
  'ipv6',
  'email',
  'btc',
  'eth',
] as const;

/** Entity fields whose shared list goes by another name (`shared:device` = device fingerprints). */
const SHARED_ALIASES: Readonly<Record<string, string>> = {
  device: 'device_fingerprint',
  ip: 'ipv4',
  mule_accounts: 'bank_account',
  bank_accounts: 'bank_account',
  phones: 'phone',
};

/** Immutable set of lists for one organization; replaced whole on refresh. */
export class OrgLists implements ListLookup {
  constructor(private readonly lists: ReadonlyMap<string, ReadonlySet<string>>) {}

  has(list: string, value: string): boolean {
    const direct = this.lists.get(list);
    if (direct?.has(value)) return true;
    if (list.startsWith('shared:')) {
      const alias = SHARED_ALIASES[list.slice(7)];
      if (alias !== undefined) {
        if (this.lists.get(`shared:${alias}`)?.has(value)) return true;
        if (alias === 'ipv4') return this.lists.get('shared:ipv6')?.has(value) === true;
      }
    }
    return false;
  }

  /** Entries per list, for the API and tests. */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.lists].map(([k, v]) => [k, v.size]));
  }
}

function add(lists: Map<string, Set<string>>, name: string, value: string): void {
  let s = lists.get(name);
  if (s === undefined) {
    s = new Set();
    lists.set(name, s);
  }
  s.add(value);
}

/** Everything the organization may look up, read in three queries. */
export async function loadOrgLists(db: Kysely<KobanDatabase>, viewer: Viewer): Promise<OrgLists> {
  const lists = new Map<string, Set<string>>();
  const own = await db
    .selectFrom('fraud_lists')
    .select(['name', 'value'])
    .where('org_id', '=', viewer.orgId)
    .execute();
  for (const r of own) add(lists, `org:${r.name}`, r.value);

  const shared = await db
    .selectFrom('sightings as s')
    .innerJoin('indicators as i', 'i.id', 's.indicator_id')
    .innerJoin('reports as r', 'r.id', 's.report_id')
    .select(['i.type', 'i.value'])
    .distinct()
    .where('i.type', 'in', [...SHARED_LIST_TYPES])
    .where(visibleTo(viewer))
    .execute();
  for (const r of shared) add(lists, `shared:${r.type}`, r.value);

  const flags = await db
    .selectFrom('infrastructure_flags as f')
    .innerJoin('indicators as i', 'i.id', 'f.indicator_id')
    .select(['i.value', 'f.category', 'f.org_id', 'f.tlp', 'f.sensitivity'])
    .where('f.revoked_at', 'is', null)
    .execute();
  for (const f of flags) if (canSee(viewer, markingOfFlag(f))) add(lists, `infra:${f.category}`, f.value);
  return new OrgLists(lists);
}
