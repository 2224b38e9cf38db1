/**
 * The Excel workbook: Synthèse, Violations, KPI and Règles for `check`, Synthèse and KPI for `kpi`.
 * Every table has a frozen header row, an autofilter and column widths fit for reading; dates are
 * real date cells (dd/mm/yyyy), so they sort and filter as dates.
 *
 * Text from the exports is only ever a string cell: a référent named « =HYPERLINK(…) » stays the
 * text it is, and no formula is ever written (totals are computed here, as numbers). exceljs is
 * loaded on demand, so `check` in table or JSON format never pays for it.
 */
import type { Workbook, Worksheet } from 'exceljs';
import type { AuditResult, RuleResult, Violation } from '../engine/result.js';
import type { KpiResult } from '../kpi/types.js';
import type { ISODate } from '../model/types.js';
import { kpiSplitCells, violationCells } from './csv.js';
import { xmlSafeText } from './junit.js';
import { isMasked, kpiLabel, type KpiFormatOptions } from './kpi.js';
import { SEVERITY_LABELS, skipReasonText, STATUS_LABELS } from './words.js';

export const CHECK_SHEETS = ['Synthèse', 'Violations', 'KPI', 'Règles'] as const;
export const KPI_SHEETS = ['Synthèse', 'KPI'] as const;

type CellValue = string | number | Date | null;

/** Excel's limit for one cell's text. */
const MAX_CELL_TEXT = 32767;
const DATE_FORMAT = 'dd/mm/yyyy';
const MONTH_FORMAT = 'mm/yyyy';

/** Text as a string cell, without the control characters that would corrupt the file. */
function text(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  return xmlSafeText(s).slice(0, MAX_CELL_TEXT);
}

/** Calendar day → a date cell (UTC midnight: exceljs turns it into the exact serial). */
export function excelDate(d: ISODate | null | undefined): Date | null {
  if (!d) return null;
  const [y, m, day] = d.split('-').map(Number);
  return new Date(Date.UTC(y!, (m ?? 1) - 1, day ?? 1));
}

function scalar(v: string | number | null | undefined): CellValue {
  return typeof v === 'number' ? v : text(v);
}

interface Column {
  header: string;
  width: number;
  numFmt?: string;
  wrap?: boolean;
}

/** A sheet holding one table: header on row 1, frozen, with an autofilter over the whole table. */
function addTableSheet(wb: Workbook, name: string, columns: readonly Column[], rows: readonly CellValue[][]): Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  addTable(ws, 1, columns, rows, { widths: true, filter: true });
  return ws;
}

/**
 * A table from `firstRow`: the styled header, then the rows (null cells left empty, dates in
 * their column's format). `widths` sets the column widths, `filter` adds the autofilter (one per
 * sheet). Returns the last row written.
 */
function addTable(
  ws: Worksheet,
  firstRow: number,
  columns: readonly Column[],
  rows: readonly CellValue[][],
  { widths = false, filter = false }: { widths?: boolean; filter?: boolean } = {},
): number {
  if (widths) columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
  const head = ws.getRow(firstRow);
  columns.forEach((c, i) => {
    head.getCell(i + 1).value = c.header;
  });
  styleHeader(head);
  rows.forEach((values, r) => {
    const row = ws.getRow(firstRow + 1 + r);
    values.forEach((v, i) => {
      if (v === null) return;
      const cell = row.getCell(i + 1);
      cell.value = v;
      const c = columns[i];
      if (c?.numFmt && v instanceof Date) cell.numFmt = c.numFmt;
      if (c?.wrap) cell.alignment = { wrapText: true, vertical: 'top' };
    });
  });
  const last = firstRow + rows.length;
  if (filter) ws.autoFilter = { from: { row: firstRow, column: 1 }, to: { row: last, column: columns.length } };
  return last;
}

function styleHeader(row: ReturnType<Worksheet['getRow']>): void {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    cell.border = { bottom: { style: 'thin' } };
  });
}

/** A titled table below the key figures (not filtered: one autofilter per sheet). Returns the next free row. */
function block(ws: Worksheet, at: number, title: string, head: string[], rows: CellValue[][], dateCols: number[] = []): number {
  ws.getRow(at).getCell(1).value = title;
  ws.getRow(at).font = { bold: true };
  const columns = head.map((header, i): Column => ({ header, width: 0, ...(dateCols.includes(i) ? { numFmt: DATE_FORMAT } : {}) }));
  return addTable(ws, at + 1, columns, rows) + 2;
}

type Header = Pick<KpiResult, 'tool' | 'ruleset' | 'period' | 'asOf' | 'inputs'>;

