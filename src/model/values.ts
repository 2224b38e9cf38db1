/**
 * Cell value parsers. Pure functions: a cell (as the loader hands it over) → a canonical value,
 * `null` for an empty cell, or `INVALID` when the cell holds something that is not a value of
 * the expected kind. Strict: `31/02/2019` is INVALID, never 3 March.
 */
import type { Cell } from '../load/types.js';
import { dayNumber, dayString } from './dates.js';
import { isUnicodeSpace, normalize } from './normalize.js';
import type { ISODate, MonthKey } from './types.js';

export const INVALID: unique symbol = Symbol('invalide');
export type Invalid = typeof INVALID;
export type Parsed<T> = T | null | Invalid;

const BLANK = /^[\s\u00a0\u202f\u2007\u2009]*$/;

/** True when the string holds only spaces (any Unicode space); the common case exits on the first character. */
function isBlankString(s: string): boolean {
  if (s.length === 0) return true;
  const c = s.charCodeAt(0);
  if (c > 32 && !isUnicodeSpace(c)) return false;
  return BLANK.test(s);
}

export function isEmptyCell(cell: Cell | undefined): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'string') return isBlankString(cell);
  return false;
}

/** Text of a cell (numbers as written by JS, booleans as 'true'/'false'), trimmed; null when empty. */
export function cellText(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string') {
    if (isBlankString(cell)) return null;
    const t = cell.trim();
    return t.length === 0 ? null : t;
  }
  if (typeof cell === 'number') return numberText(cell);
  return cell ? 'true' : 'false';
}

function numberText(n: number): string {
  // Integral ids must not come out as 1e+21 or 123.00000001 artefacts.
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}

