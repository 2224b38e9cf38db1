/**
 * A worksheet's rows from its XML (`<sheetData>`), cell values as the loader wants them.
 *
 * exceljs's WorksheetReader does this too, through saxes, a complete XML parser, and builds a Row
 * and a Cell object per cell (address validation, style merging, a Date per date cell that we
 * turned back into a serial). On the 300 000-row bench that was ~5 s of the reading thread, more
 * than all the rest of the audit. Sheet XML is machine-written and regular: a scanner that only
 * looks for tags, and reads attributes only on <row> and <c>, does the same work in a fraction of
 * the time. exceljs's WorkbookReader still unpacks the workbook's small parts and caches the
 * shared strings and styles the cells refer to.
 *
 * Reading the XML ourselves also mends three of exceljs's streaming bugs at the source: a rich
 * inline string keeps all its runs (exceljs kept the last), rows and cells without an r="…"
 * reference are placed in order (exceljs could not place them), and text is not entity-decoded
 * a second time (exceljs turned a typed "&lt;" into "<").
 */
import { convertCell, type CellStats } from './excel-cells.js';
import type { Cell, RawRow } from './types.js';

/** Excel's last column (XFD): a reference beyond it is damage, or a trap to make us fill memory. */
const MAX_SHEET_COLUMNS = 16_384;
/** Excel's last row: a larger number is damage, or a trap to make us emit a billion blank rows. */
const MAX_SHEET_ROWS = 1_048_576;
/**
 * The longest tag, comment or text run held back between two chunks. Excel caps a cell at 32 767
 * characters; a longer run without a '<' is damage, and must not grow until memory runs out.
 */
const MAX_PENDING_CHARS = 4 * 1024 * 1024;

export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] ?? '';
  });
}

/** XML text as a parser hands it over: entities decoded, line ends normalised to \n. */
function xmlText(raw: string): string {
  const t = raw.includes('&') ? decodeXml(raw) : raw;
  return t.includes('\r') ? t.replace(/\r\n?/g, '\n') : t;
}

/** What a sheet's cells refer to, from the workbook's other parts. */
export interface SheetContext {
  /** Shared strings as exceljs caches them: text, or `{ richText: [...] }`. */
  sharedStrings: readonly unknown[];
  /** The number format of a cell style (s="…"), if it has one. */
  numFmtOf(styleId: number): string | undefined;
  date1904: boolean;
  stats: CellStats;
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

/** A boolean cell's value: Excel writes 1 or 0; other writers TRUE or FALSE. */
function booleanOf(v: string): boolean {
  const t = v.trim().toLowerCase();
  return t === '1' || t === 'true';
}

const isSpace = (code: number): boolean => code === 32 || code === 10 || code === 13 || code === 9;

/** Attribute slots of readAttributes: r (reference), s (style), t (type), by char code. */
const ATTRIBUTE_SLOT: Record<number, number> = { 114: 0, 115: 1, 116: 2 };

/**
 * Reads the r, s and t attributes of the tag text between `i` and `n` into `out` (others
 * skipped), in place: a sheet has millions of tags, and cutting each tag and each attribute name
 * out of the text was a third of the scan. Throws on malformed syntax, as a full parser would.
 */
function readAttributes(text: string, i: number, n: number, out: (string | undefined)[]): void {
  out[0] = out[1] = out[2] = undefined;
  const malformed = (what: string, from: number): Error =>
    new Error(`${what} dans une balise XML : ${text.slice(from, Math.min(n, from + 40))}`);
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) return;
    const nameStart = i;
    while (i < n) {
      const code = text.charCodeAt(i);
      if (code === 61 /* = */ || isSpace(code)) break;
      i++;
    }
    const nameEnd = i;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n || text.charCodeAt(i) !== 61) throw malformed('attribut sans valeur', nameStart);
    i++;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    const quote = text.charCodeAt(i);
    if (i >= n || (quote !== 34 && quote !== 39)) throw malformed('valeur d\'attribut sans guillemets', nameStart);
    const end = text.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (end === -1 || end >= n) throw malformed('valeur d\'attribut non fermée', nameStart);
    if (nameEnd - nameStart === 1) {
      const slot = ATTRIBUTE_SLOT[text.charCodeAt(nameStart)];
      if (slot !== undefined) {
        const value = text.slice(i + 1, end);
        out[slot] = value.includes('&') ? decodeXml(value) : value;
      }
    }
    i = end + 1;
  }
}

/**
 * The local name of the element named between `start` and `end` (x:row → row: a prefix bound to
 * the main namespace is legal OOXML). The one-letter names of cells and values are constants, not
 * cut out of the text each time.
 */
function nameAt(text: string, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) === 58 /* : */) {
      start = i + 1;
      break;
    }
  }
  if (end - start === 1) {
    switch (text.charCodeAt(start)) {
      case 99:
        return 'c';
      case 118:
        return 'v';
      case 102:
        return 'f';
      case 116:
        return 't';
      case 114:
        return 'r';
    }
  }
  return text.slice(start, end);
}

/**
 * Feed it a sheet's XML text, chunk by chunk, in order (`push`, then `end`); `take()` hands over
 * the rows completed so far, numbered as Excel shows them: a row's r="…", or the one after the
 * previous row when it has none. Rows absent from the XML come as blank rows the user still sees.
 */
