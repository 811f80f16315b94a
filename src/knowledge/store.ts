import type { Transaction } from 'kysely';
import type { AuditEvent } from '../audit/store.js';
import type { KobanDatabase } from '../db/schema.js';
import { proposeAliasMerges } from './merge-proposals.js';
import { canonicalJson, type ParsedObject, type ParsedRelationship, versionOf } from './stix-import.js';

/** Writes one chunk of parsed STIX entries inside the caller's transaction (see service.ts). */

export type ImportStatus = 'created' | 'updated' | 'unchanged' | 'invalid' | 'skipped';

export interface ObjectResult {
  index: number;
  id: string | null;
  type: string | null;
  status: ImportStatus;
  errors?: { field: string; reason: string }[];
  warnings?: string[];
}

export interface ProposedMerge {
  id: string;
  survivorId: string;
  mergedId: string;
  matchedName: string;
}

export interface ChunkContext {
  source: string;
  at: string;
  actor: { orgId: string; keyId: string };
  /** Every valid id of the bundle: relationship refs to them are never dangling. */
  bundleIds: ReadonlySet<string>;
  /** The version and content each id has after the entries decided so far (in-bundle duplicates). */
  seen: Map<string, { version: string; raw: string }>;
  newId: () => string;
}

export type Trx = Transaction<KobanDatabase>;
type Entry = ParsedObject | ParsedRelationship;

export const BATCH = 400;

export async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  work: (batch: T[]) => Promise<R[]>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await work(items.slice(i, i + size))));
  return out;
}

const objectRow = (e: ParsedObject, ctx: ChunkContext): KobanDatabase['knowledge_objects'] => ({
  id: e.id,
  type: e.type,
  name: e.name,
  aliases: JSON.stringify(e.aliases),
  subtypes: JSON.stringify(e.subtypes),
  description: e.description,
  created: e.created,
  modified: e.modified,
  revoked: e.revoked ? 1 : 0,
  raw: e.raw,
  source: ctx.source,
  imported_at: ctx.at,
  merged_into: null,
  org_id: ctx.actor.orgId,
  marking_refs: JSON.stringify(e.markingRefs),
});

const relationshipRow = (
  e: ParsedRelationship,
  ctx: ChunkContext,
): KobanDatabase['knowledge_relationships'] => ({
  id: e.id,
  source_ref: e.sourceRef,
  target_ref: e.targetRef,
  relationship_type: e.relationshipType,
  description: e.description,
  created: e.created,
  modified: e.modified,
  revoked: e.revoked ? 1 : 0,
  raw: e.raw,
  source: ctx.source,
  imported_at: ctx.at,
  org_id: ctx.actor.orgId,
  marking_refs: JSON.stringify(e.markingRefs),
});

