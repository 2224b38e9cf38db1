/**
 * The per-participant computations of the check kinds that the échéancier also needs, written
 * once as exported functions. The check files are owned elsewhere and keep their own copies for
 * now; each function names the check it mirrors so that the check can import it instead
 * (test/due/obligations.test.ts pins that both agree on the cases that matter).
 */
import type { ContactFrequencyParams } from '../checks/contact-frequency.js';
import type { FirstContactDelayParams } from '../checks/first-contact-delay.js';
import type { LossOfContactParams } from '../checks/loss-of-contact.js';
import { eventMatches, isAbsence, isAttended, stepMatches } from '../checks/match.js';
import type { MilestoneReviewParams } from '../checks/milestone-review.js';
import { everyDay, stepCovers, stepCoversAll } from '../checks/windows.js';
import { addDays, addMonths, maxDate } from '../model/dates.js';
import type { AgendaEvent, DateSpan, EventKind, ISODate, Participant, Step, Timeline } from '../model/types.js';

// ── first-contact-delay ─────────────────────────────────────────────────────────────────────

export interface FirstContactState {
  /** The obligation is fulfilled or closed by the events seen so far. */
  met: boolean;
  /** o + maxDays. */
  baseDeadline: ISODate;
  /**
   * The last day a fulfilling interview can take place: after an absence (with retryDays), a new
   * RDV is due within retryDays of the last absence, which may run past o + maxDays.
   */
  deadline: ISODate;
  /** First attended matching interview on or after o (seen so far). */
  firstAttended: AgendaEvent | null;
  /** Matching interviews missed between o and o + maxDays. */
  absences: AgendaEvent[];
}

/**
 * Mirrors first-contact-delay's verdict for one participant oriented on `o`, seeing only the
 * events dated up to `until` (the check sees every event: until = '9999-12-31'). `events` are
 * the participant's events sorted by date.
 */
export function firstContactState(
  events: readonly AgendaEvent[],
  o: ISODate,
  p: FirstContactDelayParams,
  until: ISODate,
): FirstContactState {
  // The same interview filter, whatever the attendance: absences and relances are interviews too.
  const anyAttendance = { ...p.match, attended: false };
  const interviews = events.filter((e) => e.date >= o && e.date <= until && eventMatches(e, anyAttendance));
  const firstAttended = interviews.find((e) => eventMatches(e, p.match)) ?? null;
  const baseDeadline = addDays(o, p.maxDays);
  const absences = interviews.filter((e) => isAbsence(e) && e.date <= baseDeadline);
  let deadline = baseDeadline;
  if (p.retryDays !== null) for (const a of absences) deadline = maxDate(deadline, addDays(a.date, p.retryDays));
  const state = { baseDeadline, deadline, firstAttended, absences };
  if (firstAttended && firstAttended.date <= baseDeadline) return { ...state, met: true };
  if (p.absenceCloses && absences.length > 0) return { ...state, met: true };
  if (p.retryDays !== null) {
    const retry = p.retryDays;
    const relaunched = absences.some((a) => {
      const end = addDays(a.date, retry);
      return interviews.some((e) => e !== a && e.date > a.date && e.date <= end && (eventMatches(e, p.match) || isAbsence(e)));
    });
    if (relaunched) return { ...state, met: true };
  }
  return { ...state, met: false };
}

// ── milestone-review ────────────────────────────────────────────────────────────────────────

/** Mirrors milestone-review's population filter (BRSA / CER; unknown counts as no). */
export function inReviewPopulation(pt: Participant, pop: MilestoneReviewParams['population']): boolean {
  if (!pop) return true;
  if (pop.brsa !== undefined && (pt.brsa ?? false) !== pop.brsa) return false;
  if (pop.cer !== undefined && (pt.cer ?? false) !== pop.cer) return false;
  return true;
}

/** Mirrors milestone-review: milestones (months after entry), recurring ones up to P's end. */
export function reviewMilestones(p: MilestoneReviewParams, entry: ISODate, periodEnd: ISODate): number[] {
  if (p.milestones) return [...p.milestones].sort((a, b) => a - b);
  const out: number[] = [];
  for (let m = p.every!; addMonths(entry, m) <= periodEnd; m += p.every!) out.push(m);
  return out;
}

/** The first review event of one of `kinds` dated in [start, end] (any attendance). */
export function firstReviewIn(
  events: readonly AgendaEvent[],
  kinds: readonly EventKind[],
  start: ISODate,
  end: ISODate,
): AgendaEvent | null {
  return events.find((e) => kinds.includes(e.kind) && start <= e.date && e.date <= end) ?? null;
}

