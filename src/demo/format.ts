import type { KobanConfig } from '../config.js';
import { PROXY_PHONE } from './scenario.js';
import type { DemoSummary } from './summary.js';

export interface DemoCommand {
  title: string;
  command: string;
}

export const KEY_WARNING =
  'These API keys are real secrets for this store (shown once; only their hashes are stored). ' +
  'They are meant for a local demo: do not use the demo organizations in production. ' +
  'これらのAPIキーはこのデータストアで有効な秘密情報です（表示はこの一度だけ）。';

/** Where the server of this configuration answers; a wildcard listen address is reached on loopback. */
export function baseUrlOf(config: Pick<KobanConfig, 'host' | 'port'>): string {
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/**
 * The curl commands that open the demo's story over HTTP. Keys are written into the commands so
 * they can be pasted as they are; without keys (already seeded) there is nothing to run yet.
 */
export function demoCommands(
  summary: DemoSummary,
  baseUrl: string,
  options: { stixExport?: boolean } = {},
): DemoCommand[] {
  const key = (who: string) => summary.organizations.find((o) => o.key === who)?.apiKey ?? null;
  const report = (ref: string) => summary.reports.find((r) => r.ref === ref)?.id ?? null;
  const centre = key('centre');
  const partner = key(summary.campaign.asPartner.partner);
  const asker = key('exchange');
  const sms = report('sms');
  const payment = report('payment');
  if (!centre || !partner || !asker || !sms || !payment) return [];
  const curl = (apiKey: string, path: string) =>
    `curl -sS -H 'authorization: Bearer ${apiKey}' '${baseUrl}${path}'`;
  return [
    {
      title: `The campaign of the carrier's smishing report, as the analyst centre sees it (${summary.campaign.asCentre.size} reports, every link explained, attribution)`,
      command: curl(centre, `/v1/reports/${sms}/campaign`),
    },
    {
      title: `The same campaign as the carrier sees it: the bank's RED case is no node (${summary.campaign.asPartner.size} reports)`,
      command: curl(partner, `/v1/reports/${sms}/campaign`),
    },
    {
      title: 'The chain of explained links from the smishing SMS to the payment app case',
      command: curl(centre, `/v1/reports/${sms}/path/${payment}`),
    },
    {
      title: `Is ${PROXY_PHONE} known crime infrastructure? (as the exchange: flags with the evidence it may see)`,
      command: curl(asker, `/v1/indicators?value=${encodeURIComponent(PROXY_PHONE)}`),
    },
    ...(options.stixExport
      ? [
          {
            title: 'The campaign as a STIX 2.1 bundle',
            command: curl(centre, `/v1/reports/${sms}/campaign/stix`),
          },
        ]
      : []),
  ];
}

/** The human-readable summary, Japanese first with English alongside. */
export function formatSummary(summary: DemoSummary, commands: DemoCommand[], store: string): string {
  const lines: string[] = [];
  const c = summary.campaign;
  if (summary.status === 'already_seeded') {
    lines.push(
      `デモデータは投入済みです / The demo data is already loaded (${summary.seededAt}) in ${store}. Nothing was added.`,
    );
  } else {
    lines.push(`デモデータを投入しました / Demo data loaded into ${store}.`);
  }
  if (summary.initialized) {
    lines.push(
      '',
      'The store was not initialized, so the demo created the analyst centre. Its admin API key',
      '(shown once; `koban init` will now refuse to run, exit 3):',
      `  ${summary.initialized.adminKey}`,
    );
  }
  const withKeys = summary.organizations.some((o) => o.apiKey);
  lines.push('', '組織 / Organizations');
  if (withKeys) lines.push(`  ⚠ ${KEY_WARNING}`);
  for (const o of summary.organizations) {
    lines.push(`  ${o.key.padEnd(10)} ${o.name}${o.apiKey ? `\n             ${o.apiKey}` : ''}`);
  }
  if (!withKeys) {
    lines.push(
      '  API keys are shown only once, when they are created. For fresh demo keys run:',
      '    npx koban demo --new-keys',
    );
  }
  lines.push('', '報告 / Reports');
  for (const r of summary.reports) {
    lines.push(`  ${r.ref.padEnd(10)} ${r.by.padEnd(10)} ${r.kind.padEnd(14)} ${r.tlp.padEnd(6)} ${r.id}`);
  }
  lines.push(
    '',
    `キャンペーン / Campaign ${c.id ?? '(none)'}`,
    `  analyst centre: ${c.asCentre.size} reports from ${c.asCentre.organizations} organizations, ${c.asCentre.links} explained links`,
    `  ${c.asPartner.partner}: ${c.asPartner.size} reports from ${c.asPartner.organizations} organizations` +
      (c.asPartner.hidden.length > 0 ? ` (not visible to it: ${c.asPartner.hidden.join(', ')})` : ''),
  );
  if (c.attribution) {
    lines.push(
      `  attribution: ${c.attribution.actor} — ${c.attribution.decision}, confidence ${c.attribution.confidence}, ${c.attribution.layer} layer`,
    );
  }
  for (const f of summary.infrastructure) {
    lines.push(`  infrastructure: ${f.value} = ${f.category} (${f.service}), flagged by ${f.flaggedBy}`);
  }
  lines.push(
    `  unrelated campaign ${summary.otherCampaign.id ?? '(none)'}: ${summary.otherCampaign.size} reports`,
  );
  if (commands.length > 0) {
    lines.push('', '試す / Try it (with `npm start` running):');
    for (const cmd of commands) lines.push(`  # ${cmd.title}`, `  ${cmd.command}`);
  }
  return `${lines.join('\n')}\n`;
}
