/**
 * milestone-review (rules.md §3 `revue-18-mois`, `bilans-brsa`; Dijon points d'étape): a review
 * event within ± toleranceMonths of fixed durations of the parcours (e + m months), and, with
 * `onExit`, of an exit that comes before the last milestone.
 */
import { z } from 'zod';
import { addMonths, monthOf } from '../model/dates.js';
import type { AgendaEvent, ISODate, Participant } from '../model/types.js';
import { eventsOf, inPeriod, makeFinding, participantLabel, referentOn, sortedTimelines, sortFindings, uniqueOrigins } from './context.js';
import { eventKind, populationFilter } from './params.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';

export const milestoneReviewParams = z
  .object({
    milestones: z.array(z.number().int().min(1)).min(1).optional(),
    /** Recurring milestones: every, 2 × every, … as long as e + m months is in P. */
    every: z.number().int().min(1).optional(),
    eventKinds: z.array(eventKind).min(1),
    toleranceMonths: z.number().int().min(0).default(1),
    population: populationFilter.optional(),
    onExit: z.boolean().default(false),
  })
  .strict()
  .superRefine((p, ctx) => {
    if ((p.milestones === undefined) === (p.every === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['milestones'], message: 'indiquer milestones ou every (un seul des deux)' });
    }
  });
export type MilestoneReviewParams = z.infer<typeof milestoneReviewParams>;

function needs(p: MilestoneReviewParams): CheckNeeds {
  const affectations: string[] = [];
  if (p.population?.brsa !== undefined) affectations.push('brsa');
  if (p.population?.cer !== undefined) affectations.push('cer');
  return { datasets: ['affectations', 'agenda'], fields: { agenda: ['kind'], affectations } };
}

function inPopulation(pt: Participant, pop: MilestoneReviewParams['population']): boolean {
  if (!pop) return true;
  if (pop.brsa !== undefined && (pt.brsa ?? false) !== pop.brsa) return false;
  if (pop.cer !== undefined && (pt.cer ?? false) !== pop.cer) return false;
  return true;
}

/** Milestones (months after entry) whose date e + m is not after P's end. */
function milestonesFor(p: MilestoneReviewParams, entry: ISODate, periodEnd: ISODate): number[] {
  if (p.milestones) return [...p.milestones].sort((a, b) => a - b);
  const out: number[] = [];
  for (let m = p.every!; addMonths(entry, m) <= periodEnd; m += p.every!) out.push(m);
  return out;
}

function hasReview(events: readonly AgendaEvent[], kinds: readonly string[], start: ISODate, end: ISODate): boolean {
  return events.some((e) => kinds.includes(e.kind) && start <= e.date && e.date <= end);
}

function run(ctx: CheckContext, p: MilestoneReviewParams): Finding[] {
  const t = p.toleranceMonths;
  const findings: Finding[] = [];
  for (const tl of sortedTimelines(ctx)) {
    const e = tl.entryDate;
    if (e === null || !inPopulation(tl.participant, p.population)) continue;
    // Review events count whatever their attendance and wherever they fall (rules.md §3).
    const events = eventsOf(ctx, tl.participant.key);
    const ms = milestonesFor(p, e, ctx.period.end);
    for (const m of ms) {
      const d = addMonths(e, m);
      if (!inPeriod(ctx, d) || addMonths(e, m + t) > ctx.asOf) continue;
      if (!tl.isAssigned(d) || tl.isExited(d)) continue;
      const start = addMonths(e, m - t);
      const end = addMonths(e, m + t);
      if (hasReview(events, p.eventKinds, start, end)) continue;
      const { referent, span } = referentOn(tl, d);
      findings.push(
        makeFinding({
          participant: participantLabel(tl.participant),
          referent,
          period: monthOf(d),
          milestone: m,
          expected: 1,
          actual: 0,
          evidence: uniqueOrigins([span?.origin]),
          args: { entryDate: e, milestoneDate: d, windowStart: start, windowEnd: end },
        }),
      );
    }
    const x = tl.exitDate;
    if (!p.onExit || x === null) continue;
    // With recurring milestones there is no last one: every exit needs its review.
    const last = p.milestones ? Math.max(...p.milestones) : null;
    if (last !== null && !(x < addMonths(e, last))) continue;
    if (!inPeriod(ctx, x) || addMonths(x, t) > ctx.asOf) continue;
    const start = addMonths(x, -t);
    const end = addMonths(x, t);
    if (hasReview(events, p.eventKinds, start, end)) continue;
    const { referent, span } = referentOn(tl, x);
    findings.push(
      makeFinding({
        participant: participantLabel(tl.participant),
        referent,
        period: monthOf(x),
        milestone: 'sortie',
        expected: 1,
        actual: 0,
        evidence: uniqueOrigins([span?.origin, ...tl.exitOrigins]),
        args: { entryDate: e, exitDate: x, windowStart: start, windowEnd: end },
      }),
    );
  }
  return sortFindings(findings);
}

export const milestoneReview = defineCheck({
  kind: 'milestone-review',
  params: milestoneReviewParams,
  needs,
  run,
});
