import type { AuditLog } from '../audit/store.js';
import type { Principal } from '../auth/service.js';
import { type Database, transact } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import { invalid, KobanError } from '../errors/catalogue.js';
import { type ExportQuery, exportKnowledgeBundle, type StixBundleOut } from './export.js';
import { KnowledgeQueries } from './queries.js';
import { parseBundle } from './stix-import.js';
import {
  type ChunkContext,
  type ImportStatus,
  type ObjectResult,
  type ProposedMerge,
  writeChunk,
} from './store.js';

export interface KnowledgeDeps {
  database: Database;
  audit: AuditLog;
  newId: () => string;
  now: () => Date;
}

export interface ImportReport {
  source: string;
  summary: Record<ImportStatus, number>;
  results: ObjectResult[];
  proposedMerges: ProposedMerge[];
}

export interface Merge {
  id: string;
  survivorId: string;
  mergedId: string;
  reason: 'alias' | 'id';
  status: 'proposed' | 'applied' | 'reverted' | 'rejected';
  matchedName: string | null;
  proposedBy: string | null;
  decidedBy: string | null;
  createdAt: string;
  decidedAt: string | null;
  revertedAt: string | null;
  revertedBy: string | null;
}

/** The scope proposed for importing and merging; `admin` always suffices. */
export const KNOWLEDGE_WRITE_SCOPE = 'knowledge:write';
export const DEFAULT_IMPORT_CHUNK = 1_000;

export function requireKnowledgeWrite(principal: Principal): void {
  const scopes = principal.scopes as ReadonlySet<string>;
  if (scopes.has('admin') || scopes.has(KNOWLEDGE_WRITE_SCOPE)) return;
  throw new KobanError('forbidden', `This action needs the "${KNOWLEDGE_WRITE_SCOPE}" or "admin" scope`);
}

export const toMerge = (r: KobanDatabase['knowledge_merges']): Merge => ({
  id: r.id,
  survivorId: r.survivor_id,
  mergedId: r.merged_id,
  reason: r.reason as Merge['reason'],
  status: r.status as Merge['status'],
  matchedName: r.matched_name,
  proposedBy: r.proposed_by,
  decidedBy: r.decided_by,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
  revertedAt: r.reverted_at,
  revertedBy: r.reverted_by,
});

/** STIX 2.1 knowledge base: import, reversible merges, and (inherited) reads. */
export class KnowledgeService extends KnowledgeQueries {
  constructor(private readonly deps: KnowledgeDeps) {
    super(deps.database);
  }

  /**
   * Imports a bundle in chunks, each committed in one transaction with its audit entries, so a crash
   * leaves whole chunks; re-running continues where it stopped (stored versions come back unchanged).
   */
  async importBundle(
    principal: Principal,
    bundle: unknown,
    source: string,
    options: { chunkSize?: number } = {},
  ): Promise<ImportReport> {
    requireKnowledgeWrite(principal);
    const name = source.trim();
    if (name.length === 0 || name.length > 200) throw invalid('source', 'must be 1–200 characters');
    const parsed = parseBundle(bundle);
    const results: ObjectResult[] = new Array(parsed.length);
    const valid = [];
    for (const p of parsed) {
      if (p.kind === 'invalid')
        results[p.index] = { index: p.index, id: p.id, type: p.type, status: 'invalid', errors: p.errors };
      else valid.push(p);
    }
    const ctx: ChunkContext = {
      source: name,
      at: this.deps.now().toISOString(),
      actor: { orgId: principal.orgId, keyId: principal.keyId },
      bundleIds: new Set(valid.map((p) => p.id)),
      seen: new Map(),
      newId: this.deps.newId,
    };
    const proposedMerges: ProposedMerge[] = [];
    const size = Math.max(1, options.chunkSize ?? DEFAULT_IMPORT_CHUNK);
    for (let i = 0; i < valid.length; i += size) {
      const chunk = valid.slice(i, i + size);
      const out = await transact(this.deps.database, async (trx) => {
        const written = await writeChunk(trx, chunk, ctx);
        await this.deps.audit.appendIn(trx, written.events);
        return written;
      });
      for (const r of out.results) results[r.index] = r;
      proposedMerges.push(...out.proposals);
    }
    const summary = { created: 0, updated: 0, unchanged: 0, invalid: 0, skipped: 0 };
    for (const r of results) summary[r.status]++;
    return { source: name, summary, results, proposedMerges };
  }

