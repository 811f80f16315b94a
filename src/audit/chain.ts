import { createHash } from 'node:crypto';
import type { AuditLogTable } from '../db/schema.js';

/** Pure hash-chain rules for the audit log; storage lives in ./store.ts. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  seq: number;
  at: string;
  orgId: string | null;
  keyId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details: unknown;
}

/** JSON with sorted object keys, so the same content always hashes the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(prevHash: string, record: AuditRecord): string {
  const body = canonicalJson({
    seq: record.seq,
    at: record.at,
    orgId: record.orgId,
    keyId: record.keyId,
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    details: record.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export interface AuditEvent {
  orgId: string | null;
  keyId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
}

/** A stored audit entry: exactly the audit_log row. */
export type AuditRow = AuditLogTable;

/** The rows that extend a chain whose newest entry is `head` (undefined for an empty log). */
export function chainRows(
  head: { seq: number; hash: string } | undefined,
  events: readonly AuditEvent[],
  at: string,
): AuditRow[] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return events.map((event) => {
    seq += 1;
    const record: AuditRecord = {
      seq,
      at,
      orgId: event.orgId,
      keyId: event.keyId,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
      details: event.details ?? {},
    };
    const hash = entryHash(prevHash, record);
    const row: AuditRow = {
      seq,
      at,
      org_id: record.orgId,
      key_id: record.keyId,
      action: record.action,
      target_type: record.targetType,
      target_id: record.targetId,
      details: JSON.stringify(record.details),
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
}

export type ChainProblem =
  | { kind: 'gap'; expectedSeq: number; foundSeq: number }
  | { kind: 'broken_link'; seq: number }
  | { kind: 'hash_mismatch'; seq: number };

/** Incremental verifier: feed entries in seq order, collect every problem found. */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  readonly problems: ChainProblem[] = [];
  checked = 0;

  push(record: AuditRecord & { prevHash: string; hash: string }): void {
    if (record.seq !== this.expectedSeq) {
      this.problems.push({ kind: 'gap', expectedSeq: this.expectedSeq, foundSeq: record.seq });
    }
    if (record.prevHash !== this.prevHash) this.problems.push({ kind: 'broken_link', seq: record.seq });
    if (entryHash(record.prevHash, record) !== record.hash)
      this.problems.push({ kind: 'hash_mismatch', seq: record.seq });
    this.expectedSeq = record.seq + 1;
    this.prevHash = record.hash;
    this.checked++;
  }

  get headHash(): string {
    return this.prevHash;
  }

  get lastSeq(): number {
    return this.expectedSeq - 1;
  }
}