function headerRows(r: Header): CellValue[][] {
  return [
    ['Outil', `${r.tool.name} ${r.tool.version}`],
    ['Jeu de règles', text(r.ruleset.id)],
    ['Titre', text(r.ruleset.title)],
    ['Lot', text(r.ruleset.lot)],
    ['Début de période', excelDate(r.period.start)],
    ['Fin de période', excelDate(r.period.end)],
    ['Situation au', excelDate(r.asOf)],
    [
      'Fichiers lus',
      text(r.inputs.map((i) => `${i.sheet ? `${i.path} [${i.sheet}]` : i.path} (${i.dataset}, ${i.rows} lignes)`).join(' ; ')),
    ],
  ];
}

/** Key figures on top (Rubrique | Valeur): the frozen header row and its autofilter. */
function summarySheet(wb: Workbook, rows: CellValue[][]): Worksheet {
  const ws = wb.addWorksheet('Synthèse', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.getColumn(1).width = 38;
  ws.getColumn(2).width = 60;
  for (let c = 3; c <= 7; c++) ws.getColumn(c).width = 18;
  const last = addTable(ws, 1, [{ header: 'Rubrique', width: 38 }, { header: 'Valeur', width: 60 }], rows, { filter: true });
  for (let r = 2; r <= last; r++) {
    const cell = ws.getRow(r).getCell(2);
    if (cell.value instanceof Date) cell.numFmt = DATE_FORMAT;
    cell.alignment = { horizontal: 'left' };
  }
  return ws;
}

const KPI_COLUMNS: Column[] = [
  { header: 'Indicateur', width: 34 },
  { header: 'Libellé', width: 58 },
  { header: 'Valeur', width: 11 },
  { header: 'Objectif', width: 11 },
  { header: 'Unité', width: 13 },
  { header: 'Mois', width: 10, numFmt: MONTH_FORMAT },
  { header: 'Référent', width: 22 },
  { header: 'Lot', width: 12 },
  { header: 'Catégorie', width: 24 },
];

function kpiRows(result: KpiResult, opts: KpiFormatOptions): CellValue[][] {
  return result.kpis.map((k) => {
    const s = kpiSplitCells(k);
    const value: CellValue = isMasked(k, opts.minCell) ? `< ${opts.minCell}` : k.value;
    return [
      k.id, text(kpiLabel(k)), value, k.target, k.unit,
      s.month ? excelDate(`${s.month}-01`) : null, text(s.referent), text(s.lot), text(s.category),
    ];
  });
}

/** The KPI sheet; without figures, one line saying where to get them. */
function kpiSheet(wb: Workbook, result: KpiResult | null, opts: KpiFormatOptions): void {
  const rows = result ? kpiRows(result, opts) : [['Indicateurs non calculés : voir plie-audit kpi']];
  addTableSheet(wb, 'KPI', KPI_COLUMNS, rows);
}

const VIOLATION_COLUMNS: Column[] = [
  { header: 'Règle', width: 26 },
  { header: 'Gravité', width: 14 },
  { header: 'Référent', width: 22 },
  { header: 'Participant', width: 16 },
  { header: 'Période', width: 16 },
  { header: 'Date', width: 12, numFmt: DATE_FORMAT },
  { header: 'Jalon', width: 8 },
  { header: 'Attendu', width: 10 },
  { header: 'Constaté', width: 10 },
  { header: 'Message', width: 80 },
  { header: 'Lignes', width: 44 },
  { header: 'Clause', width: 44 },
];

function violationRow(v: Violation, rule: RuleResult | undefined): CellValue[] {
  const c = violationCells(v, rule);
  return [
    c.rule, c.severity, text(c.referent), text(c.participant), text(c.period), excelDate(c.date), scalar(c.milestone),
    scalar(c.expected), scalar(c.actual), text(c.message), text(c.evidence), text(c.clause),
  ];
}

const RULE_COLUMNS: Column[] = [
  { header: 'Règle', width: 26 },
  { header: 'Type', width: 20 },
  { header: 'Gravité', width: 14 },
  { header: 'Statut', width: 14 },
  { header: 'Violations', width: 11 },
  { header: 'Raison', width: 50 },
  { header: 'Cahier', width: 16 },
  { header: 'Section', width: 40 },
  { header: 'Citation', width: 80, wrap: true },
  { header: 'Interprétation', width: 60, wrap: true },
  { header: 'Fidélité', width: 14 },
];

const FIDELITY_LABELS = { exact: 'exacte', interpretation: 'interprétation' } as const;

function ruleRow(r: RuleResult): CellValue[] {
  return [
    r.id, r.kind, SEVERITY_LABELS[r.severity], STATUS_LABELS[r.status], r.status === 'ran' ? r.violations : null,
    text(skipReasonText(r.skip)), text(r.source?.cahier), text(r.source?.section),
    text(r.source?.quote.replace(/\s+/g, ' ').trim()), text(r.interpretation?.replace(/\s+/g, ' ').trim()),
    r.fidelity ? FIDELITY_LABELS[r.fidelity] : null,
  ];
}

async function newWorkbook(asOf: ISODate): Promise<Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'plie-audit';
  // The situation date rather than now: the same audit gives the same workbook properties.
  wb.created = wb.modified = excelDate(asOf)!;
  return wb;
}

