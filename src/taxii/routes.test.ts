import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { OWN_COLLECTION_ID, VISIBLE_COLLECTION_ID } from './collections.js';
import { TAXII_MEDIA_TYPE } from './protocol.js';

const ACCEPT = { accept: TAXII_MEDIA_TYPE };
type Obj = { id: string; type: string; description?: string };
const API = '/taxii2/api';

describe('TAXII 2.1 over HTTP', () => {
  let t: TestKoban;
  let alice: { orgId: string; key: string };
  let bob: { orgId: string; key: string };
  const headers = (key: string) => ({ ...bearer(key), ...ACCEPT });
  const get = (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: headers(key) });

  beforeAll(async () => {
    t = await startTestKoban();
    alice = await createOrgWithKey(t, 'Alice Bank');
    bob = await createOrgWithKey(t, 'Bob Carrier', 'carrier');
    const submit = async (key: string, payload: object) => {
      const r = await t.app.inject({ method: 'POST', url: '/v1/reports', headers: bearer(key), payload });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    await submit(alice.key, {
      kind: 'phishing_site',
      tlp: 'GREEN',
      description: 'fake bank login',
      details: { url: 'https://smbc-login.example-bad.top/auth' },
    });
    await submit(alice.key, {
      kind: 'smishing',
      tlp: 'RED',
      description: 'red smishing',
      details: { sender: '090-1234-5678', body: '不在通知 https://sagawa-red.example.top/x' },
    });
  });
  afterAll(() => t.close());

  it('serves discovery, the API root and the collections with TAXII media types', async () => {
    const discovery = await get(alice.key, '/taxii2/');
    expect(discovery.statusCode).toBe(200);
    expect(discovery.headers['content-type']).toBe(TAXII_MEDIA_TYPE);
    expect(discovery.json().api_roots).toEqual([expect.stringMatching(/\/taxii2\/api\/$/)]);
    const root = await get(alice.key, `${API}/`);
    expect(root.json().versions).toEqual([TAXII_MEDIA_TYPE]);
    const collections = (await get(alice.key, `${API}/collections/`)).json().collections;
    expect(collections.map((c: { alias: string }) => c.alias)).toEqual(['visible', 'own']);
    expect(collections[0]).toMatchObject({ id: VISIBLE_COLLECTION_ID, can_read: true, can_write: false });
    const one = await get(alice.key, `${API}/collections/${OWN_COLLECTION_ID}/`);
    expect(one.json()).toMatchObject({ id: OWN_COLLECTION_ID, can_write: true });
  });

  it('accepts Basic with the API key as password, and answers 401 with WWW-Authenticate otherwise', async () => {
    const basic = Buffer.from(`anything:${alice.key}`).toString('base64');
    const ok = await t.app.inject({
      method: 'GET',
      url: '/taxii2/',
      headers: { ...ACCEPT, authorization: `Basic ${basic}` },
    });
    expect(ok.statusCode).toBe(200);
    const missing = await t.app.inject({ method: 'GET', url: '/taxii2/', headers: ACCEPT });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toContain('Basic');
    expect(missing.headers['content-type']).toBe(TAXII_MEDIA_TYPE);
    expect(missing.json()).toMatchObject({
      title: expect.any(String),
      description: expect.any(String),
      http_status: '401',
    });
  });

  it('negotiates content: 406 for other Accept types, 415 for other bodies', async () => {
    const json = await t.app.inject({
      method: 'GET',
      url: '/taxii2/',
      headers: { ...bearer(alice.key), accept: 'application/json' },
    });
    expect(json.statusCode).toBe(406);
    expect(json.json().http_status).toBe('406');
    const old = await t.app.inject({
      method: 'GET',
      url: '/taxii2/',
      headers: { ...bearer(alice.key), accept: 'application/taxii+json;version=2.0' },
    });
    expect(old.statusCode).toBe(406);
    const wildcard = await t.app.inject({
      method: 'GET',
      url: '/taxii2/',
      headers: { ...bearer(alice.key), accept: '*/*' },
    });
    expect(wildcard.statusCode).toBe(200);
    const post = await t.app.inject({
      method: 'POST',
      url: `${API}/collections/${OWN_COLLECTION_ID}/objects/`,
      headers: { ...headers(alice.key), 'content-type': 'application/json' },
      payload: JSON.stringify({ objects: [] }),
    });
    expect(post.statusCode).toBe(415);
    expect(post.json().http_status).toBe('415');
  });

  it('serves objects, manifest, object by id and versions; hidden reports never appear', async () => {
    const aliceObjects = (await get(alice.key, `${API}/collections/${VISIBLE_COLLECTION_ID}/objects/`)).json()
      .objects;
    const bobPage = await get(bob.key, `${API}/collections/${VISIBLE_COLLECTION_ID}/objects/`);
    expect(bobPage.headers['x-taxii-date-added-first']).toBeDefined();
    const bobObjects = bobPage.json().objects as Obj[];
    const reportsOf = (list: Obj[]) => list.filter((o) => o.type === 'report');
    expect(reportsOf(aliceObjects)).toHaveLength(2);
    expect(reportsOf(bobObjects)).toHaveLength(1);
    expect(JSON.stringify(bobObjects)).not.toContain('sagawa-red');
    expect(bobObjects.filter((o) => o.type === 'marking-definition')).toHaveLength(5);
    const hidden = reportsOf(aliceObjects).find((o) => o.description === 'red smishing')!;
    const byId = await get(bob.key, `${API}/collections/${VISIBLE_COLLECTION_ID}/objects/${hidden.id}/`);
    expect(byId.statusCode).toBe(404);
    expect(byId.body).not.toContain('sagawa');
    const visible = reportsOf(bobObjects)[0]!;
    const found = await get(bob.key, `${API}/collections/${VISIBLE_COLLECTION_ID}/objects/${visible.id}/`);
    expect(found.json().objects).toHaveLength(1);
    const versions = await get(
      bob.key,
      `${API}/collections/${VISIBLE_COLLECTION_ID}/objects/${visible.id}/versions/`,
    );
    expect(versions.json().versions).toHaveLength(1);
    const manifest = (await get(bob.key, `${API}/collections/${VISIBLE_COLLECTION_ID}/manifest/`)).json()
      .objects;
    expect(manifest.map((m: { id: string }) => m.id)).toEqual(bobObjects.map((o) => o.id));
    expect(manifest[0]).toMatchObject({ media_type: 'application/stix+json;version=2.1' });
    const onlyIndicators = (
      await get(bob.key, `${API}/collections/${VISIBLE_COLLECTION_ID}/objects/?match[type]=indicator`)
    ).json().objects as { type: string }[];
    expect(onlyIndicators.length).toBeGreaterThan(0);
    expect(onlyIndicators.every((o) => o.type === 'indicator')).toBe(true);
    const none = await get(
      bob.key,
      `${API}/collections/${VISIBLE_COLLECTION_ID}/objects/?match[spec_version]=2.0`,
    );
    expect(none.json()).toEqual({ more: false });
  });

  it('rejects unknown collections with 404 and tampered cursors with 400', async () => {
    const missing = await get(alice.key, `${API}/collections/00000000-0000-4000-8000-000000000000/objects/`);
    expect(missing.statusCode).toBe(404);
    const first = (
      await get(alice.key, `${API}/collections/${VISIBLE_COLLECTION_ID}/objects/?limit=2`)
    ).json();
    expect(first.more).toBe(true);
    const tampered = `${first.next.slice(0, -2)}AA`;
    const bad = await get(
      alice.key,
      `${API}/collections/${VISIBLE_COLLECTION_ID}/objects/?limit=2&next=${tampered}`,
    );
    expect(bad.statusCode).toBe(400);
    const otherFilter = await get(
      alice.key,
      `${API}/collections/${VISIBLE_COLLECTION_ID}/objects/?match[type]=report&next=${first.next}`,
    );
    expect(otherFilter.statusCode).toBe(400);
  });

  it('POSTs objects as reports through the intake, with a status per object', async () => {
    const envelope = {
      objects: [
        {
          type: 'indicator',
          spec_version: '2.1',
          id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
          created: '2026-01-01T00:00:00.000Z',
          modified: '2026-01-01T00:00:00.000Z',
          name: 'phishing domain',
          pattern: "[domain-name:value = 'mizuho-verify.example.top']",
          pattern_type: 'stix',
          valid_from: '2026-01-01T00:00:00Z',
          object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
        },
        {
          type: 'url',
          spec_version: '2.1',
          id: 'url--4ae2f6f9-1c4b-5b4b-8a5f-4b1e3c2d1e0f',
          value: 'https://au-pay.example.xyz/login',
        },
        {
          type: 'identity',
          spec_version: '2.1',
          id: 'identity--0c0c2c1a-1c4b-4b4b-8a5f-4b1e3c2d1e0f',
          name: 'x',
        },
        {
          type: 'indicator',
          id: 'indicator--1e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
          pattern: "[ipv4-addr:value = 'not-an-ip']",
          pattern_type: 'stix',
        },
      ],
    };
    const post = await t.app.inject({
      method: 'POST',
      url: `${API}/collections/${OWN_COLLECTION_ID}/objects/`,
      headers: { ...headers(bob.key), 'content-type': TAXII_MEDIA_TYPE },
      payload: JSON.stringify(envelope),
    });
    expect(post.statusCode, post.body).toBe(202);
    const status = post.json();
    expect(status).toMatchObject({
      status: 'complete',
      total_count: 4,
      success_count: 2,
      failure_count: 2,
      pending_count: 0,
    });
    expect(status.failures.map((f: { id: string }) => f.id)).toEqual([
      envelope.objects[2]!.id,
      envelope.objects[3]!.id,
    ]);
    const again = await get(bob.key, `${API}/status/${status.id}/`);
    expect(again.json()).toEqual(status);
    expect((await get(alice.key, `${API}/status/${status.id}/`)).statusCode).toBe(404);
    const own = (
      await get(bob.key, `${API}/collections/${OWN_COLLECTION_ID}/objects/?match[type]=indicator`)
    ).json();
    expect(own.objects.map((o: { pattern: string }) => o.pattern).sort()).toEqual([
      "[domain-name:value = 'mizuho-verify.example.top']",
      "[url:value = 'https://au-pay.example.xyz/login']",
    ]);
    const visibleToAlice = await get(
      alice.key,
      `${API}/collections/${VISIBLE_COLLECTION_ID}/objects/?match[type]=indicator`,
    );
    expect(visibleToAlice.body).toContain('mizuho-verify.example.top');
    const readOnly = await t.app.inject({
      method: 'POST',
      url: `${API}/collections/${VISIBLE_COLLECTION_ID}/objects/`,
      headers: { ...headers(bob.key), 'content-type': TAXII_MEDIA_TYPE },
      payload: JSON.stringify(envelope),
    });
    expect(readOnly.statusCode).toBe(403);
  });
});