/** Identifiers are text: a numeric XLSX cell 123 → '123'; leading zeros in text are kept. */
export function parseId(cell: Cell | undefined): string | null {
  return cellText(cell);
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return MONTH_DAYS[m - 1]!;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * A validated calendar day as 'YYYY-MM-DD', or INVALID. Years outside 1900–2100 are refused.
 * The string is the one `dayString` shares: a million « Date de saisie » cells make a few hundred
 * distinct days, not a million strings.
 */
export function makeDate(y: number, m: number, d: number): ISODate | Invalid {
  if (!(y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) return INVALID;
  return dayString(dayNumber(y, m, d));
}

/** Two-digit years: 00–69 → 20xx, 70–99 → 19xx (the pivot Excel uses). */
export function expandYear(yy: number): number {
  return yy <= 69 ? 2000 + yy : 1900 + yy;
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1900_EARLY = Date.UTC(1899, 11, 31);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * Excel serial → calendar day. 1900 system: 1 = 1900-01-01 and Lotus' phantom 1900-02-29
 * (serial 60) is kept by Excel, so serials ≥ 61 are one day off the plain count; serial 60
 * itself names no real day and is INVALID. 1904 system: 0 = 1904-01-01. The time part is dropped.
 */
export function excelSerialToDate(serial: number, date1904: boolean): ISODate | Invalid {
  if (!Number.isFinite(serial) || serial < 0) return INVALID;
  const days = Math.floor(serial);
  let ms: number;
  if (date1904) ms = EPOCH_1904 + days * DAY_MS;
  else if (days === 0 || days === 60) return INVALID;
  else if (days < 60) ms = EPOCH_1900_EARLY + days * DAY_MS;
  else ms = EPOCH_1900 + days * DAY_MS;
  const dt = new Date(ms);
  return makeDate(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

// d/m/y with one separator used twice (/, - or .), optional time « 09:30 », « 9h30 », « à 9h ».
const DMY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T]+(?:à +)?(\d{1,2})[:hH](\d{2})?(?::(\d{2})(?:\.\d+)?)?)?$/;
// ISO-like y-m-d (also y/m/d), optional time, optional trailing Z.
const YMD = /^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z?)?$/;
const DIGITS8 = /^\d{8}$/;
const SERIAL_TEXT = /^\d{4,5}$/;
// « 12 mars 2019 », « 1er mars 2019 », « lundi 12 mars 2019 »
const TEXT_DATE = /^(?:[a-z]+ )?(\d{1,2})(?:er)? ([a-z]+) (\d{4})$/;

function validTime(h: string | undefined, m: string | undefined, s: string | undefined): boolean {
  if (h === undefined) return true;
  if (+h > 23) return false;
  if (m !== undefined && +m > 59) return false;
  if (s !== undefined && +s > 59) return false;
  return true;
}

function code(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/**
 * A time 'HH:MM' or 'HH:MM:SS' at `at` (DMY also takes 'h' / 'H' before the minutes, as the
 * regular expressions do): true when valid, false when out of range, undefined when not that shape.
 */
function fastTimeTail(s: string, at: number, hourLetter: boolean): boolean | undefined {
  const sep = s.charCodeAt(at - 1);
  if (sep !== 32 && sep !== 84) return undefined;
  const colon = s.charCodeAt(at + 2);
  if (!(colon === 58 || (hourLetter && (colon === 104 || colon === 72)))) return undefined;
  if (!isDigitAt(s, at) || !isDigitAt(s, at + 1) || !isDigitAt(s, at + 3) || !isDigitAt(s, at + 4)) return undefined;
  if (s.length === at + 8) {
    if (s.charCodeAt(at + 5) !== 58 || !isDigitAt(s, at + 6) || !isDigitAt(s, at + 7)) return undefined;
    if (code(s, at + 6) * 10 + code(s, at + 7) > 59) return false;
  } else if (s.length !== at + 5) {
    return undefined;
  }
  return code(s, at) * 10 + code(s, at + 1) <= 23 && code(s, at + 3) * 10 + code(s, at + 4) <= 59;
}

/**
 * Fast path for the shapes that make up nearly every real file: 'dd/mm/yyyy' and 'yyyy-mm-dd',
 * alone or followed by ' HH:MM' / ' HH:MM:SS' (a « Date de saisie »). Anything else: undefined,
 * and the regular expressions decide (same results, only slower).
 */
function fastDate(s: string): ISODate | Invalid | undefined {
  if (s.length !== 10) {
    if (s.length !== 16 && s.length !== 19) return undefined;
    const dmy = s.charCodeAt(2) === 47;
    const time = fastTimeTail(s, 11, dmy);
    if (time === undefined) return undefined;
    const day = fastDate(s.slice(0, 10));
    if (day === undefined) return undefined;
    return time ? day : INVALID;
  }
  if (s.charCodeAt(2) === 47 && s.charCodeAt(5) === 47) {
    for (const i of [0, 1, 3, 4, 6, 7, 8, 9]) if (!isDigitAt(s, i)) return undefined;
    return makeDate(
      code(s, 6) * 1000 + code(s, 7) * 100 + code(s, 8) * 10 + code(s, 9),
      code(s, 3) * 10 + code(s, 4),
      code(s, 0) * 10 + code(s, 1),
    );
  }
  if (s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) if (!isDigitAt(s, i)) return undefined;
    return makeDate(
      code(s, 0) * 1000 + code(s, 1) * 100 + code(s, 2) * 10 + code(s, 3),
      code(s, 5) * 10 + code(s, 6),
      code(s, 8) * 10 + code(s, 9),
    );
  }
  return undefined;
}

/**
 * A date cell → 'YYYY-MM-DD'. Accepts dd/mm/yyyy, d/m/yyyy, dd/mm/yy, dd-mm-yyyy, dd.mm.yyyy
 * (each optionally followed by a time), yyyy-mm-dd (and yyyy/mm/dd, with optional time),
 * yyyymmdd, « 12 mars 2019 », Excel serials as numbers, and — in date columns only, which is the
 * only place this is called — integral numeric text that is a plausible serial (year 1910–2100).
 */
export function parseDate(cell: Cell | undefined, date1904 = false): Parsed<ISODate> {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return excelSerialToDate(cell, date1904);
  if (typeof cell === 'boolean') return INVALID;
  const s = cell.trim();
  if (s.length === 0 || BLANK.test(s)) return null;
  const fast = fastDate(s);
  if (fast !== undefined) return fast;
  let m = DMY.exec(s);
  if (m) {
    if (!validTime(m[5], m[6], m[7])) return INVALID;
    const y = m[4]!.length === 2 ? expandYear(+m[4]!) : +m[4]!;
    return makeDate(y, +m[3]!, +m[1]!);
  }
  m = YMD.exec(s);
  if (m) {
    if (!validTime(m[5], m[6], m[7])) return INVALID;
    return makeDate(+m[1]!, +m[3]!, +m[4]!);
  }
  if (DIGITS8.test(s)) {
    const ymd = makeDate(+s.slice(0, 4), +s.slice(4, 6), +s.slice(6, 8));
    if (ymd !== INVALID) return ymd;
    return makeDate(+s.slice(4, 8), +s.slice(2, 4), +s.slice(0, 2));
  }
  if (SERIAL_TEXT.test(s)) {
    const d = excelSerialToDate(+s, date1904);
    if (d === INVALID) return INVALID;
    const y = +d.slice(0, 4);
    return y >= 1910 && y <= 2100 ? d : INVALID;
  }
  const t = TEXT_DATE.exec(foldText(s));
  if (t) {
    const month = MONTH_NAMES.get(t[2]!);
    if (month === undefined) return INVALID;
    return makeDate(+t[3]!, month, +t[1]!);
  }
  return INVALID;
}

const foldText = normalize;

const MONTH_NAMES = new Map<string, number>();
(
  [
    [1, 'janvier janv jan january'],
    [2, 'fevrier fevr fev feb february'],
    [3, 'mars mar march'],
    [4, 'avril avr apr april'],
    [5, 'mai may'],
    [6, 'juin jun june'],
    [7, 'juillet juil jul july'],
    [8, 'aout aou aug august'],
    [9, 'septembre sept sep september'],
    [10, 'octobre oct october'],
    [11, 'novembre nov november'],
    [12, 'decembre dec december'],
  ] as const
).forEach(([n, names]) => names.split(' ').forEach((name) => MONTH_NAMES.set(name, n)));

function makeMonth(y: number, m: number): MonthKey | Invalid {
  if (y < 1900 || y > 2100 || m < 1 || m > 12) return INVALID;
  return `${y}-${pad2(m)}`;
}

const MONTH_YM = /^(\d{4})[-/.](\d{1,2})$/;
const MONTH_MY = /^(\d{1,2})[-/.](\d{4}|\d{2})$/;
const MONTH_YYYYMM = /^(\d{4})(\d{2})$/;
const MONTH_NAMED = /^([a-z]+) (\d{4}|\d{2})$/;

/**
 * A month cell → 'YYYY-MM': '2019-03', '2019/03', '03/2019', '3/2019', '03/19', '201903',
 * 'mars 2019', 'Mars-19', 'Mar-19', 'Mars 2019', any date (cell or text) → its month.
 */
export function parseMonth(cell: Cell | undefined, date1904 = false): Parsed<MonthKey> {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') {
    const d = excelSerialToDate(cell, date1904);
    return d === INVALID ? INVALID : d.slice(0, 7);
  }
  if (typeof cell === 'boolean') return INVALID;
  const s = cell.trim();
  if (s.length === 0 || BLANK.test(s)) return null;
  let m = MONTH_YM.exec(s);
  if (m) return makeMonth(+m[1]!, +m[2]!);
  m = MONTH_MY.exec(s);
  if (m) return makeMonth(m[2]!.length === 2 ? expandYear(+m[2]!) : +m[2]!, +m[1]!);
  m = MONTH_YYYYMM.exec(s);
  if (m) return makeMonth(+m[1]!, +m[2]!);
  m = MONTH_NAMED.exec(foldText(s));
  if (m) {
    const month = MONTH_NAMES.get(m[1]!);
    if (month === undefined) return INVALID;
    return makeMonth(m[2]!.length === 2 ? expandYear(+m[2]!) : +m[2]!, month);
  }
  const d = parseDate(s, date1904);
  return d === INVALID || d === null ? INVALID : d.slice(0, 7);
}

// ---------------------------------------------------------------------------------------------
// Times and durations

const TIME = /^(\d{1,2})\s*[:hH]\s*(\d{2})?(?::(\d{2})(?:\.\d+)?)?$/;
const DATETIME_TAIL = /[ T](\d{1,2}[:hH]\d{2}(?::\d{2}(?:\.\d+)?)?)Z?$/;

/**
 * A time of day → 'HH:MM': '09:05', '9:05:00', '9h05', '14H30', '9h', a date-time text (its time
 * part), or an Excel day fraction (0 ≤ n < 1).
 */
export function parseTime(cell: Cell | undefined): Parsed<string> {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') {
    if (!(cell >= 0 && cell < 1)) return INVALID;
    let minutes = Math.round(cell * 1440);
    if (minutes === 1440) minutes = 1439;
    return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
  }
  if (typeof cell === 'boolean') return INVALID;
  let s = cell.trim();
  if (s.length === 0 || BLANK.test(s)) return null;
  let m = TIME.exec(s);
  if (!m) {
    const tail = DATETIME_TAIL.exec(s);
    if (!tail || s.length === tail[0].length) return INVALID;
    s = tail[1]!;
    m = TIME.exec(s);
    if (!m) return INVALID;
  }
  const h = +m[1]!;
  const min = m[2] === undefined ? 0 : +m[2];
  if (h > 23 || min > 59 || (m[3] !== undefined && +m[3] > 59)) return INVALID;
  return `${pad2(h)}:${pad2(min)}`;
}

