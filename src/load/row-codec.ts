/**
 * Row batches as they cross from a reading thread to the main thread: repeated text sent once.
 *
 * A structured clone copies every string of every cell, so the main thread received a million
 * fresh copies of the same participant number, référent, date and kind: each one then hashed
 * again by every Map that looks it up (memos, interning, the agenda store's column codes), and
 * each one garbage. Here the reading thread gives each distinct text a number the first time it
 * sends it; later cells send the number, and the main thread hands out the very string it
 * received then, whose hash V8 has already cached (a Map lookup: ~10 ns instead of ~55 for a
 * fresh copy of a 25-letter text). Main-thread mapping of the million-row agenda: ~0.3 s less.
 *
 * A column whose text hardly repeats (a date-time of entry, free comments) is sent as is once that
 * is seen, and the dictionary is capped, so that neither side keeps a copy of a whole file.
 */
import type { Cell, RawRow } from './types.js';

/**
 * A batch on the wire: plain arrays (transferred typed arrays measured the same, three runs each,
 * and are one more thing to get right).
 */
export interface EncodedRows {
  /** Cells per row. */
  widths: number[];
  /** Per cell: a dictionary code (≥ 0), NULL_CELL, or LITERAL_CELL (next item of `literals`). */
  codes: number[];
  literals: Cell[];
  /** Dictionary entries new in this batch, in code order. */
  added: string[];
  lines: number[];
}

const NULL_CELL = -1;
const LITERAL_CELL = -2;
/** Distinct texts kept by each side at most. */
const MAX_DICTIONARY = 200_000;
/**
 * Distinct texts one column may add: a network's participant numbers fit, a column of dates and
 * times of entry (hundreds of thousands, each repeated a few times) stops there rather than
 * fill the dictionary, which the main thread keeps until the table is read.
 */
const MAX_COLUMN_CODES = 65_536;
/** Longer texts are sent as is: a long text that repeats is rare, and costly to hash. */
const MAX_CODED_LENGTH = 128;
/** A column's texts are looked up this many times before it is judged. */
const JUDGE_AFTER = 4096;

/** Columns judged one by one; cells beyond are sent as is (a table is a few dozen columns wide). */
const MAX_CODED_COLUMNS = 256;

export class RowEncoder {
  // One map per column: a column's values stay together in memory (a global map of every
  // participant number and every référent was slower to search on the reading thread).
  private readonly codeOf: Map<string, number>[] = [];
  private size = 0;
  private added: string[] = [];
  private widths: number[] = [];
  private codes: number[] = [];
  private literals: Cell[] = [];
  private lines: number[] = [];
  // Per column: lookups, and new texts among them; a column found to be free text is sent as is.
  private readonly lookups = new Int32Array(MAX_CODED_COLUMNS);
  private readonly misses = new Int32Array(MAX_CODED_COLUMNS);
  private readonly literal = new Uint8Array(MAX_CODED_COLUMNS);

  /**
   * @param coding false: every cell is sent as is. For a workbook: there the reading thread is
   * the critical path, and the main thread has time to spare while it waits for rows.
   */
  constructor(private readonly coding = true) {}

  get rows(): number {
    return this.lines.length;
  }

  add(row: RawRow): void {
    const cells = row.cells;
    this.widths.push(cells.length);
    this.lines.push(row.line);
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!;
      if (cell === null) this.codes.push(NULL_CELL);
      else if (!this.coding || typeof cell !== 'string' || cell.length > MAX_CODED_LENGTH || c >= MAX_CODED_COLUMNS || this.literal[c] === 1) {
        this.codes.push(LITERAL_CELL);
        this.literals.push(cell);
      } else {
        this.codes.push(this.code(cell, c));
      }
    }
  }

  /** The batch so far. */
  take(): EncodedRows {
    const batch: EncodedRows = { widths: this.widths, codes: this.codes, literals: this.literals, added: this.added, lines: this.lines };
    this.widths = [];
    this.codes = [];
    this.literals = [];
    this.added = [];
    this.lines = [];
    return batch;
  }

  private code(text: string, col: number): number {
    let map = this.codeOf[col];
    if (map === undefined) {
      while (this.codeOf.length <= col) this.codeOf.push(new Map());
      map = this.codeOf[col]!;
    }
    const hit = map.get(text);
    const n = ++this.lookups[col]!;
    if (hit !== undefined) return hit;
    const missed = ++this.misses[col]!;
    if (n >= JUDGE_AFTER && missed * 2 > n) {
      // Mostly new texts: free text or a timestamp, not worth a dictionary.
      this.literal[col] = 1;
      map.clear();
    }
    if (this.literal[col] === 1 || this.size >= MAX_DICTIONARY || map.size >= MAX_COLUMN_CODES) {
      this.literals.push(text);
      return LITERAL_CELL;
    }
    const code = this.size++;
    // Parsers cut cells out of a whole chunk of the file, and V8 keeps such a slice as a view of
    // its parent: kept as is, each text would keep its chunk alive. Slicing a concatenation
    // flattens it first, so the kept text views a copy of its own size instead.
    map.set((' ' + text).slice(1), code);
    this.added.push(text);
    return code;
  }
}

export class RowDecoder {
  private readonly dictionary: string[] = [];

  /** Call once per batch, in the order they were sent (it extends the dictionary). */
  learn(batch: EncodedRows): void {
    for (const text of batch.added) this.dictionary.push(text);
  }

  /** The batch's rows; `learn` must have seen it and every batch before it. */
  decode(batch: EncodedRows): RawRow[] {
    const { widths, codes, literals, lines } = batch;
    const dictionary = this.dictionary;
    const rows = new Array<RawRow>(widths.length);
    let k = 0;
    let l = 0;
    for (let r = 0; r < widths.length; r++) {
      const width = widths[r]!;
      const cells = new Array<Cell>(width);
      for (let c = 0; c < width; c++) {
        const code = codes[k++]!;
        cells[c] = code >= 0 ? dictionary[code]! : code === NULL_CELL ? null : literals[l++]!;
      }
      rows[r] = { cells, line: lines[r]! };
    }
    return rows;
  }
}
