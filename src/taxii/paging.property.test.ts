import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOrgWithKey, startTestKoban } from '../../test/helpers/koban.js';
import type { Koban } from '../app/container.js';
import type { Principal } from '../auth/service.js';
import { VISIBLE_COLLECTION_ID } from './collections.js';
import { parseQuery } from './query.js';
import { compareKeys, type EntryKey } from './stix-objects.js';

/**
 * Cursor correctness where it is hardest: every report carries the same timestamp (the clock is
 * pinned), pages have random sizes, and new reports arrive between pages. Paging must return every
 * object that existed when it started exactly once, in strictly increasing order, and never repeat one.
 */
const reportArb = fc.record({
  indicators: fc.uniqueArray(fc.nat(40), { maxLength: 4 }),
  tlp: fc.constantFrom('CLEAR', 'GREEN', 'AMBER'),
});

function reportBody(r: { indicators: number[]; tlp: string }, n: number) {
  return {
    kind: 'abuse',
    tlp: r.tlp,
    description: `report ${n}`,
    details: { category: 'phishing' },
    indicators: r.indicators.map((i) => ({ type: 'domain', value: `shared${i}.example.com` })),
  };
}

async function pageThrough(koban: Koban, reader: Principal, limits: number[], between: () => Promise<void>) {
  const seen: { key: EntryKey; id: string }[] = [];
  let next: string | undefined;
  let i = 0;
  do {
    const limit = limits[i++ % limits.length] ?? 1;
    const query = parseQuery(
      { 'match[version]': 'all', limit: String(limit), ...(next ? { next } : {}) },
      { allowIdAndType: true },
    );
    const page = await koban.taxii.page(reader, VISIBLE_COLLECTION_ID, query);
    expect(page.entries.length).toBeLessThanOrEqual(limit);
    seen.push(...page.entries.map((e) => ({ key: e.key, id: String(e.object.id) })));
    next = page.next;
    expect(next === undefined).toBe(!page.more);
    await between();
  } while (next);
  return seen;
}

describe('TAXII cursors (property-based)', () => {
  it('pages through objects sharing one timestamp exactly once, in order, despite interleaved inserts', async () => {
    const pinned = new Date('2026-11-22T00:00:00.000Z');
    const t = await startTestKoban({}, { now: () => pinned });
    try {
      const writerOrg = await createOrgWithKey(t, 'writer');
      const readerOrg = await createOrgWithKey(t, 'reader');
      const writer = await t.koban.auth.authenticate(`Bearer ${writerOrg.key}`);
      const reader = await t.koban.auth.authenticate(`Bearer ${readerOrg.key}`);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(reportArb, { minLength: 1, maxLength: 15 }),
          fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 }),
          fc.array(reportArb, { maxLength: 6 }),
          async (initial, limits, interleaved) => {
            await t.koban.intake.submit(
              writer,
              initial.map((r) => reportBody(r, n++)),
            );
            const everything = await t.koban.taxii.page(
              reader,
              VISIBLE_COLLECTION_ID,
              parseQuery({ 'match[version]': 'all', limit: '10000' }, { allowIdAndType: true }),
            );
            const inserts = [...interleaved];
            const seen = await pageThrough(t.koban, reader, limits, async () => {
              const next = inserts.shift();
              if (next) await t.koban.intake.submit(writer, [reportBody(next, n++)]);
            });
            for (let i = 1; i < seen.length; i++)
              expect(compareKeys(seen[i - 1]!.key, seen[i]!.key)).toBeLessThan(0);
            const keyText = (k: EntryKey) => `${k.at}|${k.report}|${k.ord}`;
            const seenKeys = seen.map((s) => keyText(s.key));
            expect(new Set(seenKeys).size).toBe(seenKeys.length);
            const before = everything.entries.map((e) => keyText(e.key));
            expect(seenKeys.slice(0, before.length)).toEqual(before);
            // Everything after is what arrived meanwhile, and all of it has the pinned timestamp.
            expect(seen.slice(before.length).every((s) => s.key.at === pinned.toISOString())).toBe(true);
          },
        ),
        { numRuns: 25 },
      );
    } finally {
      await t.close();
    }
    // 25 runs of many small pages: on PostgreSQL on the shared 2-core machine this passed 20 s.
  }, 90_000);
});
