import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithKey, startTestKoban, type TestKoban } from '../../../test/helpers/koban.js';
import { type ImportOptions, ImportUsageError, runImport } from './run.js';

let t: TestKoban;
let dir: string;
let bank: { orgId: string; key: string };

beforeAll(async () => {
  t = await startTestKoban();
  dir = await mkdtemp(join(tmpdir(), 'koban-import-'));
  bank = await createOrgWithKey(t, 'Example Bank');
});

afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function reportsOf(orgId: string) {
  return t.koban.database.db
    .selectFrom('reports')
    .select(['kind', 'external_id', 'details', 'title'])
    .where('org_id', '=', orgId)
    .orderBy('external_id')
    .execute();
}

/** Keeps invalid-row samples out of the test output. */
const silent = { write: () => true };

function capture() {
  const lines: string[] = [];
  return { lines, stream: { write: (s: string) => lines.push(...s.split('\n').filter(Boolean)) } };
}

const smishing = (n: number) => ({
  kind: 'smishing',
  tlp: 'AMBER',
  description: `Fake parcel notice ${n}`,
  details: { sender: 'SAGAWA', body: `Your parcel ${n} is held: https://parcel-${n}.example/track` },
});
const phishing = {
  kind: 'phishing_site',
  tlp: 'GREEN',
  description: 'Bank login clone',
  details: { url: 'https://login-bank.example/signin', targetBrand: 'Example Bank' },
};
const fraud = {
  kind: 'fraud_case',
  tlp: 'AMBER',
  externalId: 'case-2026-0001',
  description: 'Unauthorized transfer after account takeover',
  details: { fraudType: 'unauthorized_transfer', amount: 50000, currency: 'JPY', email: 'mule@example.com' },
};

