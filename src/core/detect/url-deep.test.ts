import { describe, expect, it } from 'vitest';
import { DeepPart, deepRow } from './url-deep.js';

describe('URL model hidden layer', () => {
  it('sums embedding rows by the hash top bits, then ReLU and output weights', () => {
    const rows = 4;
    const hidden = 2;
    // Row r holds [r + 1, -(r + 1)] × scale.
    const q = Int8Array.from([1, -1, 2, -2, 3, -3, 4, -4]);
    const deep = new DeepPart({
      rows,
      hidden,
      scale: 0.5,
      weights: Buffer.from(q.buffer).toString('base64'),
      hiddenBias: [0.25, 1],
      out: [2, 3],
    });
    const hashes = [0x00000001, 0x80000000, 0xc0000000];
    expect(hashes.map((h) => deepRow(h, rows))).toEqual([0, 2, 3]);
    deep.start();
    for (const h of hashes) deep.add(h);
    // Unit 0: (1 + 3 + 4) × 0.5 + 0.25 = 4.25 → × 2; unit 1: −8 × 0.5 + 1 < 0 → 0.
    expect(deep.total()).toBeCloseTo(8.5, 10);
    deep.start();
    expect(deep.total()).toBeCloseTo(0.25 * 2 + 1 * 3, 10);
  });

  it('rejects weights that do not match rows × hidden', () => {
    expect(
      () => new DeepPart({ rows: 4, hidden: 2, scale: 1, weights: 'AAAA', hiddenBias: [0, 0], out: [0, 0] }),
    ).toThrow();
  });
});
