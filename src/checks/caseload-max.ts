/**
 * caseload-max (Béthune « capacité » : un référent temps plein pour 100 places): per elapsed month,
 * the file active of each configured référent (same definition as file-active: participants
 * active on at least one day of the month under an affectation to that référent) must not exceed
 * perEtp × ETP. Without référents' ETP in the config, one lot-level figure against
 * perEtp × params.etp.
 *
 * Interpretation: a participant en veille does not occupy a place (the cahier counts « places »
 * of active follow-up, like the Lunel file active « hors ceux en veille »), and a participant
 * reassigned mid-month occupies a place with both référents that month, as in file-active.
 * Référents absent from a non-empty config have no ETP, hence no ceiling: left out.
 */
import { z } from 'zod';
import type { Origin } from '../model/types.js';
import { compareOrigins, makeFinding, normalizeName, sortedTimelines, sortFindings, uniqueOrigins } from './context.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding, type ReferentConfig } from './types.js';
import { daysOf, elapsedWindows } from './windows.js';

export const caseloadMaxParams = z
  .object({
    perEtp: z.number().positive(),
    /** The lot's ETP, used when the config gives no référent ETP. */
    etp: z.number().positive().optional(),
  })
  .strict();
export type CaseloadMaxParams = z.infer<typeof caseloadMaxParams>;

/** Référent lines of the config that belong to the audited lot (a line without lot belongs to all). */
export function lotReferents(ctx: CheckContext): ReferentConfig[] {
  return ctx.config.referents.filter((r) => ctx.lot === null || r.lot == null || r.lot === ctx.lot);
}

/** perEtp × ETP without floating noise (100 × 0.7 must be 70, not 70.00000000000001). */
export function etpTarget(perEtp: number, etp: number): number {
  return Math.round(perEtp * etp * 1e9) / 1e9;
}

function needs(p: CaseloadMaxParams): CheckNeeds {
  return { datasets: ['affectations'], config: p.etp === undefined ? ['referents'] : [] };
}

function skipReason(ctx: CheckContext, p: CaseloadMaxParams): string | null {
  if (lotReferents(ctx).length === 0 && p.etp === undefined) {
    return 'ETP des référents non configuré et ETP du lot absent de la règle';
  }
  return null;
}

function run(ctx: CheckContext, p: CaseloadMaxParams): Finding[] {
  const months = elapsedWindows('month', ctx.period, ctx.asOf);
  const refs = lotReferents(ctx);
  const byName = new Map(refs.map((r) => [normalizeName(r.name), r]));
  /** period → bucket (normalised référent, '' for the lot) → participant key → affectation rows. */
  const tally = new Map<string, Map<string, Map<string, Origin[]>>>();
  for (const m of months) tally.set(m.period, new Map());

  for (const tl of sortedTimelines(ctx)) {
    for (const m of months) {
      const buckets = tally.get(m.period)!;
      for (const d of daysOf(m.start, m.end)) {
        if (!tl.isActive(d)) continue;
        for (const span of tl.assignmentsOn(d)) {
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
  }

  const lines =
    refs.length > 0
      ? refs.map((r) => ({ bucket: normalizeName(r.name), referent: r.name as string | null, etp: r.etp, source: 'config' }))
      : [{ bucket: '', referent: null, etp: p.etp!, source: 'lot' }];
  const findings: Finding[] = [];
  for (const m of months) {
    const buckets = tally.get(m.period)!;
    for (const line of lines) {
      const people = buckets.get(line.bucket);
      const max = etpTarget(p.perEtp, line.etp);
      if (!people || people.size <= max) continue;
      findings.push(
        makeFinding({
          referent: line.referent,
          period: m.period,
          expected: max,
          actual: people.size,
          evidence: uniqueOrigins([...people.values()].flat().sort(compareOrigins)),
          args: { perEtp: p.perEtp, etp: line.etp, etpSource: line.source },
        }),
      );
    }
  }
  return sortFindings(findings);
}

export const caseloadMax = defineCheck({
  kind: 'caseload-max',
  params: caseloadMaxParams,
  needs,
  skipReason,
  run,
});
