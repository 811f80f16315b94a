import { describe, expect, it } from 'vitest';
import type { AttributionView } from '../attribution/service.js';
import { type CampaignExportInput, campaignToStixBundle, KOBAN_IDENTITY } from './stix-export.js';
import { patternLiteral, stixPattern, TLP2_MARKING_IDS, uuidV5 } from './stix-primitives.js';

const SMS = '0190a000-0000-7000-8000-000000000001';
const RED_CASE = '0190a000-0000-7000-8000-000000000002';
const SITE = '0190a000-0000-7000-8000-000000000003';
const CAMPAIGN = '0190a000-0000-7000-8000-0000000000c1';
const ACTOR = 'intrusion-set--0c7b5b88-8f1b-4bd2-9d1a-5f5a2b1b7d01';

function attribution(over: Partial<AttributionView> = {}): AttributionView {
  return {
    id: '0190a000-0000-7000-8000-0000000000a1',
    target: { type: 'campaign', id: CAMPAIGN },
    actor: { id: ACTOR, type: 'intrusion-set', name: 'Roaming Mantis' },
    confidence: 70,
    layer: 'operational',
    evidence: [{ kind: 'note', ref: '同一キットのパス構造' }],
    decision: 'confirmed',
    attributedBy: { orgId: 'org-centre' },
    tlp: 'GREEN',
    createdAt: '2026-11-03T00:00:00.000Z',
    updatedAt: '2026-11-04T00:00:00.000Z',
    ...over,
  };
}

function input(over: Partial<CampaignExportInput> = {}): CampaignExportInput {
  return {
    campaignId: CAMPAIGN,
    viewOfReportId: SMS,
    truncated: false,
    reports: [
      {
        id: SMS,
        kind: 'smishing',
        tlp: 'GREEN',
        reporterOrgId: 'org-carrier',
        observedAt: '2026-11-01T09:00:00+09:00',
        createdAt: '2026-11-01T01:00:00.123Z',
      },
      {
        id: RED_CASE,
        kind: 'fraud_case',
        tlp: 'RED',
        reporterOrgId: 'org-bank',
        observedAt: null,
        createdAt: '2026-11-02T00:00:00.000Z',
      },
    ],
    links: [
      { from: SMS, to: RED_CASE, key: 'phone:+819011112222', fromRole: 'mentioned', toRole: 'contact_phone' },
    ],
    sightings: [
      {
        reportId: SMS,
        type: 'url',
        value: 'https://login.sagawa-xq.top/a',
        role: 'landing_url',
        observedAt: '2026-11-01T00:00:00.000Z',
      },
      {
        reportId: SMS,
        type: 'phone',
        value: '+819011112222',
        role: 'mentioned',
        observedAt: '2026-11-01T00:00:00.000Z',
      },
      {
        reportId: RED_CASE,
        type: 'phone',
        value: '+819011112222',
        role: 'contact_phone',
        observedAt: '2026-11-02T00:00:00.000Z',
      },
      {
        reportId: RED_CASE,
        type: 'bank_account',
        value: '0009-123-1234567',
        role: 'mule_account',
        observedAt: '2026-11-02T00:00:00.000Z',
      },
    ],
    attributions: [attribution()],
    knowledgeObjects: [
      {
        type: 'intrusion-set',
        spec_version: '2.1',
        id: ACTOR,
        created: '2024-01-01T00:00:00.000Z',
        modified: '2024-01-01T00:00:00.000Z',
        name: 'Roaming Mantis',
      },
    ],
    ...over,
  };
}

const byType = (bundle: { objects: { type: string }[] }, type: string) =>
  bundle.objects.filter((o) => o.type === type) as Record<string, unknown>[];

