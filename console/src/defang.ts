import { defangHost, defangUrl } from '../../src/core/detect/defang.js';

export { defangHost, defangUrl };

/** Display form of an indicator value: whatever a person copies from the console is not clickable. */
export function defangIndicator(type: string, value: string): string {
  switch (type) {
    case 'url':
      return defangUrl(value);
    case 'domain':
    case 'ipv4':
    case 'ipv6':
    case 'cidr':
      return defangHost(value);
    case 'email': {
      const at = value.lastIndexOf('@');
      return at < 0 ? defangHost(value) : `${value.slice(0, at)}[@]${defangHost(value.slice(at + 1))}`;
    }
    default:
      return value;
  }
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s<>"'`]+/gi;
const HOST_IN_TEXT = /(?<![\w.[\]-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}(?![\w-])/gi;

/**
 * Free text (SMS bodies, descriptions) with its URLs and host names defanged. React renders text
 * inertly anyway; this is for the person who copies a line into a browser.
 */
export function defangText(text: string): string {
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    parts.push(text.slice(last, m.index).replace(HOST_IN_TEXT, defangHost), defangUrl(m[0]));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last).replace(HOST_IN_TEXT, defangHost));
  return parts.join('');
}
