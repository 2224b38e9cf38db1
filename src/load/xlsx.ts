/**
 * XLSX workbooks, streamed through exceljs's WorkbookReader.
 *
 * We read the ZIP directory ourselves (zip-bomb limits, sheet list, date system, empty sheets),
 * then give exceljs, for each sheet, a rebuilt ZIP stream holding only what it needs in the order
 * it needs it: rels, workbook, styles, shared strings, then the sheet. This sidesteps exceljs's
 * streaming pitfalls: parts arriving after the sheets (temp files, dates left as numbers, crash on
 * a missing workbook model), hard-coded part names, data descriptors, and every other sheet being
 * inflated again for nothing. exceljs unpacks that ZIP and caches the shared strings and styles;
 * the sheet itself we inflate and read (sheet-xml.ts).
 *
 * Merged cells: the streaming reader ignores <mergeCells> (they follow the rows in the file), so
 * only the top-left cell of a merge holds the value; the model carries référent/structure down.
 */
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import type { CellStats } from './excel-cells.js';
import { decodeXml, SheetXmlReader } from './sheet-xml.js';
import { offThreadRows, onceRows, shouldOffload } from './offthread.js';
import { InputError, MIN_ROW_BYTES, type RawRow, type TableSource } from './types.js';
import {
  checkDeclaredSizes,
  entryDataOffset,
  inflateEntry,
  readCentralDirectory,
  readSmallEntry,
  rebuildZip,
  ZipBombError,
  ZipFormatError,
  type ZipEntry,
  type ZipPart,
} from './zip.js';

const q = (p: string): string => `« ${p} »`;

export function unreadableXlsx(file: string, cause?: unknown, sheet: string | null = null): InputError {
  const where = sheet ? `${q(file)} (feuille « ${sheet} »)` : q(file);
  const err = new InputError(
    `${where} : fichier .xlsx illisible ou tronqué : réenregistrez-le depuis Excel (Fichier > Enregistrer sous > Classeur Excel .xlsx).`,
    file,
    sheet,
  );
  if (cause !== undefined) err.cause = cause;
  return err;
}

function zipBomb(file: string, detail: string, sheet: string | null = null): InputError {
  return new InputError(
    `${q(file)} : le classeur semble corrompu ou malveillant : ${detail}. ` +
      `Ouvrez-le dans Excel pour vérifier son contenu, ou exportez les données en CSV.`,
    file,
    sheet,
  );
}

function toInputError(err: unknown, file: string, sheet: string | null = null): InputError {
  if (err instanceof InputError) return err;
  if (err instanceof ZipBombError) return zipBomb(file, err.detail, sheet);
  return unreadableXlsx(file, err, sheet);
}

// ----- tiny XML helpers (the parts we read ourselves are small and machine-written) -----

/** Attributes by local name (namespace prefixes dropped: r:id → id). */
function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const full = m[1] ?? '';
    const local = full.includes(':') ? full.slice(full.indexOf(':') + 1) : full;
    const value = decodeXml(m[2] ?? m[3] ?? '');
    // A prefixed attribute wins over an unprefixed one of the same local name (r:id vs id).
    if (!out.has(local) || full.includes(':')) out.set(local, value);
  }
  return out;
}

function tags(xml: string, localName: string): Map<string, string>[] {
  const re = new RegExp(`<(?:[\\w.-]+:)?${localName}\\b([^>]*)>`, 'g');
  return [...xml.matchAll(re)].map((m) => attributes(m[1] ?? ''));
}

interface Relationship {
  type: string;
  target: string;
}

function parseRels(xml: string, baseDir: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  for (const a of tags(xml, 'Relationship')) {
    const id = a.get('Id');
    const target = a.get('Target');
    if (!id || !target || a.get('TargetMode') === 'External') continue;
    const resolved = target.startsWith('/')
      ? path.posix.normalize(target.slice(1))
      : path.posix.normalize(path.posix.join(baseDir, target));
    rels.set(id, { type: a.get('Type') ?? '', target: resolved });
  }
  return rels;
}

const relsPathOf = (part: string): string =>
  path.posix.join(path.posix.dirname(part), '_rels', `${path.posix.basename(part)}.rels`);

