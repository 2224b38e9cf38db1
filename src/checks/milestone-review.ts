/**
 * milestone-review (rules.md §3 `revue-18-mois`, `bilans-brsa`; Dijon points d'étape): a review
 * event within ± toleranceMonths of fixed durations of the parcours (e + m months), and, with
 * `onExit`, of an exit that comes before the last milestone.
 */
import { z } from 'zod';
import { addMonths, monthOf } from '../model/dates.js';
import type { AgendaEvent, EventKind, ISODate, Participant, Timeline } from '../model/types.js';
import { agendaRowsWhere, firstOnOrAfter, makeFinding, participantLabel, referentOn, sortedTimelines, sortFindings, uniqueOrigins } from './context.js';
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

/** The first review event of one of `kinds` dated in [start, end] (any attendance); `events` sorted by date. */
export function firstReviewIn(
  events: readonly AgendaEvent[],
  kinds: readonly EventKind[],
  start: ISODate,
  end: ISODate,
): AgendaEvent | null {
  for (let i = firstOnOrAfter(events, start); i < events.length; i++) {
    const e = events[i]!;
    if (e.date > end) break;
    if (kinds.includes(e.kind)) return e;
  }
  return null;
}

/**
 * The dates of each participant's events of `kinds`, sorted. Review kinds are a few rows in a
 * hundred: reading those rows is cheaper than reading every participant's events.
 */
function reviewDates(ctx: CheckContext, kinds: readonly EventKind[]): Map<string, ISODate[]> {
  const out = new Map<string, ISODate[]>();
  const agenda = ctx.data.agenda;
  for (const i of agendaRowsWhere(ctx.data, (kind) => kinds.includes(kind))) {
    // Two columns read in place: no event copied.
    const key = agenda.participantKey(i);
    if (key === null) continue;
    const date = agenda.date(i);
    const list = out.get(key);
    if (list) list.push(date);
    else out.set(key, [date]);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** Some date of a sorted list in [start, end]. */
function someDateIn(dates: readonly ISODate[], start: ISODate, end: ISODate): boolean {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < dates.length && dates[lo]! <= end;
}

function run(ctx: CheckContext, p: MilestoneReviewParams): Finding[] {
  const findings: Finding[] = [];
  let reviews: Map<string, ISODate[]> | null = null;
  for (const tl of sortedTimelines(ctx)) {
    const e = tl.entryDate;
    if (e === null || !inReviewPopulation(tl.participant, p.population)) continue;
    for (const w of reviewWindows(tl, e, p, ctx.period)) {
      if (w.end > ctx.asOf) continue;
      const d = w.anchor;
      if (w.milestone !== 'sortie' && (!tl.isAssigned(d) || tl.isExited(d))) continue;
      // Review events count whatever their attendance and wherever they fall (rules.md §3).
      reviews ??= reviewDates(ctx, p.eventKinds);
      const dates = reviews.get(tl.participant.key);
      if (dates !== undefined && someDateIn(dates, w.start, w.end)) continue;
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
