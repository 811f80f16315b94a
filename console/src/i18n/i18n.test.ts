import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { formatDateTime, interpolate, jstDay, jstDayEnd, jstDayStart } from './format.js';
import { ja } from './ja.js';

describe('console catalogues', () => {
  it('have exactly the same keys in Japanese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
  });

  it('have no empty message and the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(ja) as (keyof typeof ja)[]) {
      expect(ja[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(ja[key]));
    }
  });
});

describe('console formatting', () => {
  it('renders instants in Japan time whatever the offset they were written with', () => {
    expect(formatDateTime('2026-11-20T15:30:00Z', 'ja')).toBe('2026/11/21 00:30 JST');
    expect(formatDateTime('2026-11-20T09:30:00+09:00', 'en')).toBe('20/11/2026, 09:30 JST');
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
    expect(formatDateTime(null, 'ja')).toBe('—');
  });

  it('groups by the JST calendar day and turns a chosen day into a half-open interval', () => {
    expect(jstDay('2026-11-20T15:00:00Z')).toBe('2026-11-21');
    expect(jstDay('2026-11-20T14:59:59Z')).toBe('2026-11-20');
    expect(jstDayStart('2026-12-31')).toBe('2026-12-31T00:00:00+09:00');
    expect(jstDayEnd('2026-12-31')).toBe('2027-01-01T00:00:00+09:00');
  });

  it('interpolates named placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{count} 件 {x}', { count: 3 })).toBe('3 件 {x}');
  });
});