export type DurationUnit = 'min' | 'h' | 'auto';

const MINUTE_WORDS = new Set(['min', 'mn', 'mins', 'minute', 'minutes']);
const HOUR_WORDS = new Set(['h', 'hr', 'hrs', 'hh', 'heure', 'heures', 'hour', 'hours']);

/**
 * The unit of bare numbers in a duration column, from its header: « Durée (min) » → minutes,
 * « Durée (h) », « Durée en heures », « Nombre d'heures » → hours, a bare « Durée » → auto.
 * `header` is the normalised header.
 */
export function durationUnit(normalizedHeader: string): DurationUnit {
  const words = normalizedHeader.split(' ');
  if (words.some((w) => MINUTE_WORDS.has(w))) return 'min';
  if (words.some((w) => HOUR_WORDS.has(w))) return 'h';
  return 'auto';
}

const DUR_HM = /^(\d{1,3})\s*h\s*(?:(\d{1,2})\s*(?:min|mn|m)?)?$/;
const DUR_CLOCK = /^(\d{1,3}):(\d{2})(?::(\d{2}))?$/;
const DUR_MIN = /^(\d+(?:[.,]\d+)?)\s*(?:min|mins|mn|minutes?)$/;
const DUR_HOURS = /^(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|heures?)$/;

