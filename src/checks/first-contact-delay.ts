/**
 * first-contact-delay (rules.md §3 `premier-entretien`): the first attended individual interview
 * within `maxDays` of the orientation; after an absence in that delay, a new interview (attended
 * or missed: a second absence makes the candidature caduque) within `retryDays` of the absence.
 */
import { z } from 'zod';
import { addDays, daysBetween, maxDate, monthOf } from '../model/dates.js';
import type { AgendaEvent, ISODate } from '../model/types.js';
import { eventsOf, firstOnOrAfter, inPeriod, makeFinding, participantLabel, referentOn, sortedTimelines, sortFindings, uniqueOrigins } from './context.js';
import { eventMatches, eventMatchFields, isAbsence } from './match.js';
import { eventMatch, type EventMatch } from './params.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';

export const firstContactDelayParams = z
  .object({
    maxDays: z.number().int().min(0),
    /** null: no extension after an absence. */
    retryDays: z.number().int().min(0).nullable().default(null),
    /**
     * An absence within maxDays closes the obligation (Lunel 2021: « en cas d'absence au RDV ainsi
     * fixé … la candidature sera considérée comme caduque »).
     */
    absenceCloses: z.boolean().default(false),
    match: eventMatch.default({ kinds: ['entretien'], formats: ['individuel'], attended: true }),
  })
  .strict();
export type FirstContactDelayParams = z.infer<typeof firstContactDelayParams>;

function needs(p: FirstContactDelayParams): CheckNeeds {
  return { datasets: ['affectations', 'agenda'], fields: { agenda: eventMatchFields(p.match), affectations: ['orientationDate'] } };
}

const interviewMatches = new WeakMap<FirstContactDelayParams, EventMatch>();

/** The interviews that take part in the obligation, whatever the attendance: absences and relances are interviews too. */
export function interviewMatch(p: FirstContactDelayParams): EventMatch {
  // Once per rule, not per participant.
  let m = interviewMatches.get(p);
  if (m === undefined) interviewMatches.set(p, (m = { ...p.match, attended: false }));
  return m;
}

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
 * The verdict for one participant oriented on `o`, seeing only the events dated up to `until`
 * (the check sees every event; the échéancier those up to A). `events` are the participant's
 * events sorted by date.
 */
export function firstContactState(
  events: readonly AgendaEvent[],
  o: ISODate,
  p: FirstContactDelayParams,
  until?: ISODate,
): FirstContactState {
  const anyAttendance = interviewMatch(p);
  const baseDeadline = addDays(o, p.maxDays);
  // Nothing after this day matters but the first attended interview: a relaunch follows an
  // absence up to baseDeadline by retryDays at most.
  const last = p.retryDays === null ? baseDeadline : addDays(baseDeadline, p.retryDays);
  const interviews: AgendaEvent[] = [];
  let firstAttended: AgendaEvent | null = null;
  for (let i = firstOnOrAfter(events, o); i < events.length; i++) {
    const e = events[i]!;
    const date = e.date;
    if ((until !== undefined && date > until) || (date > last && firstAttended !== null)) break;
    if (!eventMatches(e, anyAttendance)) continue;
    if (firstAttended === null && eventMatches(e, p.match)) firstAttended = e;
    if (date <= last) interviews.push(e);
  }
  const absences = interviews.filter((e) => isAbsence(e) && e.date <= baseDeadline);
  let deadline = baseDeadline;
  if (p.retryDays !== null) for (const a of absences) deadline = maxDate(deadline, addDays(a.date, p.retryDays));
  // Field by field, not `{ ...state, met }`: this runs for every participant oriented in P.
  const state = (met: boolean): FirstContactState => ({ baseDeadline, deadline, firstAttended, absences, met });
  if (firstAttended && firstAttended.date <= baseDeadline) return state(true);
  if (p.absenceCloses && absences.length > 0) return state(true);
  if (p.retryDays !== null) {
    const retry = p.retryDays;
    const relaunched = absences.some((a) => {
      const end = addDays(a.date, retry);
      return interviews.some((e) => e !== a && e.date > a.date && e.date <= end && (eventMatches(e, p.match) || isAbsence(e)));
    });
    if (relaunched) return state(true);
  }
  return state(false);
}

function run(ctx: CheckContext, p: FirstContactDelayParams): Finding[] {
  const findings: Finding[] = [];
  for (const tl of sortedTimelines(ctx)) {
    const o = tl.orientationDate;
    if (o === null || !inPeriod(ctx, o)) continue;
    // Not due yet whatever the events say: spare reading them.
    if (addDays(o, p.maxDays) > ctx.asOf) continue;
    const { met, baseDeadline: deadline, firstAttended: first, absences } = firstContactState(eventsOf(ctx, tl.participant.key), o, p);
    if (deadline > ctx.asOf || met) continue;
    const { referent, span } = referentOn(tl, o);
    findings.push(
      makeFinding({
        participant: participantLabel(tl.participant),
        referent,
        period: monthOf(o),
        expected: p.maxDays,
        actual: first ? daysBetween(o, first.date) : null,
        evidence: uniqueOrigins([span?.origin, ...absences.map((e) => e.origin), first?.origin]),
        args: {
          orientationDate: o,
          deadline,
          firstInterview: first?.date ?? null,
          absences: absences.length,
        },
      }),
    );
  }
  return sortFindings(findings);
}

export const firstContactDelay = defineCheck({
  kind: 'first-contact-delay',
  params: firstContactDelayParams,
  needs,
  run,
});
