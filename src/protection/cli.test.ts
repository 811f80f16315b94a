import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BrandIndex } from '../core/detect/brand-index.js';
import { DEFAULT_BRANDS } from '../core/detect/default-brands.js';
import type { AlertHit } from './alerts.js';
import { watchDomains } from './cli.js';
import { BrandTokenFinder } from './matcher.js';

function sink(): { out: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { out, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('koban watch-domains', () => {
  it('streams names through the matcher, prints JSON lines and records alerts in batches', async () => {
    const matcher = new BrandTokenFinder(new BrandIndex(DEFAULT_BRANDS), new Set());
    const input = Readable.from(
      [
        '# newly registered',
        'kuronekoyamato-delivery.top',
        '',
        '*.sagawa-exp.xyz',
        'www.kuronekoyamato.co.jp',
        'not a name!',
        'plain-bakery.jp',
      ].join('\n'),
    );
    const { out, lines } = sink();
    const recorded: AlertHit[][] = [];
    const summary = await watchDomains(input, { matcher, out, record: async (h) => void recorded.push(h) });
    expect(summary).toEqual({ lines: 5, invalid: 1, matches: 2 });
    expect(lines().map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ domain: 'kuronekoyamato-delivery[.]top', brand: 'yamato' }),
      expect.objectContaining({ domain: 'sagawa-exp[.]xyz', brand: 'sagawa' }),
    ]);
    expect(recorded.flat().map((h) => h.domain)).toEqual(['kuronekoyamato-delivery.top', 'sagawa-exp.xyz']);
  });

  it('handles a long stream with bounded batches', async () => {
    const matcher = new BrandTokenFinder(new BrandIndex(DEFAULT_BRANDS), new Set());
    function* names() {
      for (let i = 0; i < 200_000; i++)
        yield i % 1000 === 0 ? `amazon-${i}.top\n` : `site-${i}.example.com\n`;
    }
    const { out } = sink();
    let biggest = 0;
    const summary = await watchDomains(Readable.from(names()), {
      matcher,
      out,
      record: async (h) => {
        biggest = Math.max(biggest, h.length);
      },
    });
    expect(summary).toMatchObject({ lines: 200_000, matches: 200 });
    expect(biggest).toBeLessThanOrEqual(500);
  });
});
