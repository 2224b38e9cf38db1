/**
 * step-coverage: participants must have étapes de parcours.
 *
 * - `window` (Béthune « au minima 1 étape de parcours cohérente par trimestre »): for each elapsed
 *   calendar window inside P, a participant active on every day of it must have ≥1 étape
 *   (matching `steps`) overlapping at least one day of it. A window with a veille day, an entry
 *   or an exit is not due (the cahier speaks of the participant's quarter of follow-up).
 * - `maxGapDays` (Dijon « les participants sans étape depuis 3 mois »): a gap is a maximal run of
 *   consecutive days of [P.start, min(P.end, A)] on which the participant is active and no étape
 *   covers the day; a gap longer than N days is one finding. It therefore starts at the later of
 *   the entry date, P.start and the day after the last étape, and ends at the earlier of A, the
 *   exit and the day before the next étape. Interpretation: a veille period (validated suspension
 *   of the follow-up) interrupts the gap and the count starts again when the follow-up resumes.
 *
 * Which étapes count: every status except « prescrite » (the participant was only positioned on
 * it) and « refusée » (it never happened); an abandoned étape was followed up to its end date.
 * An étape without end date is still running.
 */
import { z } from 'zod';
import { addDays, daysBetween, monthOf } from '../model/dates.js';
import { mergeRanges, subtractRanges } from '../model/timeline.js';
import type { ISODate, Step, Timeline } from '../model/types.js';
import { compareOrigins, makeFinding, participantLabel, referentOn, sortedTimelines, sortFindings, stepsOf, uniqueOrigins } from './context.js';
import { stepMatches } from './match.js';
import { stepMatch, type StepMatch } from './params.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';
import { elapsedWindows, judgedEnd } from './windows.js';

export const stepCoverageParams = z
  .object({
    window: z.enum(['month', 'quarter']).optional(),
    maxGapDays: z.number().int().min(1).optional(),
    steps: stepMatch.optional(),
  })
  .strict()
  .refine((p) => (p.window === undefined) !== (p.maxGapDays === undefined), {
    message: 'window ou maxGapDays (un seul des deux)',
  });
export type StepCoverageParams = z.infer<typeof stepCoverageParams>;

function needs(): CheckNeeds {
  return { datasets: ['affectations', 'etapes'] };
}

/** Étapes that took place (see the header), matching the rule's filter. */
export function followedSteps(ctx: CheckContext, participantKey: string, m: StepMatch | undefined): Step[] {
  return stepsOf(ctx, participantKey).filter(
    (s) => s.status !== 'prescrite' && s.status !== 'refusee' && (s.end === null || s.end >= s.start) && stepMatches(s, m),
  );
}

function overlaps(s: Step, start: ISODate, end: ISODate): boolean {
  return s.start <= end && (s.end === null || s.end >= start);
}

function spanOrigins(tl: Timeline, start: ISODate, end: ISODate) {
  return tl.assignments.filter((a) => a.start <= end && (a.end === null || a.end >= start)).map((a) => a.origin);
}

function runWindows(ctx: CheckContext, p: StepCoverageParams, window: 'month' | 'quarter'): Finding[] {
  const findings: Finding[] = [];
  const windows = elapsedWindows(window, ctx.period, ctx.asOf);
  for (const tl of sortedTimelines(ctx)) {
    const steps = followedSteps(ctx, tl.participant.key, p.steps);
    for (const w of windows) {
      if (!tl.isActiveThroughout(w.start, w.end)) continue;
      if (steps.some((s) => overlaps(s, w.start, w.end))) continue;
      const { referent } = referentOn(tl, w.end);
      findings.push(
        makeFinding({
          participant: participantLabel(tl.participant),
          referent,
          period: w.period,
          expected: 1,
          actual: 0,
          evidence: uniqueOrigins(spanOrigins(tl, w.start, w.end).sort(compareOrigins)),
          args: { window },
        }),
      );
    }
  }
  return findings;
}

function runGaps(ctx: CheckContext, p: StepCoverageParams, maxGapDays: number): Finding[] {
  const findings: Finding[] = [];
  const last = judgedEnd(ctx.period, ctx.asOf);
  if (last < ctx.period.start) return findings;
  for (const tl of sortedTimelines(ctx)) {
    const steps = followedSteps(ctx, tl.participant.key, p.steps);
    // The gaps are the active days no étape covers, as runs: the day-by-day reading, by ranges.
    const covered = mergeRanges(steps);
    for (const gap of subtractRanges(tl.activeRuns(ctx.period.start, last), covered)) {
      const start = gap.start;
      const to = gap.end!;
      const days = daysBetween(start, to) + 1;
      if (days <= maxGapDays) continue;
      // The day the gap became longer than N days: the finding's anchor.
      const overdue = addDays(start, maxGapDays);
      const before = steps.filter((s) => s.end !== null && s.end < start).at(-1);
      const { referent } = referentOn(tl, overdue);
      findings.push(
        makeFinding({
          participant: participantLabel(tl.participant),
          referent,
          period: `${monthOf(start)}/${monthOf(to)}`,
          date: overdue,
          expected: maxGapDays,
          actual: days,
          evidence: uniqueOrigins([...(before ? [before.origin] : []), ...spanOrigins(tl, start, to).sort(compareOrigins)]),
          args: { from: start, to, days, lastStepEnd: before?.end ?? null },
        }),
      );
    }
  }
  return findings;
}

function run(ctx: CheckContext, p: StepCoverageParams): Finding[] {
  const findings = p.window !== undefined ? runWindows(ctx, p, p.window) : runGaps(ctx, p, p.maxGapDays!);
  return sortFindings(findings);
}

export const stepCoverage = defineCheck({
  kind: 'step-coverage',
  params: stepCoverageParams,
  needs,
  run,
});
