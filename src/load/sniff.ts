/**
 * What a file is, from its bytes: container, text encoding, delimiter.
 */
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { Encoding } from './types.js';

export type Sniffed = 'zip' | 'ole2' | 'text';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function sniffContainer(head: Buffer): Sniffed {
  if (head.subarray(0, 4).equals(ZIP)) return 'zip';
  if (head.subarray(0, 8).equals(OLE2)) return 'ole2';
  return 'text';
}

/** Names of streams in an OLE2 directory are UTF-16LE; an encrypted OOXML package has these two. */
const ENCRYPTION_MARKERS = ['EncryptionInfo', 'EncryptedPackage'].map((s) => Buffer.from(s, 'utf16le'));

export async function ole2IsEncryptedPackage(fh: FileHandle, size: number): Promise<boolean> {
  const chunk = 1024 * 1024;
  const overlap = 64;
  const buf = Buffer.alloc(chunk + overlap);
  let carried = 0;
  for (let pos = 0; pos < size; pos += chunk) {
    const { bytesRead } = await fh.read(buf, carried, chunk, pos);
    if (bytesRead === 0) break;
    const view = buf.subarray(0, carried + bytesRead);
    if (ENCRYPTION_MARKERS.some((m) => view.includes(m))) return true;
    carried = Math.min(overlap, view.length);
    view.copy(buf, 0, view.length - carried);
  }
  return false;
}

export interface TextSniff {
  encoding: Encoding;
  /** Bytes of BOM to skip. */
  bomLength: number;
  /** Known when the whole file was scanned (not for UTF-16 or a forced encoding). */
  endings: LineEndings | null;
}

/** Bytes at the end of `buf` that start a UTF-8 sequence not finished yet. */
function incompleteUtf8Tail(buf: Buffer): number {
  for (let i = 1; i <= Math.min(3, buf.length); i++) {
    const b = buf[buf.length - i] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return 0;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return need > i ? i : 0;
  }
  return 0;
}

export class BinaryFileError extends Error {}

/** Line endings met in a file (outside or inside quotes alike). */
export interface LineEndings {
  crlf: boolean;
  lf: boolean;
  cr: boolean;
}

/** What csv-parse should split records on: the file's only line ending, or all three when mixed. */
export function recordDelimiters(endings: LineEndings | null): string[] {
  if (endings) {
    const { crlf, lf, cr } = endings;
    if (crlf && !lf && !cr) return ['\r\n'];
    if (lf && !crlf && !cr) return ['\n'];
    if (cr && !crlf && !lf) return ['\r'];
  }
  // Mixed or unknown: checking three delimiters on every character costs csv-parse about 20 %.
  return ['\r\n', '\n', '\r'];
}

/**
 * One pass over the whole file: is it valid UTF-8, is it free of NUL bytes, which line endings
 * does it use? A file that is ASCII for its first megabytes and Windows-1252 further down must
 * not be read as UTF-8.
 *
 * Read synchronously: the reading threads start once the inputs are sniffed, and a scan awaiting
 * each megabyte waited behind the configuration's and the rules' loading (start-up's longest
 * work): a million-row agenda began to be parsed at 1.8 s, now at 0.7 s.
 */
function scanWholeFile(fh: FileHandle, size: number, from: number): { utf8: boolean; endings: LineEndings } {
  const chunk = 1024 * 1024;
  const buf = Buffer.alloc(chunk + 4);
  const endings: LineEndings = { crlf: false, lf: false, cr: false };
  let carried = 0;
  let utf8 = true;
  let previousByte = -1;
  for (let pos = from; pos < size; ) {
    const bytesRead = readSync(fh.fd, buf, carried, chunk, pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
    const view = buf.subarray(0, carried + bytesRead);
    if (view.includes(0)) throw new BinaryFileError();
    // Carried bytes are non-ASCII, so no CR or LF is looked at twice.
    if (previousByte === 13) {
      if (view[0] === 10) endings.crlf = true;
      else endings.cr = true;
    }
    if (!(endings.lf && endings.crlf)) {
      for (let i = view.indexOf(10); i !== -1; i = view.indexOf(10, i + 1)) {
        if ((i > 0 ? view[i - 1] : previousByte) === 13) endings.crlf = true;
        else endings.lf = true;
        if (endings.lf && endings.crlf) break;
      }
    }
    if (!endings.cr) {
      for (let i = view.indexOf(13); i !== -1 && i + 1 < view.length; i = view.indexOf(13, i + 1)) {
        if (view[i + 1] !== 10) {
          endings.cr = true;
          break;
        }
      }
    }
    previousByte = view[view.length - 1] ?? -1;
    if (utf8) {
      const last = pos >= size;
      const tail = last ? 0 : incompleteUtf8Tail(view);
      if (!isUtf8(view.subarray(0, view.length - tail))) utf8 = false;
      view.copy(buf, 0, view.length - tail);
      carried = tail;
    } else {
      carried = 0;
    }
  }
  if (previousByte === 13) endings.cr = true;
  return { utf8, endings };
}

/** UTF-16 without BOM: NUL in every other byte of mostly-ASCII text. */
function utf16WithoutBom(head: Buffer): Encoding | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.7 && evenZero < pairs * 0.1) return 'utf-16le';
  if (evenZero > pairs * 0.7 && oddZero < pairs * 0.1) return 'utf-16be';
  return null;
}

