import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  csvRowToItem,
  detailsFieldShape,
  headerProblem,
  jsonLineToItem,
  parseIndicators,
  type SourceItem,
  withDerivedExternalId,
} from './rows.js';
import { formatOf, jsonlItems } from './source.js';

const row = (header: string[], fields: string[], line = 2) => csvRowToItem(header, fields, line);

describe('csvRowToItem', () => {
  it('maps envelope columns, lists and details.* columns; empty cells are omitted', () => {
    const header = [
      'kind',
      'tlp',
      'pap',
      'title',
      'description',
      'sharingGroups',
      'recipients',
      'details.sender',
      'details.body',
      'details.carrier',
    ];
    const result = row(header, [
      'smishing',
      'AMBER',
      '',
      'Parcel',
      'Fake parcel SMS',
      'g1; g2;',
      '',
      '+819012345678',
      'Visit https://x.example',
      '',
    ]);
    expect(result).toEqual({
      line: 2,
      item: {
        kind: 'smishing',
        tlp: 'AMBER',
        title: 'Parcel',
        description: 'Fake parcel SMS',
        sharingGroups: ['g1', 'g2'],
        details: { sender: '+819012345678', body: 'Visit https://x.example' },
      },
    });
  });

  it('splits array fields of the kind on ";" and converts numeric fields when they look numeric', () => {
    const header = [
      'kind',
      'details.fraudType',
      'details.amount',
      'details.wallets',
      'details.bankAccounts',
      'details.phone',
    ];
    const result = row(header, ['fraud_case', 'other', ' 120000 ', 'w1;w2', '0001-001-1234567', '090;091']);
    expect(result).toMatchObject({
      item: {
        details: {
          fraudType: 'other',
          amount: 120000,
          wallets: ['w1', 'w2'],
          bankAccounts: ['0001-001-1234567'],
          phone: '090;091',
        },
      },
    });
    const notNumeric = row(
      ['kind', 'details.destinationPort', 'details.count'],
      ['scan_observation', 'ssh', '1e3'],
    );
    expect(notNumeric).toMatchObject({ item: { details: { destinationPort: 'ssh', count: 1000 } } });
  });

  it('merges a details JSON column with details.* columns (columns win)', () => {
    const result = row(
      ['kind', 'details', 'details.body'],
      ['smishing', '{"sender":"SHOP","body":"old"}', 'new'],
    );
    expect(result).toMatchObject({ item: { details: { sender: 'SHOP', body: 'new' } } });
    expect(row(['kind', 'details'], ['smishing', '[1]'])).toEqual({
      line: 2,
      errors: [{ field: '/details', reason: 'line 2: the details cell is not a JSON object' }],
    });
  });

  it('always provides details, and passes unknown columns through for validation to name', () => {
    expect(row(['kind', 'colour', '__proto__'], ['other', 'blue', 'x'])).toEqual({
      line: 2,
      item: { kind: 'other', colour: 'blue', ['__proto__']: 'x', details: {} },
    });
    const item = (row(['kind', '__proto__'], ['other', 'x']) as { item: object }).item;
    expect(Object.keys(item)).toContain('__proto__');
  });

  it('parses the indicators column as type:value pairs', () => {
    expect(row(['kind', 'indicators'], ['other', 'url:https://a.example/x; domain:b.example'])).toMatchObject(
      {
        item: {
          indicators: [
            { type: 'url', value: 'https://a.example/x' },
            { type: 'domain', value: 'b.example' },
          ],
        },
      },
    );
    expect(parseIndicators('nocolon', 7)).toEqual({
      errors: [{ field: '/indicators/0', reason: 'line 7: expected type:value, got "nocolon"' }],
    });
  });

  it('treats missing trailing cells as empty and rejects extra non-empty cells', () => {
    expect(row(['kind', 'tlp', 'description'], ['other'])).toEqual({
      line: 2,
      item: { kind: 'other', details: {} },
    });
    expect(row(['kind'], ['other', '', ''])).toEqual({ line: 2, item: { kind: 'other', details: {} } });
    expect(row(['kind'], ['other', 'surprise'], 9)).toEqual({
      line: 9,
      errors: [{ field: '/', reason: 'line 9: 2 cells but the header has 1 columns' }],
    });
  });

  it('checks the header', () => {
    expect(headerProblem(['kind', 'tlp'])).toBeNull();
    expect(headerProblem(['smishing', 'AMBER'])).toMatch(/no "kind" column/);
    expect(headerProblem(['kind', 'tlp', 'tlp'])).toMatch(/twice/);
  });

  it('knows the shape of details fields per kind', () => {
    expect(detailsFieldShape('ransomware_incident', 'fileHashes')).toBe('array');
    expect(detailsFieldShape('phishing_site', 'redirectUrls')).toBe('array');
    expect(detailsFieldShape('scan_observation', 'destinationPort')).toBe('number');
    expect(detailsFieldShape('smishing', 'body')).toBe('text');
    expect(detailsFieldShape('nonsense', 'wallets')).toBe('text');
    expect(detailsFieldShape('smishing', 'constructor')).toBe('text');
  });
});

