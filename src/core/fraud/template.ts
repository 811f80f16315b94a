/**
 * Reason texts with `{placeholders}`, split once at compile time; rendering is a join over the
 * parts. Numbers are grouped by thousands (¥ amounts read as 1,000,000) without locale data.
 */
import type { Facts } from './conditions.js';
import type { FraudEvent } from './types.js';

export type Template = (facts: Facts, event: FraudEvent) => string;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

export function compileTemplate(text: string): Template {
  const literals: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    literals.push(text.slice(last, match.index));
    names.push(match[1]!);
    last = match.index + match[0].length;
  }
  literals.push(text.slice(last));
  if (names.length === 0) return () => text;
  return (facts, event) => {
    let out = literals[0]!;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const value = facts.get(name) ?? (event as unknown as Record<string, unknown>)[name];
      out += formatValue(value) + literals[i + 1]!;
    }
    return out;
  };
}

export function formatValue(value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    if (Number.isInteger(value)) return groupThousands(value);
    return Math.abs(value) >= 100 ? groupThousands(Math.round(value)) : value.toFixed(1);
  }
  if (typeof value === 'string') return value;
  return '?';
}

function groupThousands(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(value));
  if (digits.length <= 3 || digits.includes('e')) return sign + digits;
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return sign + out;
}