/** Decides each entry against the stored version, writes the new and newer ones, proposes alias merges. */
export async function writeChunk(
  trx: Trx,
  entries: readonly Entry[],
  ctx: ChunkContext,
): Promise<{ results: ObjectResult[]; events: AuditEvent[]; proposals: ProposedMerge[] }> {
  const objectIds = entries.filter((e) => e.kind === 'object').map((e) => e.id);
  const relIds = entries.filter((e) => e.kind === 'relationship').map((e) => e.id);
  const stored = new Map<string, { version: string; raw: string }>();
  const load = (rows: { id: string; created: string | null; modified: string | null; raw: string }[]) => {
    // Rows stored before raw was canonical compare by content, not key order.
    for (const r of rows) stored.set(r.id, { version: versionOf(r), raw: canonicalJson(JSON.parse(r.raw)) });
  };
  load(
    await inBatches(objectIds, BATCH, (ids) =>
      trx
        .selectFrom('knowledge_objects')
        .select(['id', 'created', 'modified', 'raw'])
        .where('id', 'in', ids)
        .execute(),
    ),
  );
  load(
    await inBatches(relIds, BATCH, (ids) =>
      trx
        .selectFrom('knowledge_relationships')
        .select(['id', 'created', 'modified', 'raw'])
        .where('id', 'in', ids)
        .execute(),
    ),
  );

  const results: ObjectResult[] = [];
  const writes = new Map<string, { entry: Entry; insert: boolean; result: ObjectResult }>();
  for (const entry of entries) {
    const current = ctx.seen.get(entry.id) ?? stored.get(entry.id);
    const version = versionOf(entry);
    const result: ObjectResult = { index: entry.index, id: entry.id, type: entry.type, status: 'unchanged' };
    const warnings = [...entry.warnings];
    if (!current || version > current.version) {
      result.status = current ? 'updated' : 'created';
      const pending = writes.get(entry.id);
      writes.set(entry.id, { entry, insert: pending ? pending.insert : !stored.has(entry.id), result });
      ctx.seen.set(entry.id, { version, raw: entry.raw });
    } else if (version < current.version) {
      result.status = 'skipped';
      warnings.push('older than the stored version; the stored one is kept');
    } else if (entry.raw !== current.raw) {
      result.status = 'skipped';
      warnings.push('same version as the stored object but different content; the stored one is kept');
    }
    if (warnings.length > 0) result.warnings = warnings;
    results.push(result);
  }

  const written = [...writes.values()];
  await warnDangling(
    trx,
    written.filter((w) => w.entry.kind === 'relationship'),
    ctx,
  );
  const objects = written.filter((w) => w.entry.kind === 'object') as {
    entry: ParsedObject;
    insert: boolean;
  }[];
  const rels = written.filter((w) => w.entry.kind === 'relationship') as {
    entry: ParsedRelationship;
    insert: boolean;
  }[];

  const insertObjects = objects.filter((w) => w.insert).map((w) => objectRow(w.entry, ctx));
  for (let i = 0; i < insertObjects.length; i += 100)
    await trx
      .insertInto('knowledge_objects')
      .values(insertObjects.slice(i, i + 100))
      .execute();
  for (const w of objects.filter((o) => !o.insert)) {
    const { id, merged_into: _keep, ...changes } = objectRow(w.entry, ctx);
    await trx.updateTable('knowledge_objects').set(changes).where('id', '=', id).execute();
  }
  const insertRels = rels.filter((w) => w.insert).map((w) => relationshipRow(w.entry, ctx));
  for (let i = 0; i < insertRels.length; i += 100)
    await trx
      .insertInto('knowledge_relationships')
      .values(insertRels.slice(i, i + 100))
      .execute();
  for (const w of rels.filter((r) => !r.insert)) {
    const { id, ...changes } = relationshipRow(w.entry, ctx);
    await trx.updateTable('knowledge_relationships').set(changes).where('id', '=', id).execute();
  }

  const updatedIds = objects.filter((w) => !w.insert).map((w) => w.entry.id);
  await inBatches(updatedIds, BATCH, async (ids) => {
    await trx.deleteFrom('knowledge_names').where('object_id', 'in', ids).execute();
    return [];
  });
  const names = objects.flatMap((w) =>
    w.entry.nameKeys.map((k) => ({ object_id: w.entry.id, name_key: k, type: w.entry.type })),
  );
  for (let i = 0; i < names.length; i += 300)
    await trx
      .insertInto('knowledge_names')
      .values(names.slice(i, i + 300))
      .execute();

  const events: AuditEvent[] = written.map((w) => ({
    orgId: ctx.actor.orgId,
    keyId: ctx.actor.keyId,
    action: `knowledge.${w.entry.kind}.${w.insert ? 'create' : 'update'}`,
    targetType: `knowledge_${w.entry.kind}`,
    targetId: w.entry.id,
    details: { source: ctx.source, type: w.entry.type, modified: w.entry.modified },
  }));
  const proposals = await proposeAliasMerges(trx, objects, ctx);
  for (const p of proposals)
    events.push({
      orgId: ctx.actor.orgId,
      keyId: ctx.actor.keyId,
      action: 'knowledge.merge.propose',
      targetType: 'knowledge_merge',
      targetId: p.id,
      details: {
        survivorId: p.survivorId,
        mergedId: p.mergedId,
        reason: 'alias',
        matchedName: p.matchedName,
      },
    });
  return { results, events, proposals };
}

/** Dangling refs are kept (the other end may arrive in a later bundle) and reported as warnings. */
async function warnDangling(
  trx: Trx,
  rels: { entry: Entry; result: ObjectResult }[],
  ctx: ChunkContext,
): Promise<void> {
  const refsOf = (e: Entry) => (e.kind === 'relationship' ? [e.sourceRef, e.targetRef] : []);
  const unknown = [...new Set(rels.flatMap((w) => refsOf(w.entry)).filter((r) => !ctx.bundleIds.has(r)))];
  if (unknown.length === 0) return;
  const found = new Set(
    await inBatches(unknown, BATCH, async (ids) =>
      (await trx.selectFrom('knowledge_objects').select('id').where('id', 'in', ids).execute()).map(
        (r) => r.id,
      ),
    ),
  );
  for (const w of rels) {
    for (const ref of refsOf(w.entry)) {
      if (ctx.bundleIds.has(ref) || found.has(ref)) continue;
      w.result.warnings = [
        ...(w.result.warnings ?? []),
        `${ref} is neither in the bundle nor in the knowledge base`,
      ];
    }
  }
}