// ----- workbook plan -----

interface SheetPlan {
  name: string;
  hidden: boolean;
  entry: ZipEntry;
  /** See TableSource.rowsHint and MIN_ROW_BYTES. */
  rowsHint?: number;
}

interface WorkbookPlan {
  date1904: boolean;
  styles: ZipEntry | null;
  sharedStrings: ZipEntry | null;
  sheets: SheetPlan[];
}

async function planWorkbook(file: string, fh: FileHandle, size: number, entries: ZipEntry[]): Promise<WorkbookPlan> {
  const byName = new Map<string, ZipEntry>();
  const byLowerName = new Map<string, ZipEntry>();
  for (const e of entries) {
    byName.set(e.name, e);
    byLowerName.set(e.name.toLowerCase(), e);
  }
  const find = (name: string): ZipEntry | undefined => byName.get(name) ?? byLowerName.get(name.toLowerCase());
  const text = async (e: ZipEntry): Promise<string> => (await readSmallEntry(fh, e, size)).toString('utf8');

  const mimetype = find('mimetype');
  if (mimetype && (await text(mimetype)).includes('opendocument.spreadsheet')) {
    throw new InputError(
      `${q(file)} est un classeur OpenDocument (.ods) : réenregistrez-le au format Classeur Excel (.xlsx) ou CSV.`,
      file,
    );
  }

  let workbookPath = 'xl/workbook.xml';
  const rootRels = find('_rels/.rels');
  if (rootRels) {
    for (const rel of parseRels(await text(rootRels), '').values()) {
      if (rel.type.endsWith('/officeDocument')) workbookPath = rel.target;
    }
  }
  if (/\.bin$/i.test(workbookPath) || find('xl/workbook.bin')) {
    throw new InputError(
      `${q(file)} est un classeur binaire Excel (.xlsb) : réenregistrez-le au format Classeur Excel (.xlsx) ou CSV.`,
      file,
    );
  }
  const workbookEntry = find(workbookPath);
  if (!workbookEntry) {
    throw new InputError(
      `${q(file)} est une archive ZIP qui ne contient pas de classeur Excel : fournissez l'export au format .xlsx ou CSV.`,
      file,
    );
  }
  const workbookXml = await text(workbookEntry);
  const pr = tags(workbookXml, 'workbookPr')[0];
  const date1904Attr = pr?.get('date1904');
  const date1904 = date1904Attr === '1' || date1904Attr === 'true';

  const relsEntry = find(relsPathOf(workbookPath));
  const rels = relsEntry ? parseRels(await text(relsEntry), path.posix.dirname(workbookPath)) : new Map<string, Relationship>();
  let styles: ZipEntry | null = null;
  let sharedStrings: ZipEntry | null = null;
  for (const rel of rels.values()) {
    if (rel.type.endsWith('/styles')) styles = find(rel.target) ?? null;
    if (rel.type.endsWith('/sharedStrings')) sharedStrings = find(rel.target) ?? null;
  }
  const dir = path.posix.dirname(workbookPath);
  styles ??= find(`${dir}/styles.xml`) ?? null;
  sharedStrings ??= find(`${dir}/sharedStrings.xml`) ?? null;

  const sheets: SheetPlan[] = [];
  for (const a of tags(workbookXml, 'sheet')) {
    const rel = rels.get(a.get('id') ?? '');
    if (!rel || !rel.type.endsWith('/worksheet')) continue; // chart sheets, dialog sheets: no cells
    const entry = find(rel.target);
    if (!entry) throw unreadableXlsx(file, new ZipFormatError(`feuille absente : ${rel.target}`));
    const state = a.get('state');
    sheets.push({ name: a.get('name') ?? rel.target, hidden: state === 'hidden' || state === 'veryHidden', entry });
  }
  return { date1904, styles, sharedStrings, sheets };
}

interface SheetProbe {
  hasCells: boolean;
  /** Last row of the sheet's <dimension ref="A1:L300003">, when it has one. */
  lastRow: number | null;
}

