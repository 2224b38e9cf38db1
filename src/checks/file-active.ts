/**
 * file-active (rules.md §3 `file-active`): per elapsed month, the distinct participants active on
 * at least one day under an affectation to a référent must reach perEtp × ETP. Per configured
 * référent when the config gives référents' ETP (filtered to the audited lot), else one lot-level
 * figure against perEtp × the ruleset's ETP.
 *
 * Référents found in the data but absent from a non-empty config have no ETP, hence no target:
 * they are left out (the KPI command shows their figures).
 */
import { z } from 'zod';
import type { AssignmentSpan, ISODate, Origin, Timeline } from '../model/types.js';
import { compareOrigins, makeFinding, normalizeName, sortedTimelines, sortFindings, uniqueOrigins } from './context.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding, type ReferentConfig } from './types.js';
import { elapsedWindows, someDay, type Window } from './windows.js';

export const fileActiveParams = z
  .object({
    perEtp: z.number().positive(),
    /** The lot's ETP, used when the config gives no référent ETP. */
    etp: z.number().positive().optional(),
    excludeVeille: z.boolean().default(true),
    /**
     * A fixed monthly target for the whole lot, when the cahier sets one figure for a pool
     * (Lunel 2018/2019 lot2: 80 participants for the CIP + psychologue together).
     */
    total: z.number().positive().optional(),
  })
  .strict();
export type FileActiveParams = z.infer<typeof fileActiveParams>;

function needs(p: FileActiveParams): CheckNeeds {
  return { datasets: ['affectations'], config: p.etp === undefined && p.total === undefined ? ['referents'] : [] };
}

/** Référent lines of the config that belong to the audited lot (a line without lot belongs to all). */
export function lotReferents(ctx: CheckContext): ReferentConfig[] {
  return ctx.config.referents.filter((r) => ctx.lot === null || r.lot == null || r.lot === ctx.lot);
}

/** perEtp × ETP without floating noise (80 × 0.7 must not fall short of an exact count by 1e-14). */
export function etpTarget(perEtp: number, etp: number): number {
  return Math.round(perEtp * etp * 1e9) / 1e9;
}

/** Why a per-ETP rule cannot run (file-active, caseload-max, count-target per ETP). */
export const NO_ETP_REASON = 'ETP des référents non configuré et ETP du lot absent de la règle';

function skipReason(ctx: CheckContext, p: FileActiveParams): string | null {
  if (lotReferents(ctx).length === 0 && p.etp === undefined && p.total === undefined) return NO_ETP_REASON;
  return null;
}

/**
 * The affectations under which a participant counts on at least one day of [start, end]: assigned
 * through it and not exited, and, with `excludeVeille`, not en veille. The file active of a
 * window (excludeVeille as the rule says) and the participants accompanied (veille included:
 * a participant en veille is still accompanied) are both read here, so that `check` and `kpi`
 * never disagree.
 */
export function countedSpans(tl: Timeline, start: ISODate, end: ISODate, excludeVeille: boolean): AssignmentSpan[] {
  return tl.assignments.filter((s) => {
    const lo = s.start > start ? s.start : start;
    const hi = s.end !== null && s.end < end ? s.end : end;
    return lo <= hi && someDay(lo, hi, (d) => !tl.isExited(d) && !(excludeVeille && tl.isVeille(d)));
  });
}

/** Per window: bucket (normalised référent, or '' for the lot) → participant key → affectation rows. */
export type FileActiveTally = Map<string, Map<string, Map<string, Origin[]>>>;

/**
 * The file active of each window, per configured référent of `refs` (a participant reassigned
 * mid-window counts with both; référents absent from a non-empty config are left out), or for the
 * whole lot when `refs` is empty.
 */
export function fileActiveTally(ctx: CheckContext, windows: readonly Window[], refs: readonly ReferentConfig[], excludeVeille: boolean): FileActiveTally {
  const byName = new Set(refs.map((r) => normalizeName(r.name)));
  const tally: FileActiveTally = new Map();
  for (const w of windows) tally.set(w.period, new Map());
  for (const tl of sortedTimelines(ctx)) {
    for (const w of windows) {
      const buckets = tally.get(w.period)!;
      for (const span of countedSpans(tl, w.start, w.end, excludeVeille)) {
        const bucket = refs.length > 0 ? normalizeName(span.referent) : '';
        if (refs.length > 0 && !byName.has(bucket)) continue;
        let people = buckets.get(bucket);
        if (!people) buckets.set(bucket, (people = new Map()));
        let rows = people.get(tl.participant.key);
        if (!rows) people.set(tl.participant.key, (rows = []));
        rows.push(span.origin);
      }
    }
  }
  return tally;
}

export interface EtpLine {
  /** Tally bucket: normalised référent, or '' for the lot. */
  bucket: string;
  referent: string | null;
  etp: number;
  source: 'config' | 'lot';
}

/** One line per configured référent of the lot, else one lot line with the rule's ETP. */
export function etpLines(refs: readonly ReferentConfig[], lotEtp: number): EtpLine[] {
  return refs.length > 0
    ? refs.map((r) => ({ bucket: normalizeName(r.name), referent: r.name, etp: r.etp, source: 'config' as const }))
    : [{ bucket: '', referent: null, etp: lotEtp, source: 'lot' as const }];
}

function run(ctx: CheckContext, p: FileActiveParams): Finding[] {
  const months = elapsedWindows('month', ctx.period, ctx.asOf);
  const refs = lotReferents(ctx);
  const tally = fileActiveTally(ctx, months, refs, p.excludeVeille);
  const findings: Finding[] = [];
  const lines = etpLines(refs, p.etp ?? 0);
  for (const m of months) {
    const buckets = tally.get(m.period)!;
    for (const line of lines) {
      const people = buckets.get(line.bucket) ?? new Map<string, Origin[]>();
      const goal = line.source === 'lot' && p.total !== undefined ? p.total : etpTarget(p.perEtp, line.etp);
      if (people.size >= goal) continue;
      findings.push(
        makeFinding({
          referent: line.referent,
          period: m.period,
          expected: goal,
          actual: people.size,
          evidence: uniqueOrigins([...people.values()].flat().sort(compareOrigins)),
          args: { perEtp: p.perEtp, etp: line.etp, etpSource: line.source, excludeVeille: p.excludeVeille },
        }),
      );
    }
  }
  return sortFindings(findings);
}

export const fileActive = defineCheck({
  kind: 'file-active',
  params: fileActiveParams,
  needs,
  skipReason,
  run,
});