// ── contact-frequency ───────────────────────────────────────────────────────────────────────

export interface FrequencyDue {
  /** Rows that define the due window (the employment spell). */
  origins: DateSpan['origins'];
  args: Record<string, string | number | null>;
}

/**
 * Mirrors contact-frequency's "window is due" for `window`, reading the day states from
 * window.start to `statesUntil` only (the check: window.end; the échéancier: the days elapsed
 * so far in the current month). The step exemption is judged on the whole window, as the
 * check will. `steps` are the participant's steps that took place.
 */
export function frequencyDue(
  tl: Timeline,
  window: { start: ISODate; end: ISODate },
  statesUntil: ISODate,
  p: ContactFrequencyParams,
  steps: readonly Step[],
): FrequencyDue | null {
  const start = window.start;
  if (p.state === 'emploi') {
    if (!everyDay(start, statesUntil, (d) => tl.isAssigned(d) && !tl.isExited(d) && tl.isEmployed(d))) return null;
    const spell = tl.spellOn(start);
    if (!spell) return null;
    if (p.maxMonthsInState !== undefined && !(start < addMonths(spell.start, p.maxMonthsInState))) return null;
    return { origins: spell.origins, args: { spellStart: spell.start } };
  }
  if (p.state === 'sante') {
    const hs = tl.participant.healthStart ?? null;
    if (hs === null || start < hs) return null;
  }
  if (!everyDay(start, statesUntil, (d) => tl.isActive(d) && !tl.isEmployed(d))) return null;
  if (p.exemptSteps) {
    const exempt = p.exemptSteps;
    if (steps.some((s) => stepMatches(s, exempt) && stepCoversAll(s, window.start, window.end))) return null;
  }
  const args: FrequencyDue['args'] = {};
  if (p.state === 'sante') args.healthStart = tl.participant.healthStart ?? null;
  return { origins: [], args };
}

/** Mirrors contact-frequency: the event counts (its match, or the alternative one during a step). */
export function countsForFrequency(e: AgendaEvent, p: ContactFrequencyParams, steps: readonly Step[]): boolean {
  if (eventMatches(e, p.match)) return true;
  const alt = p.duringStep;
  if (!alt || !eventMatches(e, alt.match)) return false;
  return steps.some((s) => stepMatches(s, alt.steps) && stepCovers(s, e.date));
}

// ── loss-of-contact ─────────────────────────────────────────────────────────────────────────

const NOT_PARTICIPANT_TIME: ReadonlySet<EventKind> = new Set<EventKind>(['relance', 'conge', 'reunion-structure', 'commission']);

const isUnjustifiedAbsence = (e: AgendaEvent) =>
  !NOT_PARTICIPANT_TIME.has(e.kind) && (e.attendance === 'absent' || e.attendance === 'absent-non-excuse');
const isWrittenReminder = (e: AgendaEvent) =>
  e.kind === 'relance' && e.mode !== 'telephone' && e.attendance !== 'annule' && e.attendance !== 'reporte';
/** An attended event of participant time: it re-establishes the contact. */
export const isContactEvent = (e: AgendaEvent): boolean => !NOT_PARTICIPANT_TIME.has(e.kind) && isAttended(e);

export interface LossOfContactOccurrence {
  kind: 'absences' | 'relances';
  /** The events that meet the criterion, the last one on `met`. */
  events: AgendaEvent[];
  met: ISODate;
}

/**
 * Mirrors loss-of-contact's scan: every time `count` unjustified absences or written reminders
 * accumulate (within a month, date to date, when `within` is 'month') with no contact between
 * them. `events` sorted by date; the caller filters on period, as-of and timeline.
 */
export function lossOfContactOccurrences(events: readonly AgendaEvent[], p: LossOfContactParams): LossOfContactOccurrence[] {
  const out: LossOfContactOccurrence[] = [];
  const streams = { absences: [] as AgendaEvent[], relances: [] as AgendaEvent[] };
  for (const e of events) {
    if (isContactEvent(e)) {
      streams.absences = [];
      streams.relances = [];
      continue;
    }
    const kind = isUnjustifiedAbsence(e) ? 'absences' : isWrittenReminder(e) ? 'relances' : null;
    if (kind === null) continue;
    const list = streams[kind];
    list.push(e);
    if (p.within === 'month') {
      while (list.length > 0 && addMonths(list[0]!.date, 1) < e.date) list.shift();
    }
    if (list.length < p.count) continue;
    streams[kind] = [];
    out.push({ kind, events: list, met: e.date });
  }
  return out;
}
