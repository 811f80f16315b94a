/**
 * Review and publication: submit, approve (art. 47 checklist, by someone who wrote no version),
 * reject, publish (only the exact version an unused approval names, by content hash) and
 * withdraw. Each step is one transaction whose conditional update is the real guard: a check
 * that passed before a racing request changed the advisory still cannot take effect.
 */
import type { Transaction } from 'kysely';
import type { Principal } from '../auth/service.js';
import type { KobanDatabase } from '../db/schema.js';
import { invalid, KobanError } from '../errors/catalogue.js';
import { requireApprover, requireAuthor } from './access.js';
import type { AdvisoryDeps } from './drafts.js';
import { type AdvisoryRow, advisoryOf, authorsOf, memberOfKey, versionOf } from './store.js';
import type { AdvisoryStatus, Art47Checklist } from './types.js';
import {
  type Actor,
  type AdvisoryAction,
  allowedFrom,
  approvalProblems,
  isIndependent,
  NEXT_STATUS,
  requireTransition,
} from './workflow.js';

export interface ApprovalInput {
  version: number;
  checklist: Partial<Art47Checklist>;
  justification: string;
}

const MIN_REASON_CHARS = 10;

export class AdvisoryReview {
  constructor(private readonly deps: AdvisoryDeps) {}

  async submit(principal: Principal, id: string, version: number): Promise<void> {
    requireAuthor(principal);
    const row = await this.current(principal, id, 'submit', version);
    await this.deps.database.db.transaction().execute(async (trx) => {
      await this.move(trx, row, 'submit', version, {});
      await this.audit(trx, principal, id, 'advisory.submit', { version });
    });
  }

  async approve(principal: Principal, id: string, input: ApprovalInput): Promise<void> {
    requireApprover(principal);
    const problems = approvalProblems(input.checklist, input.justification);
    if (problems.length > 0) {
      throw new KobanError(
        'checklist_incomplete',
        problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
        problems,
      );
    }
    await this.decide(
      principal,
      id,
      input.version,
      'approve',
      input.justification,
      input.checklist as Art47Checklist,
    );
  }

  async reject(principal: Principal, id: string, version: number, reason: string): Promise<void> {
    requireApprover(principal);
    if (reason.trim().length < MIN_REASON_CHARS) {
      throw invalid('/reason', `must explain the rejection in at least ${MIN_REASON_CHARS} characters`);
    }
    await this.decide(principal, id, version, 'reject', reason, null);
  }

