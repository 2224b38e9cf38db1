/** KPI of the cahiers (docs/kpi.md): computation and the result the reporters format. */
import { resultHeader } from '../engine/audit.js';
import type { Prepared } from '../engine/prepare.js';
import { computeKpis } from './compute.js';
import type { KpiOptions, KpiResult } from './types.js';

export { computeKpis, DAYS_PER_MONTH } from './compute.js';
export { KPI_CATALOGUE, KPI_IDS, appliesTo, isTypologie } from './catalogue.js';
export type { Kpi, KpiBy, KpiOptions, KpiResult, KpiRuleset, KpiSplit, KpiUnit } from './types.js';
export { KPI_SPLITS } from './types.js';

export function kpiResult(p: Prepared, opts: KpiOptions = {}): KpiResult {
  return {
    ...resultHeader(p),
    by: opts.by ?? null,
    kpis: computeKpis(p.ctx, p.ruleset, opts),
  };
}
