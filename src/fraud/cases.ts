/**
 * Cases: every held or refused event opens one (in the decision's own transaction). An analyst
 * decides it as fraud or legitimate; the decision labels the journaled event (backtests learn
 * from it) and, for fraud, can share the event's indicators (mule bank account, device, phone,
 * IP) with other partners as a `fraud_case` report under the organization's default marking.
 */
import type { Kysely, Transaction } from 'kysely';
import type { FraudEvent, FraudVerdict } from '../core/fraud/index.js';
import type { KobanDatabase } from '../db/schema.js';
import { KobanError } from '../errors/catalogue.js';

export const CASE_STATUSES = ['open', 'fraud', 'legitimate'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface CaseView {
  id: string;
  eventId: string;
  accountId: string;
  decision: string;
  score: number;
  status: CaseStatus;
  openedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  note: string | null;
  sharedReportId: string | null;
  event?: FraudEvent;
  verdict?: FraudVerdict;
}

type Row = KobanDatabase['fraud_cases'];

function toView(r: Row): CaseView {
  return {
    id: r.id,
    eventId: r.event_id,
    accountId: r.account_id,
    decision: r.decision,
    score: r.score,
    status: r.status as CaseStatus,
    openedAt: r.opened_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    note: r.note,
    sharedReportId: r.shared_report_id,
  };
}

/** Open cases oldest first (a queue); decided ones newest first. Keyset paging on (opened_at, id). */
export async function listCases(
  db: Kysely<KobanDatabase>,
  orgId: string,
  status: CaseStatus,
  limit: number,
  after?: { openedAt: string; id: string },
): Promise<CaseView[]> {
  let q = db
    .selectFrom('fraud_cases')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', status)
    .orderBy('opened_at')
    .orderBy('id')
    .limit(limit);
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('opened_at', '>', after.openedAt),
        eb.and([eb('opened_at', '=', after.openedAt), eb('id', '>', after.id)]),
      ]),
    );
  }
  return (await q.execute()).map(toView);
}

export async function getCase(db: Kysely<KobanDatabase>, orgId: string, id: string): Promise<CaseView> {
  const row = await db
    .selectFrom('fraud_cases as c')
    .innerJoin('fraud_events as e', (j) =>
      j.onRef('e.org_id', '=', 'c.org_id').onRef('e.event_id', '=', 'c.event_id'),
    )
    .selectAll('c')
    .select(['e.event', 'e.verdict'])
    .where('c.org_id', '=', orgId)
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new KobanError('not_found', `No case ${id}`);
  return {
    ...toView(row),
    event: JSON.parse(row.event) as FraudEvent,
    verdict: JSON.parse(row.verdict) as FraudVerdict,
  };
}

/** Records the analyst's decision and labels the event; a decided case cannot be decided again. */
export async function decideCase(
  trx: Transaction<KobanDatabase>,
  orgId: string,
  id: string,
  label: 'fraud' | 'legitimate',
  decision: { by: string; at: string; note?: string | undefined },
): Promise<CaseView> {
  {
    const current = await trx
      .selectFrom('fraud_cases')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!current) throw new KobanError('not_found', `No case ${id}`);
    if (current.status !== 'open') {
      if (current.status === label) return toView(current);
      throw new KobanError('conflict', `Case ${id} was already decided as ${current.status}`);
    }
    const set = {
      status: label,
      decided_at: decision.at,
      decided_by: decision.by,
      note: decision.note ?? null,
    };
    await trx.updateTable('fraud_cases').set(set).where('id', '=', id).execute();
    await trx
      .updateTable('fraud_events')
      .set({ label })
      .where('org_id', '=', orgId)
      .where('event_id', '=', current.event_id)
      .execute();
    return toView({ ...current, ...set });
  }
}

export async function setSharedReport(
  db: Kysely<KobanDatabase>,
  id: string,
  reportId: string,
): Promise<void> {
  await db.updateTable('fraud_cases').set({ shared_report_id: reportId }).where('id', '=', id).execute();
}

/** The explicit indicators a confirmed fraud case shares (values as the event carried them). */
export function caseIndicators(event: FraudEvent): { type: string; value: string; role: string }[] {
  const out: { type: string; value: string; role: string }[] = [];
  if (event.bankAccount) out.push({ type: 'bank_account', value: event.bankAccount, role: 'mule_account' });
  if (event.deviceId) out.push({ type: 'device_fingerprint', value: event.deviceId, role: 'device' });
  if (event.phone) out.push({ type: 'phone', value: event.phone, role: 'contact' });
  if (event.ip) out.push({ type: event.ip.includes(':') ? 'ipv6' : 'ipv4', value: event.ip, role: 'source' });
  return out;
}
