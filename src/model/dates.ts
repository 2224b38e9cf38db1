/**
 * Calendar arithmetic on 'YYYY-MM-DD' strings. Dates are calendar days: the arithmetic is done on
 * day numbers (days since 1970-01-01 in the proleptic Gregorian calendar), never on instants, so
 * no time zone can shift a day. Checks call addDays and daysBetween millions of times on a large
 * network: integer arithmetic and a table of the strings already made spare a Date per call (and
 * date-fns, whose index alone is 300 modules to load at start-up).
 */
import type { ISODate, MonthKey } from './types.js';

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil; any year). */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Civil date of a day number (civil_from_days). */
function civil(n: number): [number, number, number] {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function format(y: number, m: number, d: number): ISODate {
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** Strings of the days already met (1900–2100 at most ≈ 73 000 of them), shared by every caller. */
const DAY_STRINGS = new Map<number, ISODate>();

/** The ISO string of a day number. */
export function dayString(n: number): ISODate {
  let s = DAY_STRINGS.get(n);
  if (s === undefined) {
    const [y, m, d] = civil(n);
    s = format(y, m, d);
    if (DAY_STRINGS.size < 200_000) DAY_STRINGS.set(n, s);
  }
  return s;
}

/** Day number of an ISO date. */
export function dayOf(d: ISODate): number {
  return dayNumber(+d.slice(0, 4), +d.slice(5, 7), +d.slice(8, 10));
}

/**
 * `Date.UTC(y, …)` and `new Date(y, …)` read years 0–99 as 1900–1999; setting the full year
 * avoids that (a mistyped '0019-03-01' must stay year 19, not become 1919).
 */
export function toUTC(d: ISODate): Date {
  const date = new Date(0);
  date.setUTCFullYear(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
  return date;
}

export function fromUTC(date: Date): ISODate {
  return format(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function addDays(d: ISODate, n: number): ISODate {
  return dayString(dayOf(d) + n);
}

function monthLength(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * date-fns `addMonths` semantics (31 January + 1 month = 28/29 February), as rules.md §3 requires:
 * the same day of the target month, clamped to its last day.
 */
export function addMonths(d: ISODate, n: number): ISODate {
  const index = +d.slice(0, 4) * 12 + (+d.slice(5, 7) - 1) + Math.trunc(n);
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const day = Math.min(+d.slice(8, 10), monthLength(y, m));
  // Through the shared table: milestone dates end up in tens of thousands of findings.
  return dayString(dayNumber(y, m, day));
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: ISODate, b: ISODate): number {
  return dayOf(b) - dayOf(a);
}

export function monthOf(d: ISODate): MonthKey {
  return d.slice(0, 7);
}

export function firstDayOfMonth(m: MonthKey): ISODate {
  return `${m}-01`;
}

export function lastDayOfMonth(m: MonthKey): ISODate {
  return `${m}-${monthLength(+m.slice(0, 4), +m.slice(5, 7))}`;
}

export function addMonthsToKey(m: MonthKey, n: number): MonthKey {
  const idx = +m.slice(0, 4) * 12 + (+m.slice(5, 7) - 1) + n;
  const y = Math.floor(idx / 12);
  const mo = (idx % 12) + 1;
  return `${String(y).padStart(4, '0')}-${mo < 10 ? '0' : ''}${mo}`;
}

/** Months from the month of `start` to the month of `end`, inclusive. */
export function monthsBetween(start: ISODate, end: ISODate): MonthKey[] {
  const out: MonthKey[] = [];
  const last = monthOf(end);
  for (let m = monthOf(start); m <= last; m = addMonthsToKey(m, 1)) out.push(m);
  return out;
}

export function minDate(a: ISODate, b: ISODate): ISODate {
  return a < b ? a : b;
}

export function maxDate(a: ISODate, b: ISODate): ISODate {
  return a > b ? a : b;
}

/** A calendar window (month, bimester, quarter, year) clipped to nothing: its own bounds. */
export interface Window {
  start: ISODate;
  end: ISODate;
  /** 'YYYY-MM' for a month, 'YYYY-MM/YYYY-MM' for longer windows. */
  period: string;
}

const WINDOW_MONTHS = { month: 1, bimester: 2, quarter: 3, year: 12 } as const;
export type WindowKind = keyof typeof WINDOW_MONTHS;

/**
 * Calendar windows lying wholly inside [periodStart, periodEnd] ("only windows inside P are
 * evaluated"), aligned on the calendar (bimesters Jan–Feb, Mar–Apr…; quarters Jan–Mar…).
 */
export function windowsInside(kind: WindowKind, periodStart: ISODate, periodEnd: ISODate): Window[] {
  const size = WINDOW_MONTHS[kind];
  const out: Window[] = [];
  const startYear = +periodStart.slice(0, 4);
  let m = `${String(startYear).padStart(4, '0')}-01`;
  const lastMonth = monthOf(periodEnd);
  while (m <= lastMonth) {
    const endMonth = addMonthsToKey(m, size - 1);
    const start = firstDayOfMonth(m);
    const end = lastDayOfMonth(endMonth);
    if (start >= periodStart && end <= periodEnd) {
      out.push({ start, end, period: size === 1 ? m : `${m}/${endMonth}` });
    }
    m = addMonthsToKey(m, size);
  }
  return out;
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}$/;
export function isISODate(s: string): boolean {
  if (!ISO_RE.test(s)) return false;
  return fromUTC(toUTC(s)) === s;
}