describe('runImport (JSONL, local)', () => {
  let file: string;
  const opts = (extra: Partial<ImportOptions> = {}): ImportOptions => ({
    file,
    apiKey: bank.key,
    stderr: silent,
    ...extra,
  });

  beforeAll(async () => {
    file = join(dir, 'reports.jsonl');
    const lines = [
      JSON.stringify(smishing(1)),
      JSON.stringify(phishing),
      '',
      '{"kind": "smishing", "tlp":',
      JSON.stringify(fraud),
      JSON.stringify({ ...smishing(2), details: { body: 'no sender' } }),
      '[1, 2, 3]',
      JSON.stringify(smishing(3)),
    ];
    await writeFile(file, `${lines.join('\r\n')}\n`);
  });

  it('stores the valid rows and reports the others with their line numbers', async () => {
    const errorsFile = join(dir, 'errors.jsonl');
    const summary = await runImport(opts({ errorsFile }), t.koban);
    expect(summary).toMatchObject({ file, items: 7, created: 4, duplicate: 0, invalid: 3 });
    expect(summary.itemsPerSecond).toBeGreaterThan(0);

    const errors = (await readFile(errorsFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(errors.map((e) => e.line)).toEqual([4, 6, 7]);
    expect(errors[0].errors).toEqual([{ field: '/', reason: 'line 4: not valid JSON' }]);
    expect(errors[1].errors.map((e: { field: string }) => e.field)).toContain('/details/sender');
    expect(errors[2].errors).toEqual([{ field: '/', reason: 'line 7: not a JSON object' }]);

    const stored = await reportsOf(bank.orgId);
    expect(stored.map((r) => r.kind).sort()).toEqual(['fraud_case', 'phishing_site', 'smishing', 'smishing']);
    expect(stored.find((r) => r.kind === 'fraud_case')?.external_id).toBe('case-2026-0001');
    const derived = stored.filter((r) => r.kind !== 'fraud_case').map((r) => r.external_id);
    expect(derived.every((id) => /^import:[0-9a-f]{32}$/.test(id ?? ''))).toBe(true);
    expect(JSON.parse(stored.find((r) => r.kind === 'fraud_case')?.details ?? '{}')).toMatchObject({
      amount: 50000,
    });
  });

  it('re-importing the same file creates nothing new', async () => {
    const summary = await runImport(opts({ chunkSize: 2 }), t.koban);
    expect(summary).toMatchObject({ items: 7, created: 0, duplicate: 4, invalid: 3 });
    expect(await reportsOf(bank.orgId)).toHaveLength(4);
  });

  it('prints one progress line per committed chunk and, without --errors, the invalid rows', async () => {
    const err = capture();
    await runImport(opts({ chunkSize: 3, progress: 'json', stderr: err.stream }), t.koban);
    const progress = err.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(progress).toEqual([
      { committed: 3, created: 0, duplicate: 2, invalid: 1 },
      { committed: 6, created: 0, duplicate: 3, invalid: 3 },
      { committed: 7, created: 0, duplicate: 4, invalid: 3 },
    ]);
    expect(err.lines.filter((l) => l.startsWith('line '))).toEqual([
      'line 4: not valid JSON',
      expect.stringMatching(/^line 6: \/details\/sender: /),
      'line 7: not a JSON object',
    ]);
  });

  it('stops after the chunk in flight when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const summary = await runImport(opts({ chunkSize: 2, signal: controller.signal }), t.koban);
    expect(summary).toMatchObject({ items: 2, interrupted: true });
  });

  it('fails with a usage error for a bad extension, missing key, unreadable file, bad key or missing scope', async () => {
    await expect(
      runImport({ stderr: silent, file: join(dir, 'x.xlsx'), apiKey: bank.key }, t.koban),
    ).rejects.toThrow(/\.csv, \.jsonl or \.ndjson/);
    await expect(runImport({ stderr: silent, file, apiKey: undefined }, t.koban)).rejects.toThrow(
      /KOBAN_API_KEY/,
    );
    await expect(
      runImport({ stderr: silent, file: join(dir, 'missing.jsonl'), apiKey: bank.key }, t.koban),
    ).rejects.toThrow(ImportUsageError);
    await expect(runImport({ stderr: silent, file, apiKey: 'kbn_nope' }, t.koban)).rejects.toThrow(
      /API key was rejected/,
    );
    const reader = await createOrgWithKey(t, 'Read-only Partner', 'bank', { scopes: ['reports:read'] });
    await expect(runImport({ stderr: silent, file, apiKey: reader.key }, t.koban)).rejects.toThrow(
      /reports:write/,
    );
    await expect(
      runImport({ stderr: silent, file, apiKey: bank.key, chunkSize: 0 }, t.koban),
    ).rejects.toThrow(/--chunk-size/);
  });
});

describe('runImport (CSV, local)', () => {
  it('maps details.* columns, lists and multi-line quoted cells; line numbers follow the file', async () => {
    const org = await createOrgWithKey(t, 'Volunteer Group', 'volunteer');
    const file = join(dir, 'volunteers.csv');
    const csv = [
      'kind,tlp,title,description,details.sender,details.body,details.url,details.redirectUrls,details.fraudType,details.amount,indicators',
      'smishing,AMBER,Parcel,"Fake parcel SMS, reported by a user","SAGAWA","Your parcel is held:',
      'https://parcel-csv.example/track',
      'Reply STOP to stop",,,,,',
      'phishing_site,GREEN,,Login clone,,,https://login-csv.example/,https://a-csv.example/;https://b-csv.example/,,,domain:kit-csv-example.com',
      'fraud_case,AMBER,,Transfer fraud,,,,,unauthorized_transfer,120000,',
      'fraud_case,AMBER,,Bad amount,,,,,unauthorized_transfer,lots,',
      'smishing,AMBER,,No sender,,"body only",,,,,',
      '',
    ].join('\r\n');
    await writeFile(file, `\uFEFF${csv}`);
    const errorsFile = join(dir, 'csv-errors.jsonl');
    const summary = await runImport({ stderr: silent, file, apiKey: org.key, errorsFile }, t.koban);
    expect(summary).toMatchObject({ items: 5, created: 3, invalid: 2 });

    const errors = (await readFile(errorsFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(errors.map((e) => [e.line, e.errors[0].field])).toEqual([
      [7, '/details/amount'],
      [8, '/details/sender'],
    ]);

    const stored = await reportsOf(org.orgId);
    const byKind = Object.fromEntries(stored.map((r) => [r.kind, JSON.parse(r.details)]));
    expect(byKind.smishing).toEqual({
      sender: 'SAGAWA',
      body: 'Your parcel is held:\r\nhttps://parcel-csv.example/track\r\nReply STOP to stop',
    });
    expect(byKind.phishing_site.redirectUrls).toEqual(['https://a-csv.example/', 'https://b-csv.example/']);
    expect(byKind.fraud_case).toEqual({ fraudType: 'unauthorized_transfer', amount: 120000 });

    const again = await runImport({ stderr: silent, file, apiKey: org.key }, t.koban);
    expect(again).toMatchObject({ created: 0, duplicate: 3, invalid: 2 });
  });

  it('rejects a CSV without a usable header as a usage error', async () => {
    const file = join(dir, 'noheader.csv');
    await writeFile(file, 'smishing,AMBER,desc\n');
    await expect(runImport({ stderr: silent, file, apiKey: bank.key }, t.koban)).rejects.toThrow(
      /no "kind" column/,
    );
  });
});

describe('runImport (remote)', () => {
  it('posts chunks to /v1/reports:batch and is idempotent on re-run', async () => {
    const org = await createOrgWithKey(t, 'Remote Bank');
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const file = join(dir, 'remote.ndjson');
    await writeFile(
      file,
      `${[1, 2, 3, 4, 5].map((n) => JSON.stringify(smishing(100 + n))).join('\n')}\n{oops\n`,
    );
    const first = await runImport({ stderr: silent, file, apiKey: org.key, server: address, chunkSize: 2 });
    expect(first).toMatchObject({ items: 6, created: 5, duplicate: 0, invalid: 1 });
    const second = await runImport({ stderr: silent, file, apiKey: org.key, server: address, chunkSize: 4 });
    expect(second).toMatchObject({ items: 6, created: 0, duplicate: 5, invalid: 1 });
    expect(await reportsOf(org.orgId)).toHaveLength(5);
    await expect(runImport({ stderr: silent, file, apiKey: 'kbn_bad', server: address })).rejects.toThrow(
      /server rejected the API key/,
    );
  });
});
