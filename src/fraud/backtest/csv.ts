/**
 * A small RFC 4180 CSV reader: the data sets are plain comma-separated files (CRLF or LF, a header
 * line, quotes only where a value holds a comma), so a full CSV library would be a dependency for
 * nothing. Values stay strings; each adapter decides what a column means.
 */

export interface CsvTable {
  header: string[];
  /** Rows with their 1-based line number in the file, for error messages. */
  rows: { line: number; values: string[] }[];
}

export function parseCsv(text: string): CsvTable {
  const records = splitRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const first = records.shift();
  const header = (first?.values ?? []).map((name) => name.trim());
  return {
    header,
    rows: records.filter((record) => !(record.values.length === 1 && record.values[0] === '')),
  };
}

/** Looks up columns by name so a file with reordered or extra columns still reads correctly. */
export function columnIndex(header: readonly string[], names: readonly string[]): Record<string, number> {
  const index: Record<string, number> = {};
  for (const name of names) {
    const at = header.indexOf(name);
    if (at < 0) throw new Error(`missing column "${name}" (header: ${header.join(',')})`);
    index[name] = at;
  }
  return index;
}

function splitRecords(text: string): { line: number; values: string[] }[] {
  const records: { line: number; values: string[] }[] = [];
  let values: string[] = [];
  let value = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        value += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line += 1;
        value += ch;
      }
    } else if (ch === '"' && value === '') quoted = true;
    else if (ch === ',') {
      values.push(value);
      value = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      values.push(value);
      records.push({ line: recordLine, values });
      values = [];
      value = '';
      line += 1;
      recordLine = line;
    } else value += ch;
  }
  if (value !== '' || values.length > 0) {
    values.push(value);
    records.push({ line: recordLine, values });
  }
  return records;
}
