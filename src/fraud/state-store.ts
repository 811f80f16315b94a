/**
 * Durable window state: a snapshot file per organization (written atomically, streamed line by
 * line so a million accounts never become one string) plus the event journal. A restart restores
 * the snapshot and replays the journal entries after its sequence number, so no window state is
 * lost; without a snapshot the journal alone rebuilds it.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import { type FraudEvent, type FraudState, restoreState, snapshotLines } from '../core/fraud/index.js';
import type { KobanDatabase } from '../db/schema.js';
import { DEDUP_HORIZON_MS, type OrgFraudEngine } from './engine.js';

const META = 'koban-fraud-snapshot/1';
const REPLAY_PAGE = 5_000;

export function snapshotPath(dir: string, orgId: string): string {
  return join(dir, `${encodeURIComponent(orgId)}.state.jsonl`);
}

/** Lines of a file, read in 1 MiB chunks. */
function* fileLines(file: string): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let rest = '';
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = rest + buf.toString('utf8', 0, n);
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) if (p.length > 0) yield p;
    }
    if (rest.length > 0) yield rest;
  } finally {
    closeSync(fd);
  }
}

export function writeSnapshot(file: string, orgId: string, seq: number, state: FraudState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    let pending = `${JSON.stringify({ format: META, orgId, seq })}\n`;
    for (const line of snapshotLines(state)) {
      pending += `${line}\n`;
      if (pending.length > 1 << 20) {
        writeSync(fd, pending);
        pending = '';
      }
    }
    writeSync(fd, pending);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** The state and journal sequence a snapshot holds, or undefined when there is none (or it is unreadable). */
export function readSnapshot(file: string): { seq: number; state: FraudState } | undefined {
  if (!existsSync(file)) return undefined;
  const lines = fileLines(file);
  const first = lines.next();
  if (first.done) return undefined;
  const meta = JSON.parse(first.value) as { format?: string; seq?: number };
  if (meta.format !== META || typeof meta.seq !== 'number') return undefined;
  const state = restoreState({ [Symbol.iterator]: () => lines });
  return { seq: meta.seq, state };
}

/** Applies journal entries with `seq` after the engine's, in order; returns how many. */
export async function replayJournal(db: Kysely<KobanDatabase>, engine: OrgFraudEngine): Promise<number> {
  let applied = 0;
  for (;;) {
    const rows = await db
      .selectFrom('fraud_events')
      .select(['seq', 'event', 'applied_now'])
      .where('org_id', '=', engine.orgId)
      .where('seq', '>', engine.seq)
      .orderBy('seq')
      .limit(REPLAY_PAGE)
      .execute();
    for (const r of rows)
      engine.replay(JSON.parse(r.event) as FraudEvent, Number(r.applied_now), Number(r.seq));
    applied += rows.length;
    if (rows.length < REPLAY_PAGE) return applied;
  }
}

/** Highest journal sequence of an organization (new engines continue from it). */
export async function lastSeq(db: Kysely<KobanDatabase>, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('fraud_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Event ids received within the dedup horizon (the snapshot does not hold them), newest first by seq. */
export async function rememberRecentIds(
  db: Kysely<KobanDatabase>,
  engine: OrgFraudEngine,
  nowMs: number,
): Promise<void> {
  const since = new Date(nowMs - DEDUP_HORIZON_MS).toISOString();
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = await db
      .selectFrom('fraud_events')
      .select(['seq', 'event_id', 'applied_now', 'received_at'])
      .where('org_id', '=', engine.orgId)
      .where('seq', '<', before)
      .orderBy('seq', 'desc')
      .limit(REPLAY_PAGE)
      .execute();
    for (const r of rows) {
      if (r.received_at < since) return;
      engine.recent.add(r.event_id, Number(r.applied_now));
    }
    if (rows.length < REPLAY_PAGE) return;
    before = Number(rows[rows.length - 1]?.seq ?? 0);
  }
}
