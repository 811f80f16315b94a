/**
 * The fraud module as the container wires it: one in-memory engine per organization (window
 * state, active and shadow rule sets, recent event ids), its lists, the group-commit journal,
 * cases and the notice outbox. Deciding an event reads only memory; the answer goes out once the
 * journal committed it.
 */
import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/store.js';
import type { Principal } from '../auth/service.js';
import {
  type FraudEvent,
  type FraudVerdict,
  normalizeFraudEvent,
  type RuleSet,
} from '../core/fraud/index.js';
import type { KobanDatabase } from '../db/schema.js';
import { KobanError } from '../errors/catalogue.js';
import { canonicalizeEntities } from './canonical.js';
import { DEDUP_HORIZON_MS, OrgFraudEngine, type ShadowVerdict } from './engine.js';
import { FraudJournal, type NoticeRow } from './journal.js';
import { loadOrgLists, type OrgLists } from './lists.js';
import { buildNotice, noticeKinds } from './notices.js';
import { liveRuleSets } from './rule-sets.js';
import {
  lastSeq,
  readSnapshot,
  rememberRecentIds,
  replayJournal,
  snapshotPath,
  writeSnapshot,
} from './state-store.js';

/** Lists are reloaded from the store this often while an organization sends events. */
const LIST_REFRESH_MS = 10_000;
/** Events whose time is this close to the dedup horizon are checked against the journal too. */
const HORIZON_MARGIN_MS = 10 * 60_000;

export interface FraudDeps {
  database: Kysely<KobanDatabase>;
  audit: AuditLog;
  newId: () => string;
  now: () => Date;
  /** Embedded SQLite handle: the journal writes with prepared statements. */
  sqlite?: SQLite.Database | undefined;
  /** Used until an organization activates its own set. */
  defaultRuleSet: RuleSet;
  /** Directory of state snapshots; none: the journal alone rebuilds state at start. */
  snapshotDir?: string | undefined;
  /** Whether e-mail notices can be sent (an SMTP adapter is configured). */
  emailEnabled: boolean;
  serviceName?: string;
  onError?: (error: unknown) => void;
}

export interface FraudOutcome {
  eventId: string;
  decision: FraudVerdict['decision'];
  score: number;
  reasons: FraudVerdict['reasons'];
  ruleSetId: string;
  ruleSetVersion: string;
  /** True when this event id was decided before: the stored decision is returned, nothing is counted twice. */
  duplicate: boolean;
  caseId?: string;
  shadow?: ShadowVerdict[];
}

export type ItemOutcome =
  | ({ index: number; status: 'decided' } & FraudOutcome)
  | { index: number; status: 'invalid'; errors: { field: string; reason: string }[] };

interface Contact {
  email: string | null;
  locale: 'ja' | 'en';
}

/** One event on its way to a decision. */
interface Decision {
  orgId: string;
  rt: OrgRuntime;
  event: FraudEvent;
  notices: FraudVerdict['reasons'];
  now: Date;
  nowMs: number;
}

interface OrgRuntime {
  engine: OrgFraudEngine;
  lists: OrgLists;
  listsLoadedAt: number;
  listsLoading: Promise<void> | undefined;
  contacts: Map<string, Contact>;
  webhookUrl: string | null;
  /** Decisions not yet committed, for a retry that arrives meanwhile. */
  inFlight: Map<string, Promise<FraudOutcome>>;
}

export class FraudService {
  readonly journal: FraudJournal;
  private readonly runtimes = new Map<string, Promise<OrgRuntime>>();

  constructor(private readonly deps: FraudDeps) {
    this.journal = new FraudJournal(deps.database, { sqlite: deps.sqlite });
  }

  /** The organization's runtime, built on first use: snapshot + journal replay, lists, contacts. */
  runtime(principal: Pick<Principal, 'orgId' | 'viewer'>): Promise<OrgRuntime> {
    let r = this.runtimes.get(principal.orgId);
    if (r === undefined) {
      r = this.load(principal);
      this.runtimes.set(principal.orgId, r);
      r.catch(() => this.runtimes.delete(principal.orgId));
    }
    return r;
  }

