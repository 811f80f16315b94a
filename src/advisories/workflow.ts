/**
 * The approval workflow's rules, pure: which action each status allows, what an approval must
 * hold, and who counts as independent of the text. The service applies them inside transactions
 * with conditional updates, so two racing requests cannot both pass a check.
 *
 *   draft ─submit→ in_review ─approve→ approved ─publish→ published ─withdraw→ withdrawn
 *     ↑                 └──reject→ rejected
 *     └──── edit (from draft, in_review, approved, rejected: a new version, back to draft)
 */
import { type FieldError, KobanError } from '../errors/catalogue.js';
import { type AdvisoryStatus, type Art47Checklist, CHECKLIST_ITEMS } from './types.js';

export const ADVISORY_ACTIONS = ['edit', 'submit', 'approve', 'reject', 'publish', 'withdraw'] as const;
export type AdvisoryAction = (typeof ADVISORY_ACTIONS)[number];

const ALLOWED_FROM: Record<AdvisoryAction, readonly AdvisoryStatus[]> = {
  edit: ['draft', 'in_review', 'approved', 'rejected'],
  submit: ['draft'],
  approve: ['in_review'],
  reject: ['in_review'],
  publish: ['approved'],
  withdraw: ['published'],
};

export const NEXT_STATUS: Record<AdvisoryAction, AdvisoryStatus> = {
  edit: 'draft',
  submit: 'in_review',
  approve: 'approved',
  reject: 'rejected',
  publish: 'published',
  withdraw: 'withdrawn',
};

export function allowedFrom(action: AdvisoryAction): readonly AdvisoryStatus[] {
  return ALLOWED_FROM[action];
}

export function requireTransition(status: AdvisoryStatus, action: AdvisoryAction): void {
  if (!ALLOWED_FROM[action].includes(status)) {
    throw new KobanError('advisory_state', `cannot ${action} an advisory that is ${status}`);
  }
}

export const MIN_JUSTIFICATION_CHARS = 10;

/** Every checklist item must be true and the justification must say something (field paths for the console). */
export function approvalProblems(checklist: Partial<Art47Checklist>, justification: string): FieldError[] {
  const problems: FieldError[] = CHECKLIST_ITEMS.filter((item) => checklist[item] !== true).map((item) => ({
    field: `/checklist/${item}`,
    reason: 'must be true: the approver confirms it before publication (刑事訴訟法47条)',
  }));
  if (justification.trim().length < MIN_JUSTIFICATION_CHARS) {
    problems.push({
      field: '/justification',
      reason: `must explain the decision in at least ${MIN_JUSTIFICATION_CHARS} characters`,
    });
  }
  return problems;
}

export interface Actor {
  keyId: string;
  /** The member the key belongs to, when keys are issued per person. */
  memberId: string | null;
}

/**
 * An approver is independent when no version of the advisory was written with their key or by
 * their member (a person with two keys is still one person).
 */
export function isIndependent(approver: Actor, authors: readonly Actor[]): boolean {
  return authors.every(
    (a) => a.keyId !== approver.keyId && (approver.memberId === null || a.memberId !== approver.memberId),
  );
}
