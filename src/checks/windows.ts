/**
 * Calendar windows and day-state helpers shared by the check kinds (rules.md §3 "Dates and
 * windows"). Day-state questions go to the Timeline (isActive, isActiveThroughout…) so that every
 * kind reads the participant's parcours the same way.
 */
import { addDays, windowsInside, type Window, type WindowKind } from '../model/dates.js';
import type { DateSpan, ISODate, Step } from '../model/types.js';

export type { Window, WindowKind };

/** Calendar windows inside P whose last day is ≤ A (elapsed windows). */
export function elapsedWindows(
  kind: WindowKind,
  period: { start: ISODate; end: ISODate },
  asOf: ISODate,
): Window[] {
  return windowsInside(kind, period.start, period.end).filter((w) => w.end <= asOf);
}

/** d ∈ [start, end], end null = open. */
export function inSpan(d: ISODate, start: ISODate, end: ISODate | null): boolean {
  return start <= d && (end === null || d <= end);
}

export function inRange(d: ISODate, start: ISODate, end: ISODate): boolean {
  return start <= d && d <= end;
}

/**
 * A prescribed step has not started, a refused one never happened and an abandoned one keeps its
 * planned dates: none of them says which days the participant was in it (same reading as the
 * timeline's employment spells).
 */
export function stepTookPlace(s: Step): boolean {
  return s.status !== 'prescrite' && s.status !== 'refusee' && s.status !== 'abandonnee';
}

/** A step (open end = still running) covers day d. */
export function stepCovers(s: Step, d: ISODate): boolean {
  return inSpan(d, s.start, s.end);
}

/** A single step covers every day of [start, end]. */
export function stepCoversAll(s: Step, start: ISODate, end: ISODate): boolean {
  return s.start <= start && (s.end === null || s.end >= end);
}

export function spanCovers(s: DateSpan, d: ISODate): boolean {
  return inSpan(d, s.start, s.end);
}

/** The last day of the audit that can be judged: min(P.end, A). */
export function judgedEnd(period: { start: ISODate; end: ISODate }, asOf: ISODate): ISODate {
  return period.end < asOf ? period.end : asOf;
}

export { addDays };