  private async load(principal: Pick<Principal, 'orgId' | 'viewer'>): Promise<OrgRuntime> {
    const { database: db, snapshotDir, defaultRuleSet } = this.deps;
    const orgId = principal.orgId;
    const snap = snapshotDir ? readSnapshot(snapshotPath(snapshotDir, orgId)) : undefined;
    const engine = new OrgFraudEngine(orgId, defaultRuleSet, snap ? { state: snap.state } : {});
    await this.applyRuleSets(engine);
    if (snap) engine.seq = snap.seq;
    await replayJournal(db, engine);
    engine.seq = Math.max(engine.seq, await lastSeq(db, orgId));
    await rememberRecentIds(db, engine, this.deps.now().getTime());
    const contacts = new Map<string, Contact>();
    for (const c of await db.selectFrom('fraud_contacts').selectAll().where('org_id', '=', orgId).execute())
      contacts.set(c.account_id, { email: c.email, locale: c.locale === 'en' ? 'en' : 'ja' });
    const settings = await db
      .selectFrom('fraud_settings')
      .select('webhook_url')
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return {
      engine,
      lists: await loadOrgLists(db, principal.viewer),
      listsLoadedAt: this.deps.now().getTime(),
      listsLoading: undefined,
      contacts,
      webhookUrl: settings?.webhook_url ?? null,
      inFlight: new Map(),
    };
  }

  /** Compiles the organization's active and shadow sets into its engine (after any status change). */
  async applyRuleSets(engine: OrgFraudEngine): Promise<void> {
    const live = await liveRuleSets(this.deps.database, engine.orgId);
    const active = engine.compile(live.active?.ruleSet ?? this.deps.defaultRuleSet);
    engine.setRuleSets(
      active,
      live.shadows.map((s) => engine.compile(s.ruleSet)),
    );
  }

  async reloadRuleSets(orgId: string): Promise<void> {
    const r = this.runtimes.get(orgId);
    if (r) await this.applyRuleSets((await r).engine);
  }

  /** Drops cached lists/contacts/settings so the next event sees a change made through the API. */
  async invalidate(
    principal: Pick<Principal, 'orgId' | 'viewer'>,
    what: 'lists' | 'settings',
  ): Promise<void> {
    const existing = this.runtimes.get(principal.orgId);
    if (!existing) return;
    const rt = await existing;
    if (what === 'lists') {
      rt.lists = await loadOrgLists(this.deps.database, principal.viewer);
      rt.listsLoadedAt = this.deps.now().getTime();
    } else {
      const db = this.deps.database;
      const s = await db
        .selectFrom('fraud_settings')
        .select('webhook_url')
        .where('org_id', '=', principal.orgId)
        .executeTakeFirst();
      rt.webhookUrl = s?.webhook_url ?? null;
    }
  }

  setContact(orgId: string, accountId: string, contact: Contact): void {
    void this.runtimes.get(orgId)?.then((rt) => rt.contacts.set(accountId, contact));
  }

  private refreshListsIfStale(rt: OrgRuntime, principal: Pick<Principal, 'viewer'>, now: number): void {
    if (rt.listsLoading || now - rt.listsLoadedAt < LIST_REFRESH_MS) return;
    rt.listsLoading = loadOrgLists(this.deps.database, principal.viewer)
      .then((lists) => {
        rt.lists = lists;
        rt.listsLoadedAt = this.deps.now().getTime();
      })
      .catch((error) => this.deps.onError?.(error))
      .finally(() => {
        rt.listsLoading = undefined;
      });
  }

  async submit(principal: Principal, input: unknown): Promise<FraudOutcome> {
    const [r] = await this.submitMany(principal, [input]);
    if (r === undefined) throw new KobanError('internal_error');
    if (r.status === 'invalid') throw new KobanError('validation_failed', 'The event is not valid', r.errors);
    const { index: _index, status: _status, ...outcome } = r;
    return outcome;
  }

  /** Decides each item in order (each sees the ones before it), then waits for their commit. */
  async submitMany(principal: Principal, inputs: readonly unknown[]): Promise<ItemOutcome[]> {
    const rt = await this.runtime(principal);
    const now = this.deps.now();
    const nowMs = now.getTime();
    this.refreshListsIfStale(rt, principal, nowMs);
    const pending: Promise<ItemOutcome>[] = [];
    for (let index = 0; index < inputs.length; index++) {
      const n = normalizeFraudEvent(inputs[index]);
      if (!n.ok) {
        const errors = n.errors.map((e) => ({ field: e.path === '' ? '/' : e.path, reason: e.message }));
        pending.push(Promise.resolve({ index, status: 'invalid', errors }));
        continue;
      }
      const event = canonicalizeEntities(n.event);
      const outcome = this.decideOne({ orgId: principal.orgId, rt, event, notices: n.notices, now, nowMs });
      pending.push(outcome.then((o) => ({ index, status: 'decided' as const, ...o })));
    }
    return Promise.all(pending);
  }

  private decideOne(d: Decision): Promise<FraudOutcome> {
    const { orgId, rt, event } = d;
    const inFlight = rt.inFlight.get(event.id);
    if (inFlight) return inFlight.then((o) => ({ ...o, duplicate: true }));
    if (rt.engine.recent.has(event.id)) return this.stored(orgId, event.id);
    if (event.occurredAt < d.nowMs - DEDUP_HORIZON_MS + HORIZON_MARGIN_MS) return this.decideOld(d);
    return this.decideNew(d);
  }

