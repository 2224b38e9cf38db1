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
import type { ISODate, Origin, Timeline } from '../model/types.js';
import { makeFinding, normalizeName, sortedTimelines, sortFindings, uniqueOrigins } from './context.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding, type ReferentConfig } from './types.js';
import { daysOf, elapsedWindows } from './windows.js';

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

function configuredReferents(ctx: CheckContext): ReferentConfig[] {
  return ctx.config.referents.filter((r) => ctx.lot === null || r.lot == null || r.lot === ctx.lot);
}

function skipReason(ctx: CheckContext, p: FileActiveParams): string | null {
  if (configuredReferents(ctx).length === 0 && p.etp === undefined && p.total === undefined) {
    return "ETP des référents non configuré et ETP du lot absent de la règle";
  }
  return null;
}

/** Floating-point products like 80 × 0.7 must not fall short of an exact count by 1e-14. */
function target(perEtp: number, etp: number): number {
  return Math.round(perEtp * etp * 1e9) / 1e9;
}

function run(ctx: CheckContext, p: FileActiveParams): Finding[] {
  const months = elapsedWindows('month', ctx.period, ctx.asOf);
  const counted = (tl: Timeline, d: ISODate) =>
    p.excludeVeille ? tl.isActive(d) : tl.isAssigned(d) && !tl.isExited(d);
  const refs = configuredReferents(ctx);
  const byName = new Map(refs.map((r) => [normalizeName(r.name), r]));
  /** period → bucket (normalised référent name, or '' for the lot) → participant key → affectation rows. */
  const tally = new Map<string, Map<string, Map<string, Origin[]>>>();
  for (const m of months) tally.set(m.period, new Map());

  for (const tl of sortedTimelines(ctx)) {
    for (const m of months) {
      const buckets = tally.get(m.period)!;
      for (const d of daysOf(m.start, m.end)) {
        if (!counted(tl, d)) continue;
        for (const span of tl.assignmentsOn(d)) {
          const bucket = refs.length > 0 ? normalizeName(span.referent) : '';
          if (refs.length > 0 && !byName.has(bucket)) continue;
          let people = buckets.get(bucket);
          if (!people) buckets.set(bucket, (people = new Map()));
          let rows = people.get(tl.participant.key);
          if (!rows) people.set(tl.participant.key, (rows = []));
          if (!rows.some((o) => o.input === span.origin.input && o.row === span.origin.row)) rows.push(span.origin);
        }
      }
    }
  }

  const findings: Finding[] = [];
  const lines: { bucket: string; referent: string | null; etp: number; source: 'config' | 'lot' }[] =
    refs.length > 0
      ? refs.map((r) => ({ bucket: normalizeName(r.name), referent: r.name, etp: r.etp, source: 'config' as const }))
      : [{ bucket: '', referent: null, etp: p.etp ?? 0, source: 'lot' as const }];
  for (const m of months) {
    const buckets = tally.get(m.period)!;
    for (const line of lines) {
      const people = buckets.get(line.bucket) ?? new Map<string, Origin[]>();
      const goal = line.source === 'lot' && p.total !== undefined ? p.total : target(p.perEtp, line.etp);
      if (people.size >= goal) continue;
      const origins = [...people.values()].flat().sort((a, b) => a.input - b.input || a.row - b.row);
      findings.push(
        makeFinding({
          referent: line.referent,
          period: m.period,
          expected: goal,
          actual: people.size,
          evidence: uniqueOrigins(origins),
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
