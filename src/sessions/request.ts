import type { IncomingHttpHeaders } from 'node:http';
import type { AuthService, Principal } from '../auth/service.js';
import { KobanError } from '../errors/catalogue.js';
import { CSRF_HEADER, SESSION_COOKIE, type SessionService } from './service.js';

/** The value of one cookie, or undefined. Only the session cookie is read, so no general parser. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Cookies travel with cross-site requests; the API must not act on them unless the request comes from
 * the console itself. Three independent checks, any one of which stops a forged request:
 * SameSite=Strict on the cookie, a custom header (a cross-origin page cannot send one without a CORS
 * preflight, which Koban never grants), and the browser's Origin / Sec-Fetch-Site when present.
 */
export function assertSameOrigin(headers: IncomingHttpHeaders): void {
  if (headers[CSRF_HEADER] !== '1') {
    throw new KobanError('forbidden', `Cookie-authenticated requests must send "${CSRF_HEADER}: 1"`);
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new KobanError('forbidden', 'Cookie-authenticated requests must come from the console itself');
  }
  const origin = headers.origin;
  if (origin !== undefined && !sameHost(origin, headers.host)) {
    throw new KobanError('forbidden', 'Cookie-authenticated requests must come from the console itself');
  }
}

/** Origin and Host name the same host and port (default ports made explicit on both sides). */
function sameHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const from = new URL(origin);
    const to = new URL(`${from.protocol}//${host}`);
    const port = (u: URL) => u.port || (u.protocol === 'https:' ? '443' : '80');
    return from.hostname === to.hostname && port(from) === port(to);
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage never match
  }
}

/** A bearer key wins; otherwise the console's session cookie, with the CSRF checks above. */
export async function principalOfRequest(
  headers: IncomingHttpHeaders,
  auth: AuthService,
  sessions: SessionService,
): Promise<Principal> {
  if (headers.authorization) return auth.authenticate(headers.authorization);
  const token = cookieValue(headers.cookie, SESSION_COOKIE);
  if (token === undefined) return auth.authenticate(undefined);
  assertSameOrigin(headers);
  return sessions.resolve(token);
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