  /** Old events may be retries from before the in-memory horizon: the journal decides. */
  private async decideOld(d: Decision): Promise<FraudOutcome> {
    const { orgId, rt, event } = d;
    const seen = await this.deps.database
      .selectFrom('fraud_events')
      .select('event_id')
      .where('org_id', '=', orgId)
      .where('event_id', '=', event.id)
      .executeTakeFirst();
    if (seen) return this.stored(orgId, event.id);
    const again = rt.inFlight.get(event.id);
    if (again || rt.engine.recent.has(event.id)) return this.decideOne(d);
    return this.decideNew(d);
  }

  private decideNew(d: Decision): Promise<FraudOutcome> {
    const { orgId, rt, event, notices, now, nowMs } = d;
    const { verdict, shadow, appliedNow } = rt.engine.decide(event, nowMs, rt.lists, notices);
    const seq = ++rt.engine.seq;
    const receivedAt = now.toISOString();
    const held = verdict.decision === 'hold' || verdict.decision === 'deny';
    const caseRow = held
      ? { id: this.deps.newId(), decision: verdict.decision, score: verdict.score }
      : undefined;
    const outcome: FraudOutcome = {
      eventId: event.id,
      decision: verdict.decision,
      score: verdict.score,
      reasons: verdict.reasons,
      ruleSetId: verdict.ruleSetId,
      ruleSetVersion: verdict.ruleSetVersion,
      duplicate: false,
      ...(caseRow ? { caseId: caseRow.id } : {}),
      ...(shadow.length > 0 ? { shadow } : {}),
    };
    const committed = this.journal
      .append({
        orgId,
        seq,
        receivedAt,
        appliedNow,
        event,
        verdict,
        shadow,
        ...(caseRow ? { caseRow } : {}),
        notices: this.noticesFor(rt, event, verdict),
      })
      .then(() => outcome)
      .finally(() => rt.inFlight.delete(event.id));
    rt.inFlight.set(event.id, committed);
    return committed;
  }

  private noticesFor(rt: OrgRuntime, event: FraudEvent, verdict: FraudVerdict): NoticeRow[] {
    const kinds = noticeKinds(event, verdict);
    if (kinds.length === 0) return [];
    const contact = rt.contacts.get(event.accountId);
    const locale = contact?.locale ?? 'ja';
    const name = this.deps.serviceName ?? 'Koban';
    const out: NoticeRow[] = [];
    for (const kind of kinds) {
      const payload = JSON.stringify(buildNotice(kind, event, locale, name));
      if (rt.webhookUrl)
        out.push({ id: this.deps.newId(), kind, channel: 'webhook', target: rt.webhookUrl, payload });
      if (contact?.email && this.deps.emailEnabled)
        out.push({ id: this.deps.newId(), kind, channel: 'email', target: contact.email, payload });
    }
    return out;
  }

  /** The journaled decision of an event id (a retry). */
  private async stored(orgId: string, eventId: string): Promise<FraudOutcome> {
    const row = await this.deps.database
      .selectFrom('fraud_events as e')
      .leftJoin('fraud_cases as c', (j) =>
        j.onRef('c.org_id', '=', 'e.org_id').onRef('c.event_id', '=', 'e.event_id'),
      )
      .select(['e.verdict', 'e.shadow', 'c.id as case_id'])
      .where('e.org_id', '=', orgId)
      .where('e.event_id', '=', eventId)
      .executeTakeFirst();
    if (!row) throw new KobanError('internal_error', `Event ${eventId} was seen but is not in the journal`);
    const v = JSON.parse(row.verdict) as FraudVerdict;
    return {
      eventId,
      decision: v.decision,
      score: v.score,
      reasons: v.reasons,
      ruleSetId: v.ruleSetId,
      ruleSetVersion: v.ruleSetVersion,
      duplicate: true,
      ...(row.case_id ? { caseId: row.case_id } : {}),
      ...(row.shadow ? { shadow: JSON.parse(row.shadow) as ShadowVerdict[] } : {}),
    };
  }

  /** Writes every loaded organization's snapshot (periodically and at shutdown). */
  async snapshotAll(): Promise<number> {
    const dir = this.deps.snapshotDir;
    if (!dir) return 0;
    await this.journal.flush();
    let n = 0;
    for (const [orgId, r] of this.runtimes) {
      const rt = await r;
      writeSnapshot(snapshotPath(dir, orgId), orgId, rt.engine.seq, rt.engine.state);
      n++;
    }
    return n;
  }

  async close(): Promise<void> {
    await this.journal.flush();
    await this.snapshotAll();
  }
}
