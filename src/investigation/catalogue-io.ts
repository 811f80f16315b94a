/** Reading and writing catalogue documents as JSON or YAML (the `yaml` package, YAML 1.2 core schema). */
import { parseDocument, stringify } from 'yaml';
import { KobanError } from '../errors/catalogue.js';
import type { Catalogue } from './catalogue-format.js';

export type CatalogueFormat = 'json' | 'yaml';

/** Parses text; a syntax error names its line so the analyst can find it. */
export function parseCatalogueText(text: string, format: CatalogueFormat): unknown {
  if (format === 'json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new KobanError('malformed_json', (error as Error).message, [
        { field: '/', reason: 'not valid JSON' },
      ]);
    }
  }
  // Aliases are refused: a small file must not expand into a huge one ("billion laughs").
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: true });
  const problem = doc.errors[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line;
    const reason = `${problem.code}${line ? ` at line ${line}` : ''}: ${problem.message.split('\n')[0]}`;
    throw new KobanError('validation_failed', `The YAML document is not valid: ${reason}`, [
      { field: '/', reason },
    ]);
  }
  try {
    return doc.toJS({ maxAliasCount: 0 }) as unknown;
  } catch (error) {
    throw new KobanError('validation_failed', (error as Error).message, [
      { field: '/', reason: 'unsupported YAML' },
    ]);
  }
}

export function serializeCatalogue(catalogue: Catalogue, format: CatalogueFormat): string {
  if (format === 'json') return `${JSON.stringify(catalogue, null, 2)}\n`;
  return stringify(catalogue, { lineWidth: 0, aliasDuplicateObjects: false });
}
