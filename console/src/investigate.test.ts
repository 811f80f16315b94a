import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorsByField } from './components/BrandForm.js';
import { buildGraph, keyLabel } from './graph-model.js';
import type { CampaignGraphView } from './investigate-types.js';
import { canonicalJson, lineDiff } from './line-diff.js';

const report = (id: string) => ({
  id,
  kind: 'smishing',
  tlp: 'GREEN',
  reporter: { orgId: 'o' },
  observedAt: null,
  hops: 0,
});

describe('campaign graph model', () => {
  it('turns explained links into report → indicator edges labelled with the role, values defanged', () => {
    const view: CampaignGraphView = {
      campaignId: 'a',
      attributions: [],
      size: 3,
      reports: [report('a'), report('b'), report('c')],
      links: [
        { from: 'a', to: 'b', key: 'regdomain:sagawa-xq.top', fromRole: 'link', toRole: 'url' },
        { from: 'b', to: 'c', key: 'regdomain:sagawa-xq.top', fromRole: 'url', toRole: 'link' },
        { from: 'a', to: 'zz', key: 'phone:+819012345678', fromRole: 'sender', toRole: 'sender' },
      ],
      truncated: true,
    };
    const g = buildGraph(view);
    expect(g.reports.map((r) => r.id)).toEqual(['report:a', 'report:b', 'report:c']);
    // The link to a report outside the truncated view is dropped, not drawn dangling.
    expect(g.indicators).toEqual([
      {
        kind: 'indicator',
        id: 'indicator:regdomain:sagawa-xq.top',
        type: 'regdomain',
        indicatorType: 'domain',
        label: 'sagawa-xq[.]top',
        reportIds: ['a', 'b', 'c'],
      },
    ]);
    expect(g.edges.map((e) => `${e.source}|${e.role}`)).toEqual([
      'report:a|link',
      'report:b|url',
      'report:c|link',
    ]);
    expect(g.links).toHaveLength(2);
  });

  it('defangs every kind of key label and keeps values without a type readable', () => {
    expect(keyLabel('url:https://evil.example/x')).toBe('hxxps[://]evil[.]example/x');
    expect(keyLabel('ip:203.0.113.9')).toBe('203[.]0[.]113[.]9');
    expect(keyLabel('phone:+819012345678')).toBe('+819012345678');
    expect(keyLabel('no-colon')).toBe('no-colon');
    // A canvas obeys bidi controls as a document does: they are shown, and long values cut.
    expect(keyLabel('regdomain:moc.\u202Eevil.example')).toBe('moc[.]⟦U+202E⟧evil[.]example');
    const long = keyLabel(`url:https://x.example/${'a'.repeat(1_000_000)}`);
    expect(long.startsWith('hxxps[://]x[.]example/aaa')).toBe(true);
    expect(long.endsWith('a…')).toBe(true);
    expect(long.length).toBeLessThan(320);
  });
});

describe('line diff', () => {
  it('marks changed lines and numbers both sides', () => {
    const d = lineDiff('a\nb\nc\nd', 'a\nB\nc\nd\ne');
    expect(d.map((l) => `${l.op}:${l.text}:${l.oldNo ?? ''}:${l.newNo ?? ''}`)).toEqual([
      'same:a:1:1',
      'del:b:2:',
      'add:B::2',
      'same:c:3:3',
      'same:d:4:4',
      'add:e::5',
    ]);
  });

  it('rebuilds both texts from any diff and keeps the common lines maximal', () => {
    const lines = fc.array(fc.constantFrom('x', 'y', 'z', '{', '}'), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const d = lineDiff(a.join('\n'), b.join('\n'));
        const old = d.filter((l) => l.op !== 'add').map((l) => l.text);
        const neu = d.filter((l) => l.op !== 'del').map((l) => l.text);
        expect(old.join('\n')).toBe(a.join('\n'));
        expect(neu.join('\n')).toBe(b.join('\n'));
        // Same lines count = LCS length (a naive LCS on small inputs as the oracle).
        const lcs = (x: string[], y: string[]): number => {
          const t = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
          for (let i = x.length - 1; i >= 0; i--)
            for (let j = y.length - 1; j >= 0; j--)
              (t[i] as number[])[j] =
                x[i] === y[j]
                  ? ((t[i + 1] as number[])[j + 1] as number) + 1
                  : Math.max((t[i + 1] as number[])[j] as number, (t[i] as number[])[j + 1] as number);
          return (t[0] as number[])[0] as number;
        };
        const sa = a.join('\n').split('\n');
        const sb = b.join('\n').split('\n');
        expect(d.filter((l) => l.op === 'same').length).toBe(lcs(sa, sb));
      }),
    );
  });

  it('sorts object keys so key order alone is no difference', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe(canonicalJson({ a: [{ c: 2, d: 1 }], b: 1 }));
  });
});

describe('brand form errors', () => {
  it("groups the server's JSON pointers by form field and keeps the item position", () => {
    expect(
      errorsByField([
        { field: '/officialDomains/1', reason: 'is a public suffix' },
        { field: '/officialDomains/0', reason: 'not a domain' },
        { field: '/namesJa', reason: 'give at least one name' },
        { field: '', reason: 'body' },
      ]),
    ).toEqual({
      officialDomains: ['1: is a public suffix', '0: not a domain'],
      namesJa: ['give at least one name'],
      _: ['body'],
    });
  });
});
