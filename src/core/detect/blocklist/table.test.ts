import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlocklistBuilder, type BlocklistKind, BlocklistTable, KINDS, urlPrefixKey } from './index.js';

const src = { source: 'feed-a' };

describe('BlocklistBuilder / BlocklistTable', () => {
  it('adds and gets entries with kind, source and severity', () => {
    const t = new BlocklistBuilder()
      .add('url', 'https://evil.example/login?x=1', src)
      .add('host', 'cdn.evil.example', { source: 'feed-b', severity: 'warn' })
      .add('domain', 'evil.example', src)
      .build();
    expect(t.size).toBe(3);
    expect(t.get('url', 'https://evil.example/login?x=1')).toEqual({
      kind: 'url',
      source: 'feed-a',
      severity: 'block',
    });
    expect(t.get('host', 'cdn.evil.example')).toEqual({ kind: 'host', source: 'feed-b', severity: 'warn' });
    expect(t.get('domain', 'evil.example')?.kind).toBe('domain');
    expect(t.get('url', 'https://evil.example/login')).toBeUndefined();
    expect(t.get('domain', 'other.example')).toBeUndefined();
    expect(t.sourceNames).toEqual(['feed-a', 'feed-b']);
  });

  it('keeps kinds apart: the same string under two kinds is two entries', () => {
    const t = new BlocklistBuilder().add('host', 'x.example', src).build();
    for (const k of KINDS) expect(t.has(k, 'x.example')).toBe(k === 'host');
    t.add('domain', 'x.example', { source: 'feed-b' });
    expect(t.size).toBe(2);
    expect(t.get('host', 'x.example')?.source).toBe('feed-a');
    expect(t.get('domain', 'x.example')?.source).toBe('feed-b');
  });

  it('lets the last duplicate win at build and on live add', () => {
    const b = new BlocklistBuilder();
    b.add('url', 'https://a.example/', src).add('url', 'https://a.example/', {
      source: 'b',
      severity: 'warn',
    });
    const t = b.build();
    expect(t.size).toBe(1);
    expect(t.get('url', 'https://a.example/')).toEqual({ kind: 'url', source: 'b', severity: 'warn' });
    expect(t.add('url', 'https://a.example/', src)).toBe(false);
    expect(t.get('url', 'https://a.example/')?.severity).toBe('block');
  });

  it('normalizes url_prefix values and rejects unusable ones', () => {
    expect(urlPrefixKey('https://x.example/a/b/?q=1#f')).toBe('x.example/a/b');
    expect(urlPrefixKey('https://u:p@x.example:8443/a?m=a@b')).toBe('x.example:8443/a');
    const t = new BlocklistBuilder().add('url_prefix', 'http://x.example/a/', src).build();
    expect(t.has('url_prefix', 'x.example/a')).toBe(true);
    const b = new BlocklistBuilder();
    expect(() => b.add('url_prefix', 'x.example/', src)).toThrow(/authority and a path/);
    expect(() => b.add('url_prefix', 'x.example/1/2/3/4/5/6/7/8/9', src)).toThrow(/8 segments/);
    expect(() => b.add('url', '', src)).toThrow(/empty/);
    expect(() => b.add('nope' as BlocklistKind, 'x', src)).toThrow(/unknown blocklist kind/);
  });

  it('deletes with backward shift and keeps every other entry reachable', () => {
    const b = new BlocklistBuilder();
    for (let i = 0; i < 2_000; i++) b.add('host', `h${i}.example`, src);
    const t = b.build();
    for (let i = 0; i < 2_000; i += 3) expect(t.delete('host', `h${i}.example`)).toBe(true);
    expect(t.delete('host', 'h0.example')).toBe(false);
    expect(t.delete('domain', 'h1.example')).toBe(false);
    for (let i = 0; i < 2_000; i++) expect(t.has('host', `h${i}.example`)).toBe(i % 3 !== 0);
    expect(t.size).toBe(2_000 - 667);
  });

  it('grows past load 0.7 on live adds', () => {
    const t = new BlocklistBuilder().build();
    const first = t.capacity;
    for (let i = 0; i < 10_000; i++)
      expect(t.add('url', `https://e.example/${i}`, { source: `s${i % 5}` })).toBe(true);
    expect(t.size).toBe(10_000);
    expect(t.capacity).toBeGreaterThan(first);
    expect(t.size / t.capacity).toBeLessThanOrEqual(0.7);
    for (let i = 0; i < 10_000; i++) expect(t.get('url', `https://e.example/${i}`)?.source).toBe(`s${i % 5}`);
    expect(t.has('url', 'https://e.example/10000')).toBe(false);
  });

  it('sizes a built table at load ≤ 0.7', () => {
    const b = new BlocklistBuilder();
    for (let i = 0; i < 100_000; i++) b.add('domain', `d${i}.example`, src);
    const t = b.build();
    expect(t.size).toBe(100_000);
    expect(t.size / t.capacity).toBeLessThanOrEqual(0.7);
    // Domain entries need no gate: it stays at its 128-byte minimum.
    expect(t.byteLength).toBe(t.capacity * 12 + 128);
  });

  it('property: membership equals a Set after random adds and deletes', () => {
    const op = fc.record({
      del: fc.boolean(),
      kind: fc.constantFrom<BlocklistKind>('url', 'host', 'domain'),
      value: fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.array(op, { maxLength: 50 }), (initial, live) => {
        const b = new BlocklistBuilder();
        const model = new Set<string>();
        for (const o of initial) {
          b.add(o.kind, o.value, src);
          model.add(`${o.kind} ${o.value}`);
        }
        const t = b.build();
        for (const o of live) {
          if (o.del) {
            expect(t.delete(o.kind, o.value)).toBe(model.delete(`${o.kind} ${o.value}`));
          } else {
            t.add(o.kind, o.value, src);
            model.add(`${o.kind} ${o.value}`);
          }
        }
        expect(t.size).toBe(model.size);
        for (const o of [...initial, ...live]) {
          for (const kind of ['url', 'host', 'domain'] as const) {
            expect(t.has(kind, o.value)).toBe(model.has(`${kind} ${o.value}`));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('snapshot', () => {
  const sample = (): BlocklistTable => {
    const b = new BlocklistBuilder();
    for (let i = 0; i < 500; i++)
      b.add(i % 2 ? 'url' : 'domain', `v${i}.example`, {
        source: `feed-${i % 3}`,
        severity: i % 5 ? 'block' : 'warn',
      });
    return b.build();
  };

  it('round-trips entries, sources and live updates', () => {
    const t = sample();
    t.delete('url', 'v1.example');
    const buf = t.toBuffer();
    for (const zeroCopy of [false, true]) {
      const u = BlocklistTable.fromBuffer(buf, { zeroCopy });
      expect(u.size).toBe(t.size);
      expect(u.sourceNames).toEqual(t.sourceNames);
      for (let i = 0; i < 500; i++) {
        const kind = i % 2 ? 'url' : 'domain';
        expect(u.get(kind, `v${i}.example`)).toEqual(t.get(kind, `v${i}.example`));
      }
      u.add('host', 'new.example', { source: 'feed-new' });
      expect(u.get('host', 'new.example')?.source).toBe('feed-new');
    }
    // The zero-copy table wrote its live add into the shared buffer (documented).
    expect(() => BlocklistTable.fromBuffer(buf)).toThrow(/checksum/);
  });

  it('loads from an unaligned buffer by copying', () => {
    const buf = sample().toBuffer();
    const shifted = new Uint8Array(buf.length + 1).subarray(1);
    shifted.set(buf);
    expect(BlocklistTable.fromBuffer(shifted, { zeroCopy: true }).get('domain', 'v0.example')?.severity).toBe(
      'warn',
    );
  });

  it('rejects truncated, padded and corrupt snapshots with a clear error', () => {
    const buf = sample().toBuffer();
    const reject = (b: Uint8Array, why: RegExp) => expect(() => BlocklistTable.fromBuffer(b)).toThrow(why);
    reject(buf.subarray(0, 10), /truncated header/);
    reject(buf.subarray(0, buf.length - 4), /truncated/);
    reject(new Uint8Array([...buf, 0]), /trailing bytes/);
    const flip = (at: number, mask = 1): Uint8Array => {
      const c = buf.slice();
      c[at]! ^= mask;
      return c;
    };
    reject(flip(0), /bad magic/);
    reject(flip(4), /unsupported version/);
    reject(flip(12, 0x80), /truncated|trailing|capacity/);
    reject(flip(28), /gate size/);
    reject(flip(36), /reserved/);
    reject(flip(42), /sources|checksum/);
    reject(flip(buf.length - 3), /checksum/);
    reject(flip(buf.length - 2000, 4), /checksum/);
    reject(new Uint8Array(64), /bad magic/);
  });
});
