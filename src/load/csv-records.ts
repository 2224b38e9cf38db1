/**
 * Records of delimited text: csv-parse for every record that needs a CSV parser, a plain split
 * for the lines that do not.
 *
 * csv-parse examines every byte against every option (quote, escape, delimiter, record delimiter,
 * look-ahead, size limit) and builds each field in a growing buffer: 0.65 s for a typical PLIE's
 * 8 MB agenda, 12 s for a million rows, most of `check`'s time. A line with no quote character
 * and no more than a third of csv-parse's record size limit (in characters; a character is at
 * most three UTF-8 bytes) has only one reading under csv-parse's options: its fields are the
 * text between delimiters. Those lines are split directly; a record with a quote (it may span
 * lines, hold delimiters, end in an error) is parsed by csv-parse, from a record boundary, with
 * the same options. The differential tests (csv-records.test.ts) hold the two readings equal over
 * generated files with quotes, ragged rows and every line ending.
 *
 * To know where a quoted record ends without parsing it twice, `recordEnd` follows csv-parse's
 * quoting rules (a quote opens a field only at its start, "" inside quotes is a quote, a closing
 * quote followed by anything else is kept, relax_quotes); csv-parse then reads the span. A record
 * left open past OPEN_RECORD_MAX (an unclosed quote) hands the rest of the file to one streaming
 * csv-parse, exactly as if it had read the file from the start: the same records, the same error.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { isMainThread } from 'node:worker_threads';
import { Parser, type Options as CsvParseOptions } from 'csv-parse';

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** csv-parse's reading core (the one its stream and sync APIs drive). */
interface ParseCore {
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
  state: { expectedRecordLength?: number };
}

function parseCore(options: CsvParseOptions): ParseCore {
  const core = (new Parser(options) as unknown as { api?: ParseCore }).api;
  if (typeof core?.parse !== 'function' || typeof core.state !== 'object') {
    throw new Error("csv-parse : l'interface de lecture attendue (Parser.api) a changé ; mettez plie-audit à jour.");
  }
  return core;
}

/**
 * With relax_column_count, csv-parse builds a CsvError (stack trace, context) for every record
 * whose length differs from the FIRST one's, then throws it away: an export with a title line
 * above a twelve-column table paid that on every row. Expecting the previous record's length
 * keeps one error per change of width.
 */
function pushTracking(core: ParseCore, out: string[][]): (record: string[]) => void {
  return (record) => {
    core.state.expectedRecordLength = record.length;
    out.push(record);
  };
}

/** csv-parse's options, with the three the splitter reads made explicit. */
export type CsvRecordOptions = CsvParseOptions & { delimiter: string; record_delimiter: string[]; max_record_size: number };

type Endings = 'lf' | 'crlf' | 'cr' | 'mixed';

function endingsOf(recordDelimiter: readonly string[]): Endings | null {
  const key = recordDelimiter.join('|');
  if (key === '\n') return 'lf';
  if (key === '\r\n') return 'crlf';
  if (key === '\r') return 'cr';
  if (key === '\r\n|\n|\r') return 'mixed';
  return null;
}

/** Characters a line may have and still be split directly (see the module comment). */
const fastLineMax = (maxRecordBytes: number): number => Math.floor(maxRecordBytes / 3);
/** Quoted records are parsed together up to this many characters. */
const SPAN_MAX = 64 * 1024;
/**
 * Once this many characters were read as quoted records, and more than were split, the file is
 * quoted throughout (some exporters quote every field): the rest goes to streaming csv-parse,
 * without following quotes twice. A typical PLIE's agenda with every field quoted took 1.9-2.4 s
 * span by span; with this switch, about what csv-parse alone takes (bench case typical-quoted).
 */
const QUOTED_SWITCH = 256 * 1024;
/** An open record longer than this (characters) sends the rest of the file to streaming csv-parse. */
const OPEN_RECORD_MAX = 2 * 1024 * 1024;

/**
 * Where the record starting at `pos` ends (just after its record delimiter), under csv-parse's
 * quoting rules; `text.length` when the text ends it (`eof`); -1 when more text is needed.
 */
