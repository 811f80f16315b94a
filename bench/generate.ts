import { createHash } from 'node:crypto';

/** Deterministic synthetic reports for benchmarks: realistic shapes, about ten indicators each, with reuse. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TLDS = ['top', 'xyz', 'com', 'net', 'jp', 'co.jp', 'cn', 'shop', 'online', 'info'];
const BRANDS = [
  'sagawa',
  'yamato',
  'japanpost',
  'smbc',
  'mufg',
  'mizuho',
  'docomo',
  'au',
  'amazon',
  'rakuten',
];
const LURES = ['不在通知', '本人確認', '支払い確認', '口座凍結', 'お荷物のお届け'];

export class ReportGenerator {
  private readonly rand: () => number;
  constructor(seed = 20261122) {
    this.rand = prng(seed);
  }

  private int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  /** Half the values come from a small pool (shared infrastructure), half are fresh. */
  private pooled(pool: number, fresh: number): number {
    return this.rand() < 0.5 ? this.int(pool) : pool + this.int(fresh);
  }
  domain(): string {
    const n = this.pooled(20_000, 50_000_000);
    return `${this.pick(BRANDS)}-${n.toString(36)}.${TLDS[n % TLDS.length]}`;
  }
  url(): string {
    return `https://${this.domain()}/${this.pick(['login', 'verify', 'track', 'auth'])}/${this.int(1e6).toString(36)}`;
  }
  phone(): string {
    const n = this.pooled(10_000, 90_000_000);
    return `0${this.pick(['90', '80', '70', '50'])}-${String(n % 10_000).padStart(4, '0')}-${String(Math.floor(n / 10_000) % 10_000).padStart(4, '0')}`;
  }
  ip(): string {
    const n = this.pooled(5_000, 2_000_000_000);
    return `${((n >>> 24) % 223) + 1}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  bankAccount(): string {
    const n = this.pooled(10_000, 9_000_000);
    return `${String(1 + (n % 9000)).padStart(4, '0')}-${String(n % 1000).padStart(3, '0')}-${String(1 + (n % 9_999_998)).padStart(7, '0')}`;
  }
  device(): string {
    return createHash('sha1')
      .update(String(this.pooled(20_000, 1e9)))
      .digest('hex');
  }
  email(): string {
    return `support${this.int(1e6)}@${this.domain()}`;
  }
  eth(): string {
    return `0x${createHash('sha256')
      .update(String(this.pooled(2_000, 1e9)))
      .digest('hex')
      .slice(0, 40)}`;
  }

  report(i: number, tlps: readonly string[]): Record<string, unknown> {
    const tlp = this.pick(tlps);
    const externalId = `bench-${i}`;
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        return {
          kind: 'smishing',
          tlp,
          externalId,
          description: `${this.pick(LURES)}を装うSMS`,
          details: {
            sender: this.phone(),
            body: `【${this.pick(BRANDS)}】${this.pick(LURES)}のため下記よりご確認ください ${this.url()} または ${this.url().replace('https', 'hxxps').replace(/\./g, '[.]')} お問い合わせ ${this.phone()}`,
            receivedAt: '2026-11-20T09:30:00+09:00',
          },
          indicators: [
            { type: 'ipv4', value: this.ip() },
            { type: 'device_fingerprint', value: this.device() },
            { type: 'email', value: this.email() },
          ],
        };
      case 4:
      case 5:
      case 6:
        return {
          kind: 'phishing_site',
          tlp,
          externalId,
          description: 'フィッシングサイト',
          details: {
            url: this.url(),
            ip: this.ip(),
            redirectUrls: [this.url(), this.url(), this.url()],
            exfilEmail: this.email(),
          },
        };
      default:
        return {
          kind: 'fraud_case',
          tlp,
          externalId,
          description: `不正連携 ${this.url()}`,
          details: {
            fraudType: 'account_linking',
            paymentService: 'ExamplePay',
            amount: this.int(1_000_000),
            deviceFingerprint: this.device(),
            ip: this.ip(),
            phone: this.phone(),
            email: this.email(),
            bankAccounts: [this.bankAccount(), this.bankAccount(), this.bankAccount()],
            wallets: [this.eth()],
          },
        };
    }
  }
}