/** Reads a sheet only until its first value: is there one, and how many rows does it declare? */
async function probeSheet(fh: FileHandle, entry: ZipEntry, size: number): Promise<SheetProbe> {
  const start = await entryDataOffset(fh, entry, size);
  let carry = '';
  let inData = false;
  let seen = 0;
  let lastRow: number | null = null;
  for await (const chunk of inflateEntry(fh, entry, start)) {
    seen += chunk.length;
    if (seen > entry.uncompressedSize) {
      throw new ZipBombError(`l'élément « ${entry.name} » décompressé dépasse la taille déclarée`);
    }
    let text = carry + chunk.toString('latin1');
    if (!inData) {
      const dim = /<(?:[\w.-]+:)?dimension\s+ref="[A-Z]{1,3}\d+:[A-Z]{1,3}(\d{1,7})"/.exec(text);
      if (dim) lastRow = Number(dim[1]);
      const m = /<([\w.-]+:)?sheetData[\s>/]/.exec(text);
      if (m) {
        inData = true;
        text = text.slice(m.index);
      }
    }
    if (inData && /<(?:[\w.-]+:)?(?:v|is|f)[\s>/]/.test(text)) return { hasCells: true, lastRow };
    carry = text.slice(-64);
  }
  return { hasCells: false, lastRow: null };
}

export async function openXlsx(file: string, fh: FileHandle, size: number): Promise<TableSource[]> {
  let plan: WorkbookPlan;
  const nonEmpty: SheetPlan[] = [];
  try {
    const entries = await readCentralDirectory(fh, size);
    checkDeclaredSizes(entries);
    plan = await planWorkbook(file, fh, size, entries);
    for (const sheet of plan.sheets) {
      const probe = await probeSheet(fh, sheet.entry, size);
      if (!probe.hasCells) continue;
      const rowsHint = probe.lastRow === null ? undefined : Math.min(probe.lastRow, Math.ceil(sheet.entry.uncompressedSize / MIN_ROW_BYTES));
      nonEmpty.push({ ...sheet, rowsHint });
    }
  } catch (err) {
    throw toInputError(err, file);
  }
  if (nonEmpty.length === 0) {
    throw new InputError(
      `${q(file)} : le classeur ne contient aucune cellule remplie : vérifiez que c'est le bon export.`,
      file,
    );
  }
  return nonEmpty.map((sheet) => {
    const warnings: string[] = [];
    if (sheet.hidden) warnings.push(`feuille « ${sheet.name} » masquée dans Excel`);
    return {
      path: file,
      sheet: sheet.name,
      container: 'xlsx',
      encoding: null,
      delimiter: null,
      date1904: plan.date1904,
      warnings,
      rowsHint: sheet.rowsHint,
      ...onceRows(
        `${file} / ${sheet.name}`,
        shouldOffload(file, sheet.entry.uncompressedSize)
          ? () => offThreadRows({ kind: 'xlsx', file, plan, sheet }, (late) => late.forEach((w) => warnings.push(w)))
          : null,
        () => sheetRows(file, plan, sheet, warnings)[Symbol.asyncIterator](),
      ),
    } satisfies TableSource;
  });
}

// ----- streaming one sheet through exceljs -----

const EMPTY_RELS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
);
const EMPTY_SST = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>',
);
function workbookXml(date1904: boolean): Buffer {
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `<workbookPr${date1904 ? ' date1904="1"' : ''}/><sheets></sheets></workbook>`,
  );
}

/** exceljs internals we touch (not in its typings). */
interface WorkbookReaderLike {
  /** With sharedStrings: 'cache', read before the sheet (we put them first). */
  sharedStrings?: unknown[];
  styles?: { getStyleModel(id: number): { numFmt?: string } | null };
}
interface EntryLike extends NodeJS.ReadableStream {
  path: string;
}

/**
 * A failure raised outside exceljs's view (our source stream, exceljs's unzipper): exceljs waits
 * for the current part's 'data' events, so such an error would otherwise hang the loop.
 * Not Promise.race against a pending promise: every race would leave a reaction on it (one per
 * row, i.e. a leak that made streaming twice as slow on 200 000 rows).
 */
class FailureSignal {
  private failed = false;
  private error: unknown = null;
  private readonly listeners = new Set<(err: unknown) => void>();

