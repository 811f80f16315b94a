/**
 * Plain formats for firewalls, proxies and resolvers. Pure: values in, text out.
 */

export const BLOCKLIST_KINDS = ['domains', 'urls', 'ips'] as const;
export type BlocklistKind = (typeof BLOCKLIST_KINDS)[number];

/** Koban indicator types per list. */
export const TYPES_OF_LIST: Record<BlocklistKind, readonly string[]> = {
  domains: ['domain'],
  urls: ['url'],
  ips: ['ipv4', 'ipv6', 'cidr'],
};

/**
 * One value per line. Values are canonical already; a value with a line break could split into two
 * entries in the consumer, so such a value (never produced by the normalizer) is left out.
 */
export function plainList(values: Iterable<string>): string {
  const lines = [...new Set(values)].filter((v) => !/[\r\n]/.test(v)).sort();
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** A hostname an RPZ owner name can hold: LDH labels (IDNs arrive as punycode), 253 octets at most. */
const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;
export function isZoneName(domain: string): boolean {
  if (domain.length === 0 || domain.length > 253 - 2) return false; // room for the "*." wildcard
  return domain.split('.').every((l) => LABEL.test(l));
}

export interface ZoneOptions {
  /** SOA serial: must grow whenever content changes; seconds since the epoch do. */
  serial: number;
}

/**
 * A DNS Response Policy Zone (BIND, Unbound, PowerDNS, Knot): `name CNAME .` answers NXDOMAIN for
 * the name, `*.name CNAME .` for everything under it. There is no `$ORIGIN`: owner names are relative,
 * as RPZ requires, so the file loads under whatever zone name the resolver configures.
 */
export function rpzZone(domains: Iterable<string>, options: ZoneOptions): string {
  const lines = [
    '$TTL 300',
    `@ IN SOA localhost. hostmaster.localhost. ( ${options.serial} 3600 600 604800 300 )`,
    '@ IN NS localhost.',
    '; Koban blocklist: domains from reports you may see, with a malicious role',
  ];
  for (const domain of [...new Set(domains)].filter(isZoneName).sort()) {
    lines.push(`${domain} CNAME .`, `*.${domain} CNAME .`);
  }
  return `${lines.join('\n')}\n`;
}

export const CSV_COLUMNS = [
  'type',
  'value',
  'role',
  'report_id',
  'report_kind',
  'tlp',
  'reported_at',
] as const;
export type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;

/**
 * One RFC 4180 field. Spreadsheets execute cells starting with = + - @ (and tab/CR, which some
 * treat alike) as formulas, so those get a leading apostrophe (OWASP "CSV injection"); phone
 * numbers in E.164 therefore read `'+81…` — the value is still recognisable and inert.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

export function csvDocument(rows: Iterable<CsvRow>): string {
  let out = csvLine(CSV_COLUMNS);
  for (const row of rows) out += csvLine(CSV_COLUMNS.map((c) => row[c]));
  return out;
}
