/**
 * contact-frequency (rules.md §3 `entretiens-mensuels`, `suivi-emploi`, `entretiens-sante`):
 * per participant and elapsed calendar window, at least `min` matching agenda events.
 */
import { z } from 'zod';
import { addMonths } from '../model/dates.js';
import type { AgendaEvent, DateSpan, ISODate, Step, Timeline } from '../model/types.js';
import { eventsOf, firstOnOrAfter, makeFinding, participantLabel, referentOn, sortedTimelines, sortFindings, stepsOf, uniqueOrigins } from './context.js';
import { eventMatches, eventMatchFields, stepMatches } from './match.js';
import { eventMatch, stepMatch, windowKind } from './params.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';
import { elapsedWindows, stepCovers, stepCoversAll, stepTookPlace } from './windows.js';

export const contactFrequencyParams = z
  .object({
    min: z.number().int().min(1),
    window: windowKind.default('month'),
    match: eventMatch,
    /** accompagnement: active and never en emploi; emploi: en emploi every day; sante: accompagnement from healthStart. */
    state: z.enum(['accompagnement', 'emploi', 'sante']).default('accompagnement'),
    maxMonthsInState: z.number().int().min(1).optional(),
    exemptSteps: stepMatch.optional(),
    duringStep: z.object({ steps: stepMatch, match: eventMatch }).strict().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.maxMonthsInState !== undefined && p.state !== 'emploi') {
      ctx.addIssue({
        code: 'custom',
        path: ['maxMonthsInState'],
        message: "maxMonthsInState ne s'applique qu'avec state: emploi",
      });
    }
  });
export type ContactFrequencyParams = z.infer<typeof contactFrequencyParams>;

function stepFields(m: z.infer<typeof stepMatch> | undefined): string[] {
  const f = ['category'];
  if (m?.contracts) f.push('contract');
  if (m?.plie !== undefined) f.push('plie');
  if (m?.clause !== undefined) f.push('clause');
  return f;
}

function needs(p: ContactFrequencyParams): CheckNeeds {
  const agenda = new Set(eventMatchFields(p.match));
  if (p.duringStep) for (const f of eventMatchFields(p.duringStep.match)) agenda.add(f);
  const etapes = new Set(stepFields(undefined));
  if (p.exemptSteps) for (const f of stepFields(p.exemptSteps)) etapes.add(f);
  if (p.duringStep) for (const f of stepFields(p.duringStep.steps)) etapes.add(f);
  const fields: CheckNeeds['fields'] = { agenda: [...agenda], etapes: [...etapes] };
  if (p.state === 'sante') fields.affectations = ['healthStart'];
  // Every state reads employment (due windows exclude or require it): étapes are needed.
  return { datasets: ['affectations', 'agenda', 'etapes'], fields };
}

export interface FrequencyDue {
  /** Extra rows that define the due window (the employment spell). */
  origins: DateSpan['origins'];
  args: Finding['args'];
}

/**
 * Whether `window` is due for the participant, reading the day states from window.start to
 * `statesUntil` only (the check: window.end; the échéancier: the days elapsed so far in the
 * current month). The step exemption is judged on the whole window, as the check will.
 * `steps` are the participant's steps that took place.
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
    if (!(tl.isAccompaniedThroughout(start, statesUntil) && tl.isEmployedThroughout(start, statesUntil))) return null;
    const spell = tl.spellOn(start);
    if (!spell) return null;
    if (p.maxMonthsInState !== undefined && !(start < addMonths(spell.start, p.maxMonthsInState))) return null;
    return { origins: spell.origins, args: { spellStart: spell.start } };
  }
  if (p.state === 'sante') {
    const hs = tl.participant.healthStart ?? null;
    if (hs === null || start < hs) return null;
  }
  if (!tl.isActiveThroughout(start, statesUntil) || tl.isEmployedOnSomeDay(start, statesUntil)) return null;
  if (p.exemptSteps) {
    const exempt = p.exemptSteps;
    if (steps.some((s) => stepMatches(s, exempt) && stepCoversAll(s, window.start, window.end))) return null;
  }
  const args: Finding['args'] = {};
  if (p.state === 'sante') args.healthStart = tl.participant.healthStart ?? null;
  return { origins: [], args };
}

/** The event counts: its match, or the alternative one during a step. */
export function countsForFrequency(e: AgendaEvent, p: ContactFrequencyParams, steps: readonly Step[]): boolean {
  if (eventMatches(e, p.match)) return true;
  const alt = p.duringStep;
  if (!alt || !eventMatches(e, alt.match)) return false;
  return steps.some((s) => stepMatches(s, alt.steps) && stepCovers(s, e.date));
}

/** Events dated in [start, end] from a date-sorted list. */
function eventsIn(events: readonly AgendaEvent[], start: ISODate, end: ISODate): AgendaEvent[] {
  const out: AgendaEvent[] = [];
  for (let i = firstOnOrAfter(events, start); i < events.length; i++) {
    const e = events[i]!;
    if (e.date > end) break;
    out.push(e);
  }
  return out;
}

function run(ctx: CheckContext, p: ContactFrequencyParams): Finding[] {
  const windows = elapsedWindows(p.window, ctx.period, ctx.asOf);
  if (windows.length === 0) return [];
  const findings: Finding[] = [];
  for (const tl of sortedTimelines(ctx)) {
    const key = tl.participant.key;
    const steps = stepsOf(ctx, key).filter(stepTookPlace);
    // Read only when a window is due (not for those en emploi, en veille, out of the PLIE).
    let events: readonly AgendaEvent[] | null = null;
    for (const w of windows) {
      const due = frequencyDue(tl, w, w.end, p, steps);
      if (!due) continue;
      events ??= eventsOf(ctx, key);
      const counted = eventsIn(events, w.start, w.end).filter((e) => countsForFrequency(e, p, steps));
      if (counted.length >= p.min) continue;
      const { referent, span } = referentOn(tl, w.end);
      findings.push(
        makeFinding({
          participant: participantLabel(tl.participant),
          referent,
          period: w.period,
          expected: p.min,
          actual: counted.length,
          evidence: uniqueOrigins([span?.origin, ...due.origins, ...counted.map((e) => e.origin)]),
          args: { counted: counted.length, windowStart: w.start, windowEnd: w.end, ...due.args },
        }),
      );
    }
  }
  return sortFindings(findings);
}

export const contactFrequency = defineCheck({
  kind: 'contact-frequency',
  params: contactFrequencyParams,
  needs,
  run,
});
