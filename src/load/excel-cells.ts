/**
 * XLSX cell values (as exceljs hands them over) → loader cells. Serial dates are turned into
 * calendar text with integer day/minute arithmetic in UTC, so no time zone can move a day.
 */
import type { Cell } from './types.js';

const MS_PER_DAY = 86_400_000;
/** Serial of 1970-01-01 in the 1900 system; the 1904 system starts 1462 days later. */
const UNIX_EPOCH_1900 = 25_569;
const OFFSET_1904 = 1_462;

/** Format text with literals removed: quoted text, escaped / padded characters, [colour] and [$-locale] blocks. */
function formatTokens(numFmt: string): string {
  return numFmt
    .replace(/"[^"]*"/g, '')
    .replace(/[\\_*]./g, '')
    .replace(/\[(?!(?:h+|m+|s+)\])[^\]]*\]/gi, '');
}

/** Only the first section counts (positive numbers), like Excel does for dates. */
function firstSection(numFmt: string): string {
  return formatTokens(numFmt).split(';')[0] ?? '';
}

interface FormatParts {
  /** Shows a calendar date, a time of day, or elapsed time ([h]:mm). */
  date: boolean;
  time: boolean;
  elapsed: boolean;
}

const NO_PARTS: FormatParts = { date: false, time: false, elapsed: false };
/** A workbook uses a handful of formats for millions of cells. */
const partsCache = new Map<string, FormatParts>();

function formatParts(numFmt: string | undefined): FormatParts {
  if (!numFmt) return NO_PARTS;
  let parts = partsCache.get(numFmt);
  if (parts) return parts;
  const f = firstSection(numFmt).replace(/general/gi, '');
  const elapsed = /\[(h+|m+|s+)\]/i.test(f);
  const time = /[hs]|am\/pm|a\/p/i.test(f) || elapsed;
  // 'm' is a month unless it sits next to hours or seconds (then it is minutes).
  const withoutMinutes = f.replace(/h+[^a-z]*m+|m+[^a-z]*s+/gi, '');
  const date = /[ydb]/i.test(f) || /m/i.test(withoutMinutes.replace(/am\/pm|a\/p/gi, ''));
  parts = { date, time, elapsed };
  if (partsCache.size < 1000) partsCache.set(numFmt, parts);
  return parts;
}

export function isDateFormat(numFmt: string | undefined): boolean {
  const p = formatParts(numFmt);
  return p.date || p.time;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function hhmm(minutes: number): string {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

function ymd(serialDay: number, date1904: boolean): string {
  let unixDays = serialDay - UNIX_EPOCH_1900 + (date1904 ? OFFSET_1904 : 0);
  // Excel's 1900 system counts a fictitious 29 February 1900 (serial 60): earlier serials are one day off.
  if (!date1904 && serialDay < 60) unixDays += 1;
  // A sheet holds a few thousand distinct days for hundreds of thousands of date cells: one
  // string per day, shared, and no Date per cell.
  let text = DAY_TEXT.get(unixDays);
  if (text === undefined) {
    const d = new Date(unixDays * MS_PER_DAY);
    text = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
    if (DAY_TEXT.size < 100_000) DAY_TEXT.set(unixDays, text);
  }
  return text;
}

const DAY_TEXT = new Map<number, string>();

/**
 * A date-formatted serial as the user sees it: the number format decides between date, time and
 * date + time; when it says neither clearly, the value decides (below 1 = time of day, whole = date).
 * Elapsed-time formats ([h]:mm) give total hours, possibly above 24.
 */
export function serialToText(serial: number, date1904: boolean, numFmt: string | undefined): Cell {
  if (!Number.isFinite(serial)) return null;
  const parts = formatParts(numFmt);
  const totalMinutes = Math.round(serial * 1440);
  if (parts.elapsed) {
    const sign = totalMinutes < 0 ? '-' : '';
    return sign + hhmm(Math.abs(totalMinutes));
  }
  if (serial < 0) return serial;
  const day = Math.floor(totalMinutes / 1440);
  const minuteOfDay = totalMinutes - day * 1440;
  if (parts.date && !parts.time) return ymd(Math.floor(serial), date1904);
  if (parts.time && !parts.date) return hhmm(minuteOfDay);
  if (!parts.date && !parts.time) {
    if (serial < 1) return hhmm(minuteOfDay);
    if (minuteOfDay === 0) return ymd(day, date1904);
  }
  return `${ymd(day, date1904)} ${hhmm(minuteOfDay)}`;
}

/** The serial exceljs started from when it built a Date (it uses the same epoch arithmetic). */
export function dateToSerial(d: Date, date1904: boolean): number {
  return d.getTime() / MS_PER_DAY + UNIX_EPOCH_1900 - (date1904 ? OFFSET_1904 : 0);
}

/** OOXML escapes control characters as _xHHHH_ (and a literal "_x" as _x005F_x). */
export function decodeOoxmlEscapes(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}

interface RichTextRun {
  text?: unknown;
}

function richText(runs: unknown): string {
  if (!Array.isArray(runs)) return '';
  return runs.map((r: RichTextRun) => (typeof r?.text === 'string' ? r.text : '')).join('');
}

/** Signals found while converting (non-fatal; the caller turns them into warnings). */
export interface CellStats {
  formulasWithoutValue: number;
}

export function convertCell(value: unknown, numFmt: string | undefined, date1904: boolean, stats?: CellStats): Cell {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return decodeOoxmlEscapes(value);
    case 'boolean':
      return value;
    case 'number':
      if (Number.isNaN(value)) return null;
      return isDateFormat(numFmt) ? serialToText(value, date1904, numFmt) : value;
    case 'object':
      break;
    default:
      return null;
  }
  if (value instanceof Date) {
    const serial = dateToSerial(value, date1904);
    if (!Number.isFinite(serial)) return null;
    // exceljs's date test is looser than ours (it reads escaped letters as date codes).
    return isDateFormat(numFmt) ? serialToText(serial, date1904, numFmt) : Math.round(serial * 1e8) / 1e8;
  }
  const v = value as Record<string, unknown>;
  if ('richText' in v) return decodeOoxmlEscapes(richText(v.richText));
  if ('error' in v) return null;
  if ('formula' in v || 'sharedFormula' in v) {
    if (v.result === undefined && stats) stats.formulasWithoutValue++;
    return convertCell(v.result, numFmt, date1904);
  }
  if ('text' in v) return convertCell(v.text, undefined, date1904);
  return null;
}
