import { addDays as dfAddDays, addMonths as dfAddMonths, differenceInCalendarDays, format } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addMonthsToKey,
  daysBetween,
  firstDayOfMonth,
  isISODate,
  lastDayOfMonth,
  maxDate,
  minDate,
  monthOf,
  monthsBetween,
  toUTC,
  fromUTC,
  windowsInside,
} from '../../src/model/dates.js';

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2019-01-31', 1)).toBe('2019-02-01');
    expect(addDays('2019-12-31', 1)).toBe('2020-01-01');
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2019-02-28', 1)).toBe('2019-03-01');
    expect(addDays('2020-03-01', -1)).toBe('2020-02-29');
    expect(addDays('2019-03-31', 0)).toBe('2019-03-31');
    expect(addDays('2019-01-01', 365)).toBe('2020-01-01');
  });
  it('keeps years below 100 (no 19xx reinterpretation)', () => {
    expect(addDays('0050-12-31', 1)).toBe('0051-01-01');
    expect(fromUTC(toUTC('0019-03-01'))).toBe('0019-03-01');
  });
});

describe('addMonths (date-fns semantics)', () => {
  it('clamps to the last day of a shorter month', () => {
    expect(addMonths('2019-01-31', 1)).toBe('2019-02-28');
    expect(addMonths('2020-01-31', 1)).toBe('2020-02-29');
    expect(addMonths('2019-03-31', 1)).toBe('2019-04-30');
    expect(addMonths('2019-03-31', -1)).toBe('2019-02-28');
    expect(addMonths('2020-03-31', -1)).toBe('2020-02-29');
  });
  it('handles leap days and year boundaries', () => {
    expect(addMonths('2020-02-29', 12)).toBe('2021-02-28');
    expect(addMonths('2020-02-29', 48)).toBe('2024-02-29');
    expect(addMonths('2019-11-15', 2)).toBe('2020-01-15');
    expect(addMonths('2019-01-15', 18)).toBe('2020-07-15');
    expect(addMonths('2019-08-31', 18)).toBe('2021-02-28');
    expect(addMonths('2019-05-10', 0)).toBe('2019-05-10');
  });
  it('keeps years below 100', () => {
    expect(addMonths('0050-01-31', 1)).toBe('0050-02-28');
  });
});

describe('daysBetween', () => {
  it('counts whole days b − a', () => {
    expect(daysBetween('2019-03-01', '2019-03-16')).toBe(15);
    expect(daysBetween('2019-03-16', '2019-03-01')).toBe(-15);
    expect(daysBetween('2019-03-01', '2019-03-01')).toBe(0);
    expect(daysBetween('2019-02-01', '2019-03-01')).toBe(28);
    expect(daysBetween('2020-02-01', '2020-03-01')).toBe(29);
    expect(daysBetween('2019-01-01', '2020-01-01')).toBe(365);
    expect(daysBetween('2020-01-01', '2021-01-01')).toBe(366);
    // Across the European DST change: still whole days.
    expect(daysBetween('2019-03-30', '2019-04-01')).toBe(2);
    expect(daysBetween('0099-12-31', '0100-01-01')).toBe(1);
  });
});

describe('months', () => {
  it('lastDayOfMonth follows month lengths and leap years', () => {
    expect(lastDayOfMonth('2019-01')).toBe('2019-01-31');
    expect(lastDayOfMonth('2019-02')).toBe('2019-02-28');
    expect(lastDayOfMonth('2020-02')).toBe('2020-02-29');
    expect(lastDayOfMonth('2000-02')).toBe('2000-02-29');
    expect(lastDayOfMonth('1900-02')).toBe('1900-02-28');
    expect(lastDayOfMonth('2100-02')).toBe('2100-02-28');
    expect(lastDayOfMonth('2019-04')).toBe('2019-04-30');
    expect(lastDayOfMonth('2019-12')).toBe('2019-12-31');
  });
  it('firstDayOfMonth, monthOf, addMonthsToKey, monthsBetween', () => {
    expect(firstDayOfMonth('2019-03')).toBe('2019-03-01');
    expect(monthOf('2019-03-17')).toBe('2019-03');
    expect(addMonthsToKey('2019-11', 2)).toBe('2020-01');
    expect(addMonthsToKey('2019-01', -1)).toBe('2018-12');
    expect(addMonthsToKey('2019-01', 0)).toBe('2019-01');
    expect(monthsBetween('2019-11-30', '2020-02-01')).toEqual(['2019-11', '2019-12', '2020-01', '2020-02']);
    expect(monthsBetween('2019-03-01', '2019-03-31')).toEqual(['2019-03']);
    expect(monthsBetween('2019-04-01', '2019-03-31')).toEqual([]);
  });
  it('minDate / maxDate', () => {
    expect(minDate('2019-03-01', '2019-02-28')).toBe('2019-02-28');
    expect(maxDate('2019-03-01', '2019-02-28')).toBe('2019-03-01');
  });
});