export async function sniffEncoding(
  fh: FileHandle,
  size: number,
  head: Buffer,
  forced: Encoding | undefined,
): Promise<TextSniff> {
  const bom = (bytes: number[]): boolean => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
  const bomEncoding: Encoding | null = bom([0xef, 0xbb, 0xbf])
    ? 'utf-8'
    : bom([0xff, 0xfe])
      ? 'utf-16le'
      : bom([0xfe, 0xff])
        ? 'utf-16be'
        : null;
  const bomLengthFor = (enc: Encoding): number =>
    bomEncoding === enc ? (enc === 'utf-8' ? 3 : 2) : 0;

  if (forced) {
    if (!forced.startsWith('utf-16') && head.includes(0)) throw new BinaryFileError();
    return { encoding: forced, bomLength: bomLengthFor(forced), endings: null };
  }
  if (bomEncoding === 'utf-16le' || bomEncoding === 'utf-16be') return { encoding: bomEncoding, bomLength: 2, endings: null };
  const utf16 = bomEncoding ? null : utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, bomLength: 0, endings: null };
  const from = bomLengthFor('utf-8');
  const { utf8, endings } = scanWholeFile(fh, size, from);
  if (utf8) return { encoding: 'utf-8', bomLength: from, endings };
  return { encoding: 'windows-1252', bomLength: 0, endings };
}

export function iconvName(enc: Encoding): string {
  return enc === 'windows-1252' ? 'win1252' : enc === 'utf-16le' ? 'utf16le' : enc === 'utf-16be' ? 'utf16be' : 'utf8';
}

/** Decodes a whole buffer (BOM dropped). Never TextDecoder('windows-1252'): Node 20 loses € ’ – œ. */
export function decodeBuffer(buf: Buffer, sniff: TextSniff): string {
  const body = buf.subarray(sniff.bomLength);
  if (sniff.encoding === 'utf-8') return body.toString('utf8');
  return iconv.decode(body, iconvName(sniff.encoding), { stripBOM: false });
}

const CANDIDATES = [';', '\t', ','] as const;

/**
 * Semicolon first, then tab, then comma, each needing to appear (outside quotes) in most of the
 * first 30 non-empty records: a decimal comma in a semicolon file must not win. When none reaches
 * a majority (e.g. many title rows above few data rows), the one found in the most records wins.
 */
export function sniffDelimiter(sample: string): string {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let records = 0;
  let inQuotes = false;
  let seen = new Set<string>();
  let nonEmpty = false;
  const endRecord = (): void => {
    if (nonEmpty) {
      records++;
      for (const c of seen) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    seen = new Set();
    nonEmpty = false;
  };
  let fieldStart = true;
  for (let i = 0; i < sample.length && records < 30; i++) {
    const ch = sample[i] as string;
    const atFieldStart = fieldStart;
    fieldStart = false;
    if (inQuotes) {
      if (ch === '"') {
        if (sample[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (ch === '"') {
      // Like csv-parse with relax_quotes: a quote inside an unquoted field is a plain character.
      if (atFieldStart) inQuotes = true;
      nonEmpty = true;
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      fieldStart = true;
    } else if (ch === ';' || ch === '\t' || ch === ',') {
      seen.add(ch);
      nonEmpty = true;
      fieldStart = true;
    } else if (ch !== ' ') {
      nonEmpty = true;
    }
  }
  if (records < 30) endRecord();
  if (records === 0) return ';';
  for (const c of CANDIDATES) if ((counts.get(c) ?? 0) * 2 > records) return c;
  let best: string = ';';
  let bestCount = 0;
  for (const c of CANDIDATES) {
    const n = counts.get(c) ?? 0;
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}
