/**
 * Typed indicators: the canonical vocabulary every other module speaks.
 * `key` (`type:value`) is the identity of an indicator across the whole platform.
 */
export const INDICATOR_TYPES = [
  'url',
  'domain',
  'ipv4',
  'ipv6',
  'cidr',
  'phone',
  'email',
  'btc',
  'eth',
  'bank_account',
  'device_fingerprint',
  'sms_sender',
  'md5',
  'sha1',
  'sha256',
] as const;

export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export type IndicatorAttributes = Record<string, string | number | boolean>;

export interface Indicator {
  type: IndicatorType;
  /** Canonical value: the same indicator always has the same value, whatever spelling came in. */
  value: string;
  /** `${type}:${value}` */
  key: string;
  /** Facts derived during normalization (e.g. registrableDomain, lineType, unicode host). */
  attributes: IndicatorAttributes;
}

export type NormalizeResult = { ok: true; indicator: Indicator } | { ok: false; reason: string };

export function isIndicatorType(value: string): value is IndicatorType {
  return (INDICATOR_TYPES as readonly string[]).includes(value);
}

export function makeIndicator(
  type: IndicatorType,
  value: string,
  attributes: IndicatorAttributes = {},
): Indicator {
  return { type, value, key: `${type}:${value}`, attributes };
}

/** An indicator found in free text; `span` is `[start, end)` in UTF-16 offsets of the original input. */
export type ExtractedIndicator = Indicator & { span?: [number, number] };
