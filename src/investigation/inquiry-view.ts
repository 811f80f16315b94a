/** How an inquiry row is shown; `overdue` is computed from the answer deadline, never stored. */
import type { KobanDatabase } from '../db/schema.js';
import type { InquiryItem } from './inquiry-text.js';

export const INQUIRY_STATUSES = ['draft', 'sent', 'acknowledged', 'answered', 'no_record'] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];
export const OPEN_STATUSES: InquiryStatus[] = ['sent', 'acknowledged'];

export type InquiryRow = KobanDatabase['investigation_inquiries'];

export interface InquiryView {
  id: string;
  orgId: string;
  providerId: string;
  providerOrgId: string | null;
  catalogueVersion: number;
  subjectType: string;
  subjectId: string;
  items: InquiryItem[];
  title: string;
  body: string;
  answerDue: string;
  status: InquiryStatus;
  overdue: boolean;
  createdAt: string;
  sentAt: string | null;
  acknowledgedAt: string | null;
  answeredAt: string | null;
  answerNote: string | null;
  updatedAt: string;
}

export function toInquiryView(r: InquiryRow, today: string): InquiryView {
  const status = r.status as InquiryStatus;
  return {
    id: r.id,
    orgId: r.org_id,
    providerId: r.provider_id,
    providerOrgId: r.provider_org_id,
    catalogueVersion: Number(r.catalogue_version),
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    items: JSON.parse(r.items) as InquiryItem[],
    title: r.title,
    body: r.body,
    answerDue: r.answer_due,
    status,
    overdue: OPEN_STATUSES.includes(status) && today > r.answer_due,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    acknowledgedAt: r.acknowledged_at,
    answeredAt: r.answered_at,
    answerNote: r.answer_note,
    updatedAt: r.updated_at,
  };
}
