import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import { KobanError } from '../errors/catalogue.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { nameKey } from './stix-import.js';

export interface KnowledgeObjectSummary {
  id: string;
  type: string;
  name: string | null;
  aliases: string[];
  subtypes: string[];
  description: string | null;
  created: string | null;
  modified: string | null;
  revoked: boolean;
  source: string;
  importedAt: string;
}

export interface KnowledgeObject extends KnowledgeObjectSummary {
  /** The id that was asked for, when a merge led to this survivor; otherwise null. */
  resolvedFrom: string | null;
  /** Objects currently merged into this one. */
  mergedIds: string[];
  /** The STIX object as imported. */
  stix: unknown;
}

export interface KnowledgeRelationship {
  id: string;
  relationshipType: string;
  sourceRef: string;
  targetRef: string;
  description: string | null;
  revoked: boolean;
  modified: string | null;
}

const MAX_CHAIN = 32;

const toSummary = (r: KobanDatabase['knowledge_objects']): KnowledgeObjectSummary => ({
  id: r.id,
  type: r.type,
  name: r.name,
  aliases: JSON.parse(r.aliases) as string[],
  subtypes: JSON.parse(r.subtypes) as string[],
  description: r.description,
  created: r.created,
  modified: r.modified,
  revoked: r.revoked === 1,
  source: r.source,
  importedAt: r.imported_at,
});

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Reads of the knowledge base. Public-source knowledge: every authenticated partner may read it. */
export class KnowledgeQueries {
  constructor(protected readonly db: Database) {}

  /** Follows applied merges from `id` to its survivor; `chain` lists every id on the way. */
  async resolve(
    id: string,
    db: Kysely<KobanDatabase> = this.db.db,
  ): Promise<{ row: KobanDatabase['knowledge_objects']; chain: string[] }> {
    const chain: string[] = [];
    let current = id;
    for (;;) {
      const row = await db
        .selectFrom('knowledge_objects')
        .selectAll()
        .where('id', '=', current)
        .executeTakeFirst();
      if (!row) throw new KobanError('not_found', 'knowledge object not found');
      chain.push(row.id);
      // A cycle cannot be created through mergeObjects; the bound only guards against edited data.
      if (!row.merged_into || chain.includes(row.merged_into) || chain.length >= MAX_CHAIN)
        return { row, chain };
      current = row.merged_into;
    }
  }

  async getObject(id: string): Promise<KnowledgeObject> {
    const { row } = await this.resolve(id);
    const merged = await this.db.db
      .selectFrom('knowledge_objects')
      .select('id')
      .where('merged_into', '=', row.id)
      .orderBy('id')
      .execute();
    return {
      ...toSummary(row),
      resolvedFrom: row.id === id ? null : id,
      mergedIds: merged.map((m) => m.id),
      stix: JSON.parse(row.raw) as unknown,
    };
  }

  /** Objects not merged away, by type and/or a substring of a name or alias (NFKC, case-insensitive), in id order. */
  async searchObjects(query: { type?: string; q?: string; limit: number; cursor?: string }): Promise<{
    items: KnowledgeObjectSummary[];
    nextCursor: string | null;
  }> {
    const after = decodeCursor(query.cursor);
    let q = this.db.db.selectFrom('knowledge_objects').selectAll().where('merged_into', 'is', null);
    if (query.type) q = q.where('type', '=', query.type);
    if (after) q = q.where('id', '>', String(after.id));
    const key = query.q === undefined ? '' : nameKey(query.q);
    if (key.length > 0) {
      const pattern = `%${escapeLike(key)}%`;
      q = q.where('id', 'in', (eb) =>
        eb
          .selectFrom('knowledge_names')
          .select('object_id')
          .where(sql<boolean>`name_key like ${pattern} escape '\\'`),
      );
    }
    const rows = await q
      .orderBy('id')
      .limit(query.limit + 1)
      .execute();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toSummary),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ id: last.id }) : null,
    };
  }

  /** Relationships touching the object, its survivor, or anything merged into the survivor (one hop: cycles are harmless). */
  async relationshipsOf(id: string, limit = 1_000): Promise<KnowledgeRelationship[]> {
    const { row } = await this.resolve(id);
    const ids = new Set([row.id]);
    let frontier = [row.id];
    while (frontier.length > 0 && ids.size < 1_000) {
      const next = await this.db.db
        .selectFrom('knowledge_objects')
        .select('id')
        .where('merged_into', 'in', frontier)
        .execute();
      frontier = next.map((n) => n.id).filter((n) => !ids.has(n));
      for (const n of frontier) ids.add(n);
    }
    const list = [...ids];
    const rows = await this.db.db
      .selectFrom('knowledge_relationships')
      .selectAll()
      .where((eb) => eb.or([eb('source_ref', 'in', list), eb('target_ref', 'in', list)]))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      relationshipType: r.relationship_type,
      sourceRef: r.source_ref,
      targetRef: r.target_ref,
      description: r.description,
      revoked: r.revoked === 1,
      modified: r.modified,
    }));
  }

  async listMergeRows(
    filter: { status?: string; objectId?: string },
    limit = 500,
  ): Promise<KobanDatabase['knowledge_merges'][]> {
    let q = this.db.db.selectFrom('knowledge_merges').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    const objectId = filter.objectId;
    if (objectId)
      q = q.where((eb) => eb.or([eb('survivor_id', '=', objectId), eb('merged_id', '=', objectId)]));
    return q.orderBy('id').limit(limit).execute();
  }
}
