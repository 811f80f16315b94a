import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { TLP2_MARKING_IDS, tlpMarkingDefinition } from '../correlation/stix-primitives.js';
import type { KobanDatabase } from '../db/schema.js';
import { invalid } from '../errors/catalogue.js';
import { BATCH, inBatches } from './store.js';

/**
 * STIX 2.1 export of stored knowledge (issue 7): the stored objects exactly as imported (their
 * canonical JSON), plus every marking definition they refer to. Knowledge is partner-wide (see
 * README), so every authenticated caller sees every object; markings travel with the objects.
 */

export interface ExportQuery {
  ids?: readonly string[];
  types?: readonly string[];
  /** At most this many selected objects (markings come on top); more is a 400 asking to narrow. */
  limit: number;
}

export interface StixBundleOut {
  type: 'bundle';
  id: string;
  objects: Record<string, unknown>[];
}

export const MAX_EXPORT_OBJECTS = 100_000;
type Row = { id: string; raw: string; marking_refs: string };

export async function exportKnowledgeBundle(
  db: Kysely<KobanDatabase>,
  query: ExportQuery,
): Promise<StixBundleOut> {
  const ids = [...new Set(query.ids ?? [])];
  const types = [...new Set(query.types ?? [])];
  if (ids.length === 0 && types.length === 0) throw invalid('ids', 'give ids and/or types');
  const rows = new Map<string, Row>();
  const add = (found: Row[]) => {
    for (const r of found) rows.set(r.id, r);
    if (rows.size > query.limit)
      throw invalid('limit', `more than ${query.limit} objects match; narrow the query or raise limit`);
  };
  const columns = ['id', 'raw', 'marking_refs'] as const;
  const byIds = async (table: 'knowledge_objects' | 'knowledge_relationships', wanted: string[]) =>
    add(
      await inBatches(wanted, BATCH, (batch) =>
        db.selectFrom(table).select(columns).where('id', 'in', batch).execute(),
      ),
    );
  if (ids.length > 0) {
    const rels = ids.filter((id) => id.startsWith('relationship--'));
    await byIds(
      'knowledge_objects',
      ids.filter((id) => !id.startsWith('relationship--')),
    );
    await byIds('knowledge_relationships', rels);
  }
  const objectTypes = types.filter((t) => t !== 'relationship');
  if (objectTypes.length > 0)
    add(
      await db
        .selectFrom('knowledge_objects')
        .select(columns)
        .where('type', 'in', objectTypes)
        .orderBy('id')
        .limit(query.limit + 1)
        .execute(),
    );
  if (types.includes('relationship'))
    add(
      await db
        .selectFrom('knowledge_relationships')
        .select(columns)
        .orderBy('id')
        .limit(query.limit + 1)
        .execute(),
    );

  const markingIds = new Set<string>();
  for (const r of rows.values())
    for (const m of JSON.parse(r.marking_refs) as string[]) if (!rows.has(m)) markingIds.add(m);
  const markings = new Map<string, Record<string, unknown>>();
  const stored = await inBatches([...markingIds], BATCH, (batch) =>
    db.selectFrom('knowledge_objects').select(['id', 'raw']).where('id', 'in', batch).execute(),
  );
  for (const m of stored) markings.set(m.id, JSON.parse(m.raw) as Record<string, unknown>);
  // TLP 2.0 definitions are standard: referenced but never imported, they are still exported.
  for (const [tlp, id] of Object.entries(TLP2_MARKING_IDS))
    if (markingIds.has(id) && !markings.has(id))
      markings.set(id, tlpMarkingDefinition(tlp as keyof typeof TLP2_MARKING_IDS));

  const objects = [...rows.values()]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => JSON.parse(r.raw) as Record<string, unknown>);
  return {
    type: 'bundle',
    id: `bundle--${randomUUID()}`,
    objects: [...[...markings.values()].sort((a, b) => String(a.id).localeCompare(String(b.id))), ...objects],
  };
}