describe('JSONL lines', () => {
  it('turns lines into items, blank lines into nothing and bad lines into line-numbered errors', () => {
    expect(jsonLineToItem('  ', 3)).toBeNull();
    expect(jsonLineToItem('{"kind":"other"}', 3)).toEqual({ line: 3, item: { kind: 'other' } });
    expect(jsonLineToItem('{"kind":', 4)).toEqual({
      line: 4,
      errors: [{ field: '/', reason: 'line 4: not valid JSON' }],
    });
    expect(jsonLineToItem('[1,2]', 5)).toEqual({
      line: 5,
      errors: [{ field: '/', reason: 'line 5: not a JSON object' }],
    });
    expect(jsonLineToItem('null', 6)).toMatchObject({ errors: [{ reason: 'line 6: not a JSON object' }] });
  });

  async function collect(chunks: string[], max = 1000): Promise<SourceItem[]> {
    async function* gen() {
      yield* chunks;
    }
    const out: SourceItem[] = [];
    for await (const item of jsonlItems(gen(), max)) out.push(item);
    return out;
  }

  it('splits chunks into numbered lines, handling BOM, CRLF, blank lines and no final newline', async () => {
    const items = await collect(['\uFEFF{"a":1}\r', '\n\n{"b"', ':2}\r\nnot json\n{"c":3}']);
    expect(items).toEqual([
      { line: 1, item: { a: 1 } },
      { line: 3, item: { b: 2 } },
      { line: 4, errors: [{ field: '/', reason: 'line 4: not valid JSON' }] },
      { line: 5, item: { c: 3 } },
    ]);
  });

  it('turns an over-long line into an invalid row without keeping it in memory', async () => {
    const items = await collect([`{"a":"${'x'.repeat(50)}`, `${'x'.repeat(50)}"}\n{"b":1}\n`], 40);
    expect(items).toEqual([
      { line: 1, errors: [{ field: '/', reason: 'line 1: longer than 40 characters' }] },
      { line: 2, item: { b: 1 } },
    ]);
  });

  it('recognizes file formats by extension', () => {
    expect(formatOf('x.CSV')).toBe('csv');
    expect(formatOf('a/b.jsonl')).toBe('jsonl');
    expect(formatOf('b.ndjson')).toBe('jsonl');
    expect(formatOf('b.json')).toBeNull();
    expect(formatOf('b')).toBeNull();
  });
});

describe('derived externalId', () => {
  it('is stable across key order and depends on content', () => {
    const a = withDerivedExternalId({ kind: 'other', details: { x: 1, y: [1, { b: 2, a: 1 }] } });
    const b = withDerivedExternalId({ details: { y: [1, { a: 1, b: 2 }], x: 1 }, kind: 'other' });
    const c = withDerivedExternalId({ kind: 'other', details: { x: 2 } });
    expect(a.externalId).toMatch(/^import:[0-9a-f]{32}$/);
    expect(a.externalId).toBe(b.externalId);
    expect(c.externalId).not.toBe(a.externalId);
  });

  it('keeps an externalId that is given, even an invalid one (validation reports it)', () => {
    expect(withDerivedExternalId({ externalId: 'bank-1' }).externalId).toBe('bank-1');
    expect(withDerivedExternalId({ externalId: 42 }).externalId).toBe(42);
  });

  it('canonical JSON sorts keys and skips undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: 'x' }, e: [undefined, null] })).toBe(
      '{"a":{"c":"x"},"b":1,"e":[null,null]}',
    );
  });
});
