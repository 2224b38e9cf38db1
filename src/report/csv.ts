/**
 * CSV reports for a spreadsheet: `;` delimiter, UTF-8 BOM and CRLF so that French Excel opens them
 * straight away (columns split, accents right), French headers, one row per violation or KPI cell.
 *
 * Formula injection (OWASP « CSV Injection »): a text cell starting with = + - @ TAB or CR would
 * be evaluated by the spreadsheet; it gets a leading single quote. Numbers the tool computed
 * (expected / actual counts, KPI values, -1 included) are not text from the exports and are
 * written as numbers, with a decimal comma as French Excel reads them.
 */
import type { AuditResult, RuleResult, Violation } from '../engine/result.js';
import type { Evidence } from '../model/types.js';
import type { KpiResult } from '../kpi/types.js';
import { isMasked, kpiLabel, type KpiFormatOptions } from './kpi.js';
import { violationMessage } from './messages.js';
import { dateFr, SEVERITY_LABELS } from './words.js';

export const CSV_BOM = '\uFEFF';
export const CSV_DELIMITER = ';';
const EOL = '\r\n';

export type CsvCell = string | number | null | undefined;

/** = + - @ TAB CR: what makes a spreadsheet read a cell as a formula. */
function formulaStart(code: number): boolean {
  return code === 0x3d || code === 0x2b || code === 0x2d || code === 0x40 || code === 0x09 || code === 0x0d;
}

/** OWASP: a text cell that a spreadsheet would read as a formula gets a leading single quote. */
export function neutralizeFormula(text: string): string {
  return formulaStart(text.charCodeAt(0)) ? `'${text}` : text;
}

const NEEDS_QUOTES = /[;"\r\n]/;

/** A number as French Excel reads it: decimal comma, no grouping, no exponent for report-sized values. */
export function csvNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  return String(n).replace('.', ',');
}

/** One field: text neutralised then quoted when it holds the delimiter, a quote or a line break. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return csvNumber(value);
  const text = neutralizeFormula(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CRLF-terminated line. */
function csvLine(row: readonly CsvCell[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : CSV_DELIMITER) + csvField(row[i]);
  return line + EOL;
}

/** BOM, then one CRLF-terminated line per row. */
export function csvDocument(rows: readonly (readonly CsvCell[])[]): string {
  return CSV_BOM + rows.map(csvLine).join('');
}

/** « agenda.csv:18 ; affectations.xlsx [Flux mensuel]:7 » */
export function evidenceCells(evidence: readonly Evidence[]): string {
  return evidence.map((e) => `${e.sheet ? `${e.path} [${e.sheet}]` : e.path}:${e.row}`).join(' ; ');
}

export const CHECK_CSV_HEADER = [
  'Règle', 'Gravité', 'Référent', 'Participant', 'Période', 'Date', 'Jalon', 'Attendu', 'Constaté', 'Message', 'Lignes', 'Clause',
] as const;

/** The cells of a violation, shared by the CSV and XLSX reports (dates left as ISO for the caller). */
export function violationCells(v: Violation, rule: RuleResult | undefined) {
  return {
    rule: v.rule,
    severity: SEVERITY_LABELS[v.severity],
    referent: v.referent,
    participant: v.participant,
    period: v.period,
    date: v.date,
    milestone: v.milestone,
    expected: v.expected,
    actual: v.actual,
    message: violationMessage(v, rule),
    evidence: evidenceCells(v.evidence),
    clause: rule?.source?.section ?? null,
  };
}

/** Rows per chunk of the streamed CSV report. */
const CHUNK_ROWS = 2000;

/** The CSV report in chunks of whole lines (the same text as formatCheckCsv). */
export function* checkCsvChunks(result: AuditResult): Generator<string, void, undefined> {
  const rules = new Map(result.rules.map((r) => [r.id, r]));
  let chunk = CSV_BOM + csvLine(CHECK_CSV_HEADER);
  let n = 0;
  for (const v of result.violations) {
    const c = violationCells(v, rules.get(v.rule));
    chunk += csvLine([
      c.rule, c.severity, c.referent, c.participant, c.period, dateFr(c.date), c.milestone,
      c.expected, c.actual, c.message, c.evidence, c.clause,
    ]);
    if (++n % CHUNK_ROWS === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

export function formatCheckCsv(result: AuditResult): string {
  return [...checkCsvChunks(result)].join('');
}

export const KPI_CSV_HEADER = ['Indicateur', 'Libellé', 'Valeur', 'Objectif', 'Unité', 'Mois', 'Référent', 'Lot', 'Catégorie'] as const;

/** The split cells of a figure: '' = not split that way (a total), '(sans …)' = rows that name none. */
export function kpiSplitCells(k: KpiResult['kpis'][number]) {
  return {
    month: k.by.month ?? null,
    referent: 'referent' in k.by ? (k.by.referent ?? '(sans référent)') : null,
    lot: 'lot' in k.by ? (k.by.lot ?? '(sans lot)') : null,
    category: k.category === undefined ? null : (k.category ?? 'non renseigné'),
  };
}

export function formatKpiCsv(result: KpiResult, opts: KpiFormatOptions = {}): string {
  const rows: CsvCell[][] = [[...KPI_CSV_HEADER]];
  for (const k of result.kpis) {
    const s = kpiSplitCells(k);
    const value = isMasked(k, opts.minCell) ? `< ${opts.minCell}` : k.value;
    rows.push([k.id, kpiLabel(k), value, k.target, k.unit, s.month, s.referent, s.lot, s.category]);
  }
  return csvDocument(rows);
}
