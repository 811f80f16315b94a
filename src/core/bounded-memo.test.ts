import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMemo, SecondSight } from './bounded-memo.js';

describe('BoundedMemo with SecondSight admission', () => {
  it('keeps a key from its second sighting on, not a key seen once', () => {
    const sight = new SecondSight(1024);
    const memo = new BoundedMemo<string, number>(100, sight.admission(1));
    let calls = 0;
    const compute = (k: string) => {
      calls++;
      return k.length;
    };
    expect(memo.get('https://once.example/', compute)).toBe(21);
    expect(memo.size).toBe(0);
    memo.get('https://twice.example/', compute);
    memo.get('https://twice.example/', compute);
    expect(memo.size).toBe(1);
    memo.get('https://twice.example/', compute);
    expect(calls).toBe(3);
  });

  it('separates memos sharing one table by salt', () => {
    const sight = new SecondSight(1024);
    expect(sight.seenBefore('a.example', 1)).toBe(false);
    expect(sight.seenBefore('a.example', 2)).toBe(false);
    expect(sight.seenBefore('a.example', 1)).toBe(true);
  });

  it('always answers what compute answers, whatever is admitted, evicted or collides', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 6, unit: fc.constantFrom('a', 'b', 'c', '.', '/') }), {
          maxLength: 300,
        }),
        fc.integer({ min: 1, max: 8 }),
        (keys, max) => {
          // A tiny table (1,024 slots, keys over five letters) and a tiny memo force overwrites and clears.
          const memo = new BoundedMemo<string, string>(max, new SecondSight(1).admission(7));
          for (const k of keys) {
            expect(memo.get(k, (x) => `v:${x}`)).toBe(`v:${k}`);
            expect(memo.size).toBeLessThanOrEqual(max);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
