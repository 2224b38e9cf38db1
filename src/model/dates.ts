/**
 * Calendar arithmetic on 'YYYY-MM-DD' strings. Dates are calendar days: we build UTC dates only
 * to do arithmetic, never to represent an instant, so no time zone can shift a day.
 */
import { addMonths as dfAddMonths } from 'date-fns';
import type { ISODate, MonthKey } from './types.js';

const DAY_MS = 86_400_000;

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
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

export function addDays(d: ISODate, n: number): ISODate {
  return fromUTC(new Date(toUTC(d).getTime() + n * DAY_MS));
}

/**
 * date-fns `addMonths` semantics (31 January + 1 month = 28/29 February), as rules.md §3 requires.
 * date-fns works in local time; a local date built from the calendar fields keeps them intact.
 */
export function addMonths(d: ISODate, n: number): ISODate {
  const local = new Date(2000, 0, 1);
  local.setFullYear(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
  const r = dfAddMonths(local, n);
  const m = r.getMonth() + 1;
  const day = r.getDate();
  return `${String(r.getFullYear()).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: ISODate, b: ISODate): number {
  return Math.round((toUTC(b).getTime() - toUTC(a).getTime()) / DAY_MS);
}

export function monthOf(d: ISODate): MonthKey {
  return d.slice(0, 7);
}

export function firstDayOfMonth(m: MonthKey): ISODate {
  return `${m}-01`;
}

export function lastDayOfMonth(m: MonthKey): ISODate {
  const y = +m.slice(0, 4);
  const mo = +m.slice(5, 7);
  const date = new Date(0);
  date.setUTCFullYear(y, mo, 0);
  const last = date.getUTCDate();
  return `${m}-${last}`;
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

/** Every day of [start, end], inclusive. */
export function* eachDay(start: ISODate, end: ISODate): Generator<ISODate> {
  for (let d = start; d <= end; d = addDays(d, 1)) yield d;
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}$/;
export function isISODate(s: string): boolean {
  if (!ISO_RE.test(s)) return false;
  return fromUTC(toUTC(s)) === s;
}
