/**
 * Delimited text, streamed: file → (iconv-lite decoder) → csv-parse in arrays mode.
 *
 * Line numbers are counted here, not taken from csv-parse's `info.lines`: that counter adds two
 * lines for every CRLF inside a quoted field. Every physical line belongs to exactly one record
 * (blank lines are records too, nothing is skipped), so a record starts one line after the
 * previous one ended, and spans 1 + the line breaks inside its fields.
 */
import { createReadStream } from 'node:fs';
import { pipeline, type Transform } from 'node:stream';
import iconv from 'iconv-lite';
import { CsvRecordStream, type CsvRecordOptions } from './csv-records.js';
import { offThreadRows, onceRows, shouldOffload } from './offthread.js';
import { iconvName } from './sniff.js';
import { createSignal } from './signal.js';
import { InputError, type BatchedRows, type Encoding, type RawRow, type TableSource } from './types.js';

export const MAX_COLUMNS = 16_384;
export const MAX_FIELD_BYTES = 1024 * 1024;

const q = (p: string): string => `« ${p} »`;

function lineBreaks(field: string): number {
  let n = 0;
  for (let i = field.indexOf('\r'); i !== -1; i = field.indexOf('\r', i + 1)) {
    n++;
    if (field.charCodeAt(i + 1) === 10) i++;
  }
  for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) {
    if (i === 0 || field.charCodeAt(i - 1) !== 13) n++;
  }
  return n;
}

function csvError(file: string, line: number, err: unknown): InputError {
  const code = (err as { code?: string }).code;
  let message: string;
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      message =
        `${q(file)}, ligne ${line} : un guillemet ouvert n'est jamais refermé, le reste du fichier serait lu comme une seule cellule. ` +
        `Corrigez cette ligne ou réexportez le fichier.`;
      break;
    case 'CSV_MAX_RECORD_SIZE':
      message =
        `${q(file)}, ligne ${line} : une cellule dépasse 1 Mo (guillemet non refermé ?). ` +
        `Corrigez cette ligne ou réexportez le fichier.`;
      break;
    default:
      message = `${q(file)}, ligne ${line} : texte délimité illisible à cet endroit. Vérifiez le fichier ou réexportez-le.`;
  }
  const e = new InputError(message, file);
  e.cause = err;
  return e;
}

function streamError(file: string, line: number, err: unknown): InputError {
  if (err instanceof InputError) return err;
  const sys = err as NodeJS.ErrnoException;
  if (sys.syscall) {
    const e = new InputError(`${q(file)} : lecture impossible (${sys.code ?? sys.message}) : vérifiez le fichier.`, file);
    e.cause = err;
    return e;
  }
  return csvError(file, line, err);
}

/** Rows read in batches: one await per batch of whatever csv-parse has ready, not one per row. */
export interface RowBatches {
  /** Up to `max` rows (at least one), or null at the end. */
  next(max: number): Promise<RawRow[] | null>;
  close(): void;
}

/**
 * How to read one delimited file, as sniffed: plain data, handed as is to a worker thread
 * (offthread.ts) or read here.
 */
export interface CsvRead {
  file: string;
  encoding: Encoding;
  delimiter: string;
  /** What ends a record: the file's only line ending, or all three when mixed. */
  recordDelimiter: string[];
}

/**
 * csv-parse's options for every delimited file, on the main thread or a worker: arrays mode,
 * every line a record (blank ones too: line numbers stay right), ragged rows and stray quotes
 * accepted, a field capped at MAX_FIELD_BYTES.
 */
export function csvParseOptions(read: Pick<CsvRead, 'delimiter' | 'recordDelimiter'>): CsvRecordOptions {
  return {
    delimiter: read.delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    record_delimiter: read.recordDelimiter,
    max_record_size: MAX_FIELD_BYTES,
    skip_empty_lines: false,
  };
}

/**
 * The records stream (csv-records.ts: csv-parse where a CSV parser is needed), read synchronously
 * while it has records: hand-written rather than an async generator over the stream's iterator,
 * which cost one promise hop per row.
 */