/**
 * A duration → whole minutes (rounded). Explicit forms say their unit: '9h05', '1h30', '1h',
 * '09:05', '01:30:00' (h:mm[:ss]), '45 min', '1,5 h'. A bare number follows the column's unit;
 * under 'auto' (a header that names no unit) a number is hours when it has a decimal part and
 * is ≤ 12 ('1,5' → 90), minutes otherwise ('90' → 90, '45' → 45, '13,5' → 14).
 */
export function parseDuration(cell: Cell | undefined, unit: DurationUnit): Parsed<number> {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'boolean') return INVALID;
  let n: number;
  if (typeof cell === 'number') {
    n = cell;
  } else {
    const s = cell.trim().toLowerCase();
    if (s.length === 0 || BLANK.test(s)) return null;
    let m = DUR_HM.exec(s);
    if (m) {
      const min = m[2] === undefined ? 0 : +m[2];
      if (min > 59) return INVALID;
      return +m[1]! * 60 + min;
    }
    m = DUR_CLOCK.exec(s);
    if (m) {
      if (+m[2]! > 59 || (m[3] !== undefined && +m[3] > 59)) return INVALID;
      return +m[1]! * 60 + +m[2]! + Math.round((m[3] === undefined ? 0 : +m[3]) / 60);
    }
    m = DUR_MIN.exec(s);
    if (m) return Math.round(+m[1]!.replace(',', '.'));
    m = DUR_HOURS.exec(s);
    if (m) return Math.round(+m[1]!.replace(',', '.') * 60);
    const parsed = parseNumber(s);
    if (parsed === null || parsed === INVALID) return INVALID;
    n = parsed;
  }
  if (!Number.isFinite(n) || n < 0) return INVALID;
  const hours = unit === 'h' || (unit === 'auto' && !Number.isInteger(n) && n <= 12);
  return Math.round(hours ? n * 60 : n);
}

// ---------------------------------------------------------------------------------------------
// Numbers

