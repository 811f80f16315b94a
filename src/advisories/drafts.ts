/**
 * Drafts: an advisory is created from a campaign or reports the analyst may see, and every edit
 * is a new version whose text is redacted again. Nothing here can publish.
 */
import type { Transaction } from 'kysely';
import type { AuditLog } from '../audit/store.js';
import type { Principal } from '../auth/service.js';
import type { CampaignGraph } from '../correlation/graph.js';
import type { Database } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import { type FieldError, invalid, KobanError } from '../errors/catalogue.js';
import { requireAdvisoryReader, requireAuthor } from './access.js';
import { draftContent } from './drafting.js';
import { indicatorKey, keepValuesOf } from './indicators.js';
import { type FieldRedaction, redactContent } from './redaction.js';
import {
  type AdvisorySource,
  type Exclusion,
  exclusionOf,
  loadSourceReports,
  sourceReportIds,
} from './sources.js';
import {
  type AdvisoryView,
  advisoryOf,
  advisoryView,
  decisionsOf,
  memberOfKey,
  type SourceRecord,
  type VersionView,
  versionOf,
  versionsOf,
  versionView,
} from './store.js';
import type { AdvisoryContent, AdvisorySections, AdvisoryStatus, Audience, Sector } from './types.js';
import { allowedFrom, requireTransition } from './workflow.js';

export interface AdvisoryDeps {
  database: Database;
  audit: AuditLog;
  graph: CampaignGraph;
  newId: () => string;
  now: () => Date;
}

export interface CreateAdvisoryInput {
  source: AdvisorySource;
  audience: Audience;
  sector?: Sector | undefined;
  /** Values known to the case (a suspect's name) to remove wherever they appear. */
  alsoRedact?: string[] | undefined;
}

export interface EditAdvisoryInput {
  baseVersion: number;
  content: { ja: AdvisorySections; en: AdvisorySections; indicators: string[] };
  alsoRedact?: string[] | undefined;
}

export interface AdvisorySummary {
  id: string;
  status: AdvisoryStatus;
  audience: Audience;
  sector: Sector | null;
  currentVersion: number;
  title: string;
  updatedAt: string;
}

export class AdvisoryDrafts {
  constructor(private readonly deps: AdvisoryDeps) {}

