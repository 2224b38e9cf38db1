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
import type { AgendaEvent, EventKind, ISODate } from '../model/types.js';
import { eventsOf, makeFinding, participantLabel, referentOn, sortedTimelines, sortFindings, uniqueOrigins } from './context.js';
import { isAttended } from './match.js';
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

const isUnjustifiedAbsence = (e: AgendaEvent) =>
  !NOT_PARTICIPANT_TIME.has(e.kind) && (e.attendance === 'absent' || e.attendance === 'absent-non-excuse');
const isWrittenReminder = (e: AgendaEvent) =>
  e.kind === 'relance' && e.mode !== 'telephone' && e.attendance !== 'annule' && e.attendance !== 'reporte';
/** Review kinds count whatever their attendance elsewhere, but prove no contact here. */
const NOT_CONTACT: ReadonlySet<EventKind> = new Set<EventKind>([...NOT_PARTICIPANT_TIME, 'bilan', 'poursuite']);
/** An attended event of participant time, other than a written review: it re-establishes the contact. */
export const isContactEvent = (e: AgendaEvent): boolean => !NOT_CONTACT.has(e.kind) && isAttended(e);

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

function run(ctx: CheckContext, p: LossOfContactParams): Finding[] {
  const findings: Finding[] = [];
  for (const tl of sortedTimelines(ctx)) {
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