export function recordEnd(text: string, pos: number, delimiter: number, endings: Endings, eof: boolean): number {
  const n = text.length;
  let quoting = false;
  let fieldEmpty = true;
  for (let i = pos; i < n; i++) {
    const c = text.charCodeAt(i);
    if (quoting) {
      if (c !== QUOTE) continue;
      if (i + 1 >= n) {
        if (!eof) return -1;
        quoting = false;
        continue;
      }
      if (text.charCodeAt(i + 1) === QUOTE) {
        i++;
        continue;
      }
      // Followed by a delimiter the field ends; by anything else csv-parse keeps the quote.
      quoting = false;
      fieldEmpty = false;
      continue;
    }
    if (c === QUOTE && fieldEmpty) {
      quoting = true;
      continue;
    }
    if (c === LF && (endings === 'lf' || endings === 'mixed')) return i + 1;
    if (c === CR && endings !== 'lf') {
      if (endings === 'cr') return i + 1;
      if (i + 1 >= n && !eof) return -1;
      if (text.charCodeAt(i + 1) === LF) return i + 2;
      if (endings === 'mixed') return i + 1;
    }
    fieldEmpty = c === delimiter;
  }
  return eof ? n : -1;
}

/**
 * Text in, records out, synchronously. `write` and `end` append the records they complete to
 * `out`; a csv-parse error is thrown after the records before it were appended.
 */
export class CsvRecordSplitter {
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly endings: Endings | null;
  private readonly fastMax: number;
  private carry = '';
  private started = false;
  private splitChars = 0;
  private quotedChars = 0;
  /** Set once the rest of the file goes to streaming csv-parse. */
  private stream: ParseCore | null = null;
  /**
   * V8 keeps a substring of 13 characters or more as a slice of its parent: a field kept by the
   * model (a name, a label) would hold its whole 64 KB chunk. A reading thread's structured
   * clone copies every field anyway; on the main thread (small files, PLIE_AUDIT_WORKERS=0, no
   * worker) a million-row agenda peaked at 491 MB instead of 240 without this copy.
   */
  private readonly unshare = isMainThread;

  constructor(private readonly options: CsvRecordOptions) {
    this.delimiter = options.delimiter;
    this.delimiterCode = options.delimiter.charCodeAt(0);
    this.endings = options.delimiter.length === 1 ? endingsOf(options.record_delimiter) : null;
    this.fastMax = fastLineMax(options.max_record_size);
  }

  write(text: string, out: string[][]): void {
    if (text.length === 0) return;
    if (!this.started) {
      this.started = true;
      // csv-parse's `bom` option: one byte-order mark at the very start.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (this.endings === null) this.stream = this.newCore();
    }
    if (this.stream !== null) return this.streamed(Buffer.from(text), false, out);
    this.split(this.carry.length > 0 ? this.carry + text : text, false, out);
  }

  end(out: string[][]): void {
    if (this.stream !== null) return this.streamed(undefined, true, out);
    const rest = this.carry;
    this.carry = '';
    if (rest.length > 0) this.split(rest, true, out);
  }

  /** A csv-parse core for text that starts at a record boundary, after the file's BOM. */
  private newCore(): ParseCore {
    return parseCore({ ...this.options, bom: false });
  }

  /** From this record boundary on, the file goes to streaming csv-parse. */
  private streamFrom(rest: string, eof: boolean, out: string[][]): void {
    this.carry = '';
    this.stream = this.newCore();
    if (rest.length > 0) this.streamed(Buffer.from(rest), false, out);
    if (eof) this.streamed(undefined, true, out);
  }

  private streamed(buf: Buffer | undefined, end: boolean, out: string[][]): void {
    const core = this.stream!;
    const err = core.parse(buf, end, pushTracking(core, out), () => undefined);
    if (err !== undefined) throw err;
  }

