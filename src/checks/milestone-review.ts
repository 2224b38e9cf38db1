/**
 * milestone-review (rules.md §3 `revue-18-mois`, `bilans-brsa`; Dijon points d'étape): a review
 * event within ± toleranceMonths of fixed durations of the parcours (e + m months), and, with
 * `onExit`, of an exit that comes before the last milestone.
 */
import { z } from 'zod';
import { addMonths, monthOf } from '../model/dates.js';
import type { AgendaEvent, EventKind, ISODate, Participant, Timeline } from '../model/types.js';
import { eventsOf, makeFinding, participantLabel, referentOn, sortedTimelines, sortFindings, uniqueOrigins } from './context.js';
import { eventKind, populationFilter } from './params.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';
import { inRange } from './windows.js';

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

/** The population filter (BRSA / CER; unknown counts as no). */
export function inReviewPopulation(pt: Participant, pop: MilestoneReviewParams['population']): boolean {
  if (!pop) return true;
  if (pop.brsa !== undefined && (pt.brsa ?? false) !== pop.brsa) return false;
  if (pop.cer !== undefined && (pt.cer ?? false) !== pop.cer) return false;
  return true;
}

/** Milestones (months after entry) whose date e + m is not after P's end. */
export function reviewMilestones(p: MilestoneReviewParams, entry: ISODate, periodEnd: ISODate): number[] {
  if (p.milestones) return [...p.milestones].sort((a, b) => a - b);
  const out: number[] = [];
  for (let m = p.every!; addMonths(entry, m) <= periodEnd; m += p.every!) out.push(m);
  return out;
}

export interface ReviewWindow {
  milestone: number | 'sortie';
  /** The day the review is about: e + m months, or the exit date. */
  anchor: ISODate;
  start: ISODate;
  end: ISODate;
}

/**
 * The review windows of a participant who entered on `entry`, anchored in P: one per milestone
 * (e + (m ± t) months, which differs from d ± t months at month ends), then, with `onExit`, the
 * exit's (x ± t months) when the exit comes before the last milestone.
 */
export function reviewWindows(tl: Timeline, entry: ISODate, p: MilestoneReviewParams, period: { start: ISODate; end: ISODate }): ReviewWindow[] {
  const t = p.toleranceMonths;
  const out: ReviewWindow[] = [];
  for (const m of reviewMilestones(p, entry, period.end)) {
    const d = addMonths(entry, m);
    if (inRange(d, period.start, period.end)) out.push({ milestone: m, anchor: d, start: addMonths(entry, m - t), end: addMonths(entry, m + t) });
  }
  const x = tl.exitDate;
  if (!p.onExit || x === null) return out;
  // With recurring milestones there is no last one: every exit needs its review.
  const last = p.milestones ? Math.max(...p.milestones) : null;
  if (last !== null && !(x < addMonths(entry, last))) return out;
  if (inRange(x, period.start, period.end)) out.push({ milestone: 'sortie', anchor: x, start: addMonths(x, -t), end: addMonths(x, t) });
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

function run(ctx: CheckContext, p: MilestoneReviewParams): Finding[] {
  const findings: Finding[] = [];
  for (const tl of sortedTimelines(ctx)) {
    const e = tl.entryDate;
    if (e === null || !inReviewPopulation(tl.participant, p.population)) continue;
    // Review events count whatever their attendance and wherever they fall (rules.md §3).
    const events = eventsOf(ctx, tl.participant.key);
    for (const w of reviewWindows(tl, e, p, ctx.period)) {
      if (w.end > ctx.asOf) continue;
      const d = w.anchor;
      if (w.milestone !== 'sortie' && (!tl.isAssigned(d) || tl.isExited(d))) continue;
      if (firstReviewIn(events, p.eventKinds, w.start, w.end)) continue;
      const { referent, span } = referentOn(tl, d);
      const exit = w.milestone === 'sortie';
      findings.push(
        makeFinding({
          participant: participantLabel(tl.participant),
          referent,
          period: monthOf(d),
          milestone: w.milestone,
          expected: 1,
          actual: 0,
          evidence: uniqueOrigins(exit ? [span?.origin, ...tl.exitOrigins] : [span?.origin]),
          args: exit
            ? { entryDate: e, exitDate: d, windowStart: w.start, windowEnd: w.end }
            : { entryDate: e, milestoneDate: d, windowStart: w.start, windowEnd: w.end },
        }),
      );
    }
  }
  return sortFindings(findings);
}

export const milestoneReview = defineCheck({
  kind: 'milestone-review',
  params: milestoneReviewParams,
  needs,
  run,
});
