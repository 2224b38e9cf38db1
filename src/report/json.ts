/** The stable JSON contract of cli.md (schemaVersion 1); schemas/report.schema.json describes it. */
import type { AuditResult, RuleResult, Violation } from '../engine/result.js';
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

/** One violation as the JSON report gives it. */
function violationJson(v: Violation, rule: RuleResult | undefined) {
  return {
    rule: v.rule,
    severity: v.severity,
    participant: v.participant,
    referent: v.referent,
    period: v.period,
    date: v.date,
    milestone: v.milestone,
    expected: v.expected,
    actual: v.actual,
    message: violationMessage(v, rule),
    args: v.args,
    evidence: v.evidence,
  };
}

/** The report with `violations` left to the caller (an empty array in its place). */
function checkJsonWith<V>(result: AuditResult, violations: V) {
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
    violations,
    summary: result.summary,
    // What --baseline and --pseudonymize did, when they did something.
    ...(result.baseline ? { baseline: result.baseline } : {}),
    ...(result.pseudonymized ? { pseudonymized: result.pseudonymized } : {}),
  };
}

export function checkJson(result: AuditResult) {
  const byId = new Map(result.rules.map((r) => [r.id, r]));
  return checkJsonWith(
    result,
    result.violations.map((v) => violationJson(v, byId.get(v.rule))),
  );
}

/** Violations per chunk of the streamed JSON report. */
const CHUNK_VIOLATIONS = 1000;
/** Where the violations go in the report's text: the root's `violations` key (indented by 2). */
const VIOLATIONS_SLOT = '\n  "violations": []';
const BATCH_HEAD = '{\n  "violations": [';
const BATCH_TAIL = '\n  ]\n}';

/**
 * The JSON report in chunks, the same text as JSON.stringify(checkJson(result), null, 2) plus a
 * final newline. The head and tail are stringified around an empty `violations`; the violations
 * are stringified a batch at a time inside a `{ violations: [...] }` of their own, where they sit
 * at the depth they have in the report, so that the text between the brackets is theirs verbatim.
 */
export function* checkJsonChunks(result: AuditResult): Generator<string, void, undefined> {
  const text = JSON.stringify(checkJsonWith(result, []), null, 2);
  const at = text.indexOf(VIOLATIONS_SLOT);
  if (result.violations.length === 0 || at < 0) {
    yield `${JSON.stringify(checkJson(result), null, 2)}\n`;
    return;
  }
  const byId = new Map(result.rules.map((r) => [r.id, r]));
  yield `${text.slice(0, at)}\n  "violations": [`;
  const all = result.violations;
  for (let from = 0; from < all.length; from += CHUNK_VIOLATIONS) {
    const batch = all.slice(from, from + CHUNK_VIOLATIONS).map((v) => violationJson(v, byId.get(v.rule)));
    const items = JSON.stringify({ violations: batch }, null, 2);
    yield `${from === 0 ? '' : ','}${items.slice(BATCH_HEAD.length, items.length - BATCH_TAIL.length)}`;
  }
  yield `\n  ]${text.slice(at + VIOLATIONS_SLOT.length)}\n`;
}

export function formatCheckJson(result: AuditResult): string {
  return [...checkJsonChunks(result)].join('');
}
