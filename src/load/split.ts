/**
 * Where a delimited file can be cut in two so that two threads parse the halves at once.
 *
 * csv-parse reads a byte at a time: on a typical PLIE's agenda it is most of the run. A cut is
 * safe only at a record boundary: after a line break that is not inside a quoted field. Whether a
 * break is quoted depends on every quote before it, so the quotes before the cut are replayed with
 * RFC 4180's grammar. csv-parse reads stray quotes leniently (relax_quotes); rather than imitate
 * that, a file with a single quote outside the grammar (a quote inside an unquoted field, or text
 * right after a closing quote) is not cut: it is read in one piece, exactly as before.
 *
 * Only encodings where '"', the delimiter and line breaks are single ASCII bytes that never occur
 * inside another character qualify: UTF-8 and Windows-1252 (not UTF-16).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Encoding } from './types.js';

export interface CsvCut {
  /** Byte offset where the second part starts (just after a line break). */
  offset: number;
  /** Line number (1-based, as the reader counts them) of the second part's first row. */
  line: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * How far past the middle a cut is looked for: a quoted field with line breaks can be long, but
 * not a megabyte; past that, the file is read in one piece.
 */
const SEARCH_WINDOW = 1024 * 1024;

/**
 * The cut nearest after the middle of `bytes` (the file's first part, at least up to the middle),
 * or null when there is none: quotes outside the grammar, line breaks other than CRLF or LF alone,
 * or no unquoted break within the search window. `size` is the whole file's size.
 */
export function findCut(bytes: Uint8Array, size: number, delimiter: string, recordDelimiter: readonly string[]): CsvCut | null {
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 0x7f || delimiter === '"') return null;
  if (recordDelimiter.length !== 1 || (recordDelimiter[0] !== '\n' && recordDelimiter[0] !== '\r\n')) return null;
  const delim = delimiter.charCodeAt(0);
  const crlf = recordDelimiter[0] === '\r\n';
  const middle = Math.floor(size / 2);
  const limit = Math.min(bytes.length, middle + SEARCH_WINDOW);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, limit);

  const fieldStartBefore = (pos: number): boolean => {
    if (pos === start) return true;
    const b = buf[pos - 1];
    return b === delim || b === LF || b === CR;
  };

  let inQuotes = false;
  let q = buf.indexOf(QUOTE, start);
  let cut = -1;
  let from = middle;
  for (;;) {
    // The next line break at or after `from`; quotes before it decide whether it is quoted.
    const lf = buf.indexOf(LF, from);
    if (lf === -1) return null;
    while (q !== -1 && q < lf) {
      if (!inQuotes) {
        if (!fieldStartBefore(q)) return null;
        inQuotes = true;
      } else if (buf[q + 1] === QUOTE) {
        q++;
      } else {
        const next = buf[q + 1];
        if (next !== delim && next !== LF && next !== CR) return null;
        inQuotes = false;
      }
      q = buf.indexOf(QUOTE, q + 1);
    }
    // With CRLF records, a lone LF is data (a field's line break), not a boundary.
    if (!inQuotes && (!crlf || buf[lf - 1] === CR)) {
      cut = lf + 1;
      break;
    }
    from = lf + 1;
    if (from >= limit) return null;
  }
  if (cut <= start || cut >= size) return null;

  // Lines before the cut, counted as the reader counts them: CRLF once, LF alone once, CR alone once.
  let lines = 0;
  for (let i = buf.indexOf(LF, start); i !== -1 && i < cut; i = buf.indexOf(LF, i + 1)) lines++;
  for (let i = buf.indexOf(CR, start); i !== -1 && i < cut; i = buf.indexOf(CR, i + 1)) {
    if (buf[i + 1] !== LF) lines++;
  }
  return { offset: cut, line: 1 + lines };
}

/** findCut on a file: reads its first half (and the search window) from disk. */
export function findFileCut(file: string, size: number, encoding: Encoding, delimiter: string, recordDelimiter: readonly string[]): CsvCut | null {
  if (encoding !== 'utf-8' && encoding !== 'windows-1252') return null;
  const length = Math.min(size, Math.floor(size / 2) + SEARCH_WINDOW);
  const bytes = new Uint8Array(length);
  const fd = openSync(file, 'r');
  try {
    let read = 0;
    while (read < length) {
      const n = readSync(fd, bytes, read, length - read, read);
      if (n === 0) break;
      read += n;
    }
    return findCut(bytes.subarray(0, read), size, delimiter, recordDelimiter);
  } finally {
    closeSync(fd);
  }
}
