/** Rows of advisories, their versions and decisions, and the views the API returns. */
import type { Kysely } from 'kysely';
import type { KobanDatabase } from '../db/schema.js';
import { KobanError } from '../errors/catalogue.js';
import type { FieldRedaction } from './redaction.js';
import type { AdvisorySource, Exclusion } from './sources.js';
import type {
  AdvisoryContent,
  AdvisoryStatus,
  Art47Checklist,
  Audience,
  PublishedIndicator,
  Sector,
} from './types.js';
import type { Actor } from './workflow.js';

type Db = Kysely<KobanDatabase>;
export type AdvisoryRow = KobanDatabase['advisories'];
export type VersionRow = KobanDatabase['advisory_versions'];
export type DecisionRow = KobanDatabase['advisory_decisions'];

/** What the draft was made from, stored once with the advisory. */
export interface SourceRecord {
  source: AdvisorySource;
  /** Reports whose facts the draft used. */
  usedReportIds: string[];
  /** Reports of the source left out, counted by reason (`sources.ts#exclusionOf`). */
  excluded: Partial<Record<Exclusion, number>>;
  /** The indicators the draft found safe to publish; an edit may only choose among them. */
  candidates: PublishedIndicator[];
}

export interface VersionView {
  version: number;
  createdAt: string;
  createdBy: Actor;
  contentHash: string;
  /** The redacted content: exactly what publication would show. */
  content: AdvisoryContent;
  removed: number;
  alsoRedact: string[];
}

export interface DecisionView {
  id: string;
  version: number;
  contentHash: string;
  decision: 'approved' | 'rejected';
  decidedBy: Actor;
  checklist: Art47Checklist | null;
  justification: string;
  decidedAt: string;
  usedAt: string | null;
}

export interface AdvisoryView {
  id: string;
  status: AdvisoryStatus;
  audience: Audience;
  sector: Sector | null;
  currentVersion: number;
  createdAt: string;
  createdBy: { keyId: string };
  updatedAt: string;
  publishedVersion: number | null;
  publishedAt: string | null;
  statusReason: string | null;
  source: SourceRecord;
  version: VersionView;
  decisions: DecisionView[];
}

export function versionView(row: VersionRow): VersionView {
  const redactions = JSON.parse(row.redactions) as FieldRedaction[];
  return {
    version: row.version,
    createdAt: row.created_at,
    createdBy: { keyId: row.created_by_key, memberId: row.created_by_member },
    contentHash: row.content_hash,
    content: JSON.parse(row.redacted) as AdvisoryContent,
    removed: redactions.reduce((n, r) => n + r.removed, 0),
    alsoRedact: JSON.parse(row.also_redact) as string[],
  };
}

export function decisionView(row: DecisionRow): DecisionView {
  return {
    id: row.id,
    version: row.version,
    contentHash: row.content_hash,
    decision: row.decision as DecisionView['decision'],
    decidedBy: { keyId: row.decided_by_key, memberId: row.decided_by_member },
    checklist: row.checklist ? (JSON.parse(row.checklist) as Art47Checklist) : null,
    justification: row.justification,
    decidedAt: row.decided_at,
    usedAt: row.used_at,
  };
}

export function advisoryView(row: AdvisoryRow, version: VersionRow, decisions: DecisionRow[]): AdvisoryView {
  return {
    id: row.id,
    status: row.status as AdvisoryStatus,
    audience: row.audience as Audience,
    sector: row.sector as Sector | null,
    currentVersion: row.current_version,
    createdAt: row.created_at,
    createdBy: { keyId: row.created_by_key },
    updatedAt: row.updated_at,
    publishedVersion: row.published_version,
    publishedAt: row.published_at,
    statusReason: row.status_reason,
    source: JSON.parse(row.source) as SourceRecord,
    version: versionView(version),
    decisions: decisions.map(decisionView),
  };
}

/** An advisory of the caller's organization; any other answers 404 like a missing one. */
export async function advisoryOf(db: Db, orgId: string, id: string): Promise<AdvisoryRow> {
  const row = await db
    .selectFrom('advisories')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) throw new KobanError('not_found', 'advisory not found');
  return row;
}

export async function versionOf(db: Db, advisoryId: string, version: number): Promise<VersionRow> {
  const row = await db
    .selectFrom('advisory_versions')
    .selectAll()
    .where('advisory_id', '=', advisoryId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new KobanError('not_found', `advisory version ${version} not found`);
  return row;
}

export async function versionsOf(db: Db, advisoryId: string): Promise<VersionRow[]> {
  return db
    .selectFrom('advisory_versions')
    .selectAll()
    .where('advisory_id', '=', advisoryId)
    .orderBy('version')
    .execute();
}

export async function decisionsOf(db: Db, advisoryId: string): Promise<DecisionRow[]> {
  return db
    .selectFrom('advisory_decisions')
    .selectAll()
    .where('advisory_id', '=', advisoryId)
    .orderBy('version')
    .execute();
}

/** Everyone who wrote any version: none of them may approve or reject it. */
export async function authorsOf(db: Db, advisoryId: string): Promise<Actor[]> {
  const rows = await db
    .selectFrom('advisory_versions')
    .select(['created_by_key', 'created_by_member'])
    .where('advisory_id', '=', advisoryId)
    .execute();
  return rows.map((r) => ({ keyId: r.created_by_key, memberId: r.created_by_member }));
}

export async function memberOfKey(db: Db, keyId: string): Promise<string | null> {
  const row = await db.selectFrom('api_keys').select('member_id').where('id', '=', keyId).executeTakeFirst();
  return row?.member_id ?? null;
}
