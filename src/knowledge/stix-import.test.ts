import { describe, expect, it } from 'vitest';
import { MAX_FIELD_BYTES, nameKey, normalizeTimestamp, parseBundle, parseStixObject } from './stix-import.js';
import { bundle, rel, sdo } from './test-fixtures.js';

const errorsOf = (value: unknown) => {
  const parsed = parseStixObject(value, 0);
  return parsed.kind === 'invalid' ? parsed.errors.map((e) => e.field) : [];
};

describe('STIX 2.1 parsing', () => {
  it('parses a crime-infrastructure service as an infrastructure object', () => {
    const parsed = parseStixObject(
      sdo('infrastructure', {
        name: 'SMS認証代行サービス',
        aliases: ['SMS verification proxy', 'ＳＭＳ認証代行'],
        infrastructure_types: ['sms-verification-proxy'],
      }),
      3,
    );
    expect(parsed).toMatchObject({
      kind: 'object',
      index: 3,
      type: 'infrastructure',
      subtypes: ['sms-verification-proxy'],
    });
    if (parsed.kind !== 'object') throw new Error('expected an object');
    expect(parsed.nameKeys).toEqual(['sms認証代行サービス', 'sms verification proxy', 'sms認証代行']);
  });

  it('keeps x-mitre-* and unknown types with a valid id as generic objects', () => {
    expect(parseStixObject(sdo('x-mitre-tactic', { name: 'Initial Access' }), 0).kind).toBe('object');
    const generic = parseStixObject(
      { type: 'x-koban-note', spec_version: '2.1', id: 'x-koban-note--00000000-0000-4000-8000-00000000ffff' },
      0,
    );
    expect(generic).toMatchObject({ kind: 'object', name: null, created: null });
  });

  it('rejects hostile entries one by one, naming the field', () => {
    expect(errorsOf('not an object')).toEqual(['/']);
    expect(errorsOf(null)).toEqual(['/']);
    expect(errorsOf([1, 2])).toEqual(['/']);
    expect(errorsOf({ ...sdo('malware'), id: undefined })).toEqual(['/id']);
    expect(errorsOf({ ...sdo('malware'), id: 'malware--not-a-uuid' })).toEqual(['/id']);
    expect(errorsOf({ ...sdo('malware'), id: 'tool--00000000-0000-4000-8000-000000000001' })).toEqual([
      '/id',
    ]);
    expect(errorsOf({ ...sdo('malware'), type: 'Bad Type!' })).toContain('/type');
    expect(errorsOf({ ...sdo('malware'), spec_version: '2.0' })).toEqual(['/spec_version']);
    expect(errorsOf({ ...sdo('malware'), spec_version: undefined })).toEqual(['/spec_version']);
    expect(errorsOf({ ...sdo('malware'), modified: 'yesterday' })).toEqual(['/modified']);
    expect(errorsOf({ ...sdo('intrusion-set'), name: undefined })).toEqual(['/name']);
    expect(errorsOf({ ...sdo('intrusion-set'), aliases: 'APT1' })).toEqual(['/aliases']);
    expect(errorsOf({ ...sdo('malware'), description: 'a\u0000b' })).toEqual(['/description']);
    expect(errorsOf(rel('malware--x', 'tool--00000000-0000-4000-8000-000000000001'))).toEqual([
      '/source_ref',
    ]);
    expect(
      errorsOf({ type: 'bundle', spec_version: '2.1', id: 'bundle--00000000-0000-4000-8000-000000000001' }),
    ).toEqual(['/type']);
  });

  it('makes an object with any string over 1 MB invalid, wherever the string is', () => {
    const huge = 'あ'.repeat(Math.ceil(MAX_FIELD_BYTES / 3) + 1);
    expect(errorsOf(sdo('malware', { description: huge }))).toEqual(['/description']);
    expect(
      errorsOf(sdo('malware', { external_references: [{ source_name: 'x', description: huge }] })),
    ).toEqual(['/external_references/0/description']);
    expect(errorsOf(sdo('malware', { description: 'a'.repeat(MAX_FIELD_BYTES - 10) }))).toEqual([]);
  });

  it('rejects absurd nesting instead of overflowing the stack', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(errorsOf(sdo('malware', { x_deep: deep }))[0]).toMatch(/^\/x_deep/);
  });

  it('normalizes names (NFKC, case, spaces) and timestamps (fixed precision)', () => {
    expect(nameKey('  ＡＰＴ　２８ ')).toBe('apt 28');
    expect(normalizeTimestamp('2024-01-01T00:00:00Z')).toBe('2024-01-01T00:00:00.000000000Z');
    expect(normalizeTimestamp('2024-01-01T00:00:00.5Z')).toBe('2024-01-01T00:00:00.500000000Z');
    expect(normalizeTimestamp('2024-13-01T00:00:00Z')).toBeNull();
    expect(normalizeTimestamp('2024-01-01T00:00:00+09:00')).toBeNull();
  });

  it('accepts only bundles; an absent objects list is an empty bundle', () => {
    expect(() => parseBundle([])).toThrow(/bundle/);
    expect(() => parseBundle({ type: 'report' })).toThrow(/bundle/);
    expect(() => parseBundle({ type: 'bundle', objects: {} })).toThrow(/array/);
    expect(parseBundle({ type: 'bundle' })).toEqual([]);
    expect(parseBundle(bundle(sdo('tool'), 42)).map((p) => p.kind)).toEqual(['object', 'invalid']);
  });
});