describe('isISODate', () => {
  it('accepts real calendar days only', () => {
    expect(isISODate('2019-02-28')).toBe(true);
    expect(isISODate('2020-02-29')).toBe(true);
    expect(isISODate('2019-02-29')).toBe(false);
    expect(isISODate('2019-02-31')).toBe(false);
    expect(isISODate('2019-04-31')).toBe(false);
    expect(isISODate('2019-13-01')).toBe(false);
    expect(isISODate('2019-00-10')).toBe(false);
    expect(isISODate('2019-01-00')).toBe(false);
    expect(isISODate('2019-1-01')).toBe(false);
    expect(isISODate('01/02/2019')).toBe(false);
    expect(isISODate('2019-01-01 10:00')).toBe(false);
    expect(isISODate('')).toBe(false);
  });
});

describe('windowsInside', () => {
  it('months of a full year', () => {
    const w = windowsInside('month', '2019-01-01', '2019-12-31');
    expect(w).toHaveLength(12);
    expect(w[0]).toEqual({ start: '2019-01-01', end: '2019-01-31', period: '2019-01' });
    expect(w[1]).toEqual({ start: '2019-02-01', end: '2019-02-28', period: '2019-02' });
    expect(w[11]).toEqual({ start: '2019-12-01', end: '2019-12-31', period: '2019-12' });
  });
  it('leaves out partial months at both ends', () => {
    expect(windowsInside('month', '2019-02-15', '2019-05-30').map((w) => w.period)).toEqual(['2019-03', '2019-04']);
    expect(windowsInside('month', '2019-03-01', '2019-03-30')).toEqual([]);
  });
  it('bimesters are calendar-aligned (Jan–Feb, Mar–Apr…) and partial ones are left out', () => {
    expect(windowsInside('bimester', '2021-01-01', '2021-11-30')).toEqual([
      { start: '2021-01-01', end: '2021-02-28', period: '2021-01/2021-02' },
      { start: '2021-03-01', end: '2021-04-30', period: '2021-03/2021-04' },
      { start: '2021-05-01', end: '2021-06-30', period: '2021-05/2021-06' },
      { start: '2021-07-01', end: '2021-08-31', period: '2021-07/2021-08' },
      { start: '2021-09-01', end: '2021-10-31', period: '2021-09/2021-10' },
    ]);
    // Starting in February: Jan–Feb is partial, and no bimester starts in February.
    expect(windowsInside('bimester', '2020-02-01', '2020-06-30').map((w) => w.period)).toEqual([
      '2020-03/2020-04', '2020-05/2020-06',
    ]);
    expect(windowsInside('bimester', '2020-01-01', '2020-02-29')[0]!.end).toBe('2020-02-29');
  });
  it('quarters are calendar-aligned and partial ones are left out', () => {
    expect(windowsInside('quarter', '2022-01-01', '2022-06-30')).toEqual([
      { start: '2022-01-01', end: '2022-03-31', period: '2022-01/2022-03' },
      { start: '2022-04-01', end: '2022-06-30', period: '2022-04/2022-06' },
    ]);
    expect(windowsInside('quarter', '2019-02-01', '2019-12-31').map((w) => w.period)).toEqual([
      '2019-04/2019-06', '2019-07/2019-09', '2019-10/2019-12',
    ]);
    expect(windowsInside('quarter', '2019-01-01', '2019-03-30')).toEqual([]);
  });
  it('spans several years', () => {
    expect(windowsInside('quarter', '2018-10-01', '2019-03-31').map((w) => w.period)).toEqual([
      '2018-10/2018-12', '2019-01/2019-03',
    ]);
    expect(windowsInside('year', '2018-01-01', '2019-12-31').map((w) => w.period)).toEqual([
      '2018-01/2018-12', '2019-01/2019-12',
    ]);
  });
});

describe('against date-fns, the reference for the calendar arithmetic', () => {
  // date-fns works on Date objects in local time: noon keeps any daylight-saving change away.
  const local = (d: string): Date => new Date(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10), 12);
  const iso = (date: Date): string => format(date, 'yyyy-MM-dd');
  const day = fc
    .record({ y: fc.integer({ min: 1950, max: 2100 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
    .filter(({ y, m, d }) => d <= new Date(y, m, 0).getDate())
    .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

  it('addMonths agrees with date-fns addMonths', () => {
    fc.assert(fc.property(day, fc.integer({ min: -60, max: 60 }), (d, n) => addMonths(d, n) === iso(dfAddMonths(local(d), n))), { numRuns: 2000 });
  });

  it('addDays and daysBetween agree with date-fns', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -2000, max: 2000 }), (d, n) => {
        const later = addDays(d, n);
        return later === iso(dfAddDays(local(d), n)) && daysBetween(d, later) === differenceInCalendarDays(local(later), local(d));
      }),
      { numRuns: 2000 },
    );
  });
});