  async publish(principal: Principal, id: string, version: number): Promise<void> {
    requireAuthorOrApprover(principal);
    const { db } = this.deps.database;
    const row = await this.current(principal, id, 'publish', version);
    const target = await versionOf(db, id, version);
    const approval = await db
      .selectFrom('advisory_decisions')
      .selectAll()
      .where('advisory_id', '=', id)
      .where('version', '=', version)
      .where('decision', '=', 'approved')
      .executeTakeFirst();
    if (!approval || approval.used_at !== null || approval.content_hash !== target.content_hash) {
      throw new KobanError(
        'approval_required',
        `version ${version} has no unused approval of its exact content`,
      );
    }
    const approver = { keyId: approval.decided_by_key, memberId: approval.decided_by_member };
    if (!isIndependent(approver, await authorsOf(db, id))) {
      throw new KobanError('approval_required', 'the approval was given by an author of the advisory');
    }
    const at = this.deps.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await this.move(trx, row, 'publish', version, {
        published_version: version,
        published_at: at,
        published_approval_id: approval.id,
      });
      const used = await trx
        .updateTable('advisory_decisions')
        .set({ used_at: at })
        .where('id', '=', approval.id)
        .where('used_at', 'is', null)
        .where('content_hash', '=', target.content_hash)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1)
        throw new KobanError('approval_required', 'the approval was already used');
      await this.audit(trx, principal, id, 'advisory.publish', {
        version,
        contentHash: target.content_hash,
        approvalId: approval.id,
        approvedBy: approval.decided_by_key,
      });
    });
  }

  async withdraw(principal: Principal, id: string, reason: string): Promise<void> {
    requireAuthorOrApprover(principal);
    if (reason.trim().length < MIN_REASON_CHARS) {
      throw invalid('/reason', `must explain the withdrawal in at least ${MIN_REASON_CHARS} characters`);
    }
    const row = await advisoryOf(this.deps.database.db, principal.orgId, id);
    requireTransition(row.status as AdvisoryStatus, 'withdraw');
    const at = this.deps.now().toISOString();
    await this.deps.database.db.transaction().execute(async (trx) => {
      await this.move(trx, row, 'withdraw', row.current_version, { withdrawn_at: at, status_reason: reason });
      await this.audit(trx, principal, id, 'advisory.withdraw', { version: row.published_version, reason });
    });
  }

  private async decide(
    principal: Principal,
    id: string,
    version: number,
    action: 'approve' | 'reject',
    justification: string,
    checklist: Art47Checklist | null,
  ): Promise<void> {
    const { db } = this.deps.database;
    const row = await this.current(principal, id, action, version);
    const decider: Actor = { keyId: principal.keyId, memberId: await memberOfKey(db, principal.keyId) };
    if (!isIndependent(decider, await authorsOf(db, id))) {
      throw new KobanError(
        'self_approval',
        'an author of this advisory (by key or member) cannot decide on it',
      );
    }
    const target = await versionOf(db, id, version);
    const at = this.deps.now().toISOString();
    const decision = action === 'approve' ? 'approved' : 'rejected';
    await db.transaction().execute(async (trx) => {
      await this.move(trx, row, action, version, action === 'reject' ? { status_reason: justification } : {});
      const decisionId = this.deps.newId();
      await trx
        .insertInto('advisory_decisions')
        .values({
          id: decisionId,
          advisory_id: id,
          version,
          content_hash: target.content_hash,
          decision,
          decided_by_key: decider.keyId,
          decided_by_member: decider.memberId,
          checklist: checklist ? JSON.stringify(checklist) : null,
          justification,
          decided_at: at,
          used_at: null,
        })
        .execute();
      await this.audit(trx, principal, id, `advisory.${action}`, {
        version,
        contentHash: target.content_hash,
        decisionId,
        ...(checklist ? { checklist } : {}),
      });
    });
  }

  /** The advisory, checked for the action's status and for naming its current version. */
  private async current(
    principal: Principal,
    id: string,
    action: AdvisoryAction,
    version: number,
  ): Promise<AdvisoryRow> {
    const row = await advisoryOf(this.deps.database.db, principal.orgId, id);
    requireTransition(row.status as AdvisoryStatus, action);
    if (row.current_version !== version) {
      throw new KobanError(
        'advisory_version_mismatch',
        `the current version is ${row.current_version}, not ${version}`,
      );
    }
    return row;
  }

  private async move(
    trx: Transaction<KobanDatabase>,
    row: AdvisoryRow,
    action: AdvisoryAction,
    version: number,
    extra: Partial<AdvisoryRow>,
  ): Promise<void> {
    const moved = await trx
      .updateTable('advisories')
      .set({ ...extra, status: NEXT_STATUS[action], updated_at: this.deps.now().toISOString() })
      .where('id', '=', row.id)
      .where('status', 'in', [...allowedFrom(action)])
      .where('current_version', '=', version)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) {
      throw new KobanError('advisory_state', 'the advisory changed meanwhile; reload it');
    }
  }

  private async audit(
    trx: Transaction<KobanDatabase>,
    principal: Principal,
    id: string,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.appendIn(trx, [
      {
        orgId: principal.orgId,
        keyId: principal.keyId,
        action,
        targetType: 'advisory',
        targetId: id,
        details,
      },
    ]);
  }
}

function requireAuthorOrApprover(principal: Principal): void {
  if (principal.scopes.has('advisories:write') || principal.scopes.has('advisories:approve')) return;
  requireApprover(principal);
}
