/**
 * exit-proof-delay (justificatifs-sortie, Lunel « Ces justificatifs devront être fournis dans les
 * 3 mois suivants la date de sortie prévisionnelle »): for each exit of the judged types
 * (default: positive, the clause sits in the « Sortie positive » paragraph) whose reference date
 * R is in P, the proof (`proofDate`) must be received on or before R + maxMonths months.
 *
 * R is the forecast exit date; when the export gives none, the exit date (once the exit is
 * recorded, the forecast became the actual exit: the delay runs from it). Judged when
 * R + maxMonths ≤ A, or earlier when a proof date is already there. Violation when the proof is
 * missing or dated after the deadline (expected = the deadline, actual = the proof date or null).
 */
import { z } from 'zod';
import { addMonths, daysBetween, monthOf } from '../model/dates.js';
import { makeFinding, participantLabel, referentOn, rowParticipantLabel, sortFindings, uniqueOrigins } from './context.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';

export const exitProofDelayParams = z
  .object({
    maxMonths: z.number().int().min(0),
    exitTypes: z.array(z.enum(['positive', 'autre', 'sans-suite'])).min(1).default(['positive']),
  })
  .strict();
export type ExitProofDelayParams = z.infer<typeof exitProofDelayParams>;

function needs(): CheckNeeds {
  return { datasets: ['affectations', 'sorties'], fields: { sorties: ['exitType', 'proofDate'] } };
}

function run(ctx: CheckContext, p: ExitProofDelayParams): Finding[] {
  const findings: Finding[] = [];
  for (const x of ctx.data.sorties) {
    if (x.exitType === null || !p.exitTypes.includes(x.exitType)) continue;
    const ref = x.forecastDate ?? x.exitDate;
    if (ref === null || ref < ctx.period.start || ref > ctx.period.end) continue;
    const deadline = addMonths(ref, p.maxMonths);
    if (deadline > ctx.asOf && x.proofDate === null) continue;
    if (x.proofDate !== null && x.proofDate <= deadline) continue;
    const tl = ctx.timelines.get(x.participantKey);
    const person = ctx.data.participants.get(x.participantKey);
    const { referent, span } = referentOn(tl, ref);
    findings.push(
      makeFinding({
        participant: rowParticipantLabel(ctx, x) ?? (person ? participantLabel(person) : null),
        referent,
        period: monthOf(ref),
        date: ref,
        expected: deadline,
        actual: x.proofDate,
        evidence: uniqueOrigins([x.origin, span?.origin]),
        args: {
          reference: x.forecastDate !== null ? 'prevision' : 'sortie',
          deadline,
          proofDate: x.proofDate,
          delayDays: x.proofDate === null ? null : daysBetween(ref, x.proofDate),
        },
      }),
    );
  }
  return sortFindings(findings);
}

export const exitProofDelay = defineCheck({
  kind: 'exit-proof-delay',
  params: exitProofDelayParams,
  needs,
  run,
});