const NUMBER_SPACES = /[\s\u00a0\u202f\u2007\u2009']/g;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A number: decimal comma or point; spaces, NBSP, narrow NBSP (U+202F) and apostrophes as
 * thousand separators. When both ',' and '.' appear, the last one is the decimal separator.
 */
export function parseNumber(cell: Cell | undefined): Parsed<number> {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : INVALID;
  if (typeof cell === 'boolean') return INVALID;
  let s = cell.replace(NUMBER_SPACES, '');
  if (s.length === 0) return null;
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) {
    s = comma > dot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (comma >= 0) {
    if (s.indexOf(',') !== comma) return INVALID;
    s = s.replace(',', '.');
  } else if (dot >= 0 && s.indexOf('.') !== dot) {
    return INVALID;
  }
  if (!PLAIN_NUMBER.test(s)) return INVALID;
  return Number(s);
}

const AGE = /^(\d{1,3})\s*(?:ans?)?$/i;

/** An age in whole years ('45', '45 ans', 45). */
export function parseAge(cell: Cell | undefined): Parsed<number> {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 0 && cell < 130 ? cell : INVALID;
  if (typeof cell === 'boolean') return INVALID;
  const s = cell.trim();
  if (s.length === 0 || BLANK.test(s)) return null;
  const m = AGE.exec(s);
  if (!m) return INVALID;
  const n = +m[1]!;
  return n < 130 ? n : INVALID;
}

export type WeeklyHoursUnit = 'hours' | 'percent';

/** « % temps plein », « Quotité », « Pourcentage », « Taux » headers hold a share of 35 h. */
export function weeklyHoursUnit(normalizedHeader: string): WeeklyHoursUnit {
  return /(^| )(pourcentage|quotite|taux|pct)( |$)/.test(normalizedHeader) || normalizedHeader.startsWith('temps plein')
    ? 'percent'
    : 'hours';
}

const FULL_TIME = 35;
const PERCENT = /^(\d+(?:[.,]\d+)?)\s*%$/;

/**
 * Weekly working hours. Hours: '35', '24,5', '24h30'. Shares of full time (35 h): '80 %' in any
 * column; in a percent column, a bare number > 1.5 is a percentage ('80' → 28) and a number
 * ≤ 1.5 is a fraction (an Excel percent cell 0.8 → 28).
 */
export function parseWeeklyHours(cell: Cell | undefined, unit: WeeklyHoursUnit): Parsed<number> {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'boolean') return INVALID;
  let n: number;
  if (typeof cell === 'string') {
    const s = cell.trim();
    if (s.length === 0 || BLANK.test(s)) return null;
    const pct = PERCENT.exec(s);
    if (pct) return round2((+pct[1]!.replace(',', '.') * FULL_TIME) / 100);
    const hm = DUR_HM.exec(s.toLowerCase());
    if (hm) {
      const min = hm[2] === undefined ? 0 : +hm[2];
      if (min > 59) return INVALID;
      return round2(+hm[1]! + min / 60);
    }
    const parsed = parseNumber(s);
    if (parsed === null || parsed === INVALID) return INVALID;
    n = parsed;
  } else {
    n = cell;
  }
  if (!Number.isFinite(n) || n < 0) return INVALID;
  if (unit === 'percent') return round2(n <= 1.5 ? n * FULL_TIME : (n * FULL_TIME) / 100);
  return n > 168 ? INVALID : round2(n);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// Booleans

const TRUE_WORDS = ['oui', 'o', 'x', '1', 'vrai', 'yes', 'y', 'true', 'v', 'ok'];
const FALSE_WORDS = ['non', 'n', '0', 'faux', 'no', 'false'];
const BOOLEANS = new Map<string, boolean>([
  ...TRUE_WORDS.map((w) => [w, true] as const),
  ...FALSE_WORDS.map((w) => [w, false] as const),
]);
const CHECK_MARKS = /^[✓✔☑☒✗✘]$/;

/**
 * Oui/Non, O/N, X/empty, 1/0, Vrai/Faux, Yes/No, True/False, a check mark. An empty cell is
 * null (unknown), not false: a column may use the X/empty convention or Oui/Non with gaps, and
 * the two cannot be told apart cell by cell. `extra` holds field-specific words (normalised).
 */
export function parseBoolean(cell: Cell | undefined, extra?: ReadonlyMap<string, boolean>): Parsed<boolean> {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'boolean') return cell;
  if (typeof cell === 'number') return cell === 1 ? true : cell === 0 ? false : INVALID;
  const s = cell.trim();
  if (s.length === 0 || BLANK.test(s)) return null;
  // A mark in the cell is the X convention, whatever the glyph.
  if (CHECK_MARKS.test(s)) return true;
  const k = foldText(s);
  if (k.length === 0) return null;
  const b = extra?.get(k) ?? BOOLEANS.get(k);
  return b === undefined ? INVALID : b;
}
