/**
 * agenda-forbidden (rules.md §3 `agenda-interdits`): agenda rows of forbidden kinds (congés,
 * réunions de structure) dated in P up to A, one finding each, owned by the row's référent.
 */
import { z } from 'zod';
import { monthOf } from '../model/dates.js';
import { agendaRowsWhere, inPeriodUpToAsOf, makeFinding, sortFindings } from './context.js';
import { eventKind } from './params.js';
import { defineCheck, type CheckContext, type Finding } from './types.js';

export const agendaForbiddenParams = z.object({ kinds: z.array(eventKind).min(1) }).strict();
export type AgendaForbiddenParams = z.infer<typeof agendaForbiddenParams>;

function run(ctx: CheckContext, p: AgendaForbiddenParams): Finding[] {
  const kinds = new Set<string>(p.kinds);
  const findings: Finding[] = [];
  // Forbidden kinds are a few rows in a hundred: read only those.
  for (const i of agendaRowsWhere(ctx.data, (kind) => kinds.has(kind))) {
    // A view reads the few fields asked for; get() would copy all twenty.
    const e = ctx.data.agenda.view(i);
    if (!inPeriodUpToAsOf(ctx, e.date)) continue;
    findings.push(
      makeFinding({
        referent: e.referent,
        period: monthOf(e.date),
        date: e.date,
        evidence: [e.origin],
        args: { kind: e.kind },
      }),
    );
  }
  return sortFindings(findings);
}

export const agendaForbidden = defineCheck({
  kind: 'agenda-forbidden',
  params: agendaForbiddenParams,
  needs: { datasets: ['agenda'], fields: { agenda: ['kind'] } },
  run,
});
