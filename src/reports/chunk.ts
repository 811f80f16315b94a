import type { AuditEvent } from '../audit/chain.js';
import type { FieldError } from '../errors/catalogue.js';
import type { NewReport, StoredSighting } from './store.js';

/**
 * One chunk of validated reports on its way into storage, and the pure rules that decide, given
 * what the store already holds, which of them are written, which are retries and which name an
 * audience that does not exist. Both write paths (Kysely and the SQLite worker) use these rules.
 */
export interface ChunkItem {
  index: number;
  externalId: string | undefined;
  report: NewReport;
  /** The indicators as the submitter is told about them; stays on the server thread. */
  extracted?: StoredSighting[];
}

export interface Actor {
  orgId: string;
  keyId: string;
}

export interface AudienceFacts {
  knownOrgs: ReadonlySet<string>;
  /** Sharing groups the reporting organization belongs to. */
  memberOf: ReadonlySet<string>;
}

export interface ChunkOutcome {
  created: number[];
  duplicates: [index: number, existingId: string][];
  invalid: [index: number, errors: FieldError[]][];
}

export interface ChunkDecision extends ChunkOutcome {
  write: ChunkItem[];
}

/** `existing` maps externalIds already stored for the reporter to their report ids. */
export function decideChunk(
  items: readonly ChunkItem[],
  existing: ReadonlyMap<string, string>,
  facts: AudienceFacts,
): ChunkDecision {
  const decision: ChunkDecision = { write: [], created: [], duplicates: [], invalid: [] };
  const seen = new Map(existing);
  for (const item of items) {
    const errors = audienceErrors(item.report, facts);
    if (errors.length > 0) {
      decision.invalid.push([item.index, errors]);
      continue;
    }
    const prior = item.externalId ? seen.get(item.externalId) : undefined;
    if (prior) {
      decision.duplicates.push([item.index, prior]);
      continue;
    }
    if (item.externalId) seen.set(item.externalId, item.report.row.id);
    decision.write.push(item);
    decision.created.push(item.index);
  }
  return decision;
}

export function audienceErrors(report: NewReport, facts: AudienceFacts): FieldError[] {
  const errors: FieldError[] = [];
  report.recipients.forEach((org, i) => {
    if (!facts.knownOrgs.has(org)) errors.push({ field: `/recipients/${i}`, reason: 'no such organization' });
  });
  report.sharingGroups.forEach((group, i) => {
    // Same answer for a missing group and one the reporter is not in: group existence is not revealed.
    if (!facts.memberOf.has(group)) {
      errors.push({ field: `/sharingGroups/${i}`, reason: 'no such sharing group among yours' });
    }
  });
  return errors;
}

export function reportAuditEvent(actor: Actor, report: NewReport): AuditEvent {
  return {
    orgId: actor.orgId,
    keyId: actor.keyId,
    action: 'report.create',
    targetType: 'report',
    targetId: report.row.id,
    details: {
      kind: report.row.kind,
      tlp: report.row.tlp,
      sensitivity: report.row.sensitivity,
      indicators: report.rows.sightings.length,
    },
  };
}

export const externalIdsOf = (items: readonly ChunkItem[]): string[] =>
  items.flatMap((item) => (item.externalId ? [item.externalId] : []));

export const recipientsOf = (items: readonly ChunkItem[]): string[] => [
  ...new Set(items.flatMap((item) => item.report.recipients)),
];

/** A chunk is written atomically: all of its created reports and their audit entries, or nothing. */
export interface ChunkWriter {
  write(actor: Actor, items: readonly ChunkItem[]): Promise<ChunkOutcome>;
  close(): Promise<void>;
}
