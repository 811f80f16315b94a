/**
 * Inquiries (捜査関係事項照会): drafted by a police organization from a subject's indicators,
 * delivered to the provider's organization in Koban, acknowledged and answered there. Every state
 * change is one transaction with its audit entry. Callers who are neither the sender nor the
 * addressed provider (after sending) get 404, exactly as for a missing inquiry.
 */
import type { AuditLog } from '../audit/store.js';
import { type Principal, requireScope } from '../auth/service.js';
import { type Database, transact } from '../db/database.js';
import { invalid, KobanError } from '../errors/catalogue.js';
import { checkAttachment } from './attachments.js';
import type { CatalogueStore } from './catalogue-store.js';
import type { DeadlineFinder, SubjectType } from './deadlines.js';
import { cleanReason, draftInquiryText, type InquiryItem } from './inquiry-text.js';
import {
  type InquiryRow,
  type InquiryStatus,
  type InquiryView,
  OPEN_STATUSES,
  toInquiryView,
} from './inquiry-view.js';
import { addDays, dateToDayNumber } from './jst.js';

export interface InquiryDeps {
  database: Database;
  audit: AuditLog;
  catalogue: CatalogueStore;
  deadlines: DeadlineFinder;
  newId: () => string;
  now: () => Date;
  defaultAnswerDays: number;
}

export interface NewInquiry {
  subjectType: SubjectType;
  subjectId: string;
  providerId: string;
  indicatorKeys?: string[];
  answerDue?: string;
  reason?: string;
}

export class Inquiries {
  constructor(private readonly deps: InquiryDeps) {}

  private get db() {
    return this.deps.database.db;
  }

  async create(p: Principal, input: NewInquiry): Promise<InquiryView> {
    requireScope(p, 'investigation:write');
    const sender = await this.db
      .selectFrom('organizations')
      .select(['name', 'kind'])
      .where('id', '=', p.orgId)
      .executeTakeFirst();
    if (sender?.kind !== 'police')
      throw new KobanError('investigator_only', 'Inquiries are issued by police organizations');
    const { version, catalogue } = await this.deps.catalogue.current();
    const provider = catalogue.providers.find((x) => x.id === input.providerId);
    if (!provider)
      throw invalid('/providerId', `no provider "${input.providerId}" in catalogue version ${version}`);
    const today = this.deps.deadlines.today();
    const answerDue = input.answerDue ?? addDays(today, this.deps.defaultAnswerDays);
    if (!isDate(answerDue)) throw invalid('/answerDue', 'must be a calendar date YYYY-MM-DD');
    if (answerDue <= today) throw invalid('/answerDue', 'must be after today (JST)');
    const found = await this.deps.deadlines.forSubject(p, input.subjectType, input.subjectId);
    const keys = input.indicatorKeys;
    keys?.forEach((k, i) => {
      if (!found.some((f) => f.key === k))
        throw invalid(`/indicatorKeys/${i}`, 'not an indicator of this subject');
    });
    const items: InquiryItem[] = [];
    for (const f of found) {
      if (keys && !keys.includes(f.key)) continue;
      const logs = f.leads
        .filter((l) => l.providerId === provider.id)
        .map((l) => ({ logId: l.logId, name: l.logName.ja, deadline: l.deadline }));
      if (logs.length && !items.some((x) => x.key === f.key && x.observedAt === f.observedAt))
        items.push({ key: f.key, type: f.type, value: f.value, observedAt: f.observedAt, logs });
    }
    if (items.length === 0)
      throw invalid('/providerId', `no indicator of this subject is covered by ${provider.id}'s logs`);
    const id = this.deps.newId();
    const at = this.deps.now().toISOString();
    const text = draftInquiryText({
      provider,
      senderName: sender.name,
      items: items.slice(0, 100),
      reason: cleanReason(input.reason),
      answerDue,
      reference: id,
    });
    const row: InquiryRow = {
      id,
      org_id: p.orgId,
      provider_id: provider.id,
      provider_org_id: provider.organizationId ?? null,
      catalogue_version: version,
      subject_type: input.subjectType,
      subject_id: input.subjectId,
      items: JSON.stringify(items.slice(0, 100)),
      title: text.title,
      body: text.body,
      answer_due: answerDue,
      status: 'draft',
      created_at: at,
      created_by: p.keyId,
      sent_at: null,
      acknowledged_at: null,
      answered_at: null,
      answer_note: null,
      updated_at: at,
    };
    await transact(this.deps.database, async (trx) => {
      await trx.insertInto('investigation_inquiries').values(row).execute();
      await this.deps.audit.appendIn(trx, [
        this.event(p, 'create', id, { providerId: provider.id, items: items.length }),
      ]);
    });
    return toInquiryView(row, today);
  }

  /** Edits a draft (the text the investigator finalizes, the answer date). */
  async edit(
    p: Principal,
    id: string,
    change: { title?: string; body?: string; answerDue?: string },
  ): Promise<InquiryView> {
    requireScope(p, 'investigation:write');
    if (change.answerDue !== undefined) {
      if (!isDate(change.answerDue)) throw invalid('/answerDue', 'must be a calendar date YYYY-MM-DD');
      if (change.answerDue <= this.deps.deadlines.today())
        throw invalid('/answerDue', 'must be after today (JST)');
    }
    return this.transition(p, id, 'sender', ['draft'], 'edit', (row) => ({
      title: change.title ?? row.title,
      body: change.body ?? row.body,
      answer_due: change.answerDue ?? row.answer_due,
    }));
  }

