/**
 * Applies resolved rules to the datasets: a rule whose data is missing is skipped with a reason,
 * never passed; findings get the rule's severity and resolved evidence.
 */
import { getCheck } from '../checks/index.js';
import type { CheckContext, CheckNeeds, Finding, Severity } from '../checks/types.js';
import type { DataIssue, Datasets, Evidence, Origin } from '../model/types.js';
import { resolveOrigin } from '../model/types.js';
import type { RuleResult, RuleSource, SkipReason, Violation } from './result.js';
import { DATA_QUALITY_RULE } from './result.js';

/** The part of a resolved rule the engine needs. */
export interface RuleToRun {
  id: string;
  kind: string;
  severity: Severity | 'off';
  params: unknown;
  source?: RuleSource | null;
  fidelity?: 'exact' | 'interpretation' | null;
  interpretation?: string | null;
}

export function missingNeed(needs: CheckNeeds, ctx: CheckContext): SkipReason | null {
  for (const ds of needs.datasets) {
    if (!ctx.data.present.has(ds)) return { code: 'dataset-absent', dataset: ds };
  }
  for (const [ds, fields] of Object.entries(needs.fields ?? {})) {
    const have = ctx.data.fields[ds as keyof Datasets['fields']];
    for (const field of fields ?? []) {
      if (!have?.has(field)) return { code: 'champ-absent', dataset: ds, field };
    }
  }
  for (const key of needs.config ?? []) {
    const value = ctx.config[key];
    if (!value || value.length === 0) return { code: 'config-absente', key };
  }
  return null;
}

export function runRules(
  rules: readonly RuleToRun[],
  ctx: CheckContext,
  dataQualitySeverity: Severity | 'off' = 'warning',
): { rules: RuleResult[]; violations: Violation[] } {
  const results: RuleResult[] = [];
  const violations: Violation[] = [];
  const evidenceOf = evidenceResolver(ctx.data);
  // Field by field, not `{ ...f, … }`: a spread then overwritten costs microseconds per finding,
  // and a network has hundreds of thousands of them.
  const resolve = (f: Finding, rule: RuleToRun, severity: Severity): Violation => ({
    participant: f.participant,
    referent: f.referent,
    period: f.period,
    date: f.date,
    milestone: f.milestone,
    expected: f.expected,
    actual: f.actual,
    evidence: f.evidence.map(evidenceOf),
    args: f.args,
    rule: rule.id,
    kind: rule.kind,
    severity: f.severity ?? severity,
  });

  for (const rule of rules) {
    const base = {
      id: rule.id,
      kind: rule.kind,
      severity: rule.severity,
      source: rule.source ?? null,
      fidelity: rule.fidelity ?? null,
      interpretation: rule.interpretation ?? null,
      params: rule.params,
    };
    if (rule.severity === 'off') {
      results.push({ ...base, status: 'off', skip: null, violations: 0 });
      continue;
    }
    const check = getCheck(rule.kind);
    if (!check) throw new Error(`type de règle inconnu : ${rule.kind}`);
    const needs = typeof check.needs === 'function' ? check.needs(rule.params) : check.needs;
    const missing = missingNeed(needs, ctx);
    const custom = missing ? null : (check.skipReason?.(ctx, rule.params) ?? null);
    const skip: SkipReason | null = missing ?? (custom ? { code: 'check', text: custom } : null);
    if (skip) {
      results.push({ ...base, status: 'skipped', skip, violations: 0 });
      continue;
    }
    const found = check.run(ctx, rule.params).map((f) => resolve(f, rule, rule.severity as Severity));
    // Not push(...found): spreading more than ~120 000 arguments overflows the stack, and a
    // million-row export can make that many findings.
    for (const v of found) violations.push(v);
    results.push({ ...base, status: 'ran', skip: null, violations: found.length });
  }

  const quality = dataQualityViolations(ctx.data, dataQualitySeverity, evidenceOf);
  results.push({
    id: DATA_QUALITY_RULE,
    kind: 'data-quality',
    severity: dataQualitySeverity,
    status: dataQualitySeverity === 'off' ? 'off' : 'ran',
    skip: null,
    violations: quality.length,
    source: null,
    fidelity: null,
    interpretation: null,
    params: {},
  });
  for (const v of quality) violations.push(v);
  violations.sort(compareViolations);
  return { rules: results, violations };
}

const MAX_TABLE_ROWS = 200_000;

/**
 * Origin → Evidence, one object per row: the same affectation row backs a finding every month
 * for every rule, and a network's file-active findings list hundreds of thousands of rows.
 * Reporters only read evidence, so sharing is safe. Kept per input in an array indexed by row
 * number, not in a Map keyed by the Origin object: agenda rows are materialised afresh at each
 * read (the same row comes with several Origin objects), and an array read is the cheapest
 * lookup there is. A row number past the table's size (a multi-line cell) or a table too large to
 * give a slot to each row falls back to a Map.
 */
function evidenceResolver(data: Datasets): (o: Origin) => Evidence {
  const tables: (Evidence | undefined)[][] = [];
  const others = new Map<string, Evidence>();
  return (o) => {
    let table = tables[o.input];
    if (table === undefined) {
      const input = data.inputs[o.input];
      const size = input ? input.headerRow + input.skippedRows + input.rows + 1 : 0;
      // A million-row agenda would take 8 MB of slots for the few rows findings cite: Map for those.
      table = new Array<Evidence | undefined>(size <= MAX_TABLE_ROWS ? size : 0);
      if (Number.isInteger(o.input) && o.input >= 0) tables[o.input] = table;
    }
    if (o.row >= 0 && o.row < table.length) {
      let e = table[o.row];
      if (e === undefined) table[o.row] = e = resolveOrigin(data.inputs, o);
      return e;
    }
    const k = `${o.input}:${o.row}`;
    let e = others.get(k);
    if (e === undefined) others.set(k, (e = resolveOrigin(data.inputs, o)));
    return e;
  };
}

function dataQualityViolations(data: Datasets, severity: Severity | 'off', evidenceOf: (o: Origin) => Evidence): Violation[] {
  if (severity === 'off') return [];
  return data.issues.map((issue: DataIssue) => ({
    rule: DATA_QUALITY_RULE,
    kind: 'data-quality',
    severity,
    participant: displayParticipant(data, issue.participant),
    referent: issue.referent,
    period: issue.date ? issue.date.slice(0, 7) : null,
    date: issue.date,
    milestone: null,
    expected: null,
    actual: null,
    args: { ...issue.args, code: issue.code, field: issue.field, column: issue.column, effect: issue.effect },
    evidence: issue.evidence.map(evidenceOf),
  }));
}

/** Issues carry participant keys; reports show the id the user knows. */
function displayParticipant(data: Datasets, key: string | null): string | null {
  if (!key) return null;
  const p = data.participants.get(key);
  if (p?.id) return p.id;
  if (p && (p.lastName || p.firstName)) return [p.lastName, p.firstName].filter(Boolean).join(' ');
  return key.replace(/^(id|name):/, '');
}

/** Rule, référent, participant, period, date (null as ''), in code-point order; no allocation per comparison. */
export function compareViolations(a: Violation, b: Violation): number {
  return (
    cmp(a.rule, b.rule) ||
    cmp(a.referent ?? '', b.referent ?? '') ||
    cmp(a.participant ?? '', b.participant ?? '') ||
    cmp(a.period ?? '', b.period ?? '') ||
    cmp(a.date ?? '', b.date ?? '')
  );
}

function cmp(x: string, y: string): number {
  return x === y ? 0 : x < y ? -1 : 1;
}
