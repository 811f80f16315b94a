import { describe, expect, it } from 'vitest';
import { withCommunity } from '../../test/helpers/koban.js';
import type { Koban } from '../app/container.js';
import type { Principal } from '../auth/service.js';
import { groupCollectionId, OWN_COLLECTION_ID, VISIBLE_COLLECTION_ID } from './collections.js';
import { parseQuery } from './query.js';

/** The reports whose version of `domain` the collection serves, for `first` and `last`. */
async function servedAt(koban: Koban, p: Principal, collection: string, domain: string) {
  const out: Record<string, string[]> = {};
  for (const version of ['first', 'last']) {
    const query = parseQuery(
      { 'match[version]': version, 'match[type]': 'domain-name' },
      { allowIdAndType: true },
    );
    const page = await koban.taxii.page(p, collection, query);
    out[version] = page.entries.filter((e) => e.object.value === domain).map((e) => e.key.report);
  }
  return out;
}

/**
 * The overall first/last holder (`indicator_holder_range`) is only a shortcut: when the caller may
 * not see it in the collection, the version served is still the first/last one it may see there.
 */
describe('TAXII first/last versions of a shared observable', () => {
  it('skip hidden, foreign and out-of-group holders at either end', async () => {
    const scopes = ['reports:read', 'reports:write', 'groups:manage'] as const;
    await withCommunity([{}, {}], [...scopes], async ({ koban, principal }) => {
      const me = await principal(0);
      const other = await principal(1);
      const group = await koban.groups.create(me, { name: 'g', members: [] });
      const submit = async (p: Principal, tlp: string, domain: string, extra: object = {}) => {
        const [r] = await koban.intake.submit(p, [
          { kind: 'abuse', tlp, description: tlp, details: { category: 'phishing', domain }, ...extra },
        ]);
        if (r?.status !== 'created') throw new Error(JSON.stringify(r));
        return r.id;
      };
      const viewer = await principal(0);
      const inGroup = { sharingGroups: [group.id] };
      // A: hidden first, open foreign last.
      const a = 'a-shared.example.net';
      await submit(other, 'RED', a);
      const aMineInGroup = await submit(viewer, 'GREEN', a, inGroup);
      const aMine = await submit(viewer, 'AMBER', a);
      const aOthersOpen = await submit(other, 'GREEN', a);
      // B: my own open report first but outside the group, hidden foreign last.
      const b = 'b-shared.example.net';
      const bMine = await submit(viewer, 'AMBER', b);
      const bMineInGroup = await submit(viewer, 'GREEN', b, inGroup);
      const bHiddenLast = await submit(other, 'AMBER+STRICT', b);
      // visible: RED and AMBER+STRICT of the other organization never count; its GREEN one does.
      expect(await servedAt(koban, viewer, VISIBLE_COLLECTION_ID, a)).toEqual({
        first: [aMineInGroup],
        last: [aOthersOpen],
      });
      expect(await servedAt(koban, viewer, VISIBLE_COLLECTION_ID, b)).toEqual({
        first: [bMine],
        last: [bMineInGroup],
      });
      // own: only my reports, though others' are open (A's last) or hidden (B's last).
      expect(await servedAt(koban, viewer, OWN_COLLECTION_ID, a)).toEqual({
        first: [aMineInGroup],
        last: [aMine],
      });
      expect(await servedAt(koban, viewer, OWN_COLLECTION_ID, b)).toEqual({
        first: [bMine],
        last: [bMineInGroup],
      });
      // group: only reports shared with the group, though the overall ends are open (A's last, B's first).
      const groupCollection = groupCollectionId(group.id);
      expect(await servedAt(koban, viewer, groupCollection, a)).toEqual({
        first: [aMineInGroup],
        last: [aMineInGroup],
      });
      expect(await servedAt(koban, viewer, groupCollection, b)).toEqual({
        first: [bMineInGroup],
        last: [bMineInGroup],
      });
      // The other organization sees its own restricted report as B's last.
      expect(await servedAt(koban, other, VISIBLE_COLLECTION_ID, b)).toEqual({
        first: [bMine],
        last: [bHiddenLast],
      });
    });
  });
});
