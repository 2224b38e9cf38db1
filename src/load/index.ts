/**
 * Loading stage: input paths → tables (one per CSV/TXT file, HTML table or non-empty worksheet)
 * whose rows() stream every physical row with the line number the user sees.
 * Files are only ever opened read-only.
 */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { csvSource } from './csv.js';
import { looksLikeHtml, looksLikeSpreadsheetMl, parseHtmlTables } from './html.js';
import {
  BinaryFileError,
  decodeBuffer,
  ole2IsEncryptedPackage,
  recordDelimiters,
  sniffContainer,
  sniffDelimiter,
  sniffEncoding,
  type TextSniff,
} from './sniff.js';
import { InputError, MIN_ROW_BYTES, type Encoding, type LoadOptions, type RawRow, type TableSource } from './types.js';
import { openXlsx } from './xlsx.js';

export { InputError } from './types.js';
export type { Cell, Container, Encoding, LoadOptions, RawRow, TableSource } from './types.js';

const q = (p: string): string => `« ${p} »`;

const FOLDER_EXTENSIONS = new Set(['.csv', '.txt', '.tsv', '.xlsx', '.xls']);
const HEAD_BYTES = 64 * 1024;
/** V8 strings stop a little above 500 M characters; an HTML "workbook" that big is not read whole. */
const MAX_HTML_BYTES = 256 * 1024 * 1024;

const ENCODING_ALIASES: Record<string, Encoding> = {
  'utf-8': 'utf-8', utf8: 'utf-8',
  'utf-16le': 'utf-16le', utf16le: 'utf-16le', 'utf-16': 'utf-16le', utf16: 'utf-16le', ucs2: 'utf-16le',
  'utf-16be': 'utf-16be', utf16be: 'utf-16be',
  'windows-1252': 'windows-1252', windows1252: 'windows-1252', cp1252: 'windows-1252', win1252: 'windows-1252',
  ansi: 'windows-1252', latin1: 'windows-1252', 'latin-1': 'windows-1252', 'iso-8859-1': 'windows-1252',
  'iso-8859-15': 'windows-1252', iso88591: 'windows-1252',
};

/** `--encoding` value → Encoding (Latin-1 is read as its superset Windows-1252). */
export function parseEncodingOption(value: string): Encoding {
  const key = value.trim().toLowerCase();
  const enc = Object.hasOwn(ENCODING_ALIASES, key) ? ENCODING_ALIASES[key] : undefined;
  if (!enc) {
    throw new InputError(
      `Encodage « ${value} » non reconnu : utilisez utf-8, windows-1252, utf-16le ou utf-16be.`,
      '',
    );
  }
  return enc;
}

const DELIMITER_ALIASES: Record<string, string> = {
  '\\t': '\t', tab: '\t', tabulation: '\t', tabs: '\t',
  semicolon: ';', 'point-virgule': ';', pointvirgule: ';',
  comma: ',', virgule: ',', pipe: '|', space: ' ', espace: ' ',
};

/** `--delimiter` value → the delimiter character. */
export function parseDelimiterOption(value: string): string {
  const key = value.trim().toLowerCase();
  if (Object.hasOwn(DELIMITER_ALIASES, key)) return DELIMITER_ALIASES[key] as string;
  if (value.length === 1 && !['"', '\n', '\r'].includes(value)) return value;
  throw new InputError(
    `Séparateur « ${value} » non reconnu : utilisez ';', ',', 'tab' ou un autre caractère unique.`,
    '',
  );
}

function pathError(input: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException).code;
  const message =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? `Le chemin ${q(input)} n'existe pas : vérifiez le nom du fichier ou du dossier.`
      : code === 'EACCES' || code === 'EPERM'
        ? `Accès refusé à ${q(input)} : vérifiez les droits de lecture.`
        : `Impossible de lire ${q(input)} (${code ?? (err as Error).message}) : vérifiez le chemin.`;
  const e = new InputError(message, input);
  e.cause = err;
  return e;
}

async function walk(dir: string, out: string[]): Promise<void> {
  let dirents;
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw pathError(dir, err);
  }
  for (const d of dirents) {
    // Hidden entries, Excel lock files and installed packages are never exports.
    if (d.name.startsWith('.') || d.name.startsWith('~$') || d.name === 'node_modules') continue;
    const full = path.join(dir, d.name);
    let isDir = d.isDirectory();
    let isFile = d.isFile();
    if (d.isSymbolicLink()) {
      // Links to files are followed; links to folders are not (loops).
      const st = await stat(full).catch(() => null);
      isDir = false;
      isFile = st?.isFile() ?? false;
    }
    if (isDir) await walk(full, out);
    else if (isFile && FOLDER_EXTENSIONS.has(path.extname(d.name).toLowerCase())) out.push(full);
  }
}

/** Files to read, in a deterministic order: inputs as given, each folder's files sorted by path. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (f: string): void => {
    const key = path.resolve(f);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(f);
    }
  };
  for (const input of inputs) {
    let st;
    try {
      st = await stat(input);
    } catch (err) {
      throw pathError(input, err);
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      await walk(input, found);
      if (found.length === 0) {
        throw new InputError(
          `Le dossier ${q(input)} ne contient aucun fichier .csv, .txt, .tsv, .xlsx ou .xls : vérifiez le chemin.`,
          input,
        );
      }
      found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      found.forEach(add);
    } else if (st.isFile()) {
      add(input);
    } else {
      throw new InputError(`${q(input)} n'est ni un fichier ni un dossier : indiquez un export ou un dossier d'exports.`, input);
    }
  }
  return files;
}

async function readHead(fh: FileHandle, size: number): Promise<Buffer> {
  const buf = Buffer.alloc(Math.min(size, HEAD_BYTES));
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fh.read(buf, done, buf.length - done, done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

/**
 * Lines in the file, estimated from the head's average line length (at most one per
 * MIN_ROW_BYTES); none when the head has too few lines to tell.
 */
