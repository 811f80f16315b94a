/** Escaping for the HTML page and the XML feeds: every value from the store passes through here. */

// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/FFFF; a feed holding one is not well-formed.
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content and attribute values, for HTML and XML alike. */
export function escapeMarkup(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** RFC 822 date for RSS 2.0 (`Tue, 01 Dec 2026 03:00:00 GMT`). */
export const rfc822 = (iso: string) => new Date(iso).toUTCString();
