/**
 * loss-of-contact (perte-de-contact, advisory): « 2 absences injustifiées ou 2 relances écrites
 * dans un délai d'un mois de date à date » are a ground for ending the accompagnement, after
 * validation by the commission. The rule lists the participants for whom the exit should have
 * been proposed.
 *
 * Interpretation:
 * - Unjustified absence: attendance « absent non excusé » or plain « absent » (the absence was not
 *   recorded as excused); « absent excusé » does not count. Any participant event counts except
 *   relances and référent-only kinds (congé, réunion de structure, commission).
 * - Written reminder: an event of kind `relance` whose mode is not the telephone (unknown mode
 *   counts), not cancelled or postponed.
 * - A contact in between (an attended event other than a relance, or a written bilan / poursuite
 *   validation, which the référent produces without the participant) re-establishes the
 *   contact: the counts start again. Absences and relances are counted separately.
 * - `within: month`: the count-th event falls on or before addMonths(first, 1) (date to date,
 *   inclusive); `within: null`: no time window (Lunel 2018).
 * - The criterion is met on the day of the count-th event (M), while the participant is assigned
 *   and not exited; then the counts start again (one finding per occurrence). Violation when the
 *   participant is still not exited on M + 1 month (time to bring the case to a commission), or,
 *   when that day is after A, on A (`args.pending` true: the exit can still be proposed).
 */
import { z } from 'zod';
import { addDays, addMonths, monthOf } from '../model/dates.js';
import type { AgendaEvent, Attendance, EventKind, ISODate } from '../model/types.js';
import { agendaRowsWhere, eventsOf, makeFinding, participantLabel, referentOn, sortedTimelines, sortFindings, uniqueOrigins } from './context.js';
import { isAttendance } from './match.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';

export const lossOfContactParams = z
  .object({
    count: z.number().int().min(2).default(2),
    within: z.literal('month').nullable().default('month'),
  })
  .strict();
export type LossOfContactParams = z.infer<typeof lossOfContactParams>;

function needs(): CheckNeeds {
  return { datasets: ['affectations', 'agenda'], fields: { agenda: ['kind', 'attendance'] } };
}

const NOT_PARTICIPANT_TIME: ReadonlySet<EventKind> = new Set<EventKind>(['relance', 'conge', 'reunion-structure', 'commission']);

// On field values rather than events: agenda rows are column views, each field read costs a lookup.
const isUnjustifiedAbsence = (kind: EventKind, attendance: Attendance | null) =>
  !NOT_PARTICIPANT_TIME.has(kind) && (attendance === 'absent' || attendance === 'absent-non-excuse');
const isWrittenReminder = (kind: EventKind, attendance: Attendance | null, e: AgendaEvent) =>
  kind === 'relance' && attendance !== 'annule' && attendance !== 'reporte' && e.mode !== 'telephone';
/** Review kinds count whatever their attendance elsewhere, but prove no contact here. */
const NOT_CONTACT: ReadonlySet<EventKind> = new Set<EventKind>([...NOT_PARTICIPANT_TIME, 'bilan', 'poursuite']);
/** isContactEvent on field values. */
const isContact = (kind: EventKind, attendance: Attendance | null) => !NOT_CONTACT.has(kind) && isAttendance(attendance);
/** An attended event of participant time, other than a written review: it re-establishes the contact. */
export const isContactEvent = (e: AgendaEvent): boolean => isContact(e.kind, e.attendance);

export interface LossOfContactOccurrence {
  kind: 'absences' | 'relances';
  /** The events that meet the criterion, the last one on `met`. */
  events: AgendaEvent[];
  met: ISODate;
}

/**
 * Every time `count` unjustified absences or written reminders accumulate (within a month, date
 * to date, when `within` is 'month') with no contact between them. `events` sorted by date; the
 * caller filters on period, as-of and timeline.
 */
