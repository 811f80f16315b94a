import type { Kysely } from 'kysely';
import { inChunks } from '../core/chunks.js';
import type { KobanDatabase } from '../db/schema.js';

/**
 * The keys among `keys` that went over the correlation cap (they stay searchable but no longer
 * link). Shared by the graph walk, attribution suggestions and the PostgreSQL correlator.
 */
export async function overCorrelatingKeys(
  db: Kysely<KobanDatabase>,
  keys: readonly string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of inChunks([...keys])) {
    const rows = await db
      .selectFrom('correlation_keys')
      .select('key')
      .where('key', 'in', part)
      .where('over_correlating', '=', 1)
      .execute();
    for (const r of rows) out.add(r.key);
  }
  return out;
}
