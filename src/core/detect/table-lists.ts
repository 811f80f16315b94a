/**
 * `UrlLists` over the compact blocklist table: what an embedding gateway loads from a snapshot
 * file of millions of entries (`BlocklistTable.fromBuffer`) and hands to `createSmsChecker`.
 */
import { type BlocklistTable, lookupUrl } from './blocklist/index.js';
import type { ListHit, UrlLists } from './url-check.js';

export function tableLists(table: BlocklistTable): UrlLists {
  return {
    matchUrl(parts): ListHit | undefined {
      const m = lookupUrl(table, parts);
      return m === undefined ? undefined : { list: m.source, severity: m.severity, match: m.kind };
    },
  };
}