export function lossOfContactOccurrences(events: readonly AgendaEvent[], p: LossOfContactParams): LossOfContactOccurrence[] {
  const out: LossOfContactOccurrence[] = [];
  // Every event of the participants concerned goes through here: each field is read once (agenda
  // rows are column views) and the month limit is computed once per first event.
  let absences: AgendaEvent[] = [];
  let relances: AgendaEvent[] = [];
  let absencesUntil: ISODate | null = null;
  let relancesUntil: ISODate | null = null;
  for (const e of events) {
    const kind = e.kind;
    const attendance = e.attendance;
    if (isContact(kind, attendance)) {
      // Most events are contacts: no new list when there is nothing to forget.
      if (absences.length > 0) absences = [];
      if (relances.length > 0) relances = [];
      absencesUntil = relancesUntil = null;
      continue;
    }
    let isAbsence: boolean;
    if (isUnjustifiedAbsence(kind, attendance)) isAbsence = true;
    else if (isWrittenReminder(kind, attendance, e)) isAbsence = false;
    else continue;
    const date = e.date;
    let list = isAbsence ? absences : relances;
    list.push(e);
    if (p.within === 'month') {
      let until: ISODate | null = isAbsence ? absencesUntil : relancesUntil;
      while (list.length > 0) {
        until ??= addMonths(list[0]!.date, 1);
        if (!(until < date)) break;
        list.shift();
        until = null;
      }
      if (isAbsence) absencesUntil = until;
      else relancesUntil = until;
    }
    if (list.length < p.count) continue;
    out.push({ kind: isAbsence ? 'absences' : 'relances', events: list, met: date });
    list = [];
    if (isAbsence) {
      absences = list;
      absencesUntil = null;
    } else {
      relances = list;
      relancesUntil = null;
    }
  }
  return out;
}

/**
 * The participants who may meet the criterion: `count` unjustified absences, or `count` written
 * reminders, within a month (date to date) when `within` is 'month' — contacts between them
 * aside. The others cannot, and their events need not be read in date order. Those rows (a few
 * in a hundred) are found by kind and attendance; only their dates are kept.
 */
export function possibleLosses(ctx: CheckContext, p: LossOfContactParams): Set<string> {
  const absences = new Map<string, ISODate[]>();
  const reminders = new Map<string, ISODate[]>();
  const agenda = ctx.data.agenda;
  // Kind and attendance pick the rows; a reminder's mode is read on the row itself.
  const rows = agendaRowsWhere(ctx.data, (kind, attendance) => isUnjustifiedAbsence(kind, attendance) || kind === 'relance');
  for (const i of rows) {
    // A view reads the few fields asked for; get() would copy all twenty.
    const e = agenda.view(i);
    const kind = e.kind;
    const attendance = e.attendance;
    let dates: Map<string, ISODate[]>;
    if (isUnjustifiedAbsence(kind, attendance)) dates = absences;
    else if (isWrittenReminder(kind, attendance, e)) dates = reminders;
    else continue;
    const key = e.participantKey;
    if (key === null) continue;
    const list = dates.get(key);
    if (list) list.push(e.date);
    else dates.set(key, [e.date]);
  }
  const out = new Set<string>();
  for (const dates of [absences, reminders]) {
    for (const [key, list] of dates) {
      if (list.length < p.count || out.has(key)) continue;
      if (p.within !== 'month') {
        out.add(key);
        continue;
      }
      list.sort();
      for (let i = 0; i + p.count - 1 < list.length; i++) {
        if (addMonths(list[i]!, 1) >= list[i + p.count - 1]!) {
          out.add(key);
          break;
        }
      }
    }
  }
  return out;
}

function run(ctx: CheckContext, p: LossOfContactParams): Finding[] {
  const findings: Finding[] = [];
  const candidates = possibleLosses(ctx, p);
  for (const tl of sortedTimelines(ctx)) {
    // Never assigned, or not a possible loss: no occurrence can count.
    if (tl.assignments.length === 0 || !candidates.has(tl.participant.key)) continue;
    for (const { kind, events: list, met } of lossOfContactOccurrences(eventsOf(ctx, tl.participant.key), p)) {
      if (met < ctx.period.start || met > ctx.period.end || met > ctx.asOf) continue;
      if (!tl.isAssigned(met) || tl.isExited(met)) continue;
      const deadline = addMonths(met, 1);
      const pending = deadline > ctx.asOf;
      const judged = pending ? ctx.asOf : deadline;
      // Exited by `judged` = the exit date is on or before it.
      if (tl.isExited(addDays(judged, 1))) continue;
      const { referent, span } = referentOn(tl, met);
      findings.push(
        makeFinding({
          participant: participantLabel(tl.participant),
          referent,
          period: monthOf(met),
          date: met,
          expected: p.count,
          actual: list.length,
          evidence: uniqueOrigins([...list.map((x) => x.origin), span?.origin]),
          args: { kind, first: list[0]!.date, deadline, pending },
        }),
      );
    }
  }
  return sortFindings(findings);
}

export const lossOfContact = defineCheck({
  kind: 'loss-of-contact',
  params: lossOfContactParams,
  needs,
  run,
});
