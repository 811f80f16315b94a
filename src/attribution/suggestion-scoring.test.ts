import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  rankSuggestions,
  type Seen,
  type SharedItem,
  type ShareFacts,
  type SourceAttribution,
  sharedItems,
  sourceConfidence,
  tlpFloor,
  VIAS,
} from './suggestion-scoring.js';

const JAN = '2026-01-05T00:00:00.000Z';
const JAN_LATER = '2026-01-12T00:00:00.000Z';
const MAR = '2026-03-01T00:00:00.000Z';
const PROXY = '+815033334444';

const seen = (reportId: string, type: string, value: string, at = JAN): Seen => ({
  reportId,
  type,
  value,
  at,
});
const facts = (over: Partial<ShareFacts> = {}): ShareFacts => ({
  flagged: new Set(),
  overCorrelating: new Set(),
  ...over,
});
const vias = (items: SharedItem[]) => items.map((i) => [i.via, `${i.indicator.type}:${i.indicator.value}`]);

describe('shared items', () => {
  it('counts a flagged value shared by both sides, with the reports that carry it', () => {
    const items = sharedItems(
      [seen('b1', 'phone', PROXY), seen('b1', 'bank_account', '0009-123-1234567')],
      [seen('a1', 'phone', PROXY), seen('a2', 'phone', PROXY)],
      facts({ flagged: new Set([`phone:${PROXY}`]) }),
    );
    expect(items).toEqual([
      {
        indicator: { type: 'phone', value: PROXY },
        via: 'infrastructure_flag',
        reportIds: ['a1', 'a2', 'b1'],
      },
    ]);
  });

  it('counts an IP only when every pair of sightings is outside the 14-day window', () => {
    const source = [seen('a1', 'ipv4', '203.0.113.7', JAN)];
    expect(vias(sharedItems([seen('b1', 'ipv4', '203.0.113.7', MAR)], source, facts()))).toEqual([
      ['ip_outside_window', 'ipv4:203.0.113.7'],
    ]);
    expect(sharedItems([seen('b1', 'ipv4', '203.0.113.7', JAN_LATER)], source, facts())).toEqual([]);
    expect(
      sharedItems(
        [seen('b1', 'ipv4', '203.0.113.7', MAR), seen('b2', 'ipv4', '203.0.113.7', JAN_LATER)],
        source,
        facts(),
      ),
    ).toEqual([]);
  });

  it('never counts plain shared values (correlation links on them) or noise', () => {
    const phone = [seen('x', 'phone', '+819011112222')];
    expect(sharedItems(phone, phone, facts())).toEqual([]);
    const flagged = facts({ flagged: new Set([`phone:${PROXY}`]) });
    const proxy = [seen('x', 'phone', PROXY)];
    expect(sharedItems(proxy, proxy, { ...flagged, overCorrelating: new Set([`phone:${PROXY}`]) })).toEqual(
      [],
    );
    expect(sharedItems(proxy, proxy, { ...flagged, isBenign: (t) => t === 'phone' })).toEqual([]);
    // Public DNS: correlation ignores it on purpose, so do suggestions, however far apart.
    expect(sharedItems([seen('b', 'ipv4', '8.8.8.8', MAR)], [seen('a', 'ipv4', '8.8.8.8')], facts())).toEqual(
      [],
    );
    expect(
      sharedItems(
        [seen('b', 'ipv4', '198.51.100.9', MAR)],
        [seen('a', 'ipv4', '198.51.100.9')],
        facts({ overCorrelating: new Set(['ip:198.51.100.9']) }),
      ),
    ).toEqual([]);
  });

  it('lets a /24 and a registrable domain only corroborate a strong item', () => {
    const target = [
      seen('b', 'ipv4', '198.51.100.20', MAR),
      seen('b', 'url', 'https://kit.github.io/login'),
      seen('b', 'url', 'https://bit.ly/abc'),
    ];
    const source = [
      seen('a', 'ipv4', '198.51.100.21'),
      seen('a', 'url', 'https://kit.github.io/pay'),
      seen('a', 'url', 'https://bit.ly/xyz'),
    ];
    expect(sharedItems(target, source, facts())).toEqual([]);
    const withIp = sharedItems(
      [...target, seen('b', 'ipv4', '203.0.113.7', MAR)],
      [...source, seen('a', 'ipv4', '203.0.113.7')],
      facts(),
    );
    expect(vias(withIp)).toEqual([
      ['ip_outside_window', 'ipv4:203.0.113.7'],
      ['same_registrable_domain', 'domain:kit.github.io'],
      ['same_ip_24', 'cidr:198.51.100.0/24'],
    ]);
    // A.github.io and b.github.io belong to different people; a network a strong item stands for is not counted twice.
    const other = sharedItems(
      [
        seen('b', 'url', 'https://a.github.io/x'),
        seen('b', 'ipv4', '203.0.113.7', MAR),
        seen('b', 'ipv4', '203.0.113.8', MAR),
      ],
      [seen('a', 'url', 'https://b.github.io/x'), seen('a', 'ipv4', '203.0.113.7')],
      facts(),
    );
    expect(vias(other)).toEqual([['ip_outside_window', 'ipv4:203.0.113.7']]);
  });
});