describe('STIX patterns', () => {
  it.each([
    ['url', 'https://login.sagawa-xq.top/a?x=1', "[url:value = 'https://login.sagawa-xq.top/a?x=1']"],
    ['domain', 'sagawa-xq.top', "[domain-name:value = 'sagawa-xq.top']"],
    ['domain', 'xn--r8jz45g.jp', "[domain-name:value = 'xn--r8jz45g.jp']"],
    ['ipv4', '203.0.113.7', "[ipv4-addr:value = '203.0.113.7']"],
    ['ipv6', '2001:db8::2:1', "[ipv6-addr:value = '2001:db8::2:1']"],
    ['cidr', '198.51.100.0/24', "[ipv4-addr:value ISSUBSET '198.51.100.0/24']"],
    ['email', 'support@example.co.jp', "[email-addr:value = 'support@example.co.jp']"],
    ['sha256', 'e3b0c442', "[file:hashes.'SHA-256' = 'e3b0c442']"],
    ['sha1', 'da39a3ee', "[file:hashes.'SHA-1' = 'da39a3ee']"],
    ['md5', 'd41d8cd9', "[file:hashes.MD5 = 'd41d8cd9']"],
    ['phone', '+819011112222', "[x-koban-phone:value = '+819011112222']"],
    ['bank_account', '0009-123-1234567', "[x-koban-bank-account:value = '0009-123-1234567']"],
    [
      'btc',
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      "[x-koban-cryptocurrency-wallet:value = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4']",
    ],
    ['device_fingerprint', '3f2504e0-4f89', "[x-koban-device-fingerprint:value = '3f2504e0-4f89']"],
    ['sms_sender', 'SMBC', "[x-koban-sms-sender:value = 'SMBC']"],
  ])('%s %s', (type, value, pattern) => {
    expect(stixPattern(type, value)).toBe(pattern);
  });

  it('escapes quotes and backslashes, and keeps Japanese text as it is', () => {
    expect(patternLiteral("it's")).toBe("'it\\'s'");
    expect(patternLiteral('a\\b')).toBe("'a\\\\b'");
    // A backslash before a quote: both escaped, so the quote cannot end the literal early.
    expect(patternLiteral("\\'] OR [x:y = '1")).toBe("'\\\\\\'] OR [x:y = \\'1'");
    expect(stixPattern('url', 'https://例え.jp/パス')).toBe("[url:value = 'https://例え.jp/パス']");
  });

  it('never defangs: the real value goes into the pattern', () => {
    const bundle = campaignToStixBundle(input());
    const patterns = byType(bundle, 'indicator').map((i) => i.pattern as string);
    expect(patterns).toContain("[url:value = 'https://login.sagawa-xq.top/a']");
    expect(patterns.join(' ')).not.toMatch(/hxxp|\[\.\]/);
  });

  it('makes UUIDv5 ids (RFC 9562 test vector)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});

describe('campaignToStixBundle', () => {
  it('is deterministic: the same input gives the same ids and the same bundle', () => {
    const a = campaignToStixBundle(input());
    const b = campaignToStixBundle(input());
    expect(b).toEqual(a);
    const shuffled = campaignToStixBundle(
      input({ sightings: [...input().sightings].reverse(), reports: [...input().reports].reverse() }),
    );
    expect(new Set(shuffled.objects.map((o) => o.id))).toEqual(new Set(a.objects.map((o) => o.id)));
    expect(shuffled.id).toBe(a.id);
  });

  it('gives an indicator the same id in every campaign that holds it', () => {
    const one = byType(campaignToStixBundle(input()), 'indicator');
    const other = byType(
      campaignToStixBundle(input({ campaignId: 'another', reports: input().reports.slice(0, 1) })),
      'indicator',
    );
    const phone = (list: Record<string, unknown>[]) =>
      list.find((i) => i.x_koban_key === 'phone:+819011112222')?.id;
    expect(phone(other)).toBe(phone(one));
  });

  it('builds the campaign from report times with the most restrictive TLP, and includes the markings', () => {
    const bundle = campaignToStixBundle(input());
    const [campaign] = byType(bundle, 'campaign');
    expect(campaign).toMatchObject({
      name: `Koban campaign ${CAMPAIGN}`,
      first_seen: '2026-11-01T00:00:00.000Z',
      last_seen: '2026-11-02T00:00:00.000Z',
      created: '2026-11-01T01:00:00.123Z',
      modified: '2026-11-04T00:00:00.000Z',
      object_marking_refs: [TLP2_MARKING_IDS.RED],
      x_koban_campaign_id: CAMPAIGN,
    });
    expect(campaign?.description).toContain('報告 2 件');
    const markings = byType(bundle, 'marking-definition').map((m) => m.name);
    expect(markings).toEqual(['TLP:CLEAR', 'TLP:GREEN', 'TLP:RED']);
    const reports = byType(bundle, 'report');
    expect(reports.map((r) => r.object_marking_refs)).toEqual([
      [TLP2_MARKING_IDS.GREEN],
      [TLP2_MARKING_IDS.RED],
    ]);
    expect(reports[0]).toMatchObject({
      published: '2026-11-01T00:00:00.000Z',
      labels: ['smishing'],
      report_types: ['threat-report'],
      created_by_ref: KOBAN_IDENTITY.id,
    });
    // Every reference the bundle makes to a marking resolves inside the bundle.
    const ids = new Set(bundle.objects.map((o) => o.id));
    for (const o of bundle.objects)
      for (const ref of (o.object_marking_refs as string[] | undefined) ?? []) expect(ids).toContain(ref);
  });

  it('marks an indicator with the most restrictive report holding it, and times it from its sightings', () => {
    const indicators = byType(campaignToStixBundle(input()), 'indicator');
    const phone = indicators.find((i) => i.x_koban_key === 'phone:+819011112222');
    expect(phone).toMatchObject({
      pattern_type: 'stix',
      valid_from: '2026-11-01T00:00:00.000Z',
      object_marking_refs: [TLP2_MARKING_IDS.RED],
      x_koban_roles: ['contact_phone', 'mentioned'],
    });
    const url = indicators.find((i) => i.x_koban_indicator_type === 'url');
    expect(url?.object_marking_refs).toEqual([TLP2_MARKING_IDS.GREEN]);
  });

  it('names IDNs in their Japanese form while the pattern keeps the canonical A-label', () => {
    const bundle = campaignToStixBundle(
      input({
        sightings: [
          {
            reportId: SMS,
            type: 'domain',
            value: 'xn--r8jz45g.jp',
            unicode: '例え.jp',
            role: 'host',
            observedAt: '2026-11-01T00:00:00Z',
          },
        ],
      }),
    );
    expect(byType(bundle, 'indicator')[0]).toMatchObject({
      name: 'domain 例え.jp',
      pattern: "[domain-name:value = 'xn--r8jz45g.jp']",
    });
  });

  it('relates each indicator that links to the campaign, and each explained link between two reports', () => {
    const bundle = campaignToStixBundle(
      input({
        sightings: [
          ...input().sightings,
          // Public DNS never links, so it does not indicate the campaign.
          { reportId: SMS, type: 'ipv4', value: '8.8.8.8', role: 'dns', observedAt: '2026-11-01T00:00:00Z' },
        ],
      }),
    );
    const relationships = byType(bundle, 'relationship');
    const indicates = relationships.filter((r) => r.relationship_type === 'indicates');
    const indicatorKeys = new Map(byType(bundle, 'indicator').map((i) => [i.id, i.x_koban_key]));
    expect(indicates.map((r) => indicatorKeys.get(r.source_ref as string)).sort()).toEqual([
      'bank_account:0009-123-1234567',
      'phone:+819011112222',
      'url:https://login.sagawa-xq.top/a',
    ]);
    const related = relationships.filter((r) => r.relationship_type === 'related-to');
    expect(related).toHaveLength(1);
    expect(related[0]).toMatchObject({
      description: 'Linked by the shared key phone:+819011112222 (mentioned → contact_phone)',
      x_koban_key: 'phone:+819011112222',
      object_marking_refs: [TLP2_MARKING_IDS.RED],
    });
  });

  it('attributes only through visible, non-rejected attributions, with confidence, layer and decision', () => {
    const bundle = campaignToStixBundle(
      input({
        attributions: [
          attribution(),
          attribution({ id: 'rejected-one', decision: 'rejected' }),
          attribution({ id: 'other-campaign', target: { type: 'campaign', id: 'not-this-one' } }),
          attribution({ id: 'outside-report', target: { type: 'report', id: SITE } }),
          attribution({
            id: 'on-report',
            target: { type: 'report', id: SMS },
            decision: 'proposed',
            tlp: 'AMBER',
          }),
        ],
      }),
    );
    const toActor = byType(bundle, 'relationship').filter((r) => r.target_ref === ACTOR);
    expect(toActor.map((r) => r.x_koban_attribution_id).sort()).toEqual([
      '0190a000-0000-7000-8000-0000000000a1',
      'on-report',
    ]);
    expect(toActor.find((r) => r.relationship_type === 'attributed-to')).toMatchObject({
      confidence: 70,
      x_koban_layer: 'operational',
      x_koban_decision: 'confirmed',
      object_marking_refs: [TLP2_MARKING_IDS.GREEN],
      x_koban_evidence: [{ kind: 'note', ref: '同一キットのパス構造' }],
    });
    // A report-level attribution hangs off the report (STIX has no report attributed-to).
    expect(toActor.find((r) => r.x_koban_attribution_id === 'on-report')).toMatchObject({
      relationship_type: 'related-to',
      x_koban_decision: 'proposed',
      object_marking_refs: [TLP2_MARKING_IDS.AMBER],
    });
    expect(byType(bundle, 'intrusion-set')).toHaveLength(1);
  });

  it('leaves out actors nobody visibly attributed, and rejected attributions entirely', () => {
    const bundle = campaignToStixBundle(input({ attributions: [attribution({ decision: 'rejected' })] }));
    expect(byType(bundle, 'intrusion-set')).toEqual([]);
    expect(JSON.stringify(bundle)).not.toContain(ACTOR);
  });

  it('names a single-report view after the report and derives nothing from what it was not given', () => {
    const bundle = campaignToStixBundle(
      input({
        campaignId: null,
        reports: input().reports.slice(0, 1),
        links: input().links,
        attributions: [],
      }),
    );
    const text = JSON.stringify(bundle);
    expect(text).not.toContain(RED_CASE);
    expect(text).not.toContain('0009-123-1234567');
    expect(text).not.toContain(TLP2_MARKING_IDS.RED);
    expect(byType(bundle, 'campaign')[0]).toMatchObject({ name: `Koban campaign report ${SMS}` });
    expect(byType(bundle, 'campaign')[0]?.description).toContain('報告 1 件');
    expect(byType(bundle, 'relationship').filter((r) => r.relationship_type === 'related-to')).toEqual([]);
  });
});
