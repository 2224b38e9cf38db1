/**
 * first-contact-delay (rules.md §3 `premier-entretien`): the first attended individual interview
 * within `maxDays` of the orientation; after an absence in that delay, a new interview (attended
 * or missed: a second absence makes the candidature caduque) within `retryDays` of the absence.
 */
import { z } from 'zod';
import { addDays, daysBetween, monthOf } from '../model/dates.js';
import type { AgendaEvent } from '../model/types.js';
import { eventsOf, inPeriod, makeFinding, participantLabel, referentOn, sortedTimelines, sortFindings, uniqueOrigins } from './context.js';
import { eventMatches, isAbsence } from './match.js';
import { eventMatch } from './params.js';
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
  const agenda = ['kind'];
  if (p.match.modes) agenda.push('mode');
  if (p.match.formats) agenda.push('format');
  if (p.match.roles) agenda.push('role');
  return { datasets: ['affectations', 'agenda'], fields: { agenda, affectations: ['orientationDate'] } };
}

function run(ctx: CheckContext, p: FirstContactDelayParams): Finding[] {
  // The same interview filter, whatever the attendance: absences and relances are interviews too.
  const anyAttendance = { ...p.match, attended: false };
  const findings: Finding[] = [];
  for (const tl of sortedTimelines(ctx)) {
    const o = tl.orientationDate;
    if (o === null || !inPeriod(ctx, o)) continue;
    const deadline = addDays(o, p.maxDays);
    if (deadline > ctx.asOf) continue;
    const interviews = eventsOf(ctx, tl.participant.key).filter((e) => e.date >= o && eventMatches(e, anyAttendance));
    const attended = interviews.filter((e) => eventMatches(e, p.match));
    const first: AgendaEvent | undefined = attended[0];
    if (first && first.date <= deadline) continue;
    const absences = interviews.filter((e) => isAbsence(e) && e.date <= deadline);
    if (p.absenceCloses && absences.length > 0) continue;
    if (p.retryDays !== null) {
      const retry = p.retryDays;
      const relaunched = absences.some((a) => {
        const until = addDays(a.date, retry);
        return interviews.some(
          (e) => e !== a && e.date > a.date && e.date <= until && (eventMatches(e, p.match) || isAbsence(e)),
        );
      });
      if (relaunched) continue;
    }
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
