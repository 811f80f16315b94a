/**
 * A streaming RFC 4180 CSV parser: text goes in chunk by chunk (any split, even inside a quoted
 * field or between CR and LF), complete records come out. Lenient where real exports are sloppy
 * (a stray quote inside an unquoted field is kept as text), and it never throws: problems are
 * reported on the record (`error`) so one bad row cannot stop an import.
 */

export interface CsvRecord {
  /** Physical line (1-based) where the record starts, for error messages. */
  line: number;
  fields: string[];
  /** Set when the record could not be read faithfully; `fields` may then be empty or partial. */
  error?: string;
}

export interface CsvParserOptions {
  /** Characters one record may hold before its content is discarded (keeps memory flat). */
  maxRecordChars?: number;
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const BOM = 0xfeff;

enum State {
  FieldStart = 0,
  Unquoted = 1,
  Quoted = 2,
  /** A quote was seen inside a quoted field: either `""` (an escaped quote) or the closing quote. */
  QuoteInQuoted = 3,
}

export const DEFAULT_MAX_RECORD_CHARS = 8 * 1024 * 1024;

export class CsvParser {
  private readonly maxRecordChars: number;
  private state = State.FieldStart;
  private fields: string[] = [];
  private field = '';
  /** Characters held by the current record. */
  private size = 0;
  private tooLong = false;
  /** Anything (a character, a delimiter, a quote) belongs to the current record: blank lines have none. */
  private started = false;
  private line = 1;
  private recordLine = 1;
  /** The previous record ended with CR: a LF right after it belongs to the same line break. */
  private skipLf = false;
  /** Inside a quoted field, the last character was CR (CRLF counts as one line break). */
  private lastWasCr = false;
  private atStart = true;
  private out: CsvRecord[] = [];

  constructor(options: CsvParserOptions = {}) {
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  }

  /** Feeds the next piece of text; returns the records completed by it. */
  push(text: string): CsvRecord[] {
    let i = 0;
    const n = text.length;
    if (this.atStart && n > 0) {
      this.atStart = false;
      if (text.charCodeAt(0) === BOM) i = 1;
    }
    while (i < n) {
      if (this.skipLf) {
        this.skipLf = false;
        if (text.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      switch (this.state) {
        case State.FieldStart:
          if (text.charCodeAt(i) === QUOTE) {
            this.state = State.Quoted;
            this.started = true;
            i++;
          } else {
            this.state = State.Unquoted;
          }
          break;
        case State.Unquoted: {
          let j = i;
          while (j < n) {
            const c = text.charCodeAt(j);
            if (c === COMMA || c === CR || c === LF) break;
            j++;
          }
          if (j > i) this.append(text.slice(i, j));
          if (j === n) {
            i = n;
            break;
          }
          const c = text.charCodeAt(j);
          i = j + 1;
          if (c === COMMA) {
            this.started = true;
            this.endField();
            this.state = State.FieldStart;
          } else {
            this.line++;
            if (c === CR) this.skipLf = true;
            this.endRecord();
          }
          break;
        }
        case State.Quoted: {
          const j = text.indexOf('"', i);
          const end = j === -1 ? n : j;
          if (end > i) {
            this.countBreaks(text, i, end);
            this.append(text.slice(i, end));
          }
          if (j === -1) {
            i = n;
          } else {
            this.lastWasCr = false;
            this.state = State.QuoteInQuoted;
            i = j + 1;
          }
          break;
        }
        case State.QuoteInQuoted:
          if (text.charCodeAt(i) === QUOTE) {
            this.append('"');
            this.state = State.Quoted;
            i++;
          } else {
            // The field was closed; anything before the next delimiter is kept as text (lenient).
            this.state = State.Unquoted;
          }
          break;
      }
    }
    return this.take();
  }

  /** Signals the end of input; returns the last record if the text did not end with a line break. */
  end(): CsvRecord[] {
    if (this.state === State.Quoted) {
      this.endRecord('unterminated quoted field (a closing " is missing)');
    } else {
      this.endRecord();
    }
    return this.take();
  }

  private take(): CsvRecord[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private append(s: string): void {
    this.started = true;
    if (this.tooLong) return;
    this.size += s.length;
    if (this.size > this.maxRecordChars) {
      this.tooLong = true;
      this.field = '';
      this.fields = [];
      return;
    }
    this.field += s;
  }

  private endField(): void {
    if (!this.tooLong) this.fields.push(this.field);
    this.field = '';
  }

  private endRecord(error?: string): void {
    this.endField();
    if (this.started) {
      const record: CsvRecord = { line: this.recordLine, fields: this.fields };
      if (this.tooLong) record.error = `record longer than ${this.maxRecordChars} characters`;
      else if (error) record.error = error;
      this.out.push(record);
    }
    this.fields = [];
    this.size = 0;
    this.tooLong = false;
    this.started = false;
    this.lastWasCr = false;
    this.recordLine = this.line;
    this.state = State.FieldStart;
  }

  /** Counts line breaks inside a quoted field (CRLF, LF and a lone CR each count once). */
  private countBreaks(text: string, from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c === CR) {
        this.line++;
        this.lastWasCr = true;
      } else {
        if (c === LF && !this.lastWasCr) this.line++;
        this.lastWasCr = false;
      }
    }
  }
}

/** Parses a whole CSV text at once (for small inputs and tests). */
export function parseCsv(text: string, options?: CsvParserOptions): CsvRecord[] {
  const parser = new CsvParser(options);
  return [...parser.push(text), ...parser.end()];
}

/** Streams records from an async source of text chunks (e.g. a file stream with utf8 encoding). */
export async function* csvRecords(
  chunks: AsyncIterable<string>,
  options?: CsvParserOptions,
): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(options);
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}
