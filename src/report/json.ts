/** The stable JSON contract of cli.md (schemaVersion 1); schemas/report.schema.json describes it. */
import type { AuditResult } from '../engine/result.js';
import { violationMessage } from './messages.js';
import { skipReasonText } from './words.js';

export const SCHEMA_VERSION = 1;

/** The head of every JSON report: schemaVersion, tool, ruleset, period, asOf. */
export function jsonHead<T, R, P, A>(r: { tool: T; ruleset: R; period: P; asOf: A }) {
  return { schemaVersion: SCHEMA_VERSION, tool: r.tool, ruleset: r.ruleset, period: r.period, asOf: r.asOf };
}

export function inputsJson(result: Pick<AuditResult, 'inputs'>) {
  return result.inputs.map((i) => ({
    path: i.path,
    sheet: i.sheet,
    dataset: i.dataset,
    rows: i.rows,
    headerRow: i.headerRow,
    encoding: i.encoding,
    delimiter: i.delimiter,
    skippedRows: i.skippedRows,
    warnings: i.warnings.length,
  }));
}

export function checkJson(result: AuditResult) {
  const byId = new Map(result.rules.map((r) => [r.id, r]));
  return {
    ...jsonHead(result),
    inputs: inputsJson(result),
    rules: result.rules.map((r) => ({
      id: r.id,
      kind: r.kind,
      severity: r.severity,
      status: r.status,
      reason: skipReasonText(r.skip),
      violations: r.violations,
      source: r.source,
      fidelity: r.fidelity,
      interpretation: r.interpretation,
    })),
    violations: result.violations.map((v) => ({
      rule: v.rule,
      severity: v.severity,
      participant: v.participant,
      referent: v.referent,
      period: v.period,
      date: v.date,
      milestone: v.milestone,
      expected: v.expected,
      actual: v.actual,
      message: violationMessage(v, byId.get(v.rule)),
      args: v.args,
      evidence: v.evidence,
    })),
    summary: result.summary,
    // What --baseline and --pseudonymize did, when they did something.
    ...(result.baseline ? { baseline: result.baseline } : {}),
    ...(result.pseudonymized ? { pseudonymized: result.pseudonymized } : {}),
  };
}

export function formatCheckJson(result: AuditResult): string {
  return `${JSON.stringify(checkJson(result), null, 2)}\n`;
}
