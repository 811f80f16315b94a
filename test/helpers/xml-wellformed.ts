/**
 * A small, strict XML 1.0 well-formedness check for the advisory feed tests (no XML parser is a dependency
 * of Koban). It checks what a hostile advisory could break: characters, markup in text, entity
 * references, attribute quoting, tag nesting and a single root. Not a validating parser.
 */
const NAME = '[A-Za-z_][A-Za-z0-9_.:-]*';
const TAG = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`);
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});/;
const BAD_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** The first problem found, or null when the document is well-formed. */
export function xmlProblem(xml: string): string | null {
  if (BAD_CHAR.test(xml)) return 'a character XML 1.0 forbids';
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const open: string[] = [];
  let roots = 0;
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt < 0 ? rest : rest.slice(0, lt);
    for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
      if (!ENTITY.test(text.slice(i))) return `bad entity reference near "${text.slice(i, i + 12)}"`;
    }
    if (text.includes('>') && text.includes(']]>')) return 'a literal "]]>" in text';
    if (open.length === 0 && text.trim() !== '') return 'text outside the root element';
    if (lt < 0) break;
    rest = rest.slice(lt);
    const m = TAG.exec(rest);
    if (!m) return `malformed tag near "${rest.slice(0, 30)}"`;
    const [whole, closing, name, attrs, selfClosing] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    for (const a of attrs.matchAll(/=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      const value = a[1] ?? a[2] ?? '';
      for (let i = value.indexOf('&'); i >= 0; i = value.indexOf('&', i + 1)) {
        if (!ENTITY.test(value.slice(i))) return `bad entity in an attribute of <${name}>`;
      }
    }
    if (closing) {
      if (open.pop() !== name) return `</${name}> does not close the open element`;
    } else if (!selfClosing) {
      if (open.length === 0) roots++;
      open.push(name);
    } else if (open.length === 0) roots++;
    rest = rest.slice(whole.length);
  }
  if (open.length > 0) return `<${open.at(-1)}> is never closed`;
  return roots === 1 ? null : `${roots} root elements`;
}
