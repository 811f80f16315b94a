import { type Static, type TSchema, Type } from '@sinclair/typebox';

/** Structured fields per report kind. Unknown fields are rejected so typos never pass silently. */
/** A pattern rather than `format`, so the compiled validators and the OpenAPI document agree without a global format registry. */
export const DATE_TIME_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?([Zz]|[+-]\\d{2}:?\\d{2})$';
export const DateTime = Type.String({
  pattern: DATE_TIME_PATTERN,
  maxLength: 40,
  description: 'ISO-8601 date-time with offset',
});
const Text = (max: number) => Type.String({ maxLength: max });
const Strings = (maxItems: number, maxLength = 2048) =>
  Type.Array(Type.String({ minLength: 1, maxLength }), { maxItems });
const strict = { additionalProperties: false } as const;

export const BankAccountParts = Type.Object(
  {
    bankCode: Type.String({ pattern: '^[0-9０-９]{4}$' }),
    branchCode: Type.String({ pattern: '^[0-9０-９]{3}$' }),
    number: Type.String({ pattern: '^[0-9０-９]{1,8}$' }),
    type: Type.Optional(Type.String({ maxLength: 20 })),
    holder: Type.Optional(Text(200)),
  },
  strict,
);

export const KIND_SCHEMAS = {
  phishing_site: Type.Object(
    {
      url: Type.String({ minLength: 1, maxLength: 8192 }),
      targetBrand: Type.Optional(Text(200)),
      ip: Type.Optional(Text(64)),
      redirectUrls: Type.Optional(Strings(50, 8192)),
      hostingProvider: Type.Optional(Text(200)),
      registrar: Type.Optional(Text(200)),
      kitHash: Type.Optional(Text(128)),
      exfilEmail: Type.Optional(Text(320)),
      status: Type.Optional(
        Type.Union([Type.Literal('active'), Type.Literal('down'), Type.Literal('unknown')]),
      ),
      discoveredAt: Type.Optional(DateTime),
    },
    strict,
  ),
  smishing: Type.Object(
    {
      sender: Type.String({ minLength: 1, maxLength: 64 }),
      body: Type.String({ minLength: 1, maxLength: 4000 }),
      receivedAt: Type.Optional(DateTime),
      carrier: Type.Optional(Text(100)),
    },
    strict,
  ),
  fraud_case: Type.Object(
    {
      fraudType: Type.Union([
        Type.Literal('account_linking'),
        Type.Literal('account_takeover'),
        Type.Literal('unauthorized_transfer'),
        Type.Literal('crypto_withdrawal'),
        Type.Literal('point_abuse'),
        Type.Literal('other'),
      ]),
      paymentService: Type.Optional(Text(200)),
      bank: Type.Optional(Text(200)),
      amount: Type.Optional(Type.Number({ minimum: 0, maximum: 1e15 })),
      currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3,5}$' })),
      occurredAt: Type.Optional(DateTime),
      deviceFingerprint: Type.Optional(Text(512)),
      ip: Type.Optional(Text(64)),
      phone: Type.Optional(Text(64)),
      email: Type.Optional(Text(320)),
      bankAccounts: Type.Optional(
        Type.Array(Type.Union([Type.String({ maxLength: 100 }), BankAccountParts]), { maxItems: 50 }),
      ),
      wallets: Type.Optional(Strings(50, 128)),
      accountIds: Type.Optional(Strings(50, 200)),
    },
    strict,
  ),
  abuse: Type.Object(
    {
      category: Type.Union(
        ['spam', 'phishing', 'malware', 'scan', 'bruteforce', 'ddos', 'fraud', 'other'].map((c) =>
          Type.Literal(c),
        ),
      ),
      sourceIp: Type.Optional(Text(64)),
      url: Type.Optional(Text(8192)),
      domain: Type.Optional(Text(253)),
      email: Type.Optional(Text(320)),
      phone: Type.Optional(Text(64)),
      observedAt: Type.Optional(DateTime),
      evidence: Type.Optional(Text(20000)),
    },
    strict,
  ),
  ransomware_incident: Type.Object(
    {
      family: Type.Optional(Text(200)),
      victimSector: Type.Optional(Text(200)),
      occurredAt: Type.Optional(DateTime),
      ransomNote: Type.Optional(Text(20000)),
      wallets: Type.Optional(Strings(50, 128)),
      contactEmails: Type.Optional(Strings(50, 320)),
      leakSiteUrls: Type.Optional(Strings(50, 8192)),
      fileHashes: Type.Optional(Strings(200, 128)),
      c2: Type.Optional(Strings(200, 8192)),
    },
    strict,
  ),
  scan_observation: Type.Object(
    {
      sourceIp: Type.String({ minLength: 1, maxLength: 64 }),
      destinationPort: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
      protocol: Type.Optional(Text(20)),
      count: Type.Optional(Type.Integer({ minimum: 1 })),
      firstSeen: Type.Optional(DateTime),
      lastSeen: Type.Optional(DateTime),
      sensor: Type.Optional(Text(200)),
      userAgent: Type.Optional(Text(1000)),
    },
    strict,
  ),
  other: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 100 }),
} satisfies Record<string, TSchema>;

export type ReportKind = keyof typeof KIND_SCHEMAS;
export const REPORT_KINDS = Object.keys(KIND_SCHEMAS) as ReportKind[];
export type KindDetails<K extends ReportKind> = Static<(typeof KIND_SCHEMAS)[K]>;
