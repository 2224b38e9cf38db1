import type { Severity } from '../checks/types.js';
import { TOOL } from '../version.js';
import { prepare, DATA_QUALITY_OVERRIDE } from './prepare.js';
import type { PrepareOptions, Prepared } from './prepare.js';
import type { AuditResult } from './result.js';
import { runRules } from './run.js';

export type AuditOptions = PrepareOptions;

export async function audit(opts: AuditOptions): Promise<AuditResult> {
  return auditPrepared(await prepare(opts));
}

/** What every report says of its run: the tool, the rule set, P, A and the files read. */
export function resultHeader(p: Prepared): Pick<AuditResult, 'tool' | 'ruleset' | 'period' | 'asOf' | 'inputs'> {
  return {
    tool: TOOL,
    ruleset: { id: p.ruleset.id, lot: p.ruleset.lot, title: p.ruleset.title, cahier: p.ruleset.cahier },
    period: p.ruleset.period,
    asOf: p.ctx.asOf,
    inputs: p.data.inputs,
  };
}

export function auditPrepared(p: Prepared): AuditResult {
  const { rules, violations } = runRules(p.ruleset.rules, p.ctx, dataQualitySeverity(p));
  const summary = { error: 0, warning: 0, info: 0, participants: countParticipants(p.data), rulesRan: 0, rulesSkipped: 0 };
  for (const v of violations) summary[v.severity]++;
  for (const r of rules) {
    if (r.status === 'ran') summary.rulesRan++;
    else if (r.status === 'skipped') summary.rulesSkipped++;
  }
  return {
    ...resultHeader(p),
    rules,
    violations,
    summary,
    lotFilter: p.lotFilter,
  };
}

function dataQualitySeverity(p: Prepared): Severity | 'off' {
  const o = p.config.rules?.[DATA_QUALITY_OVERRIDE];
  if (typeof o === 'string') return o;
  if (o && typeof o === 'object' && 'severity' in o && o.severity) return o.severity;
  return 'warning';
}

/**
 * Participants of the parcours: those named by affectations, étapes or sorties. Agenda rows naming
 * an unknown dossier are data-quality findings, not participants.
 */
function countParticipants(data: Prepared['data']): number {
  let n = 0;
  for (const p of data.participants.values()) if (p.origins.length > 0) n++;
  return n;
}
