/**
 * Conformance against the real MISP warninglists in ../shared next to the project (skipped when absent).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeIndicator } from '../indicators/index.js';
import type { Indicator, IndicatorType } from '../indicators/types.js';
import { parseWarninglist, type Warninglist, WarninglistIndex } from './index.js';

const dir = fileURLToPath(new URL('../../../../shared/data/misp/warninglists/lists', import.meta.url));

function ind(type: IndicatorType, raw: string): Indicator {
  const r = normalizeIndicator(type, raw);
  if (!r.ok) throw new Error(`${type} ${raw}: ${r.reason}`);
  return r.indicator;
}

describe.skipIf(!existsSync(dir))('shared MISP warninglists', () => {
  const lists: Warninglist[] = [];
  let index: WarninglistIndex;

  it('parses every list', () => {
    const names = readdirSync(dir).filter((d) => existsSync(join(dir, d, 'list.json')));
    expect(names.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const n of names) {
      const r = parseWarninglist(JSON.parse(readFileSync(join(dir, n, 'list.json'), 'utf8')));
      if (r.ok) lists.push(r.list);
      else failures.push(`${n}: ${r.errors.join('; ')}`);
    }
    expect(failures).toEqual([]);
    const withWarnings = lists.filter((l) => l.warnings.length > 0).map((l) => `${l.name}: ${l.warnings[0]}`);
    if (withWarnings.length > 0) console.log(`lists with warnings:\n  ${withWarnings.join('\n  ')}`);
    const t0 = performance.now();
    index = new WarninglistIndex(lists);
    const ms = performance.now() - t0;
    console.log(`built index of ${lists.length} lists in ${ms.toFixed(0)} ms`, index.stats());
  });

  it('knows the classic benign values', () => {
    const names = (i: Indicator) => index.match(i).map((h) => h.list);
    expect(names(ind('ipv4', '8.8.8.8')).some((n) => /dns/i.test(n))).toBe(true);
    expect(names(ind('ipv6', '2001:4860:4860::8888')).some((n) => /dns/i.test(n))).toBe(true);
    expect(names(ind('domain', 'bit.ly')).some((n) => /shortener/i.test(n))).toBe(true);
    expect(names(ind('url', 'https://bit.ly/3abcDEF')).some((n) => /shortener/i.test(n))).toBe(true);
    expect(names(ind('domain', 'mail.google.com')).length).toBeGreaterThan(0);
    expect(names(ind('ipv4', '104.16.0.1')).some((n) => /cloudflare/i.test(n))).toBe(true);
    expect(index.match(ind('domain', 'sagawa-xq.top'))).toEqual([]);
    expect(index.match(ind('ipv4', '203.0.113.77'))).toEqual([]);
    expect(index.match(ind('phone', '090-1234-5678'))).toEqual([]);
  });

  it('prints match throughput on a mixed workload', () => {
    const sample: Indicator[] = [];
    const hosts = lists.filter((l) => l.type !== 'cidr').flatMap((l) => l.list.slice(0, 200));
    for (let i = 0; i < 2000; i++) {
      const h = hosts[(i * 7919) % hosts.length]!.replace(/^[.*]+/, '');
      const a = (i * 2654435761) >>> 0;
      const v4 = `${(a >>> 24) & 255}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
      const cands: [IndicatorType, string][] = [
        ['domain', `x${i}.${h}`],
        ['url', `https://${h}/p/${i}`],
        ['url', `https://evil-${i}.example-phish.top/login`],
        ['ipv4', v4],
        ['ipv6', `2001:db8:${i.toString(16)}::1`],
        ['email', `user${i}@${h}`],
        ['phone', '+819012345678'],
      ];
      const [t, v] = cands[i % cands.length]!;
      const r = normalizeIndicator(t, v);
      if (r.ok) sample.push(r.indicator);
    }
    let hits = 0;
    for (const s of sample) hits += index.match(s).length; // warm-up
    const rounds = 200;
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) for (const s of sample) hits += index.match(s).length;
    const ms = performance.now() - t0;
    const perSec = Math.round((rounds * sample.length) / (ms / 1000));
    console.log(
      `${rounds * sample.length} matches in ${ms.toFixed(0)} ms = ${perSec.toLocaleString('en')} matches/s`,
    );
    expect(hits).toBeGreaterThan(0);

    // Scale to ~1.5 million entries: the string/hostname lists again four times with distinct entries.
    const extra: Warninglist[] = [];
    for (let k = 1; k <= 4; k++) {
      for (const l of lists) {
        if (l.type === 'cidr') continue;
        extra.push({
          ...l,
          name: `${l.name} #${k}`,
          list: l.list.map((e) => `r${k}-${e.replace(/^[.*]+/, '')}`),
        });
      }
    }
    const big = [...lists, ...extra];
    const total = big.reduce((n, l) => n + l.list.length, 0);
    const t1 = performance.now();
    const bigIndex = new WarninglistIndex(big);
    const buildMs = performance.now() - t1;
    for (const s of sample) bigIndex.match(s);
    const t2 = performance.now();
    for (let r = 0; r < rounds; r++) for (const s of sample) bigIndex.match(s);
    const ms2 = performance.now() - t2;
    console.log(
      `${big.length} lists / ${total.toLocaleString('en')} entries: build ${buildMs.toFixed(0)} ms, ` +
        `${Math.round((rounds * sample.length) / (ms2 / 1000)).toLocaleString('en')} matches/s`,
    );
    expect(bigIndex.stats().entries).toBe(total);
  });
});