  /**
   * Folds `mergedId` into `survivorId`: the merged object stays stored and lookups follow the survivor.
   * Accepts a pending proposal for the pair, or records a manual merge (reason "id").
   */
  async mergeObjects(principal: Principal, survivorId: string, mergedId: string): Promise<Merge> {
    requireKnowledgeWrite(principal);
    if (survivorId === mergedId) throw invalid('/mergedId', 'must differ from survivorId');
    return transact(this.deps.database, async (trx) => {
      const rows = await trx
        .selectFrom('knowledge_objects')
        .select(['id', 'merged_into'])
        .where('id', 'in', [survivorId, mergedId])
        .execute();
      const merged = rows.find((r) => r.id === mergedId);
      if (!rows.some((r) => r.id === survivorId))
        throw new KobanError('not_found', `${survivorId} not found`);
      if (!merged) throw new KobanError('not_found', `${mergedId} not found`);
      if (merged.merged_into)
        throw new KobanError(
          'conflict',
          `${mergedId} is already merged into ${merged.merged_into}; revert that first`,
        );
      if ((await this.resolve(survivorId, trx)).chain.includes(mergedId))
        throw new KobanError('conflict', `${survivorId} is itself merged into ${mergedId}`);
      const at = this.deps.now().toISOString();
      const proposal = await trx
        .selectFrom('knowledge_merges')
        .selectAll()
        .where('status', '=', 'proposed')
        .where((eb) =>
          eb.or([
            eb.and([eb('survivor_id', '=', survivorId), eb('merged_id', '=', mergedId)]),
            eb.and([eb('survivor_id', '=', mergedId), eb('merged_id', '=', survivorId)]),
          ]),
        )
        .executeTakeFirst();
      const decided = {
        survivor_id: survivorId,
        merged_id: mergedId,
        status: 'applied',
        decided_by: principal.keyId,
        decided_at: at,
      };
      let row: KobanDatabase['knowledge_merges'];
      if (proposal) {
        row = { ...proposal, ...decided };
        await trx.updateTable('knowledge_merges').set(decided).where('id', '=', proposal.id).execute();
      } else {
        row = {
          id: this.deps.newId(),
          ...decided,
          reason: 'id',
          matched_name: null,
          proposed_by: principal.keyId,
          created_at: at,
          reverted_at: null,
          reverted_by: null,
        };
        await trx.insertInto('knowledge_merges').values(row).execute();
      }
      await trx
        .updateTable('knowledge_objects')
        .set({ merged_into: survivorId })
        .where('id', '=', mergedId)
        .execute();
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'knowledge.merge.apply',
          targetType: 'knowledge_merge',
          targetId: row.id,
          details: { survivorId, mergedId, reason: row.reason, fromProposal: proposal !== undefined },
        },
      ]);
      return toMerge(row);
    });
  }

  /** A STIX 2.1 bundle of stored objects (as imported) and the marking definitions they refer to. */
  async exportBundle(query: ExportQuery): Promise<StixBundleOut> {
    return exportKnowledgeBundle(this.deps.database.db, query);
  }

  async listMerges(filter: { status?: string; objectId?: string } = {}): Promise<Merge[]> {
    return (await this.listMergeRows(filter)).map(toMerge);
  }

  /** Undoes an applied merge (both objects answer for themselves again) or rejects a proposal. Idempotent. */
  async revertMerge(principal: Principal, mergeId: string): Promise<Merge> {
    requireKnowledgeWrite(principal);
    return transact(this.deps.database, async (trx) => {
      const row = await trx
        .selectFrom('knowledge_merges')
        .selectAll()
        .where('id', '=', mergeId)
        .executeTakeFirst();
      if (!row) throw new KobanError('not_found', 'merge not found');
      if (row.status !== 'applied' && row.status !== 'proposed') return toMerge(row);
      const status = row.status === 'applied' ? 'reverted' : 'rejected';
      const change = { status, reverted_at: this.deps.now().toISOString(), reverted_by: principal.keyId };
      await trx.updateTable('knowledge_merges').set(change).where('id', '=', mergeId).execute();
      if (row.status === 'applied')
        await trx
          .updateTable('knowledge_objects')
          .set({ merged_into: null })
          .where('id', '=', row.merged_id)
          .where('merged_into', '=', row.survivor_id)
          .execute();
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: status === 'reverted' ? 'knowledge.merge.revert' : 'knowledge.merge.reject',
          targetType: 'knowledge_merge',
          targetId: mergeId,
          details: { survivorId: row.survivor_id, mergedId: row.merged_id },
        },
      ]);
      return toMerge({ ...row, ...change });
    });
  }
}