export class SheetXmlReader {
  private pending = '';
  private rows: RawRow[] = [];
  private readonly attrs: (string | undefined)[] = [undefined, undefined, undefined];
  private inData = false;
  private cells: Cell[] | null = null;
  private line = 0;
  /** The number the next row takes when it has no r="…". */
  private nextLine = 1;
  private col = 0;
  // The open <c>: its type, style and the text of its <v> (or of its inline string's runs).
  private inCell = false;
  private type: string | undefined = undefined;
  private style = 0;
  private value: string | null = null;
  private formula = false;
  private inInline = false;
  private inPhonetic = false;
  private capturing = false;

  constructor(private readonly ctx: SheetContext) {}

  push(chunk: string): void {
    const text = this.pending === '' ? chunk : this.pending + chunk;
    this.pending = '';
    const n = text.length;
    let i = 0;
    while (i < n) {
      const lt = text.indexOf('<', i);
      if (lt === -1) {
        // A text run may go on in the next chunk (and an entity be cut in two): keep it whole.
        this.hold(text.slice(i));
        return;
      }
      if (lt > i && this.capturing) this.value += xmlText(text.slice(i, lt));
      const end = this.tagEnd(text, lt);
      if (end === -1) {
        this.hold(text.slice(lt));
        return;
      }
      i = end;
    }
  }

  /** Call after the last chunk: a tag left open means the XML was cut short. */
  end(): void {
    if (this.pending.trim() !== '') throw new Error('XML de la feuille tronqué');
    this.pending = '';
  }

  /** The rows completed since the last call. */
  take(): RawRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  private hold(rest: string): void {
    if (rest.length > MAX_PENDING_CHARS) throw new Error('XML de la feuille mal formé (balise ou texte démesuré)');
    this.pending = rest;
  }

  /** Handles the markup starting at `lt`; returns the index after it, or -1 if it is incomplete. */
  private tagEnd(text: string, lt: number): number {
    const next = text.charCodeAt(lt + 1);
    if (next === 33 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const close = text.indexOf('-->', lt + 4);
        return close === -1 ? -1 : close + 3;
      }
      if (text.startsWith('<![CDATA[', lt)) {
        const close = text.indexOf(']]>', lt + 9);
        if (close === -1) return -1;
        if (this.capturing) this.value += text.slice(lt + 9, close);
        return close + 3;
      }
      if (text.length - lt < 9) return -1;
      // A DOCTYPE can declare entities (and entity bombs): Excel never writes one.
      throw new Error('déclaration XML non prise en charge dans une feuille');
    }
    const gt = text.indexOf('>', lt + 1);
    if (gt === -1) return -1;
    if (next === 63 /* ? */) return gt + 1;
    if (next === 47 /* / */) {
      let end = gt;
      while (end > lt + 2 && isSpace(text.charCodeAt(end - 1))) end--;
      this.close(nameAt(text, lt + 2, end));
      return gt + 1;
    }
    const selfClosing = text.charCodeAt(gt - 1) === 47;
    const tagEnd = selfClosing ? gt - 1 : gt;
    let nameEnd = lt + 1;
    while (nameEnd < tagEnd && !isSpace(text.charCodeAt(nameEnd))) nameEnd++;
    const name = nameAt(text, lt + 1, nameEnd);
    this.open(name, text, nameEnd, tagEnd);
    if (selfClosing) this.close(name);
    return gt + 1;
  }

  /** An element opens; its attributes are text[attrsStart, attrsEnd). */
  private open(name: string, text: string, attrsStart: number, attrsEnd: number): void {
    switch (name) {
      case 'sheetData':
        this.inData = true;
        return;
      case 'row': {
        if (!this.inData) return;
        readAttributes(text, attrsStart, attrsEnd, this.attrs);
        const r = this.attrs[0];
        const line = r === undefined ? 0 : parseInt(r, 10) || 0;
        this.line = line > 0 ? line : this.nextLine;
        if (this.line > MAX_SHEET_ROWS) throw new Error(`ligne ${this.line} au-delà de la dernière ligne d'Excel`);
        this.cells = [];
        this.col = 0;
        return;
      }
      case 'c': {
        if (this.cells === null) return;
        readAttributes(text, attrsStart, attrsEnd, this.attrs);
        const [ref, s, t] = this.attrs;
        const fromRef = ref === undefined ? 0 : columnOf(ref);
        this.col = fromRef > 0 ? fromRef : this.col + 1;
        if (this.col > MAX_SHEET_COLUMNS) throw new Error(`colonne au-delà de la dernière colonne d'Excel (${ref ?? this.col})`);
        this.inCell = true;
        this.type = t;
        this.style = s === undefined ? 0 : parseInt(s, 10) || 0;
        this.value = null;
        this.formula = false;
        return;
      }
      case 'v':
        if (!this.inCell) return;
        this.value = '';
        this.capturing = true;
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
        if (this.inInline && !this.inPhonetic) this.capturing = true;
        return;
    }
  }

  private close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.capturing = false;
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
        while (this.nextLine < this.line) this.rows.push({ cells: [], line: this.nextLine++ });
        this.rows.push({ cells, line: this.line });
        this.nextLine = Math.max(this.nextLine, this.line + 1);
        this.cells = null;
        return;
      }
      case 'sheetData':
        this.inData = false;
        return;
    }
  }

  private endCell(): void {
    this.inCell = false;
    this.capturing = false;
    this.inInline = false;
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
      switch (this.type) {
        case 'str':
          return convertCell(value, undefined, ctx.date1904);
        case 'b':
          return booleanOf(value);
        case 'e':
          return null;
        default:
          return this.number(value);
      }
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
        return booleanOf(value);
      default:
        return this.number(value);
    }
  }

  private number(text: string): Cell {
    return convertCell(parseFloat(text), this.ctx.numFmtOf(this.style), this.ctx.date1904);
  }
}