  async send(p: Principal, id: string): Promise<InquiryView> {
    requireScope(p, 'investigation:write');
    // The provider may have been linked to an organization after the draft was made.
    const { catalogue } = await this.deps.catalogue.current();
    return this.transition(p, id, 'sender', ['draft'], 'send', (row, at) => {
      const orgId =
        row.provider_org_id ?? catalogue.providers.find((x) => x.id === row.provider_id)?.organizationId;
      if (!orgId)
        throw new KobanError(
          'conflict',
          `Provider ${row.provider_id} is not linked to an organization in Koban; link it in the catalogue or send on paper`,
        );
      return { status: 'sent', sent_at: at, provider_org_id: orgId };
    });
  }

  async acknowledge(p: Principal, id: string): Promise<InquiryView> {
    requireScope(p, 'inquiries:answer');
    return this.transition(p, id, 'provider', ['sent'], 'acknowledge', (_row, at) => ({
      status: 'acknowledged',
      acknowledged_at: at,
    }));
  }

  async answer(
    p: Principal,
    id: string,
    outcome: 'answered' | 'no_record',
    note: string | undefined,
  ): Promise<InquiryView> {
    requireScope(p, 'inquiries:answer');
    return this.transition(p, id, 'provider', OPEN_STATUSES, 'answer', (row, at) => ({
      status: outcome,
      answered_at: at,
      acknowledged_at: row.acknowledged_at ?? at,
      answer_note: note ?? null,
    }));
  }

  async attach(
    p: Principal,
    id: string,
    file: { fileName: string; contentType: string; contentBase64: string },
  ) {
    requireScope(p, 'inquiries:answer');
    const checked = checkAttachment(file);
    const attachmentId = this.deps.newId();
    const at = this.deps.now().toISOString();
    await this.transition(
      p,
      id,
      'provider',
      [...OPEN_STATUSES, 'answered'],
      'attach',
      () => ({}),
      async (trx) => {
        await trx
          .insertInto('investigation_attachments')
          .values({
            id: attachmentId,
            inquiry_id: id,
            file_name: file.fileName,
            content_type: checked.contentType,
            size: checked.size,
            sha256: checked.sha256,
            content: checked.bytes.toString('base64'),
            uploaded_at: at,
            uploaded_by: p.keyId,
          })
          .execute();
        return { attachmentId, sha256: checked.sha256, size: checked.size };
      },
    );
    return {
      id: attachmentId,
      fileName: file.fileName,
      contentType: checked.contentType,
      size: checked.size,
      sha256: checked.sha256,
      uploadedAt: at,
    };
  }

  /** Loads an inquiry for the caller in a role; anything else is 404 so existence never leaks. */
  async load(
    db: Database['db'],
    p: Principal,
    id: string,
    role: 'sender' | 'provider' | 'either',
  ): Promise<InquiryRow> {
    const row = await db
      .selectFrom('investigation_inquiries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    const isSender = row?.org_id === p.orgId;
    const isProvider = row !== undefined && row.status !== 'draft' && row.provider_org_id === p.orgId;
    const allowed = role === 'sender' ? isSender : role === 'provider' ? isProvider : isSender || isProvider;
    if (!row || !allowed) throw new KobanError('not_found', `No inquiry ${id}`);
    return row;
  }

  private async transition(
    p: Principal,
    id: string,
    role: 'sender' | 'provider',
    from: InquiryStatus[],
    action: string,
    change: (row: InquiryRow, at: string) => Partial<InquiryRow>,
    alsoIn?: (trx: Parameters<Parameters<typeof transact>[1]>[0]) => Promise<Record<string, unknown>>,
  ): Promise<InquiryView> {
    const at = this.deps.now().toISOString();
    const row = await transact(this.deps.database, async (trx) => {
      const current = await this.load(trx, p, id, role);
      if (!from.includes(current.status as InquiryStatus))
        throw new KobanError(
          'conflict',
          `Inquiry ${id} is ${current.status}; ${action} needs ${from.join(' or ')}`,
        );
      const set = { ...change(current, at), updated_at: at };
      await trx.updateTable('investigation_inquiries').set(set).where('id', '=', id).execute();
      const extra = alsoIn ? await alsoIn(trx) : {};
      const next = { ...current, ...set };
      await this.deps.audit.appendIn(trx, [this.event(p, action, id, { status: next.status, ...extra })]);
      return next;
    });
    return toInquiryView(row, this.deps.deadlines.today());
  }

  private event(p: Principal, action: string, id: string, details: Record<string, unknown>) {
    return {
      orgId: p.orgId,
      keyId: p.keyId,
      action: `investigation.inquiry.${action}`,
      targetType: 'inquiry',
      targetId: id,
      details,
    };
  }
}

function isDate(value: string): boolean {
  try {
    dateToDayNumber(value);
    return true;
  } catch {
    return false;
  }
}