  async create(principal: Principal, input: CreateAdvisoryInput): Promise<AdvisoryView> {
    requireAuthor(principal);
    if (input.audience === 'sector' && !input.sector)
      throw invalid('/sector', 'required for a sector advisory');
    const { database, graph } = this.deps;
    const ids = await sourceReportIds(graph, database, principal, input.source);
    const reports = await loadSourceReports(database, principal, ids);
    const excluded: Partial<Record<Exclusion, number>> = {};
    const usable = reports.filter((r) => {
      const reason = exclusionOf(r);
      if (reason) excluded[reason] = (excluded[reason] ?? 0) + 1;
      return reason === null;
    });
    if (usable.length === 0) {
      throw invalid(
        '/source',
        'none of its reports may be published (investigation, TLP above GREEN, PAP:RED or a narrowed audience)',
      );
    }
    const sector = input.audience === 'sector' ? (input.sector ?? null) : null;
    const written = draftContent(usable, input.audience, sector);
    const source: SourceRecord = {
      source: input.source,
      usedReportIds: usable.map((r) => r.id),
      excluded,
      candidates: written.indicators,
    };
    const id = this.deps.newId();
    const at = this.deps.now().toISOString();
    const alsoRedact = input.alsoRedact ?? [];
    const memberId = await memberOfKey(database.db, principal.keyId);
    await database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('advisories')
        .values({
          id,
          org_id: principal.orgId,
          audience: input.audience,
          sector,
          source: JSON.stringify(source),
          status: 'draft',
          current_version: 1,
          created_at: at,
          created_by_key: principal.keyId,
          updated_at: at,
          published_version: null,
          published_at: null,
          published_approval_id: null,
          withdrawn_at: null,
          status_reason: null,
        })
        .execute();
      const hash = await this.insertVersion(trx, id, 1, principal.keyId, memberId, written, alsoRedact, at);
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'advisory.create',
          targetType: 'advisory',
          targetId: id,
          details: { audience: input.audience, sector, reports: usable.length, excluded, contentHash: hash },
        },
      ]);
    });
    return this.get(principal, id);
  }

  async edit(principal: Principal, id: string, input: EditAdvisoryInput): Promise<AdvisoryView> {
    requireAuthor(principal);
    const { db } = this.deps.database;
    const row = await advisoryOf(db, principal.orgId, id);
    requireTransition(row.status as AdvisoryStatus, 'edit');
    if (input.baseVersion !== row.current_version) {
      throw new KobanError('advisory_version_mismatch', `the current version is ${row.current_version}`);
    }
    const { candidates } = JSON.parse(row.source) as SourceRecord;
    const byKey = new Map(candidates.map((c) => [indicatorKey(c), c]));
    const problems: FieldError[] = [];
    input.content.indicators.forEach((key, i) => {
      // Only indicators the draft found safe: an edit cannot smuggle a victim's number into the kept list.
      if (!byKey.has(key))
        problems.push({
          field: `/content/indicators/${i}`,
          reason: "not an indicator of this advisory's sources",
        });
    });
    if (problems.length > 0)
      throw new KobanError(
        'validation_failed',
        problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
        problems,
      );
    const written: AdvisoryContent = {
      ja: input.content.ja,
      en: input.content.en,
      indicators: [...new Set(input.content.indicators)].map((k) => byKey.get(k)!),
    };
    const next = row.current_version + 1;
    const at = this.deps.now().toISOString();
    const memberId = await memberOfKey(db, principal.keyId);
    await db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('advisories')
        .set({ current_version: next, status: 'draft', status_reason: null, updated_at: at })
        .where('id', '=', id)
        .where('current_version', '=', input.baseVersion)
        .where('status', 'in', [...allowedFrom('edit')])
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) {
        throw new KobanError('advisory_version_mismatch', 'the advisory changed meanwhile; reload it');
      }
      const alsoRedact =
        input.alsoRedact ??
        (JSON.parse((await versionOf(trx, id, input.baseVersion)).also_redact) as string[]);
      const hash = await this.insertVersion(
        trx,
        id,
        next,
        principal.keyId,
        memberId,
        written,
        alsoRedact,
        at,
      );
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'advisory.edit',
          targetType: 'advisory',
          targetId: id,
          details: { version: next, previousStatus: row.status, contentHash: hash },
        },
      ]);
    });
    return this.get(principal, id);
  }

  async get(principal: Principal, id: string): Promise<AdvisoryView> {
    requireAdvisoryReader(principal);
    const { db } = this.deps.database;
    const row = await advisoryOf(db, principal.orgId, id);
    const [version, decisions] = await Promise.all([
      versionOf(db, id, row.current_version),
      decisionsOf(db, id),
    ]);
    return advisoryView(row, version, decisions);
  }

  async list(principal: Principal, status?: AdvisoryStatus, limit = 100): Promise<AdvisorySummary[]> {
    requireAdvisoryReader(principal);
    let q = this.deps.database.db
      .selectFrom('advisories as a')
      .innerJoin('advisory_versions as v', (j) =>
        j.onRef('v.advisory_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'),
      )
      .select([
        'a.id',
        'a.status',
        'a.audience',
        'a.sector',
        'a.current_version',
        'a.updated_at',
        'v.redacted',
      ])
      .where('a.org_id', '=', principal.orgId);
    if (status) q = q.where('a.status', '=', status);
    const rows = await q.orderBy('a.id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      status: r.status as AdvisoryStatus,
      audience: r.audience as Audience,
      sector: r.sector as Sector | null,
      currentVersion: r.current_version,
      title: (JSON.parse(r.redacted) as AdvisoryContent).ja.title,
      updatedAt: r.updated_at,
    }));
  }

  async versions(principal: Principal, id: string): Promise<VersionView[]> {
    requireAdvisoryReader(principal);
    const { db } = this.deps.database;
    await advisoryOf(db, principal.orgId, id);
    return (await versionsOf(db, id)).map(versionView);
  }

  /** The diff view of one version: per text field, the segments redaction kept and removed. */
  async redactions(
    principal: Principal,
    id: string,
    version: number,
  ): Promise<{ version: number; contentHash: string; removed: number; fields: FieldRedaction[] }> {
    requireAdvisoryReader(principal);
    const { db } = this.deps.database;
    await advisoryOf(db, principal.orgId, id);
    const row = await versionOf(db, id, version);
    const fields = JSON.parse(row.redactions) as FieldRedaction[];
    return {
      version,
      contentHash: row.content_hash,
      removed: fields.reduce((n, f) => n + f.removed, 0),
      fields,
    };
  }

  private async insertVersion(
    trx: Transaction<KobanDatabase>,
    advisoryId: string,
    version: number,
    keyId: string,
    memberId: string | null,
    written: AdvisoryContent,
    alsoRedact: string[],
    at: string,
  ): Promise<string> {
    const { redacted, redactions, contentHash } = redactContent(
      written,
      keepValuesOf(written.indicators),
      alsoRedact,
    );
    await trx
      .insertInto('advisory_versions')
      .values({
        advisory_id: advisoryId,
        version,
        created_at: at,
        created_by_key: keyId,
        created_by_member: memberId,
        written: JSON.stringify(written),
        redacted: JSON.stringify(redacted),
        redactions: JSON.stringify(redactions),
        also_redact: JSON.stringify(alsoRedact),
        content_hash: contentHash,
      })
      .execute();
    return contentHash;
  }
}