function rowsHint(head: Buffer, size: number): number | undefined {
  let lines = 0;
  const eol = head.includes(10) ? 10 : 13;
  for (let i = head.indexOf(eol); i !== -1; i = head.indexOf(eol, i + 1)) lines++;
  if (head.length >= size) return lines + 1;
  if (lines < 20) return undefined;
  return Math.ceil(Math.min((size / head.length) * lines * 1.05, size / MIN_ROW_BYTES));
}

/** The head decoded, cut after its last complete line when the file goes on. */
function headText(head: Buffer, size: number, sniff: TextSniff): string {
  const text = decodeBuffer(head, sniff);
  if (head.length >= size) return text;
  const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return cut > 0 ? text.slice(0, cut) : text;
}

interface ResolvedOptions {
  encoding?: Encoding;
  delimiter?: string;
}

function htmlSources(file: string, tables: string[][][], encoding: Encoding): TableSource[] {
  return tables.map((rows, i) => {
    let consumed = false;
    return {
      path: file,
      sheet: tables.length > 1 ? `Tableau ${i + 1}` : null,
      container: 'html',
      encoding,
      delimiter: null,
      date1904: false,
      warnings: [],
      rows(): AsyncIterable<RawRow> {
        if (consumed) throw new Error(`rows() déjà appelé pour ${file}`);
        consumed = true;
        return (async function* () {
          for (let r = 0; r < rows.length; r++) yield { cells: rows[r] ?? [], line: r + 1 };
        })();
      },
    } satisfies TableSource;
  });
}

async function openFile(file: string, opts: ResolvedOptions): Promise<TableSource[]> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    throw pathError(file, err);
  }
  try {
    const { size } = await fh.stat();
    if (size === 0) throw new InputError(`${q(file)} est un fichier vide : vérifiez l'export.`, file);
    const head = await readHead(fh, size);

    switch (sniffContainer(head)) {
      case 'zip':
        return await openXlsx(file, fh, size);
      case 'ole2':
        if (await ole2IsEncryptedPackage(fh, size)) {
          throw new InputError(
            `${q(file)} : le classeur est protégé par mot de passe : ouvrez-le dans Excel et enregistrez une copie sans mot de passe ` +
              `(Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe, effacer le mot de passe), au format .xlsx.`,
            file,
          );
        }
        throw new InputError(
          `${q(file)} est un classeur Excel 97-2003 (.xls) : réenregistrez-le au format Classeur Excel (.xlsx) ou CSV.`,
          file,
        );
      case 'text':
        break;
    }

    let sniff: TextSniff;
    try {
      sniff = await sniffEncoding(fh, size, head, opts.encoding);
    } catch (err) {
      if (!(err instanceof BinaryFileError)) throw err;
      throw new InputError(
        `${q(file)} n'est ni un fichier texte ni un classeur reconnu (contenu binaire) : exportez les données au format .xlsx ou CSV.`,
        file,
      );
    }
    const sample = headText(head, size, sniff);
    if (size <= HEAD_BYTES && sample.trim() === '') {
      throw new InputError(`${q(file)} est un fichier vide : vérifiez l'export.`, file);
    }
    if (looksLikeSpreadsheetMl(sample)) {
      throw new InputError(
        `${q(file)} est un classeur « XML 2003 » : réenregistrez-le au format Classeur Excel (.xlsx) ou CSV.`,
        file,
      );
    }
    if (looksLikeHtml(sample)) {
      if (size > MAX_HTML_BYTES) {
        throw new InputError(
          `${q(file)} est une page HTML de plus de 256 Mo enregistrée en .xls : exportez les données en CSV ou .xlsx.`,
          file,
        );
      }
      const whole = Buffer.alloc(size);
      let done = 0;
      while (done < size) {
        const { bytesRead } = await fh.read(whole, done, size - done, done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      const tables = parseHtmlTables(decodeBuffer(whole.subarray(0, done), sniff));
      if (tables.length === 0) {
        throw new InputError(
          `${q(file)} est une page HTML sans tableau : exportez les données au format .xlsx ou CSV.`,
          file,
        );
      }
      return htmlSources(file, tables, sniff.encoding);
    }
    const delimiter = opts.delimiter ?? sniffDelimiter(sample);
    return [csvSource(file, sniff.encoding, delimiter, recordDelimiters(sniff.endings), [], { bytes: size, rowsHint: rowsHint(head, size) })];
  } catch (err) {
    if (!(err instanceof InputError) && (err as NodeJS.ErrnoException).syscall) throw pathError(file, err);
    throw err;
  } finally {
    await fh.close();
  }
}

/**
 * Every table of the inputs, in order. `onOpened` sees each one as soon as its file is sniffed
 * (before the next file is): the audit starts the first ones reading meanwhile.
 */
export async function openInputs(
  inputs: string[],
  opts: LoadOptions = {},
  onOpened?: (source: TableSource, index: number) => void,
): Promise<TableSource[]> {
  const resolved: ResolvedOptions = {};
  if (opts.encoding !== undefined) resolved.encoding = parseEncodingOption(opts.encoding);
  if (opts.delimiter !== undefined) resolved.delimiter = parseDelimiterOption(opts.delimiter);
  const files = await expandInputs(inputs);
  const sources: TableSource[] = [];
  for (const file of files) {
    for (const source of await openFile(file, resolved)) {
      onOpened?.(source, sources.length);
      sources.push(source);
    }
  }
  return sources;
}
