import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import type { AttributionView } from '../attribution/service.js';
import { bundle as knowledgeBundle, sdo } from '../knowledge/test-fixtures.js';
import { TLP_LEVELS } from '../sharing/policy.js';
import { campaignToStixBundle, type ExportSighting, type StixBundle } from './stix-export.js';

/** The OASIS STIX 2.1 JSON schemas, next to the repository (../shared); the suite skips without them. */
const schemaDir = new URL('../../../shared/data/stix/schemas/', import.meta.url);
const available = existsSync(fileURLToPath(schemaDir));
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';
const SCHEMA_OF_TYPE: Record<string, string> = {
  bundle: 'common/bundle.json',
  'marking-definition': 'common/marking-definition.json',
  identity: 'sdos/identity.json',
  campaign: 'sdos/campaign.json',
  report: 'sdos/report.json',
  indicator: 'sdos/indicator.json',
  'intrusion-set': 'sdos/intrusion-set.json',
  relationship: 'sros/relationship.json',
};
/** A single comparison expression, with a string literal in which only \' and \\ are escapes. */
const PATTERN = /^\[[a-z0-9-]+:[A-Za-z0-9_.'-]+ (=|ISSUBSET) '(?:[^'\\]|\\['\\])*'\]$/;

function loadValidators() {
  // The schemas are draft 2020-12. Some of their patterns (`\-`) are invalid under the `u` flag,
  // so regexes are compiled without it, as the schema authors' tools do.
  const ajv = new Ajv2020.default({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  // Only the domain-name SCO uses it, and the export emits no SCOs.
  ajv.addFormat('idn-hostname', true);
  for (const folder of ['common', 'sdos', 'sros', 'observables'])
    for (const file of readdirSync(fileURLToPath(new URL(`${folder}/`, schemaDir))))
      if (file.endsWith('.json'))
        ajv.addSchema(JSON.parse(readFileSync(new URL(`${folder}/${file}`, schemaDir), 'utf8')));
  return (type: string) => {
    const path = SCHEMA_OF_TYPE[type];
    const validate = path ? ajv.getSchema(BASE + path) : undefined;
    if (!validate) throw new Error(`no schema for ${type}`);
    return validate;
  };
}

function expectConformant(validator: ReturnType<typeof loadValidators>, bundle: StixBundle) {
  const validateBundle = validator('bundle');
  expect(validateBundle(bundle), JSON.stringify(validateBundle.errors, null, 1)).toBe(true);
  for (const object of bundle.objects) {
    const validate = validator(object.type);
    expect(validate(object), `${object.id}: ${JSON.stringify(validate.errors, null, 1)}`).toBe(true);
    for (const key of Object.keys(object).filter((k) => k.startsWith('x_')))
      expect(key).toMatch(/^x_koban_[a-z0-9_]{3,237}$/);
    if (object.type === 'indicator') expect(object.pattern).toMatch(PATTERN);
  }
  const ids = bundle.objects.map((o) => o.id);
  expect(new Set(ids).size).toBe(ids.length);
}

describe.skipIf(!available)('STIX 2.1 conformance of campaign exports (OASIS JSON schemas)', () => {
  let validator: ReturnType<typeof loadValidators>;
  beforeAll(() => {
    validator = loadValidators();
  });

  it('validates a bundle with every indicator type, every TLP and attributions', () => {
    const reports = TLP_LEVELS.map((tlp, i) => ({
      id: `0190a000-0000-7000-8000-00000000000${i}`,
      kind: ['smishing', 'phishing_site', 'fraud_case', 'abuse', 'other'][i] ?? 'other',
      tlp,
      reporterOrgId: `org-${i}`,
      observedAt: i % 2 === 0 ? null : '2026-11-01T09:00:00+09:00',
      createdAt: `2026-11-0${i + 1}T00:00:00.000Z`,
    }));
    const values: [string, string][] = [
      ['url', "https://login.sagawa-xq.top/a?q='x'\\y"],
      ['domain', 'xn--r8jz45g.jp'],
      ['ipv4', '203.0.113.7'],
      ['ipv6', '2001:db8::2:1'],
      ['cidr', '198.51.100.0/24'],
      ['phone', '+819011112222'],
      ['email', 'support@example.co.jp'],
      ['btc', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
      ['eth', '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'],
      ['bank_account', '0009-123-1234567'],
      ['device_fingerprint', '3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
      ['sms_sender', 'ＳＭＢＣ認証'],
      ['md5', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
      ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ];
    const sightings: ExportSighting[] = values.map(([type, value], i) => ({
      reportId: reports[i % reports.length]!.id,
      type,
      value,
      role: 'reported',
      observedAt: '2026-11-01T00:00:00Z',
    }));
    const attribution = (id: string, target: AttributionView['target']): AttributionView => ({
      id,
      target,
      actor: {
        id: 'intrusion-set--0c7b5b88-8f1b-4bd2-9d1a-5f5a2b1b7d01',
        type: 'intrusion-set',
        name: 'Roaming Mantis',
      },
      confidence: 55,
      layer: 'tactical',
      evidence: [{ kind: 'report', ref: reports[0]!.id }],
      decision: 'proposed',
      attributedBy: { orgId: 'org-0' },
      tlp: 'AMBER+STRICT',
      createdAt: '2026-11-05T00:00:00.000Z',
      updatedAt: '2026-11-05T00:00:00.000Z',
    });
    const bundle = campaignToStixBundle({
      campaignId: '0190a000-0000-7000-8000-0000000000c1',
      viewOfReportId: reports[0]!.id,
      truncated: true,
      reports,
      links: reports.slice(1).map((r, i) => ({
        from: reports[i]!.id,
        to: r.id,
        key: 'phone:+819011112222',
        fromRole: 'mentioned',
        toRole: 'contact_phone',
      })),
      sightings,
      attributions: [
        attribution('a1', { type: 'campaign', id: '0190a000-0000-7000-8000-0000000000c1' }),
        attribution('a2', { type: 'report', id: reports[1]!.id }),
      ],
      knowledgeObjects: [
        sdo('intrusion-set', {
          id: 'intrusion-set--0c7b5b88-8f1b-4bd2-9d1a-5f5a2b1b7d01',
          name: 'Roaming Mantis',
        }) as never,
      ],
    });
    expect(bundle.objects.filter((o) => o.type === 'marking-definition')).toHaveLength(5);
    expect(bundle.objects.filter((o) => o.type === 'indicator')).toHaveLength(values.length);
    expectConformant(validator, bundle);
  });

  it('rejects what STIX forbids (so the checks above cannot pass vacuously)', () => {
    const campaign = {
      type: 'campaign',
      spec_version: '2.1',
      id: 'campaign--2ed6657d-e927-568b-95e1-2665a8aea6a2',
      created: '2026-11-01T00:00:00.000Z',
      modified: '2026-11-01T00:00:00.000Z',
      name: 'Koban campaign',
    };
    const validate = validator('campaign');
    expect(validate(campaign)).toBe(true);
    // Koban's own ids are UUIDv7: never valid STIX ids, hence the UUIDv5 mapping.
    expect(validate({ ...campaign, id: 'campaign--0190a000-0000-7000-8000-000000000001' })).toBe(false);
    expect(validate({ ...campaign, created: '2026-11-01T00:00:00Z' })).toBe(false);
    expect(validate({ ...campaign, x_koban_links: [] })).toBe(false);
    expect(validate({ ...campaign, name: undefined })).toBe(false);
  });

  describe('an export served over HTTP', () => {
    let t: TestKoban;
    beforeAll(async () => {
      t = await startTestKoban();
    });
    afterAll(() => t.close());

    it('conforms after serialization, attribution and knowledge objects included', async () => {
      const carrier = await createOrgWithKey(t, 'Carrier', 'carrier');
      const bank = await createOrgWithKey(t, 'Bank', 'bank');
      const actor = sdo('intrusion-set', { name: 'Roaming Mantis' });
      await t.app.inject({
        method: 'POST',
        url: '/v1/import/stix',
        headers: bearer(t.adminKey),
        payload: knowledgeBundle(actor),
      });
      const ids: string[] = [];
      for (const [org, payload] of [
        [
          carrier,
          {
            kind: 'smishing',
            tlp: 'CLEAR',
            details: { sender: 'ＳＭＢＣ', body: "【重要】https://sagawa-cc.top/a?x='1' 090-3333-4444" },
          },
        ],
        [
          bank,
          {
            kind: 'fraud_case',
            tlp: 'AMBER',
            details: { fraudType: 'other', phone: '090-3333-4444', bankAccounts: ['0009-123-7654321'] },
          },
        ],
      ] as const) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/reports',
          headers: bearer(org.key),
          payload: { description: '', ...payload },
        });
        expect(res.statusCode, res.body).toBe(201);
        ids.push(res.json().id);
      }
      await t.koban.correlation.drain();
      const view = await t.app.inject({
        method: 'GET',
        url: `/v1/reports/${ids[0]}/campaign`,
        headers: bearer(t.adminKey),
      });
      const attributed = await t.app.inject({
        method: 'POST',
        url: '/v1/attributions',
        headers: bearer(t.adminKey),
        payload: {
          targetType: 'campaign',
          targetId: view.json().campaignId,
          actorId: actor.id,
          confidence: 40,
          layer: 'tactical',
          evidence: [],
          tlp: 'GREEN',
        },
      });
      expect(attributed.statusCode, attributed.body).toBe(201);
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/reports/${ids[0]}/campaign/stix`,
        headers: bearer(bank.key),
      });
      expect(res.statusCode, res.body).toBe(200);
      const bundle = res.json() as StixBundle;
      expect(bundle.objects.map((o) => o.type)).toEqual(
        expect.arrayContaining(['intrusion-set', 'relationship', 'report']),
      );
      expectConformant(validator, bundle);
    });
  });
});
