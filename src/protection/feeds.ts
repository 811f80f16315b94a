/**
 * Imported feeds: a blocklist (entries become known-bad list entries for the checks, under the
 * feed's TLP) or a list of newly registered domains (matched against every brand; matches become
 * lookalike alerts with source `feed`). Importing a feed again replaces its entries.
 */

import type { AuditLog } from '../audit/store.js';
import type { Principal } from '../auth/service.js';
import type { LookalikeFinder } from '../core/detect/url-check.js';
import { normalizeDomain, normalizePhone, normalizeUrl } from '../core/indicators/index.js';
import { type Database, transact } from '../db/database.js';
import type { FieldError } from '../errors/catalogue.js';
import type { Tlp } from '../sharing/policy.js';
import type { AlertHit, LookalikeAlerts } from './alerts.js';
import type { BrandService } from './brands.js';
import type { EntryKind } from './lists.js';
import { bumpState } from './store.js';

export const FEED_PURPOSES = ['blocklist', 'new_domains'] as const;
export type FeedPurpose = (typeof FEED_PURPOSES)[number];

export interface FeedInput {
  name: string;
  purpose: FeedPurpose;
  tlp: Tlp;
  entries: { kind: EntryKind; value: string }[];
}

export interface FeedImportResult {
  id: string;
  name: string;
  purpose: FeedPurpose;
  entries: number;
  invalid: FieldError[];
  alerts: number;
}

interface Deps {
  database: Database;
  audit: AuditLog;
  brands: BrandService;
  alerts: LookalikeAlerts;
  newId: () => string;
  now: () => Date;
  matcher: () => Promise<LookalikeFinder>;
  onChange?: () => Promise<void>;
}

function normalizeEntry(
  kind: EntryKind,
  raw: string,
): { ok: true; value: string } | { ok: false; reason: string } {
  const r =
    kind === 'url' ? normalizeUrl(raw) : kind === 'phone' ? normalizePhone(raw) : normalizeDomain(raw);
  return r.ok ? { ok: true, value: r.indicator.value } : { ok: false, reason: r.reason };
}

export class FeedService {
  constructor(private readonly deps: Deps) {}

  async importFeed(principal: Principal, input: FeedInput): Promise<FeedImportResult> {
    await this.deps.brands.writerRole(principal);
    const invalid: FieldError[] = [];
    const seen = new Set<string>();
    const entries: { kind: EntryKind; value: string }[] = [];
    input.entries.forEach((e, i) => {
      if (input.purpose === 'new_domains' && e.kind !== 'domain' && e.kind !== 'host') {
        invalid.push({
          field: `/entries/${i}/kind`,
          reason: 'a new_domains feed holds domain or host entries',
        });
        return;
      }
      const r = normalizeEntry(e.kind, e.value);
      if (!r.ok) invalid.push({ field: `/entries/${i}/value`, reason: r.reason });
      else if (!seen.has(`${e.kind} ${r.value}`)) {
        seen.add(`${e.kind} ${r.value}`);
        entries.push({ kind: e.kind, value: r.value });
      }
    });
    const at = this.deps.now().toISOString();
    const { db } = this.deps.database;
    const existing = await db
      .selectFrom('protection_feeds')
      .select('id')
      .where('org_id', '=', principal.orgId)
      .where('name', '=', input.name)
      .executeTakeFirst();
    const id = existing?.id ?? this.deps.newId();
    let hits: AlertHit[] = [];
    if (input.purpose === 'new_domains') {
      const matcher = await this.deps.matcher();
      hits = entries.flatMap((e) => matcher.match(e.value).map((h) => ({ ...h, domain: e.value })));
    }
    await transact(this.deps.database, async (trx) => {
      if (existing) {
        await trx.deleteFrom('protection_feed_entries').where('feed_id', '=', id).execute();
        await trx
          .updateTable('protection_feeds')
          .set({ purpose: input.purpose, tlp: input.tlp, entry_count: entries.length, updated_at: at })
          .where('id', '=', id)
          .execute();
      } else {
        await trx
          .insertInto('protection_feeds')
          .values({
            id,
            org_id: principal.orgId,
            name: input.name,
            purpose: input.purpose,
            tlp: input.tlp,
            entry_count: entries.length,
            created_at: at,
            updated_at: at,
          })
          .execute();
      }
      for (let i = 0; i < entries.length; i += 500) {
        const part = entries.slice(i, i + 500).map((e) => ({ feed_id: id, kind: e.kind, value: e.value }));
        await trx.insertInto('protection_feed_entries').values(part).execute();
      }
      await this.deps.alerts.record(hits, 'feed', id, trx);
      await bumpState(trx, 'feeds', at);
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: existing ? 'protection_feed.replace' : 'protection_feed.create',
          targetType: 'protection_feed',
          targetId: id,
          details: { name: input.name, purpose: input.purpose, tlp: input.tlp, entries: entries.length },
        },
      ]);
    });
    await this.deps.onChange?.();
    return {
      id,
      name: input.name,
      purpose: input.purpose,
      entries: entries.length,
      invalid,
      alerts: hits.length,
    };
  }
}
