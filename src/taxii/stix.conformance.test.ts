import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { VISIBLE_COLLECTION_ID } from './collections.js';
import { TAXII_MEDIA_TYPE } from './protocol.js';

/** The OASIS STIX 2.1 JSON schemas next to the repository (../shared); skipped without them. */
const schemaDir = new URL('../../../shared/data/stix/schemas/', import.meta.url);
const available = existsSync(fileURLToPath(schemaDir));
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';
const SCHEMA_OF_TYPE: Record<string, string> = {
  'marking-definition': 'common/marking-definition.json',
  report: 'sdos/report.json',
  indicator: 'sdos/indicator.json',
  url: 'observables/url.json',
  'domain-name': 'observables/domain-name.json',
  'ipv4-addr': 'observables/ipv4-addr.json',
  'email-addr': 'observables/email-addr.json',
  file: 'observables/file.json',
};
const CUSTOM_CORE = 'common/cyber-observable-core.json';

function loadValidator() {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  ajv.addFormat('idn-hostname', true);
  for (const folder of ['common', 'sdos', 'sros', 'observables'])
    for (const file of readdirSync(fileURLToPath(new URL(`${folder}/`, schemaDir))))
      if (file.endsWith('.json'))
        ajv.addSchema(JSON.parse(readFileSync(new URL(`${folder}/${file}`, schemaDir), 'utf8')));
  return (type: string) => ajv.getSchema(BASE + (SCHEMA_OF_TYPE[type] ?? CUSTOM_CORE))!;
}

describe.skipIf(!available)('TAXII objects conform to the STIX 2.1 schemas', () => {
  let t: TestKoban;
  beforeAll(async () => {
    t = await startTestKoban();
    const org = await createOrgWithKey(t, 'carrier', 'carrier');
    const reports = [
      {
        kind: 'phishing_site',
        tlp: 'AMBER',
        description: 'フィッシング',
        details: {
          url: 'https://mufg-check.example.top/login',
          ip: '203.0.113.7',
          kitHash: 'a'.repeat(64),
          exfilEmail: 'drop@example.net',
        },
      },
      {
        kind: 'smishing',
        tlp: 'CLEAR',
        description: '',
        details: { sender: '090-1234-5678', body: '不在通知 https://s.example.xyz/a' },
      },
      {
        kind: 'fraud_case',
        tlp: 'GREEN',
        description: 'mule',
        details: {
          fraudType: 'account_takeover',
          bankAccounts: ['0001-001-1234567'],
          wallets: ['0x52908400098527886E0F7030069857D2E4169EE7'],
        },
      },
    ];
    for (const payload of reports) {
      const r = await t.app.inject({ method: 'POST', url: '/v1/reports', headers: bearer(org.key), payload });
      expect(r.statusCode, r.body).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('every object of a collection validates, and custom properties and types are x_koban / x-koban', async () => {
    const validatorOf = loadValidator();
    const { key } = await createOrgWithKey(t, 'reader');
    const r = await t.app.inject({
      method: 'GET',
      url: `/taxii2/api/collections/${VISIBLE_COLLECTION_ID}/objects/?match[version]=all`,
      headers: { ...bearer(key), accept: TAXII_MEDIA_TYPE },
    });
    const objects = r.json().objects as ({ type: string; id: string } & Record<string, unknown>)[];
    expect(new Set(objects.map((o) => o.type))).toEqual(
      new Set([
        'marking-definition',
        'report',
        'indicator',
        'url',
        'domain-name',
        'ipv4-addr',
        'email-addr',
        'file',
        'x-koban-phone',
        'x-koban-bank-account',
        'x-koban-cryptocurrency-wallet',
        'x-koban-sms-sender',
      ]),
    );
    for (const o of objects) {
      const validate = validatorOf(o.type);
      expect(validate(o), `${o.id}: ${JSON.stringify(validate.errors, null, 1)}`).toBe(true);
      for (const k of Object.keys(o).filter((k) => k.startsWith('x_')))
        expect(k).toMatch(/^x_koban_[a-z0-9_]+$/);
      if (!SCHEMA_OF_TYPE[o.type]) expect(o.type).toMatch(/^x-koban-[a-z0-9-]+$/);
    }
  });
});