  fail(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.error = err;
    for (const listener of this.listeners) listener(err);
    this.listeners.clear();
  }

  /** Settles like `promise`, or rejects as soon as a failure is signalled. */
  guard<T>(promise: Promise<T>): Promise<T> {
    if (this.failed) {
      promise.catch(() => undefined);
      return Promise.reject(this.error);
    }
    return new Promise<T>((resolve, reject) => {
      this.listeners.add(reject);
      promise.then(
        (value) => {
          this.listeners.delete(reject);
          resolve(value);
        },
        (err: unknown) => {
          this.listeners.delete(reject);
          reject(err);
        },
      );
    });
  }
}

async function* raced<T>(iterable: AsyncIterable<T>, failure: FailureSignal): AsyncGenerator<T> {
  const it = iterable[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      const r = await failure.guard(it.next());
      if (r.done) {
        finished = true;
        return;
      }
      yield r.value;
    }
  } finally {
    // Not awaited: after a failure the pending next() may never settle.
    if (!finished) it.return?.(undefined)?.catch(() => undefined);
  }
}

/** Same protection for the parts exceljs reads through its own private methods. */
function guardParts(reader: object, limits: Map<string, number>): void {
  const r = reader as Record<string, unknown>;
  for (const method of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles']) {
    const original = r[method];
    if (typeof original !== 'function') continue;
    r[method] = function (this: unknown, entry: EntryLike) {
      const limit = limits.get(entry.path) ?? 0;
      let seen = 0;
      const guarded = new Transform({
        transform(chunk: Buffer, _enc, done) {
          seen += chunk.length;
          if (seen > limit) done(new ZipBombError(`l'élément « ${entry.path} » décompressé dépasse la taille déclarée`));
          else done(null, chunk);
        },
      });
      guarded.setEncoding('utf8');
      entry.pipe(guarded);
      return (original as (e: unknown) => unknown).call(this, guarded);
    };
  }
}

/** Row batches for the worker (offthread.ts), which receives the plan as plain data. */
export function xlsxSheetRowBatches(file: string, plan: unknown, sheet: unknown, warnings: string[]): AsyncGenerator<RawRow[]> {
  return sheetRowBatches(file, plan as WorkbookPlan, sheet as SheetPlan, warnings);
}

/** Inflated bytes per chunk of sheet XML: zlib's default 16 KiB meant ~4 000 hops on the bench's sheet. */
const SHEET_CHUNK_BYTES = 256 * 1024;

async function* sheetRows(file: string, plan: WorkbookPlan, sheet: SheetPlan, warnings: string[]): AsyncGenerator<RawRow> {
  for await (const batch of sheetRowBatches(file, plan, sheet, warnings)) yield* batch;
}

/**
 * exceljs's streaming reader alone: its index also loads the writers, CSV and their dependencies
 * (archiver, jszip, fast-csv), 0.1-0.13 s more of a reading thread's start (three runs each).
 * exceljs has no exports map, so the file is reachable; its class is the one the index exports.
 */
async function loadWorkbookReader(): Promise<typeof import('exceljs').stream.xlsx.WorkbookReader> {
  const mod = (await import('exceljs/lib/stream/xlsx/workbook-reader.js' as string)) as { default: typeof import('exceljs').stream.xlsx.WorkbookReader };
  return mod.default;
}

/**
 * A workbook uses a handful of styles for millions of cells: each style's format looked up once.
 * Style 0 is "General", as exceljs reads it; without a styles part exceljs has no style table at
 * all, and throws when asked.
 */
function numFmtLookup(styles: WorkbookReaderLike['styles']): (styleId: number) => string | undefined {
  const cache = new Map<number, string | undefined>();
  return (id) => {
    if (id === 0 || styles === undefined) return undefined;
    if (cache.has(id)) return cache.get(id);
    let numFmt: string | undefined;
    try {
      numFmt = styles.getStyleModel(id)?.numFmt;
    } catch {
      numFmt = undefined;
    }
    cache.set(id, numFmt);
    return numFmt;
  };
}

/**
 * The workbook's shared strings and styles, as exceljs reads and caches them, from a ZIP rebuilt
 * with only the small parts it needs (see the top of this file): no sheet, so it emits none.
 */
