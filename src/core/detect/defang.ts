/**
 * Display forms of malicious indicators that no client turns into a live link:
 * `https://evil.example/x` → `hxxps://evil[.]example/x`. Used for every display field.
 */

/** Defangs a host or domain: every dot becomes `[.]`. */
export function defangHost(host: string): string {
  return host.replaceAll('.', '[.]');
}

/** Defangs a URL: scheme `http(s)` → `hxxp(s)`, dots in the authority → `[.]`, `://` kept. */
export function defangUrl(url: string): string {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) return defangHost(url);
  const scheme = url.slice(0, schemeEnd).replace(/^http/i, 'hxxp').replace(/^ftp/i, 'fxp');
  const rest = url.slice(schemeEnd + 3);
  let end = rest.length;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) {
      end = i;
      break;
    }
  }
  return `${scheme}[://]${defangHost(rest.slice(0, end))}${rest.slice(end)}`;
}