  /** Splits `text` from a record boundary; keeps what no record delimiter ends yet (unless `eof`). */
  private split(text: string, eof: boolean, out: string[][]): void {
    const n = text.length;
    const endings = this.endings!;
    const delimiter = this.delimiter;
    let pos = 0;
    // Next quote / line break at or after pos (n when none): each searched once per occurrence.
    let nextQuote = -1;
    let nextBreak = -1;
    let nextLf = -1;
    const lineBreak = endings === 'lf' ? '\n' : endings === 'crlf' ? '\r\n' : '\r';
    while (pos < n) {
      if (nextQuote < pos) nextQuote = indexOr(text, '"', pos, n);
      if (nextBreak < pos) nextBreak = indexOr(text, lineBreak, pos, n);
      // The line: up to the first record delimiter, quotes ignored.
      let lineEnd = nextBreak;
      let delimiterLength = endings === 'crlf' ? 2 : 1;
      if (endings === 'mixed') {
        if (nextLf < pos) nextLf = indexOr(text, '\n', pos, n);
        if (nextLf < lineEnd) lineEnd = nextLf;
        else if (lineEnd < n) {
          if (lineEnd + 1 >= n && !eof) lineEnd = n; // a CR at the end may be half of a CRLF
          else if (text.charCodeAt(lineEnd + 1) === LF) delimiterLength = 2;
        }
      }
      if (lineEnd >= n && !eof) break;
      if (nextQuote >= lineEnd && lineEnd - pos <= this.fastMax) {
        const fields = text.slice(pos, lineEnd).split(delimiter);
        if (this.unshare) unshareFields(fields);
        out.push(fields);
        this.splitChars += lineEnd - pos;
        pos = lineEnd + (lineEnd < n ? delimiterLength : 0);
        continue;
      }
      const end = this.quotedSpan(text, pos, eof, out);
      if (end === -1) break;
      this.quotedChars += end - pos;
      pos = end;
      if (this.quotedChars > QUOTED_SWITCH && this.quotedChars > this.splitChars) return this.streamFrom(text.slice(pos), eof, out);
    }
    const rest = pos === 0 ? text : text.slice(pos);
    // An unclosed quote, most likely: csv-parse reads on from this record boundary, streaming.
    if (!eof && rest.length > OPEN_RECORD_MAX) this.streamFrom(rest, false, out);
    else this.carry = rest;
  }

  /**
   * Parses, with csv-parse, the records from `pos` on while they contain quotes or are long, up to
   * SPAN_MAX; returns where they end, or -1 when the first of them is not complete yet.
   */
  private quotedSpan(text: string, pos: number, eof: boolean, out: string[][]): number {
    const n = text.length;
    let end = pos;
    for (;;) {
      const next = recordEnd(text, end, this.delimiterCode, this.endings!, eof);
      if (next === -1) break;
      end = next;
      if (end >= n || end - pos >= SPAN_MAX) break;
      const quote = text.indexOf('"', end);
      const nl = text.indexOf(this.endings === 'cr' ? '\r' : '\n', end);
      if (nl === -1 || quote === -1 || quote > nl) break;
    }
    if (end === pos) return -1;
    const core = this.newCore();
    const err = core.parse(Buffer.from(text.slice(pos, end)), true, pushTracking(core, out), () => undefined);
    if (err !== undefined) throw err;
    return end;
  }
}

/** Long fields as strings of their own (see CsvRecordSplitter.unshare). */
function unshareFields(fields: string[]): void {
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k]!;
    // Slicing a concatenation flattens it into a new string first: the copy.
    if (f.length >= 13) fields[k] = (f + ' ').slice(0, -1);
  }
}

function indexOr(text: string, search: string, from: number, none: number): number {
  const i = text.indexOf(search, from);
  return i === -1 ? none : i;
}

/**
 * The splitter as a stream: bytes (UTF-8) or text (already decoded) in, arrays of records out,
 * one array per chunk. A csv-parse error ends the stream after the records before it.
 */
export class CsvRecordStream extends Transform {
  private readonly splitter: CsvRecordSplitter;
  private readonly decoder = new StringDecoder('utf8');

  constructor(options: CsvRecordOptions) {
    // Two chunks' records waiting, not sixteen: on a reading thread they are live data its young
    // generation copies at every scavenge (million-row agenda: peak 246 MB instead of 248-259).
    super({ readableObjectMode: true, readableHighWaterMark: 2, decodeStrings: false });
    this.splitter = new CsvRecordSplitter(options);
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.run((out) => this.splitter.write(typeof chunk === 'string' ? chunk : this.decoder.write(chunk), out), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.run((out) => {
      const tail = this.decoder.end();
      if (tail.length > 0) this.splitter.write(tail, out);
      this.splitter.end(out);
    }, callback);
  }

  private run(step: (out: string[][]) => void, callback: TransformCallback): void {
    const out: string[][] = [];
    try {
      step(out);
    } catch (err) {
      if (out.length > 0) this.push(out);
      callback(err as Error);
      return;
    }
    if (out.length > 0) this.push(out);
    callback();
  }
}
