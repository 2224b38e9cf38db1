/**
 * Contracts of the loading stage: bytes → raw rows with their origin.
 * Nothing here knows about Viesion datasets; the model stage gives the rows meaning.
 */

export type Container = 'csv' | 'xlsx' | 'html';
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * A cell as the loader hands it over.
 * - CSV and HTML cells are always strings (trimmed of nothing: the model trims).
 * - XLSX cells: string (shared/inline/rich text flattened, hyperlink text, formula result),
 *   number (a numeric cell that is NOT date-formatted: ids, durations, or serial dates the
 *   model may still interpret with `date1904`), boolean, or a date cell already converted
 *   to calendar text: 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM' or, for time-only cells, 'HH:MM'.
 * - null for an empty cell.
 */
export type Cell = string | number | boolean | null;

export interface RawRow {
  /** Cells in column order (index 0 = column A / first field). */
  cells: Cell[];
  /** The row number the user sees in Excel or a text editor (1-based, header and title rows included). */
  line: number;
}

/**
 * Rows one at a time, or the rest of the batch at hand at once: a million awaits (one per row)
 * cost a visible share of a large read. Both ways share one position.
 */
export interface BatchedRows extends AsyncIterator<RawRow> {
  /** The next rows (at least one), or null at the end. */
  nextBatch(): Promise<RawRow[] | null>;
}

/** One table to read: a CSV/HTML file, or one sheet of a workbook. */
export interface TableSource {
  path: string;
  sheet: string | null;
  container: Container;
  /** null for XLSX. */
  encoding: Encoding | null;
  /** null for XLSX and HTML. */
  delimiter: string | null;
  /** Workbook uses the 1904 date system (numeric serials must be read accordingly). */
  date1904: boolean;
  /** Non-fatal remarks of the loader (French), e.g. "guillemet non fermé ligne 12". */
  warnings: string[];
  /** Streams every physical row, title and blank rows included. May be called once. */
  rows(): AsyncIterable<RawRow>;
  /**
   * Starts reading now, on the table's worker thread when it has one (the configuration and the
   * rules load meanwhile); `rows()` then hands over the reader already started.
   */
  prefetch?(): void;
  /** Stops a prefetched read that will never be asked for (the audit stopped before reading). */
  abandon?(): void;
  /**
   * About how many rows the table holds (from the file size, or the sheet's <dimension>), so that
   * a million-row agenda is stored in columns sized once rather than doubled nine times.
   */
  rowsHint?: number;
}

/**
 * A row estimate never exceeds one row per this many bytes (of text, or of sheet XML): a head of
 * blank lines or a false <dimension> must not make the agenda reserve room for millions of rows.
 */
export const MIN_ROW_BYTES = 40;

export interface LoadOptions {
  /** Overrides encoding sniffing (text containers only). */
  encoding?: Encoding;
  /** Overrides delimiter sniffing. */
  delimiter?: string;
}

/**
 * A file-level problem: the audit cannot run (exit code 2).
 * `message` is one French sentence naming the file (and sheet) and saying what to do.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly sheet: string | null = null,
  ) {
    super(message);
    this.name = 'InputError';
  }
}