async function sharedParts(fh: FileHandle, size: number, plan: WorkbookPlan): Promise<WorkbookReaderLike> {
  const real = async (name: string, entry: ZipEntry): Promise<ZipPart> => ({
    name,
    entry,
    dataStart: await entryDataOffset(fh, entry, size),
  });
  const parts: ZipPart[] = [
    { name: 'xl/_rels/workbook.xml.rels', data: EMPTY_RELS },
    { name: 'xl/workbook.xml', data: workbookXml(plan.date1904) },
  ];
  if (plan.styles) parts.push(await real('xl/styles.xml', plan.styles));
  parts.push(
    plan.sharedStrings && plan.sharedStrings.uncompressedSize > 0
      ? await real('xl/sharedStrings.xml', plan.sharedStrings)
      : { name: 'xl/sharedStrings.xml', data: EMPTY_SST },
  );
  const limits = new Map(parts.map((p) => [p.name, 'data' in p ? p.data.length : p.entry.uncompressedSize]));

  const failure = new FailureSignal();
  const zipBytes = rebuildZip(fh, parts);
  const source = Readable.from(
    (async function* () {
      try {
        yield* zipBytes;
      } catch (err) {
        // A stream error would go unseen by exceljs (pipe does not forward it): report it ourselves.
        failure.fail(err);
      }
    })(),
    { objectMode: false },
  );
  // exceljs pipes our stream into its unzipper, whose errors (e.g. corrupt deflate data) reach
  // only the unzipper itself while exceljs waits for the current part's data: watch them here.
  const pipe = source.pipe.bind(source);
  source.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    destination.on('error', (err: unknown) => failure.fail(err));
    return pipe(destination, options);
  };
  try {
    const WorkbookReader = await loadWorkbookReader();
    const reader = new WorkbookReader(source, {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    guardParts(reader, limits);
    for await (const _ of raced(reader as unknown as AsyncIterable<unknown>, failure)) void _;
    return reader as unknown as WorkbookReaderLike;
  } finally {
    source.destroy();
  }
}

/** The rows of one sheet, a batch per chunk of sheet XML. */
async function* sheetRowBatches(file: string, plan: WorkbookPlan, sheet: SheetPlan, warnings: string[]): AsyncGenerator<RawRow[]> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    throw unreadableXlsx(file, err, sheet.name);
  }
  try {
    const { size } = await fh.stat();
    const workbook = await sharedParts(fh, size, plan);

    const stats: CellStats = { formulasWithoutValue: 0 };
    const sheetXml = new SheetXmlReader({
      sharedStrings: workbook.sharedStrings ?? [],
      numFmtOf: numFmtLookup(workbook.styles),
      date1904: plan.date1904,
      stats,
    });
    // The sheet is inflated here rather than through exceljs's unzipper: a few stream hops less
    // per chunk, and larger chunks.
    const decoder = new TextDecoder('utf-8');
    let seen = 0;
    for await (const chunk of inflateEntry(fh, sheet.entry, await entryDataOffset(fh, sheet.entry, size), SHEET_CHUNK_BYTES)) {
      seen += chunk.length;
      if (seen > sheet.entry.uncompressedSize) {
        throw new ZipBombError(`l'élément « ${sheet.entry.name} » décompressé dépasse la taille déclarée`);
      }
      // Decoded across chunk boundaries: an accented letter may straddle two chunks.
      sheetXml.push(decoder.decode(chunk, { stream: true }));
      const batch = sheetXml.take();
      if (batch.length > 0) yield batch;
    }
    sheetXml.push(decoder.decode());
    sheetXml.end();
    const last = sheetXml.take();
    if (last.length > 0) yield last;
    if (stats.formulasWithoutValue > 0) {
      warnings.push(
        `${stats.formulasWithoutValue} formule(s) sans valeur calculée, lues comme cellules vides : ` +
          `ouvrez le classeur dans Excel et réenregistrez-le pour les calculer`,
      );
    }
  } catch (err) {
    throw toInputError(err, file, sheet.name);
  } finally {
    await fh.close();
  }
}
