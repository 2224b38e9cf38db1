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
import { makeFinding, sortFindings } from './context.js';
import { etpLines, etpTarget, fileActiveTally, lotReferents, NO_ETP_REASON } from './file-active.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';
import { elapsedWindows } from './windows.js';

export const caseloadMaxParams = z
  .object({
    perEtp: z.number().positive(),
    /** The lot's ETP, used when the config gives no référent ETP. */
    etp: z.number().positive().optional(),
  })
  .strict();
export type CaseloadMaxParams = z.infer<typeof caseloadMaxParams>;

function needs(p: CaseloadMaxParams): CheckNeeds {
  return { datasets: ['affectations'], config: p.etp === undefined ? ['referents'] : [] };
}

function skipReason(ctx: CheckContext, p: CaseloadMaxParams): string | null {
  if (lotReferents(ctx).length === 0 && p.etp === undefined) return NO_ETP_REASON;
  return null;
}

function run(ctx: CheckContext, p: CaseloadMaxParams): Finding[] {
  const months = elapsedWindows('month', ctx.period, ctx.asOf);
  const refs = lotReferents(ctx);
  const tally = fileActiveTally(ctx, months, refs, true);
  const lines = etpLines(refs, p.etp!);
  const findings: Finding[] = [];
  for (const m of months) {
    const buckets = tally.get(m.period)!;
    for (const line of lines) {
      const cell = buckets.get(line.bucket);
      const max = etpTarget(p.perEtp, line.etp);
      if (!cell || cell.participants <= max) continue;
      findings.push(
        makeFinding({
          referent: line.referent,
          period: m.period,
          expected: max,
          actual: cell.participants,
          evidence: cell.origins,
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
