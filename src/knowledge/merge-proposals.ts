import { ALIAS_GROUPS, type ParsedObject } from './stix-import.js';
import { BATCH, type ChunkContext, inBatches, type ProposedMerge, type Trx } from './store.js';

/**
 * A new or renamed intrusion-set/threat-actor/malware whose normalized name or alias equals another
 * object's gets a *proposed* merge (never an automatic one), once per pair. The survivor is the object
 * that was stored before, else the one earlier in the bundle.
 */
export async function proposeAliasMerges(
  trx: Trx,
  objects: { entry: ParsedObject; insert: boolean }[],
  ctx: ChunkContext,
): Promise<ProposedMerge[]> {
  const candidates = objects.filter(
    (w) => ALIAS_GROUPS[w.entry.type] && !w.entry.revoked && w.entry.nameKeys.length > 0,
  );
  if (candidates.length === 0) return [];
  const keys = [...new Set(candidates.flatMap((w) => w.entry.nameKeys))];
  const matches = await inBatches(keys, BATCH, (batch) =>
    trx
      .selectFrom('knowledge_names as n')
      .innerJoin('knowledge_objects as o', 'o.id', 'n.object_id')
      .select(['n.object_id', 'n.name_key', 'n.type'])
      .where('n.name_key', 'in', batch)
      .where('n.type', 'in', Object.keys(ALIAS_GROUPS))
      .where('o.revoked', '=', 0)
      .execute(),
  );
  const byKey = new Map<string, { id: string; type: string }[]>();
  for (const m of matches)
    byKey.set(m.name_key, [...(byKey.get(m.name_key) ?? []), { id: m.object_id, type: m.type }]);
  const order = new Map(objects.map((w) => [w.entry.id, w.insert ? w.entry.index : -1]));
  const pairs = new Map<string, ProposedMerge>();
  for (const w of candidates) {
    for (const key of w.entry.nameKeys) {
      for (const other of byKey.get(key) ?? []) {
        if (other.id === w.entry.id || ALIAS_GROUPS[other.type] !== ALIAS_GROUPS[w.entry.type]) continue;
        const [a, b] = [w.entry.id, other.id].sort() as [string, string];
        if (pairs.has(`${a} ${b}`)) continue;
        const rank = (id: string) => order.get(id) ?? -1;
        const [survivorId, mergedId] = rank(a) <= rank(b) ? [a, b] : [b, a];
        pairs.set(`${a} ${b}`, { id: '', survivorId, mergedId, matchedName: key });
      }
    }
  }
  if (pairs.size === 0) return [];
  const involved = [...new Set([...pairs.values()].flatMap((p) => [p.survivorId, p.mergedId]))];
  const existing = await inBatches(involved, BATCH, (ids) =>
    trx
      .selectFrom('knowledge_merges')
      .select(['survivor_id', 'merged_id'])
      .where('merged_id', 'in', ids)
      .execute(),
  );
  for (const e of existing) pairs.delete([e.survivor_id, e.merged_id].sort().join(' '));
  const proposals = [...pairs.values()].map((p) => ({ ...p, id: ctx.newId() }));
  if (proposals.length > 0)
    await trx
      .insertInto('knowledge_merges')
      .values(
        proposals.map((p) => ({
          id: p.id,
          survivor_id: p.survivorId,
          merged_id: p.mergedId,
          reason: 'alias',
          status: 'proposed',
          matched_name: p.matchedName,
          proposed_by: ctx.actor.keyId,
          decided_by: null,
          created_at: ctx.at,
          decided_at: null,
          reverted_at: null,
          reverted_by: null,
        })),
      )
      .execute();
  return proposals;
}
