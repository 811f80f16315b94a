/** Codes the API uses (src/reports/kinds.ts, src/sharing/policy.ts), for filters and labels. */
export const REPORT_KINDS = [
  'smishing',
  'phishing_site',
  'fraud_case',
  'abuse',
  'ransomware_incident',
  'scan_observation',
  'other',
] as const;

export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;

/** The console's path to an indicator: the defanged spelling, which the API accepts as any other. */
export function indicatorPath(type: string, defanged: string): string {
  return `/indicators?${new URLSearchParams({ type, value: defanged }).toString()}`;
}