async function toBytes(wb: Workbook): Promise<Uint8Array> {
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/**
 * `check --format xlsx`. `kpis`: the figures of the same prepared data (the KPI sheet says where
 * to get them when absent).
 */
export async function formatCheckXlsx(
  result: AuditResult,
  kpis: KpiResult | null = null,
  opts: KpiFormatOptions = {},
): Promise<Uint8Array> {
  const wb = await newWorkbook(result.asOf);
  const s = result.summary;
  const rows = headerRows(result);
  rows.push(
    ['Participants', s.participants],
    ['Erreurs', s.error],
    ['Avertissements', s.warning],
    ['Infos', s.info],
    ['Règles exécutées', s.rulesRan],
    ['Règles non exécutées', s.rulesSkipped],
  );
  if (result.baseline) {
    rows.push(
      ['Référence (--baseline)', text(result.baseline.path)],
      ['Violations déjà présentes dans la référence, masquées', result.baseline.hidden],
      ['Entrées de la référence résolues', result.baseline.resolved.length],
    );
  }
  if (result.pseudonymized) {
    rows.push([
      'Participants pseudonymisés',
      result.pseudonymized.keyed === 'PLIE_AUDIT_KEY' ? 'clé PLIE_AUDIT_KEY' : 'clé aléatoire, non reproductible',
    ]);
  }
  const ws = summarySheet(wb, rows);
  let at = rows.length + 3;
  at = block(
    ws,
    at,
    'Synthèse par règle',
    ['Règle', 'Gravité', 'Statut', 'Violations', 'Remarque'],
    result.rules.map((r) => [
      r.id, SEVERITY_LABELS[r.severity], STATUS_LABELS[r.status], r.status === 'ran' ? r.violations : null, text(skipReasonText(r.skip)),
    ]),
  );
  const byReferent = new Map<string, { error: number; warning: number; info: number }>();
  for (const v of result.violations) {
    const k = v.referent ?? '(sans référent)';
    const n = byReferent.get(k) ?? { error: 0, warning: 0, info: 0 };
    n[v.severity]++;
    byReferent.set(k, n);
  }
  if (byReferent.size > 0) {
    at = block(
      ws,
      at,
      'Synthèse par référent',
      ['Référent', 'Erreurs', 'Avertissements', 'Infos'],
      [...byReferent].sort(([a], [b]) => a.localeCompare(b, 'fr')).map(([k, n]) => [text(k), n.error, n.warning, n.info]),
    );
  }
  if (result.baseline && result.baseline.resolved.length > 0) {
    block(
      ws,
      at,
      'Entrées de la référence résolues',
      ['Règle', 'Référent', 'Participant', 'Période', 'Date', 'Message'],
      result.baseline.resolved.map((e) => [
        text(e.rule), text(e.referent), text(e.participant), text(e.period), excelDate(e.date), text(e.message),
      ]),
      [4],
    );
  }

  const ruleById = new Map(result.rules.map((r) => [r.id, r]));
  addTableSheet(wb, 'Violations', VIOLATION_COLUMNS, result.violations.map((v) => violationRow(v, ruleById.get(v.rule))));
  kpiSheet(wb, kpis, opts);
  addTableSheet(wb, 'Règles', RULE_COLUMNS, result.rules.map(ruleRow));
  return toBytes(wb);
}

/** `kpi --format xlsx`: the figures, and what they were computed from. */
export async function formatKpiXlsx(result: KpiResult, opts: KpiFormatOptions = {}): Promise<Uint8Array> {
  const wb = await newWorkbook(result.asOf);
  const rows = headerRows(result);
  const SPLIT_LABELS = { month: 'par mois', referent: 'par référent', lot: 'par lot' } as const;
  rows.push(['Découpage', result.by ? SPLIT_LABELS[result.by] : 'aucun (totaux)']);
  if (opts.minCell !== undefined) rows.push(['Secret statistique (--min-cell)', opts.minCell]);
  summarySheet(wb, rows);
  kpiSheet(wb, result, opts);
  return toBytes(wb);
}
