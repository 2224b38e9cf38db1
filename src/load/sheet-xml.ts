/**
 * A worksheet's rows from the SAX events of its XML (`<sheetData>`), cell values as the loader
 * wants them.
 *
 * exceljs's WorksheetReader does this too, but builds a Row and Cell object per cell (address
 * validation, style merging, a Date per date cell that we turned back into a serial): on the
 * 300 000-row bench that was ~2.5 s of the reading thread, more than its XML parsing. Its
 * WorkbookReader still unpacks the workbook and caches the shared strings and styles we use here.
 *
 * Reading the events ourselves also mends three of its streaming bugs at the source: a rich
 * inline string keeps all its runs (exceljs kept the last), rows and cells without an r="…"
 * reference are placed in order (exceljs could not place them), and text is not entity-decoded
 * a second time (exceljs turned a typed "&lt;" into "<").
 */
import { convertCell, type CellStats } from './excel-cells.js';
import type { Cell, RawRow } from './types.js';

/** Excel's last column (XFD): a reference beyond it is damage, or a trap to make us fill memory. */
export const MAX_SHEET_COLUMNS = 16_384;

/** What a sheet's cells refer to, from the workbook's other parts. */
export interface SheetContext {
  /** Shared strings as exceljs caches them: text, or `{ richText: [...] }`. */
  sharedStrings: readonly unknown[];
  /** The number format of a cell style (s="…"), if it has one. */
  numFmtOf(styleId: number): string | undefined;
  date1904: boolean;
  stats: CellStats;
}

export interface SaxTag {
  name: string;
  attributes: Record<string, string>;
}

/** Column number of a reference's letters (AB12 → 28), 0 when it has none. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
    if (n > MAX_SHEET_COLUMNS) break;
  }
  return n;
}

const enum Capture {
  None,
  Value,
}

/**
 * Feed it a sheet's SAX events in document order (`open`, `text`, `close`); `take()` hands over
 * the rows completed so far. A row's `line` is its r="…" number, or 0 when it has none (the
 * caller numbers it after the previous row).
 */
export class SheetRowBuilder {
  private rows: RawRow[] = [];
  private inData = false;
  private cells: Cell[] | null = null;
  private line = 0;
  private col = 0;
  // The open <c>: its type, style and the text of its <v> (or of its inline string's runs).
  private inCell = false;
  private type: string | undefined = undefined;
  private style = 0;
  private value: string | null = null;
  private formula = false;
  private inInline = false;
  private inPhonetic = false;
  private capture = Capture.None;

  constructor(private readonly ctx: SheetContext) {}

  open(tag: SaxTag): void {
    switch (tag.name) {
      case 'sheetData':
        this.inData = true;
        return;
      case 'row': {
        if (!this.inData) return;
        const r = tag.attributes.r;
        this.line = r === undefined ? 0 : parseInt(r, 10) || 0;
        this.cells = [];
        this.col = 0;
        return;
      }
      case 'c': {
        if (this.cells === null) return;
        const a = tag.attributes;
        const fromRef = a.r === undefined ? 0 : columnOf(a.r);
        this.col = fromRef > 0 ? fromRef : this.col + 1;
        if (this.col > MAX_SHEET_COLUMNS) throw new Error(`colonne au-delà de la dernière colonne d'Excel (${a.r ?? this.col})`);
        this.inCell = true;
        this.type = a.t;
        this.style = a.s === undefined ? 0 : parseInt(a.s, 10) || 0;
        this.value = null;
        this.formula = false;
        return;
      }
      case 'v':
        if (!this.inCell) return;
        this.value = '';
        this.capture = Capture.Value;
        return;
      case 'f':
        if (this.inCell) this.formula = true;
        return;
      case 'is':
        if (!this.inCell) return;
        this.inInline = true;
        this.value = '';
        return;
      case 'rPh':
        this.inPhonetic = true;
        return;
      case 't':
        // Every run's text, phonetic guides (<rPh>) excluded.
        if (this.inInline && !this.inPhonetic) this.capture = Capture.Value;
        return;
    }
  }

  text(text: string): void {
    if (this.capture === Capture.Value) this.value += text;
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.capture = Capture.None;
        return;
      case 'rPh':
        this.inPhonetic = false;
        return;
      case 'is':
        this.inInline = false;
        return;
      case 'c':
        if (this.inCell) this.endCell();
        return;
      case 'row': {
        const cells = this.cells;
        if (cells === null) return;
        while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
        this.rows.push({ cells, line: this.line });
        this.cells = null;
        return;
      }
      case 'sheetData':
        this.inData = false;
        return;
    }
  }

  /** The rows completed since the last call. */
  take(): RawRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  private endCell(): void {
    this.inCell = false;
    this.capture = Capture.None;
    const cell = this.cellValue();
    if (cell === null) return;
    const cells = this.cells!;
    while (cells.length < this.col - 1) cells.push(null);
    cells[this.col - 1] = cell;
  }

  /** The cell's value, typed by t="…" as Excel writes it; formulas give their cached result. */
  private cellValue(): Cell {
    const { value, ctx } = this;
    if (this.formula) {
      if (value === null) {
        ctx.stats.formulasWithoutValue++;
        return null;
      }
      if (this.type === 'str') return convertCell(value, undefined, ctx.date1904);
      // An error result (#N/A) parses as NaN, which reads as empty.
      return this.number(value);
    }
    if (value === null) return null;
    switch (this.type) {
      case 's':
        return convertCell(ctx.sharedStrings[parseInt(value, 10)], undefined, ctx.date1904);
      case 'inlineStr':
      case 'str':
      // ISO 8601 date cells (t="d") stay text: the model reads ISO dates.
      case 'd':
        return convertCell(value, undefined, ctx.date1904);
      case 'e':
        return null;
      case 'b':
        return parseInt(value, 10) !== 0;
      default:
        return this.number(value);
    }
  }

  private number(text: string): Cell {
    return convertCell(parseFloat(text), this.ctx.numFmtOf(this.style), this.ctx.date1904);
  }
}
