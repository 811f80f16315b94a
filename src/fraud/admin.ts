/**
 * What fraud analysts and administrators change: rule sets and their status, case decisions (and
 * sharing what a confirmed case revealed), notification settings, account holders' contacts and
 * the organization's own lists. Each change is one transaction with its audit entry, then the
 * in-memory engine is told.
 */
import type { AuditLog } from '../audit/store.js';
import type { Principal } from '../auth/service.js';
import type { Database } from '../db/database.js';
import { KobanError } from '../errors/catalogue.js';
import { assertPublicDestination, type OutboundPolicy, OutboundRefused } from '../http/outbound.js';
import type { ReportIntake } from '../reports/service.js';
import type { Tlp } from '../sharing/policy.js';
import { type CaseView, caseIndicators, decideCase, getCase, setSharedReport } from './cases.js';
import { backtestOnJournal, type JournalBacktest } from './journal-backtest.js';
import {
  getRuleSet,
  parseRuleSet,
  type RuleSetStatus,
  type StoredRuleSet,
  setRuleSetStatus,
  storeRuleSet,
} from './rule-sets.js';
import type { FraudService } from './service.js';

export interface FraudAdminDeps {
  /** Where notice webhooks may point (checked when set, again at every delivery). */
  outbound?: OutboundPolicy;
  database: Database;
  audit: AuditLog;
  intake: ReportIntake;
  fraud: FraudService;
  now: () => Date;
}

export interface Settings {
  webhookUrl: string | null;
  hasWebhookSecret: boolean;
  shareTlp: Tlp;
}

const FRAUD_TYPE_BY_EVENT: Record<string, string> = {
  account_link: 'account_linking',
  login: 'account_takeover',
  device_change: 'account_takeover',
  transfer: 'unauthorized_transfer',
  withdrawal: 'unauthorized_transfer',
  reward_claim: 'point_abuse',
};

export class FraudAdmin {
  constructor(private readonly deps: FraudAdminDeps) {}

  private get db() {
    return this.deps.database.db;
  }

  async uploadRuleSet(p: Principal, body: unknown): Promise<{ stored: StoredRuleSet; created: boolean }> {
    const ruleSet = parseRuleSet(body);
    const at = this.deps.now().toISOString();
    const result = await storeRuleSet(this.db, p.orgId, ruleSet, p.keyId, at);
    if (result.created) {
      await this.deps.audit.append([
        {
          orgId: p.orgId,
          keyId: p.keyId,
          action: 'fraud.rule_set.create',
          targetType: 'fraud_rule_set',
          targetId: `${ruleSet.id}@${ruleSet.version}`,
          details: { rules: ruleSet.rules.length },
        },
      ]);
    }
    return result;
  }

  async setStatus(
    p: Principal,
    setId: string,
    version: string,
    status: RuleSetStatus,
  ): Promise<StoredRuleSet> {
    const at = this.deps.now().toISOString();
    const stored = await this.db.transaction().execute(async (trx) => {
      const s = await setRuleSetStatus(trx, p.orgId, setId, version, status, at);
      await this.deps.audit.appendIn(trx, [
        {
          orgId: p.orgId,
          keyId: p.keyId,
          action: 'fraud.rule_set.status',
          targetType: 'fraud_rule_set',
          targetId: `${setId}@${version}`,
          details: { status },
        },
      ]);
      return s;
    });
    await this.deps.fraud.reloadRuleSets(p.orgId);
    return stored;
  }

  async decide(
    p: Principal,
    caseId: string,
    label: 'fraud' | 'legitimate',
    options: { note?: string | undefined; share?: boolean | undefined },
  ): Promise<CaseView> {
    const at = this.deps.now().toISOString();
    const decided = await this.db.transaction().execute(async (trx) => {
      const c = await decideCase(trx, p.orgId, caseId, label, { by: p.keyId, at, note: options.note });
      await this.deps.audit.appendIn(trx, [
        {
          orgId: p.orgId,
          keyId: p.keyId,
          action: 'fraud.case.decide',
          targetType: 'fraud_case',
          targetId: caseId,
          details: { label },
        },
      ]);
      return c;
    });
    if (label === 'fraud' && options.share !== false && decided.sharedReportId === null) {
      const reportId = await this.share(p, caseId);
      if (reportId) return { ...decided, sharedReportId: reportId };
    }
    return decided;
  }

  /** Shares a confirmed case's indicators as a `fraud_case` report (idempotent by case id). */
  private async share(p: Principal, caseId: string): Promise<string | undefined> {
    const c = await getCase(this.db, p.orgId, caseId);
    const event = c.event;
    if (!event) return undefined;
    const indicators = caseIndicators(event);
    if (indicators.length === 0) return undefined;
    const settings = await this.settings(p);
    const [result] = await this.deps.intake.submit(p, [
      {
        kind: 'fraud_case',
        tlp: settings.shareTlp,
        title: `Confirmed fraud: ${event.type}`,
        description: `Confirmed by the organization's fraud analysts (case ${caseId}, ${c.decision} by rule set ${c.verdict?.ruleSetId}@${c.verdict?.ruleSetVersion}).`,
        externalId: `fraud-case:${caseId}`,
        observedAt: new Date(event.occurredAt).toISOString(),
        details: {
          fraudType: FRAUD_TYPE_BY_EVENT[event.type] ?? 'other',
          ...(event.amount !== undefined ? { amount: event.amount } : {}),
          ...(event.currency && /^[A-Z]{3,5}$/.test(event.currency) ? { currency: event.currency } : {}),
        },
        indicators,
      },
    ]);
    if (result?.status === 'created' || result?.status === 'duplicate') {
      await setSharedReport(this.db, caseId, result.id);
      return result.id;
    }
    const why =
      result?.status === 'invalid' ? result.errors.map((e) => `${e.field}: ${e.reason}`).join('; ') : '';
    throw new KobanError('validation_failed', `The case was decided but could not be shared: ${why}`);
  }

