/**
 * rate-target (taux-sorties-positives, Lunel « Objectif de sorties positives : 16% du nombre total
 * de participants », Dijon « 50 % de sorties positives »): positive exits dated in [P.start, A]
 * over a denominator, judged at the end of the period like count-target.
 *
 * - denominator `participants-accompagnes` (« du nombre total de participants »): the accompanied
 *   participants of count-target; the numerator keeps the positive exits of those participants.
 * - denominator `sorties`: every exit dated in [P.start, A].
 * Exits are counted once per (participant, exit date). No denominator, no rate: no finding.
 * expected / actual are percentages rounded to 0.1; the comparison uses the exact ratio.
 */
import { z } from 'zod';
import { isAccompanied, periodKey, periodTargetSkip } from './count-target.js';
import { makeFinding, sortedUniqueOrigins, sortFindings } from './context.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';
import { judgedEnd } from './windows.js';
import type { Origin } from '../model/types.js';

export const rateTargetParams = z
  .object({
    target: z.number().min(0).max(1),
    of: z.literal('sorties-positives').default('sorties-positives'),
    denominator: z.enum(['participants-accompagnes', 'sorties']).default('participants-accompagnes'),
  })
  .strict();
export type RateTargetParams = z.infer<typeof rateTargetParams>;

function needs(): CheckNeeds {
  return { datasets: ['affectations', 'sorties'], fields: { sorties: ['exitType', 'exitDate'] } };
}

const pct = (x: number) => Math.round(x * 1000) / 10;

function run(ctx: CheckContext, p: RateTargetParams): Finding[] {
  const last = judgedEnd(ctx.period, ctx.asOf);
  const exits = new Map<string, { key: string; positive: boolean; origin: Origin }>();
  for (const x of ctx.data.sorties) {
    if (x.exitDate === null || x.exitDate < ctx.period.start || x.exitDate > last) continue;
    const k = `${x.participantKey}|${x.exitDate}`;
    const prev = exits.get(k);
    if (!prev) exits.set(k, { key: x.participantKey, positive: x.exitType === 'positive', origin: x.origin });
    else prev.positive ||= x.exitType === 'positive';
  }
  let numerator: Origin[];
  let denominator: number;
  if (p.denominator === 'participants-accompagnes') {
    // Counted, not collected: only the participants with a positive exit need asking again.
    denominator = 0;
    for (const tl of ctx.timelines.values()) if (isAccompanied(ctx, tl)) denominator++;
    numerator = [...exits.values()]
      .filter((x) => {
        const tl = x.positive ? ctx.timelines.get(x.key) : undefined;
        return tl !== undefined && isAccompanied(ctx, tl);
      })
      .map((x) => x.origin);
  } else {
    denominator = exits.size;
    numerator = [...exits.values()].filter((x) => x.positive).map((x) => x.origin);
  }
  if (denominator === 0 || numerator.length / denominator >= p.target) return [];
  return sortFindings([
    makeFinding({
      period: periodKey(ctx),
      date: ctx.period.end,
      expected: pct(p.target),
      actual: pct(numerator.length / denominator),
      evidence: sortedUniqueOrigins([numerator]),
      args: { numerator: numerator.length, denominator, of: p.of, denominatorOf: p.denominator },
    }),
  ]);
}

export const rateTarget = defineCheck({
  kind: 'rate-target',
  params: rateTargetParams,
  needs,
  skipReason: (ctx) => periodTargetSkip(ctx),
  run,
});
