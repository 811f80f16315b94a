import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, type CsvRecord, parseCsv } from './csv.js';

const fieldsOf = (records: CsvRecord[]) => records.map((r) => r.fields);

/** Feeds `text` in pieces cut at `cuts` (any position, even between CR and LF or inside `""`). */
function parseInPieces(text: string, cuts: number[], maxRecordChars?: number): CsvRecord[] {
  const parser = new CsvParser(maxRecordChars ? { maxRecordChars } : {});
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: CsvRecord[] = [];
  let from = 0;
  for (const p of points) {
    out.push(...parser.push(text.slice(from, p)));
    from = p;
  }
  out.push(...parser.push(text.slice(from)), ...parser.end());
  return out;
}

/** Our own RFC 4180 encoder for the round-trip property. */
function encodeCsv(rows: string[][], eol: string, quoteAll: boolean): string {
  const encodeField = (f: string, row: string[]) => {
    const needs = quoteAll || /[",\r\n]/.test(f) || f.startsWith('\uFEFF') || (row.length === 1 && f === '');
    return needs ? `"${f.replaceAll('"', '""')}"` : f;
  };
  return rows.map((row) => row.map((f) => encodeField(f, row)).join(',')).join(eol);
}

describe('CsvParser', () => {
  it('splits simple rows with LF and CRLF line ends', () => {
    expect(fieldsOf(parseCsv('a,b,c\n1,2,3\n'))).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(fieldsOf(parseCsv('a,b\r\n1,2\r\n'))).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fieldsOf(parseCsv('a,b\r1,2'))).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads quoted fields with commas, escaped quotes and embedded newlines', () => {
    const records = parseCsv('id,text\n1,"hello, ""world"""\n2,"line one\r\nline two\nline three"\n3,x\n');
    expect(fieldsOf(records)).toEqual([
      ['id', 'text'],
      ['1', 'hello, "world"'],
      ['2', 'line one\r\nline two\nline three'],
      ['3', 'x'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 6]);
  });

  it('strips a UTF-8 BOM and ignores a trailing empty line or blank lines', () => {
    expect(fieldsOf(parseCsv('\uFEFFkind,tlp\nsmishing,AMBER\n\n'))).toEqual([
      ['kind', 'tlp'],
      ['smishing', 'AMBER'],
    ]);
    const records = parseCsv('a\n\n\nb\n');
    expect(fieldsOf(records)).toEqual([['a'], ['b']]);
    expect(records.map((r) => r.line)).toEqual([1, 4]);
  });

  it('keeps empty cells, including a quoted empty field alone on a line', () => {
    expect(fieldsOf(parseCsv('a,,c\n,,\n""\n'))).toEqual([['a', '', 'c'], ['', '', ''], ['']]);
  });

  it('returns ragged rows as they are', () => {
    expect(fieldsOf(parseCsv('a,b,c\n1\n1,2,3,4\n'))).toEqual([['a', 'b', 'c'], ['1'], ['1', '2', '3', '4']]);
  });

  it('is lenient with stray quotes and text after a closing quote', () => {
    expect(fieldsOf(parseCsv('a"b,"c"d,e\n'))).toEqual([['a"b', 'cd', 'e']]);
  });

  it('reports an unterminated quoted field on the record instead of throwing', () => {
    const records = parseCsv('a,b\n1,"never closed\n2,3\n');
    expect(records[1]).toMatchObject({ line: 2, error: expect.stringContaining('unterminated') });
  });

  it('drops the content of an over-long record but keeps parsing after it', () => {
    const long = 'x'.repeat(100);
    const records = parseCsv(`a,b\n"${long}",1\nok,2\n`, { maxRecordChars: 50 });
    expect(records).toHaveLength(3);
    expect(records[1]).toMatchObject({
      line: 2,
      fields: [],
      error: expect.stringContaining('longer than 50'),
    });
    expect(records[2]).toEqual({ line: 3, fields: ['ok', '2'] });
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = '\uFEFFa,b\r\n"x ""y""\r\nz",2\r\n3,4\r\n';
    const whole = parseCsv(text);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(parseInPieces(text, [cut])).toEqual(whole);
    }
    expect(parseInPieces(text, [...Array(text.length).keys()])).toEqual(whole);
  });

  it('counts lines across CRLF split between chunks', () => {
    const records = parseInPieces('a\r\nb\r\n"c\r\nd"\r\ne', [2, 5, 10]);
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a']],
      [2, ['b']],
      [3, ['c\r\nd']],
      [5, ['e']],
    ]);
  });
});

describe('CsvParser properties', () => {
  const fieldChars = fc.constantFrom(
    'a',
    'Z',
    ' ',
    ',',
    '"',
    '\r',
    '\n',
    ';',
    'é',
    '日',
    '\uFEFF',
    '😀',
    '\t',
  );
  const field = fc.oneof(
    fc.string({ unit: fieldChars, maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
  );
  const row = fc.array(field, { minLength: 1, maxLength: 6 });

  it('round-trips any string matrix we encode, in any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, eol, quoteAll, bom, trailingEol, cuts) => {
          const text = (bom ? '\uFEFF' : '') + encodeCsv(rows, eol, quoteAll) + (trailingEol ? eol : '');
          expect(fieldsOf(parseInPieces(text, cuts))).toEqual(rows);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary input and agrees with itself across chunkings', () => {
    const anyText = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', '\uFEFF', ' '), maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
    );
    fc.assert(
      fc.property(
        anyText,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.integer({ min: 1, max: 20 }),
        (text, cuts, max) => {
          const whole = parseCsv(text, { maxRecordChars: max });
          expect(parseInPieces(text, cuts, max)).toEqual(whole);
          for (let i = 1; i < whole.length; i++) {
            expect((whole[i] as CsvRecord).line).toBeGreaterThan((whole[i - 1] as CsvRecord).line);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
