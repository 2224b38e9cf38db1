/**
 * The bad-file corpus, built in a temporary folder: every file people really send (empty, binary,
 * truncated, encrypted, HTML saved as .xls, UTF-16…) and a few hostile ones (zip bombs, a
 * million-column row). Independent of the code under test: ZIPs and deflate streams are made here.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { assembleZip } from '../load/zip-helpers.js';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export const AGENDA_HEADER = [
  'N° dossier', 'Date du RDV', 'Heure de début', 'Durée (min)', 'Collaborateur', 'Type de RDV', 'Modalité',
  'Individuel/Collectif', 'Présence', "Objet de l'entretien", 'Catégorie de temps', 'Date de saisie',
];

export const AGENDA_ROWS = [
  ['001234', '07/01/2019', '09:00', '45', 'Marie Dupont', 'Entretien individuel', 'Physique', 'Individuel', 'Présent', 'Point sur la recherche d’emploi', 'Temps participant', '07/01/2019 10:02'],
  ['001234', '04/02/2019', '14:30', '30', 'Marie Dupont', 'Contact téléphonique', 'Téléphone', 'Individuel', 'Présent', 'Suivi du plan d’actions', 'Temps participant', '04/02/2019 15:10'],
  ['004321', '05/02/2019', '10:00', '60', 'Paul Martin', 'Entretien individuel', 'Physique', 'Individuel', 'Absent excusé', 'Projet professionnel', 'Temps participant', '05/02/2019 11:00'],
  ['', '10/01/2019', '09:00', '180', 'Paul Martin', 'Commission PLIE', '', '', '', 'Commission parcours PLIE', 'Temps agenda', '10/01/2019 12:58'],
];

export const AFFECTATION_HEADER = [
  'N° dossier', 'Nom', 'Prénom', 'Référent de parcours', "Date de début d'affectation", "Date de fin d'affectation", "Date d'entrée PLIE",
];
export const AFFECTATION_ROWS = [
  ['001234', 'DURAND', 'Sophie', 'Marie Dupont', '02/11/2018', '', '15/11/2018'],
  ['004321', 'MOREAU', 'Karim', 'Paul Martin', '10/12/2018', '', '20/12/2018'],
];

export function csvText(rows: readonly (readonly string[])[], delimiter = ';', eol = '\r\n'): string {
  const field = (s: string): string => (/[";\r\n]/.test(s) || s.includes(delimiter) ? `"${s.replace(/"/g, '""')}"` : s);
  return rows.map((r) => r.map(field).join(delimiter)).join(eol) + eol;
}

export const validAgendaCsv = (): string => `\uFEFF${csvText([AGENDA_HEADER, ...AGENDA_ROWS])}`;
export const validAffectationsCsv = (): string => `\uFEFF${csvText([AFFECTATION_HEADER, ...AFFECTATION_ROWS])}`;

export interface Corpus {
  dir: string;
  file(name: string, content: string | Uint8Array): string;
  cleanup(): void;
}

export function corpus(prefix = 'plie-robustness-'): Corpus {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file(name, content) {
      const p = path.join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Hash of a file's bytes, or of a folder's files (names and bytes, recursively). */
export function sha256(file: string): string {
  const h = createHash('sha256');
  if (statSync(file).isDirectory()) {
    for (const name of readdirSync(file).sort()) h.update(`${name}\u0000${sha256(path.join(file, name))}\u0000`);
  } else {
    h.update(readFileSync(file));
  }
  return h.digest('hex');
}

/** Deterministic pseudo-random bytes (mulberry32): the same corpus on every run. */
export function randomBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let s = seed | 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

