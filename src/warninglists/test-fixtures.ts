import type { Principal } from '../auth/service.js';

/** Small hand-written MISP lists and principals for the warninglist tests (never ../shared). */
export const admin: Principal = {
  keyId: 'key-admin',
  orgId: 'org-centre',
  scopes: new Set(['admin']),
  viewer: { orgId: 'org-centre', investigationAccess: true, groupIds: new Set() },
};

export const writer: Principal = { ...admin, keyId: 'key-writer', scopes: new Set(['warninglists:write']) };

export const partner: Principal = {
  ...admin,
  keyId: 'key-partner',
  orgId: 'org-bank',
  scopes: new Set(['reports:read', 'reports:write']),
};

export const cdnRanges = (version = 1, extra: string[] = []) => ({
  name: 'Test CDN ranges',
  description: 'CDN edge ranges shared by many unrelated sites',
  version,
  type: 'cidr',
  matching_attributes: ['ip-dst'],
  list: ['104.16.0.0/13', '2606:4700::/32', ...extra],
});

export const topSites = (version = 1) => ({
  name: 'Test top sites',
  description: 'Most visited sites',
  version,
  type: 'hostname',
  matching_attributes: ['hostname', 'domain', 'url'],
  list: ['google.com', 'github.io', 'edgecdn-test.net', 'not a host!'],
});

export const dynamicDns = () => ({
  name: 'Test dynamic DNS',
  description: 'Event contains one or more entries of known dynamic DNS domains.',
  version: 2,
  type: 'hostname',
  matching_attributes: ['domain', 'hostname'],
  list: ['ddns-test.net'],
});

export const webmail = () => ({
  name: 'Test webmail',
  description: 'Free mail providers and one full address',
  version: 1,
  type: 'string',
  list: ['gmail.com', 'noreply@example.co.jp', 'https://www.google.com/'],
});