export function csvBatches(read: CsvRead): RowBatches {
  const { file, encoding } = read;
  // 64 KB at a time: csv-parse turns a whole chunk into records before any is read, and a
  // megabyte's worth (6 000 rows) outlived the young generation: promoted, then collected late,
  // they grew a million-row read by ~200 MB.
  const input = createReadStream(file, { flags: 'r', highWaterMark: 64 * 1024 });
  const parser = new CsvRecordStream(csvParseOptions(read));
  const stages: (NodeJS.ReadableStream | NodeJS.WritableStream | Transform)[] = [input];
  // UTF-8 is decoded by the records stream (a character split across chunks is safe); other
  // encodings are decoded as a stream (BOM dropped by iconv-lite).
  if (encoding !== 'utf-8') stages.push(iconv.decodeStream(iconvName(encoding)) as unknown as Transform);
  stages.push(parser);
  pipeline(stages, () => undefined);

  let line = 1;
  let ended = false;
  let failure: unknown = null;
  let closed = false;
  const signal = createSignal();
  const notify = signal.notify;
  parser.on('readable', notify);
  parser.on('end', () => {
    ended = true;
    notify();
  });
  parser.on('error', (err) => {
    failure ??= err;
    notify();
  });
  const close = (): void => {
    closed = true;
    parser.destroy();
    input.destroy();
  };
  // The stream hands out the records of a chunk together.
  let records: string[][] = [];
  let index = 0;

  return {
    async next(max: number): Promise<RawRow[] | null> {
      const batch: RawRow[] = [];
      while (!closed) {
        if (index === records.length) {
          const next = parser.read() as string[][] | null;
          if (next !== null) {
            records = next;
            index = 0;
          }
        }
        if (index < records.length) {
          const record = records[index++]!;
          if (record.length > MAX_COLUMNS) {
            close();
            throw new InputError(
              `${q(file)}, ligne ${line} : plus de 16 384 colonnes (${record.length.toLocaleString('fr-FR')}) ; ` +
                `le séparateur est sans doute mal détecté : précisez-le avec --delimiter.`,
              file,
            );
          }
          let span = 1;
          for (const field of record) {
            if (field.length > 0 && (field.includes('\n') || field.includes('\r'))) span += lineBreaks(field);
          }
          batch.push({ cells: record.length === 1 && record[0] === '' ? [] : record, line });
          line += span;
          if (batch.length >= max) return batch;
          continue;
        }
        // Rows already read go out before an error or the end is reported.
        if (batch.length > 0) return batch;
        if (failure !== null) {
          close();
          throw streamError(file, line, failure);
        }
        if (ended) break;
        await signal.wait();
      }
      close();
      return null;
    },
    close,
  };
}

/** Per-row iteration over batches (the TableSource contract), batches still at hand. */
export function rowsOf(batches: RowBatches, max = 1000): BatchedRows {
  let batch: RawRow[] = [];
  let index = 0;
  let finished = false;
  const done: IteratorReturnResult<undefined> = { value: undefined, done: true };
  /** Whether rows are at hand, after reading the next batch if needed. */
  const refill = async (): Promise<boolean> => {
    if (index < batch.length) return true;
    if (finished) return false;
    const next = await batches.next(max);
    if (next === null) {
      finished = true;
      return false;
    }
    batch = next;
    index = 0;
    return true;
  };
  return {
    async next(): Promise<IteratorResult<RawRow>> {
      if (index < batch.length || (await refill())) return { value: batch[index++]!, done: false };
      return done;
    },
    async nextBatch(): Promise<RawRow[] | null> {
      if (!(await refill())) return null;
      const rest = index === 0 ? batch : batch.slice(index);
      index = batch.length;
      return rest;
    },
    async return(): Promise<IteratorResult<RawRow>> {
      finished = true;
      batches.close();
      return done;
    },
  };
}

export function csvRows(read: CsvRead): BatchedRows {
  return rowsOf(csvBatches(read));
}

export function csvSource(
  file: string,
  encoding: Encoding,
  delimiter: string,
  recordDelimiter: string[],
  warnings: string[],
  size?: { bytes: number; rowsHint: number | undefined },
): TableSource {
  const read: CsvRead = { file, encoding, delimiter, recordDelimiter };
  return {
    path: file,
    sheet: null,
    container: 'csv',
    encoding,
    delimiter,
    date1904: false,
    warnings,
    rowsHint: size?.rowsHint,
    ...onceRows(file, shouldOffload(file, size?.bytes) ? () => offThreadRows({ kind: 'csv', ...read }, () => undefined) : null, () => csvRows(read)),
  };
}
