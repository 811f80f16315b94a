import { prng } from './generate.js';

/**
 * Synthetic reports with campaign structure for the correlation benchmark: three indicators per
 * report (1M reports → 3M indicator sightings). Most reports belong to one of many campaigns whose
 * sizes follow a heavy tail (a few large smishing waves, many small fraud rings), each campaign
 * with its own infrastructure pools; some reports are one-offs; 1 % carry a value from a small
 * global pool (a CDN address, a popular shortener target) that must trip the per-value cap.
 */
export class CampaignReportGenerator {
  private readonly rand: () => number;
  private readonly campaigns: number;

  constructor(
    private readonly reports: number,
    seed = 20261201,
  ) {
    this.rand = prng(seed);
    this.campaigns = Math.max(10, Math.floor(reports / 25));
  }

  private int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  /** Campaign sizes with a heavy tail: campaign c is chosen with probability ∝ 1/(c+1). */
  private campaign(): number {
    const h = Math.log(this.campaigns + 1);
    return Math.min(this.campaigns - 1, Math.floor(Math.exp(this.rand() * h)) - 1);
  }

  private static domain(campaign: number, n: number): string {
    const tld = ['top', 'xyz', 'shop', 'online', 'icu'][campaign % 5];
    return `c${campaign.toString(36)}-${n}-verify.${tld}`;
  }

  private static phone(campaign: number, n: number): string {
    const v = (campaign * 7 + n) % 100_000_000;
    return `+8190${String(v).padStart(8, '0')}`;
  }

  private static ip(campaign: number, n: number): string {
    const v = campaign * 3 + n + 1;
    return `${45 + ((v >>> 24) % 150)}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }

  private static account(campaign: number, n: number): string {
    const v = campaign * 5 + n;
    return `${String(1 + (v % 9000)).padStart(4, '0')}-${String(v % 1000).padStart(3, '0')}-${String(1 + (v % 9_999_998)).padStart(7, '0')}`;
  }

  /** The report at position i: kind, marking and exactly three explicit indicators. */
  report(i: number): Record<string, unknown> {
    const tlp = ['GREEN', 'GREEN', 'AMBER', 'CLEAR'][i % 4];
    const oneOff = this.rand() < 0.2;
    // One-off reports get values from a namespace no campaign uses.
    const c = oneOff ? this.campaigns + i : this.campaign();
    const url = `https://${CampaignReportGenerator.domain(c, this.int(3))}/${['login', 'track', 'auth'][this.int(3)]}/${i.toString(36)}`;
    const second =
      this.rand() < 0.5
        ? { type: 'phone', value: CampaignReportGenerator.phone(c, this.int(5)) }
        : { type: 'bank_account', value: CampaignReportGenerator.account(c, this.int(3)) };
    const third =
      this.rand() < 0.01
        ? { type: 'ipv4', value: `198.51.100.${this.int(50)}` }
        : this.rand() < 0.6
          ? { type: 'ipv4', value: CampaignReportGenerator.ip(c, this.int(2)) }
          : { type: 'device_fingerprint', value: `dev-${c.toString(36)}-${this.int(4)}` };
    return {
      kind: 'other',
      tlp,
      externalId: `corr-${i}`,
      description: 'bench',
      observedAt: new Date(
        Date.UTC(2026, 10, 1) + Math.floor((i / this.reports) * 20 * 86_400_000),
      ).toISOString(),
      details: {},
      indicators: [{ type: 'url', value: url }, second, third],
    };
  }
}
