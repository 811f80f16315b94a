/**
 * Where Koban may send an outbound request it did not choose itself (an organization's webhook
 * URL): only to public addresses. Without this an organization administrator could point a
 * webhook at the cloud metadata service (169.254.169.254), the database or anything else on the
 * node's private network (SSRF). Loopback and private targets are allowed only when the operator
 * says so (`KOBAN_WEBHOOKS_ALLOW_PRIVATE`, for a single-machine setup and tests).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { normalizeIp } from '../core/indicators/index.js';

export class OutboundRefused extends Error {}

export interface OutboundPolicy {
  allowPrivate: boolean;
}

function scopeOf(address: string): string {
  const r = normalizeIp(address);
  return r.ok ? String(r.indicator.attributes.scope ?? 'reserved') : 'reserved';
}

/**
 * Resolves the URL's host and throws `OutboundRefused` unless every address it resolves to is
 * public (`resolve: false`: literal addresses and loopback names only, for validating input). (A hostile DNS server could still answer differently at connect time; the resolved
 * check stops the plain mistakes and the common attacks.)
 */
export async function assertPublicDestination(
  url: string,
  policy: OutboundPolicy,
  options: { resolve?: boolean } = {},
): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundRefused('not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new OutboundRefused(`scheme ${parsed.protocol} is not allowed`);
  }
  if (policy.allowPrivate) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost'))
    throw new OutboundRefused(`${host} is a loopback name`);
  // At registration the name may not resolve from here yet; it is checked again at every delivery.
  if (!isIP(host) && options.resolve === false) return;
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  for (const address of addresses) {
    const scope = scopeOf(address);
    if (scope !== 'public') throw new OutboundRefused(`${host} resolves to a ${scope} address (${address})`);
  }
}