/** A real workbook (exceljs), agenda sheet with a title row, date cells and shared strings. */
export async function agendaWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Agenda');
  ws.getCell('A1').value = 'Agenda des collaborateurs';
  ws.getRow(3).values = AGENDA_HEADER;
  AGENDA_ROWS.forEach((r, i) => {
    const [d, m, y] = r[1]!.split('/').map(Number) as [number, number, number];
    ws.getRow(4 + i).values = [r[0]!, new Date(Date.UTC(y, m - 1, d)), ...r.slice(2)];
    ws.getRow(4 + i).getCell(2).numFmt = 'dd/mm/yyyy';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ----- OLE2 (Excel 97-2003, or an encrypted OOXML package) -----

/** An OLE2 compound file header; `encrypted` adds the two stream names of an encrypted package. */
export function ole2File(encrypted: boolean): Buffer {
  const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const body = Buffer.alloc(4096);
  randomBytes(512, 7).copy(body, 512);
  if (encrypted) {
    Buffer.from('EncryptionInfo', 'utf16le').copy(body, 1024);
    Buffer.from('EncryptedPackage', 'utf16le').copy(body, 1152);
  } else {
    Buffer.from('Workbook', 'utf16le').copy(body, 1024);
  }
  return Buffer.concat([header, body]);
}

// ----- ZIP with entries given as raw deflate data (for sizes no buffer could hold) -----

export interface RawEntry {
  name: string;
  /** Deflated bytes (method 8). */
  compressed: Buffer;
  /** Size written in the headers (may lie). */
  declaredSize: number;
  crc: number;
}

export function deflatedEntry(name: string, text: string): RawEntry {
  const data = Buffer.from(text, 'utf8');
  return { name, compressed: zlib.deflateRawSync(data), declaredSize: data.length, crc: zlib.crc32(data) };
}

export function zipOf(entries: RawEntry[]): Buffer {
  return assembleZip(entries.map((e) => ({ name: e.name, body: e.compressed, method: 8, crc: e.crc, declaredSize: e.declaredSize })));
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/**
 * A workbook whose only sheet inflates to `realBytes` (rows of XML repeated), while its directory
 * declares `declaredSize`. The deflate stream is one self-contained block (full flush) repeated:
 * gigabytes of XML from a few megabytes of file, made without ever holding them.
 */
export function bombWorkbook(realBytes: number, declaredSize: (real: number) => number): Buffer {
  const cells = (values: string[]): string => `<row>${values.map((v) => `<c t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`;
  // An agenda the loader accepts: it reads on until the declared size stops it.
  const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN_NS}"><sheetData>${cells(['Date', 'Référent', 'Type'])}`;
  const row = cells(['07/01/2019', 'Marie Dupont', 'Entretien individuel']);
  const unit = row.repeat(Math.floor((1024 * 1024) / row.length));
  const headBlock = zlib.deflateRawSync(Buffer.from(head), { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const unitBlock = zlib.deflateRawSync(Buffer.from(unit), { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const repeats = Math.ceil((realBytes - head.length) / unit.length);
  // An empty final static block ends the stream.
  const compressed = Buffer.concat([headBlock, ...Array<Buffer>(repeats).fill(unitBlock), Buffer.from([0x03, 0x00])]);
  const real = head.length + repeats * unit.length;
  return zipOf([
    deflatedEntry(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
    ),
    deflatedEntry(
      '_rels/.rels',
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    deflatedEntry(
      'xl/workbook.xml',
      `<?xml version="1.0"?><workbook xmlns="${MAIN_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
        '<sheets><sheet name="Agenda" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    deflatedEntry(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    { name: 'xl/worksheets/sheet1.xml', compressed, declaredSize: declaredSize(real), crc: 0 },
  ]);
}

export const utf16le = (text: string, bom = true): Buffer =>
  Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), iconv.encode(text, 'utf16le')]);
export const utf16be = (text: string): Buffer => Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16be')]);
export const windows1252 = (text: string): Buffer => iconv.encode(text, 'win1252');

/** A stack trace line as Node prints them. */
export const STACK_LINE = /^\s+at .+:\d+(:\d+)?\)?$/m;
