/**
 * early-step: a given étape (`step`) or agenda event (`event`) within `maxDays` of the entry
 * (Béthune: first étape formalised in the entry dossier, an atelier of the offre de service
 * proposed « dès son entrée »), or of the diagnostic (`after: diagnostic`, Lunel 2021 lot2:
 * orientation to the psychologist « à l'issue » of the diagnostic).
 *
 * Population: participants whose entry date is in P; due when anchor + maxDays ≤ A.
 * - Anchor `entry`: the entry date. Anchor `diagnostic`: the first étape of category
 *   `diagnostic` or, when earlier, the first attended event whose subject mentions a diagnostic;
 *   the delay runs from the END of that étape (« à l'issue » of the diagnostic; its start when it
 *   has no end), and what happens during it already counts (0 days). When no diagnostic is
 *   recorded, the entry date (the cahier places the diagnostic before the entry: « suite au
 *   diagnostic … commission »), so the delay runs at the latest from the entry.
 * - An étape counts when it starts on or before anchor + maxDays and is still running on or
 *   after the start of the anchor (entry day, or diagnostic's first day). Every status counts,
 *   « prescrite » and « refusée » included: the clauses ask that the étape be proposed /
 *   formalised, which a refusal does not undo.
 * - An event counts when it matches `event` and is dated from the start of the anchor to
 *   anchor + maxDays.
 * Violation otherwise: expected = maxDays, actual = days from the anchor to the first matching
 * étape/event after it (null when none).
 */
import { z } from 'zod';
import { addDays, daysBetween, monthOf } from '../model/dates.js';
import type { ISODate, Origin } from '../model/types.js';
import { eventsOf, inPeriod, makeFinding, normalizeName, participantLabel, referentOn, sortedTimelines, sortFindings, stepsOf, uniqueOrigins } from './context.js';
import { eventMatches, isAttended } from './match.js';
import { eventMatch, stepMatch } from './params.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';
import { stepMatches } from './match.js';

export const earlyStepParams = z
  .object({
    maxDays: z.number().int().min(0),
    after: z.enum(['entry', 'diagnostic']).default('entry'),
    step: stepMatch.optional(),
    event: eventMatch.optional(),
  })
  .strict()
  .refine((p) => (p.step === undefined) !== (p.event === undefined), { message: 'step ou event (un seul des deux)' });
export type EarlyStepParams = z.infer<typeof earlyStepParams>;

function needs(p: EarlyStepParams): CheckNeeds {
  const datasets: CheckNeeds['datasets'] = ['affectations'];
  if (p.step) datasets.push('etapes');
  if (p.event) datasets.push('agenda');
  return { datasets };
}

interface Anchor {
  /** The delay runs from this day. */
  date: ISODate;
  /** Étapes / events from this day on count (the diagnostic's first day; else = date). */
  from: ISODate;
  source: 'entry' | 'diagnostic-step' | 'diagnostic-event';
  origin: Origin | null;
}

function anchorOf(ctx: CheckContext, key: string, entry: ISODate, after: EarlyStepParams['after']): Anchor {
  if (after === 'entry') return { date: entry, from: entry, source: 'entry', origin: null };
  const step = stepsOf(ctx, key).find((s) => s.category === 'diagnostic');
  const event = eventsOf(ctx, key).find((e) => isAttended(e) && e.subject !== null && normalizeName(e.subject).includes('diagnostic'));
  if (step && (!event || step.start <= event.date)) {
    const end = step.end !== null && step.end >= step.start ? step.end : step.start;
    return { date: end, from: step.start, source: 'diagnostic-step', origin: step.origin };
  }
  if (event) return { date: event.date, from: event.date, source: 'diagnostic-event', origin: event.origin };
  return { date: entry, from: entry, source: 'entry', origin: null };
}

function run(ctx: CheckContext, p: EarlyStepParams): Finding[] {
  const findings: Finding[] = [];
  for (const tl of sortedTimelines(ctx)) {
    const entry = tl.entryDate;
    if (entry === null || !inPeriod(ctx, entry)) continue;
    const key = tl.participant.key;
    const anchor = anchorOf(ctx, key, entry, p.after);
    const deadline = addDays(anchor.date, p.maxDays);
    if (deadline > ctx.asOf) continue;
    /** The first matching étape / event on or after the anchor: days from the anchor, origin. */
    let first: { days: number; origin: Origin } | null = null;
    if (p.step) {
      for (const s of stepsOf(ctx, key)) {
        if (!stepMatches(s, p.step) || (s.end !== null && s.end < anchor.from)) continue;
        const days = Math.max(0, daysBetween(anchor.date, s.start));
        if (first === null || days < first.days) first = { days, origin: s.origin };
      }
    } else {
      const e = eventsOf(ctx, key).find((x) => x.date >= anchor.from && eventMatches(x, p.event!));
      if (e) first = { days: Math.max(0, daysBetween(anchor.date, e.date)), origin: e.origin };
    }
    if (first !== null && first.days <= p.maxDays) continue;
    // A diagnostic before the entry: the référent is the one who takes the participant in.
    const { referent, span } = referentOn(tl, anchor.date > entry ? anchor.date : entry);
    findings.push(
      makeFinding({
        participant: participantLabel(tl.participant),
        referent,
        period: monthOf(anchor.date),
        date: anchor.date,
        expected: p.maxDays,
        actual: first?.days ?? null,
        evidence: uniqueOrigins([span?.origin, anchor.origin, first?.origin]),
        args: { after: p.after, anchor: anchor.date, anchorSource: anchor.source, entryDate: entry, deadline },
      }),
    );
  }
  return sortFindings(findings);
}

export const earlyStep = defineCheck({
  kind: 'early-step',
  params: earlyStepParams,
  needs,
  run,
});
