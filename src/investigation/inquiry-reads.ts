/** Reads of inquiries: the sender's list, the provider's inbox, attachments, reminders, metrics. */
import { type Principal, requireScope } from '../auth/service.js';
import type { Database } from '../db/database.js';
import { KobanError } from '../errors/catalogue.js';
import type { Inquiries } from './inquiries.js';
import { type InquiryStatus, type InquiryView, OPEN_STATUSES, toInquiryView } from './inquiry-view.js';
import { daysBetween } from './jst.js';

export interface AttachmentMeta {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

export interface ProviderMetrics {
  providerId: string;
  sent: number;
  closed: number;
  open: number;
  overdue: number;
  medianHoursToAnswer: number | null;
  p90HoursToAnswer: number | null;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export class InquiryReads {
  constructor(private readonly deps: { database: Database; inquiries: Inquiries; today: () => string }) {}

  private get db() {
    return this.deps.database.db;
  }

  private canRead(p: Principal): void {
    if (!p.scopes.has('investigation:read') && !p.scopes.has('inquiries:answer'))
      requireScope(p, 'investigation:read');
  }

  async organizationName(orgId: string): Promise<string> {
    const row = await this.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', orgId)
      .executeTakeFirst();
    return row?.name ?? orgId;
  }

  /** `sent`: the caller's own inquiries; `inbox`: inquiries addressed to the caller's organization. */
  async list(
    p: Principal,
    box: 'sent' | 'inbox',
    status?: InquiryStatus,
    limit = 100,
  ): Promise<InquiryView[]> {
    requireScope(p, box === 'sent' ? 'investigation:read' : 'inquiries:answer');
    let q = this.db
      .selectFrom('investigation_inquiries')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(limit);
    q =
      box === 'sent'
        ? q.where('org_id', '=', p.orgId)
        : q.where('provider_org_id', '=', p.orgId).where('status', '<>', 'draft');
    if (status) q = q.where('status', '=', status);
    const today = this.deps.today();
    return (await q.execute()).map((r) => toInquiryView(r, today));
  }

  async get(p: Principal, id: string): Promise<InquiryView & { attachments: AttachmentMeta[] }> {
    this.canRead(p);
    const row = await this.deps.inquiries.load(this.db, p, id, 'either');
    const attachments = await this.db
      .selectFrom('investigation_attachments')
      .select(['id', 'file_name', 'content_type', 'size', 'sha256', 'uploaded_at'])
      .where('inquiry_id', '=', id)
      .orderBy('uploaded_at')
      .execute();
    return {
      ...toInquiryView(row, this.deps.today()),
      attachments: attachments.map((a) => ({
        id: a.id,
        fileName: a.file_name,
        contentType: a.content_type,
        size: Number(a.size),
        sha256: a.sha256,
        uploadedAt: a.uploaded_at,
      })),
    };
  }

  async attachment(
    p: Principal,
    id: string,
    attachmentId: string,
  ): Promise<{ meta: AttachmentMeta; bytes: Buffer }> {
    this.canRead(p);
    await this.deps.inquiries.load(this.db, p, id, 'either');
    const a = await this.db
      .selectFrom('investigation_attachments')
      .selectAll()
      .where('id', '=', attachmentId)
      .where('inquiry_id', '=', id)
      .executeTakeFirst();
    if (!a) throw new KobanError('not_found', `No attachment ${attachmentId}`);
    return {
      meta: {
        id: a.id,
        fileName: a.file_name,
        contentType: a.content_type,
        size: Number(a.size),
        sha256: a.sha256,
        uploadedAt: a.uploaded_at,
      },
      bytes: Buffer.from(a.content, 'base64'),
    };
  }

  /** Open inquiries due within `withinDays` or overdue, for the sender and for the provider. */
  async reminders(
    p: Principal,
    withinDays = 3,
  ): Promise<{ inquiry: InquiryView; box: 'sent' | 'inbox'; daysLeft: number }[]> {
    this.canRead(p);
    const today = this.deps.today();
    const rows = await this.db
      .selectFrom('investigation_inquiries')
      .selectAll()
      .where('status', 'in', OPEN_STATUSES)
      .where((eb) => eb.or([eb('org_id', '=', p.orgId), eb('provider_org_id', '=', p.orgId)]))
      .orderBy('answer_due')
      .limit(1000)
      .execute();
    return rows
      .map((r) => ({
        inquiry: toInquiryView(r, today),
        box: (r.org_id === p.orgId ? 'sent' : 'inbox') as 'sent' | 'inbox',
        daysLeft: daysBetween(today, r.answer_due),
      }))
      .filter((x) => x.daysLeft <= withinDays);
  }

  /** Time to answer per provider over the caller's sent inquiries (answered or no record). */
  async metrics(p: Principal): Promise<ProviderMetrics[]> {
    requireScope(p, 'investigation:read');
    const today = this.deps.today();
    const rows = await this.db
      .selectFrom('investigation_inquiries')
      .select(['provider_id', 'status', 'sent_at', 'answered_at', 'answer_due'])
      .where('org_id', '=', p.orgId)
      .where('status', '<>', 'draft')
      .execute();
    const by = new Map<string, { hours: number[]; sent: number; open: number; overdue: number }>();
    for (const r of rows) {
      const m = by.get(r.provider_id) ?? { hours: [], sent: 0, open: 0, overdue: 0 };
      by.set(r.provider_id, m);
      m.sent++;
      if (r.answered_at && r.sent_at)
        m.hours.push((Date.parse(r.answered_at) - Date.parse(r.sent_at)) / 3_600_000);
      else {
        m.open++;
        if (today > r.answer_due) m.overdue++;
      }
    }
    return [...by.entries()]
      .map(([providerId, m]) => {
        const sorted = m.hours.sort((a, b) => a - b);
        const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
        return {
          providerId,
          sent: m.sent,
          closed: sorted.length,
          open: m.open,
          overdue: m.overdue,
          medianHoursToAnswer: round(percentile(sorted, 50)),
          p90HoursToAnswer: round(percentile(sorted, 90)),
        };
      })
      .sort((a, b) => a.providerId.localeCompare(b.providerId));
  }
}
