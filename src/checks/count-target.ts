/**
 * count-target (objectif-participants, entrees-par-etp): a period target on a count.
 *
 * - `participants-accompagnes`: distinct participants assigned and not exited on at least one day
 *   of [P.start, A] (veille included: a participant en veille is still accompanied);
 * - `brsa-cer`: of those, BRSA = oui and CER = oui;
 * - `entrees`: participants whose entry date is in [P.start, A].
 * With `perEtp` (Dijon « au moins 56 entrées … objectif pour 1 ETP »), the target is per ETP:
 * per configured référent of the lot (target × its ETP; a participant counts for the référent of
 * the affectation: holding one in [P.start, A] for the accompanied counts, deciding the entry date
 * for the entries), else one lot figure against target × params.etp.
 *
 * Interpretation: the targets are annual (or per period): before the period's end there is
 * nothing to judge and the rule is skipped with a reason pointing to `plie-audit kpi`, which
 * gives the progress figures of the bilans intermédiaires.
 */
import { z } from 'zod';
import { monthOf } from '../model/dates.js';
import type { AssignmentSpan, ISODate, Origin, Timeline } from '../model/types.js';
import { makeFinding, normalizeName, referentOn, sortedTimelines, sortedUniqueOrigins, sortFindings } from './context.js';
import { countedSpans, etpTarget, lotReferents, NO_ETP_REASON, spanCounts } from './file-active.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';
import { judgedEnd } from './windows.js';

export const countTargetParams = z
  .object({
    target: z.number().min(0),
    of: z.enum(['participants-accompagnes', 'brsa-cer', 'entrees']),
    perEtp: z.boolean().default(false),
    etp: z.number().positive().optional(),
  })
  .strict();
export type CountTargetParams = z.infer<typeof countTargetParams>;

function needs(p: CountTargetParams): CheckNeeds {
  return {
    datasets: ['affectations'],
    ...(p.of === 'brsa-cer' ? { fields: { affectations: ['brsa', 'cer'] } } : {}),
  };
}

const frenchDate = (d: ISODate) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** Period targets are judged once the period is over (shared with rate-target). */
export function periodTargetSkip(ctx: CheckContext): string | null {
  if (ctx.asOf >= ctx.period.end) return null;
  return `objectif annuel : évalué à la fin de la période (le ${frenchDate(ctx.period.end)}) ; voir \`plie-audit kpi\` pour l'avancement`;
}

function skipReason(ctx: CheckContext, p: CountTargetParams): string | null {
  const early = periodTargetSkip(ctx);
  if (early) return early;
  if (p.perEtp && lotReferents(ctx).length === 0 && p.etp === undefined) return NO_ETP_REASON;
  return null;
}

/**
 * The affectations through which a participant is accompanied in [P.start, min(A, P.end)] (empty:
 * not accompanied): assigned and not exited, veille included.
 */
export function accompanyingSpans(ctx: CheckContext, tl: Timeline): AssignmentSpan[] {
  return countedSpans(tl, ctx.period.start, judgedEnd(ctx.period, ctx.asOf), false);
}

/** accompanyingSpans is not empty. */
export function isAccompanied(ctx: CheckContext, tl: Timeline): boolean {
  const last = judgedEnd(ctx.period, ctx.asOf);
  for (const s of tl.assignments) if (spanCounts(tl, s, ctx.period.start, last, false)) return true;
  return false;
}

/** The whole period as a finding period: 'YYYY-MM/YYYY-MM'. */
export function periodKey(ctx: CheckContext): string {
  return `${monthOf(ctx.period.start)}/${monthOf(ctx.period.end)}`;
}

interface Counted {
  key: string;
  /** Normalised référents the participant counts for (empty unless asked for). */
  referents: string[];
  origins: Origin[];
}

function population(ctx: CheckContext, p: CountTargetParams, withReferents: boolean): Counted[] {
  const out: Counted[] = [];
  const last = judgedEnd(ctx.period, ctx.asOf);
  const none: string[] = [];
  for (const tl of sortedTimelines(ctx)) {
    if (p.of === 'entrees') {
      const e = tl.entryDate;
      if (e === null || e < ctx.period.start || e > last) continue;
      const { referent, span } = referentOn(tl, e);
      out.push({ key: tl.participant.key, referents: referent && withReferents ? [normalizeName(referent)] : none, origins: span ? [span.origin] : [] });
      continue;
    }
    if (p.of === 'brsa-cer' && !(tl.participant.brsa === true && tl.participant.cer === true)) continue;
    const spans = accompanyingSpans(ctx, tl);
    if (spans.length === 0) continue;
    out.push({
      key: tl.participant.key,
      referents: withReferents ? spans.map((s) => normalizeName(s.referent)) : none,
      origins: spans.map((s) => s.origin),
    });
  }
  return out;
}

function run(ctx: CheckContext, p: CountTargetParams): Finding[] {
  const refs = p.perEtp ? lotReferents(ctx) : [];
  const counted = population(ctx, p, refs.length > 0);
  const lines =
    refs.length > 0
      ? refs.map((r) => ({ referent: r.name as string | null, bucket: normalizeName(r.name), etp: r.etp as number | null, source: 'config' }))
      : [{ referent: null, bucket: null as string | null, etp: p.perEtp ? p.etp! : null, source: p.perEtp ? 'lot' : null }];
  // Participants per référent, in population order, each once (a referent may be listed twice).
  const byReferent = new Map<string, Counted[]>();
  if (refs.length > 0) {
    for (const c of counted) {
      c.referents.forEach((r, i) => {
        if (c.referents.indexOf(r) !== i) return;
        const list = byReferent.get(r);
        if (list) list.push(c);
        else byReferent.set(r, [c]);
      });
    }
  }
  const findings: Finding[] = [];
  for (const line of lines) {
    const mine = line.bucket === null ? counted : (byReferent.get(line.bucket) ?? []);
    const goal = line.etp === null ? p.target : etpTarget(p.target, line.etp);
    if (mine.length >= goal) continue;
    findings.push(
      makeFinding({
        referent: line.referent,
        period: periodKey(ctx),
        date: ctx.period.end,
        expected: goal,
        actual: mine.length,
        evidence: sortedUniqueOrigins(mine.map((c) => c.origins)),
        args: { of: p.of, target: p.target, perEtp: p.perEtp, etp: line.etp, etpSource: line.source },
      }),
    );
  }
  return sortFindings(findings);
}

export const countTarget = defineCheck({
  kind: 'count-target',
  params: countTargetParams,
  needs,
  skipReason,
  run,
});