  async settings(p: Pick<Principal, 'orgId'>): Promise<Settings> {
    const row = await this.db
      .selectFrom('fraud_settings')
      .selectAll()
      .where('org_id', '=', p.orgId)
      .executeTakeFirst();
    return {
      webhookUrl: row?.webhook_url ?? null,
      hasWebhookSecret: Boolean(row?.webhook_secret),
      shareTlp: (row?.share_tlp as Tlp | undefined) ?? 'AMBER',
    };
  }

  async updateSettings(
    p: Principal,
    input: { webhookUrl?: string | null; webhookSecret?: string | null; shareTlp?: Tlp },
  ): Promise<Settings> {
    if (input.webhookUrl) {
      try {
        await assertPublicDestination(input.webhookUrl, this.deps.outbound ?? { allowPrivate: false }, {
          resolve: false,
        });
      } catch (error) {
        if (!(error instanceof OutboundRefused)) throw error;
        throw new KobanError('validation_failed', `webhookUrl: ${error.message}`, [
          { field: '/webhookUrl', reason: error.message },
        ]);
      }
    }
    const current = await this.db
      .selectFrom('fraud_settings')
      .selectAll()
      .where('org_id', '=', p.orgId)
      .executeTakeFirst();
    const row = {
      org_id: p.orgId,
      webhook_url: input.webhookUrl !== undefined ? input.webhookUrl : (current?.webhook_url ?? null),
      webhook_secret:
        input.webhookSecret !== undefined ? input.webhookSecret : (current?.webhook_secret ?? null),
      share_tlp: input.shareTlp ?? current?.share_tlp ?? 'AMBER',
      updated_at: this.deps.now().toISOString(),
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('fraud_settings').where('org_id', '=', p.orgId).execute();
      await trx.insertInto('fraud_settings').values(row).execute();
      await this.deps.audit.appendIn(trx, [
        {
          orgId: p.orgId,
          keyId: p.keyId,
          action: 'fraud.settings.update',
          targetType: 'organization',
          targetId: p.orgId,
          details: {
            webhookUrl: row.webhook_url,
            shareTlp: row.share_tlp,
            secretChanged: input.webhookSecret !== undefined,
          },
        },
      ]);
    });
    await this.deps.fraud.invalidate(p, 'settings');
    return this.settings(p);
  }

  async setContact(
    p: Principal,
    accountId: string,
    email: string | null,
    locale: 'ja' | 'en',
  ): Promise<void> {
    const row = {
      org_id: p.orgId,
      account_id: accountId,
      email,
      locale,
      updated_at: this.deps.now().toISOString(),
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('fraud_contacts')
        .where('org_id', '=', p.orgId)
        .where('account_id', '=', accountId)
        .execute();
      await trx.insertInto('fraud_contacts').values(row).execute();
    });
    this.deps.fraud.setContact(p.orgId, accountId, { email, locale });
  }

  /** Replaces one of the organization's own lists (`org:<name>` in rules). */
  async replaceList(p: Principal, name: string, values: readonly string[]): Promise<number> {
    const at = this.deps.now().toISOString();
    const unique = [...new Set(values.map((v) => v.trim().normalize('NFKC')).filter((v) => v.length > 0))];
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('fraud_lists').where('org_id', '=', p.orgId).where('name', '=', name).execute();
      for (let i = 0; i < unique.length; i += 500) {
        const part = unique
          .slice(i, i + 500)
          .map((value) => ({ org_id: p.orgId, name, value, added_at: at }));
        await trx.insertInto('fraud_lists').values(part).execute();
      }
      await this.deps.audit.appendIn(trx, [
        {
          orgId: p.orgId,
          keyId: p.keyId,
          action: 'fraud.list.replace',
          targetType: 'fraud_list',
          targetId: name,
          details: { entries: unique.length },
        },
      ]);
    });
    await this.deps.fraud.invalidate(p, 'lists');
    return unique.length;
  }

  /** Replays the organization's journal (default: the last 30 days) through a version and the active set. */
  async backtest(
    p: Principal,
    setId: string,
    version: string,
    range: { from?: string | undefined; to?: string | undefined; limit?: number | undefined },
  ): Promise<JournalBacktest> {
    const stored = await getRuleSet(this.db, p.orgId, setId, version);
    const rt = await this.deps.fraud.runtime(p);
    const to = range.to ? new Date(range.to) : this.deps.now();
    const from = range.from ? new Date(range.from) : new Date(to.getTime() - 30 * 86_400_000);
    return backtestOnJournal(
      this.db,
      p.orgId,
      stored.ruleSet,
      rt.engine.activeSet.ruleSet,
      { from, to, limit: range.limit },
      rt.lists,
    );
  }
}
