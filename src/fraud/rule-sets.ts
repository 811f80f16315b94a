/**
 * Versioned rule sets per organization. A version is immutable once stored (re-uploading the same
 * body is idempotent; a different body under the same version is a conflict). Status moves
 * between draft, shadow (scored on live traffic, never decides), active (at most one: activating
 * retires the previous one) and retired. Every change is audited.
 */
import type { Kysely, Transaction } from 'kysely';
import { type RuleSet, validateRuleSet } from '../core/fraud/index.js';
import type { KobanDatabase } from '../db/schema.js';
import { KobanError } from '../errors/catalogue.js';

export const RULE_SET_STATUSES = ['draft', 'shadow', 'active', 'retired'] as const;
export type RuleSetStatus = (typeof RULE_SET_STATUSES)[number];

export interface StoredRuleSet {
  setId: string;
  version: string;
  status: RuleSetStatus;
  createdAt: string;
  createdBy: string | null;
  statusChangedAt: string;
  ruleSet: RuleSet;
}

type Row = KobanDatabase['fraud_rule_sets'];

function toStored(r: Row): StoredRuleSet {
  return {
    setId: r.set_id,
    version: r.version,
    status: r.status as RuleSetStatus,
    createdAt: r.created_at,
    createdBy: r.created_by,
    statusChangedAt: r.status_changed_at,
    ruleSet: JSON.parse(r.body) as RuleSet,
  };
}

/** Validates or throws `validation_failed` naming every wrong path; nothing is stored then. */
export function parseRuleSet(input: unknown): RuleSet {
  const v = validateRuleSet(input);
  if (v.ok) return v.ruleSet;
  throw new KobanError(
    'validation_failed',
    `The rule set is not valid (${v.errors.length} error${v.errors.length === 1 ? '' : 's'}); the active set is unchanged`,
    v.errors.map((e) => ({ field: e.path === '' ? '/' : e.path, reason: e.message })),
  );
}

export async function storeRuleSet(
  db: Kysely<KobanDatabase>,
  orgId: string,
  ruleSet: RuleSet,
  by: string,
  at: string,
): Promise<{ stored: StoredRuleSet; created: boolean }> {
  const body = JSON.stringify(ruleSet);
  const existing = await db
    .selectFrom('fraud_rule_sets')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('set_id', '=', ruleSet.id)
    .where('version', '=', ruleSet.version)
    .executeTakeFirst();
  if (existing) {
    if (existing.body !== body) {
      throw new KobanError(
        'conflict',
        `Rule set ${ruleSet.id} version ${ruleSet.version} already exists with other content; give the new one another version`,
        [{ field: '/version', reason: 'already used for different content' }],
      );
    }
    return { stored: toStored(existing), created: false };
  }
  const row: Row = {
    org_id: orgId,
    set_id: ruleSet.id,
    version: ruleSet.version,
    body,
    status: 'draft',
    created_at: at,
    created_by: by,
    status_changed_at: at,
  };
  await db.insertInto('fraud_rule_sets').values(row).execute();
  return { stored: toStored(row), created: true };
}

export async function listRuleSets(db: Kysely<KobanDatabase>, orgId: string): Promise<StoredRuleSet[]> {
  const rows = await db
    .selectFrom('fraud_rule_sets')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('set_id')
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toStored);
}

export async function getRuleSet(
  db: Kysely<KobanDatabase>,
  orgId: string,
  setId: string,
  version: string,
): Promise<StoredRuleSet> {
  const row = await db
    .selectFrom('fraud_rule_sets')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('set_id', '=', setId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new KobanError('not_found', `No rule set ${setId} version ${version}`);
  return toStored(row);
}

/** Active and shadow sets of an organization (what its engine runs). */
export async function liveRuleSets(
  db: Kysely<KobanDatabase>,
  orgId: string,
): Promise<{ active: StoredRuleSet | undefined; shadows: StoredRuleSet[] }> {
  const rows = await db
    .selectFrom('fraud_rule_sets')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', 'in', ['active', 'shadow'])
    .orderBy('status_changed_at')
    .execute();
  const sets = rows.map(toStored);
  return {
    active: sets.find((s) => s.status === 'active'),
    shadows: sets.filter((s) => s.status === 'shadow'),
  };
}

/** Sets a version's status; activating retires the organization's previously active version. */
export async function setRuleSetStatus(
  trx: Transaction<KobanDatabase>,
  orgId: string,
  setId: string,
  version: string,
  status: RuleSetStatus,
  at: string,
): Promise<StoredRuleSet> {
  {
    const current = await getRuleSet(trx, orgId, setId, version);
    if (status === 'active') {
      await trx
        .updateTable('fraud_rule_sets')
        .set({ status: 'retired', status_changed_at: at })
        .where('org_id', '=', orgId)
        .where('status', '=', 'active')
        .execute();
    }
    await trx
      .updateTable('fraud_rule_sets')
      .set({ status, status_changed_at: at })
      .where('org_id', '=', orgId)
      .where('set_id', '=', setId)
      .where('version', '=', version)
      .execute();
    return { ...current, status, statusChangedAt: at };
  }
}
