/**
 * Which sightings name the bad thing itself. Firewalls, resolvers and MISP's `to_ids` act on a
 * value, so only roles that say the value *is* criminal infrastructure qualify: the phishing URL,
 * the landing domain, the C2, the sender. `mentioned` values, victims' contact data and devices
 * never do — blocking a victim's e-mail address or a bank's own domain would hurt the wrong side.
 */
export const MALICIOUS_ROLES: ReadonlySet<string> = new Set([
  // phishing and smishing
  'phishing_url',
  'phishing_host',
  'phishing_kit',
  'landing_url',
  'landing_domain',
  'landing_ip',
  'redirect_url',
  'redirect_host',
  'hosting_ip',
  'exfil_email',
  'sender',
  'callback_phone',
  // abuse, scans, fraud
  'abuse_url',
  'abuse_host',
  'abuse_domain',
  'abuse_email',
  'abuse_phone',
  'scanner_ip',
  'source_ip',
  'mule_account',
  'wallet',
  // ransomware
  'ransom_wallet',
  'ransom_contact',
  'leak_site',
  'leak_site_host',
  'sample',
  'c2',
  'c2_host',
  // explicit indicators without a role (TAXII, the API) are submitted as IOCs
  'reported',
  // MISP attributes imported with to_ids = true
  'misp_ids',
]);

/** The role of an imported MISP attribute: to_ids says whether the sender meant it as an IOC. */
export const mispRole = (toIds: boolean): string => (toIds ? 'misp_ids' : 'misp_context');

export const isMalicious = (role: string): boolean => MALICIOUS_ROLES.has(role);