describe('confidence', () => {
  const flag: SharedItem = {
    indicator: { type: 'phone', value: PROXY },
    via: 'infrastructure_flag',
    reportIds: [],
  };
  const ip: SharedItem = {
    indicator: { type: 'ipv4', value: '203.0.113.7' },
    via: 'ip_outside_window',
    reportIds: [],
  };
  const net: SharedItem = {
    indicator: { type: 'cidr', value: '203.0.113.0/24' },
    via: 'same_ip_24',
    reportIds: [],
  };

  it('scales the source confidence by decision and by the strength and number of shared items', () => {
    expect(sourceConfidence(80, 'confirmed', [flag])).toBe(40);
    expect(sourceConfidence(80, 'proposed', [flag])).toBe(20);
    expect(sourceConfidence(80, 'confirmed', [flag, ip])).toBe(52);
    expect(
      sourceConfidence(80, 'confirmed', [flag, { ...flag, indicator: { type: 'phone', value: '+1' } }]),
    ).toBe(60);
    expect(sourceConfidence(80, 'confirmed', [ip, net])).toBe(29);
    expect(sourceConfidence(80, 'confirmed', [net])).toBe(0);
    expect(sourceConfidence(80, 'rejected', [flag])).toBe(0);
  });

  it('never exceeds the source confidence', () => {
    const item = fc.record({
      indicator: fc.record({ type: fc.constant('phone'), value: fc.string() }),
      via: fc.constantFrom(...VIAS),
      reportIds: fc.constant([] as string[]),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom('confirmed', 'proposed', 'rejected'),
        fc.array(item, { maxLength: 40 }),
        (c, decision, items) => {
          const out = sourceConfidence(c, decision, items);
          expect(out).toBeGreaterThanOrEqual(0);
          expect(out).toBeLessThanOrEqual(c);
        },
      ),
    );
  });
});

describe('ranking', () => {
  const actor = (n: string) => ({ id: `intrusion-set--${n}`, type: 'intrusion-set', name: n });
  const src = (id: string, a: string, confidence: number, decision = 'confirmed'): SourceAttribution => ({
    attributionId: id,
    target: { type: 'campaign', id: `c-${id}` },
    actor: actor(a),
    confidence,
    decision,
    tlp: 'GREEN',
    items: [{ indicator: { type: 'phone', value: PROXY }, via: 'infrastructure_flag', reportIds: [] }],
  });

  it('gives one suggestion per actor from its best source, excludes attributed actors, sorts by confidence', () => {
    const out = rankSuggestions(
      [
        src('1', 'Mantis', 40),
        src('2', 'Mantis', 80),
        src('3', 'Panda', 100),
        src('4', 'Gecko', 90, 'rejected'),
      ],
      new Set(),
    );
    expect(out.map((s) => [s.actor.name, s.confidence])).toEqual([
      ['Panda', 50],
      ['Mantis', 40],
    ]);
    expect(out[1]?.basis.map((b) => b.sourceAttributionId)).toEqual(['1', '2']);
    expect(out[1]?.layer).toBe('tactical');
    expect(rankSuggestions([src('3', 'Panda', 100)], new Set([actor('Panda').id]))).toEqual([]);
  });
});

describe('TLP floor of an accepted suggestion', () => {
  it('is the most restrictive input, and own-organization-only for narrowed audiences', () => {
    expect(tlpFloor([{ tlp: 'CLEAR' }, { tlp: 'GREEN' }])).toBe('GREEN');
    expect(tlpFloor([{ tlp: 'GREEN' }, { tlp: 'AMBER' }])).toBe('AMBER');
    expect(tlpFloor([{ tlp: 'GREEN', narrowed: true }])).toBe('AMBER+STRICT');
    expect(tlpFloor([{ tlp: 'GREEN', sensitivity: 'investigation' }])).toBe('AMBER+STRICT');
    expect(tlpFloor([{ tlp: 'RED', narrowed: true }])).toBe('RED');
    expect(tlpFloor([])).toBe('CLEAR');
  });
});
