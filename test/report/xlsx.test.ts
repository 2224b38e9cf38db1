/**
 * The Excel workbook, read back with exceljs as a spreadsheet would read it: its sheets, frozen
 * headers, autofilters, real date cells, and hostile names stored as text, never as formulas.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditPrepared } from '../../src/engine/audit.js';
import { prepare } from '../../src/engine/prepare.js';
import type { AuditResult } from '../../src/engine/result.js';
import { kpiResult } from '../../src/kpi/index.js';
import type { KpiResult } from '../../src/kpi/types.js';
import { CHECK_SHEETS, excelDate, formatCheckXlsx, formatKpiXlsx, KPI_SHEETS } from '../../src/report/xlsx.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demo = path.join(root, 'fixtures/demo');

const TOOL = { name: 'plie-audit', version: '0.1.0' } as const;
const RULESET = { id: 'lunel-2019', lot: 'lot1', title: 'Lunel 2019', cahier: 'lunel-2019' };
const SOURCE = { cahier: 'lunel-2019', section: 'Lot 1 › Modalité de suivi', quote: 'a minima   2 fois\npar mois' };
const ENTRETIENS = { match: { kinds: ['entretien'], modes: ['physique'], formats: ['individuel'] } };
const EVIL = ['=HYPERLINK("http://x","y")', '+cmd', '-2+3', '@SUM(A1)', '<script>alert(1)</script>'];

function crafted(): AuditResult {
  const base = { milestone: null, expected: null, actual: null, args: {}, evidence: [] };
  return {
    tool: TOOL,
    ruleset: RULESET,
    period: { start: '2019-01-01', end: '2019-12-31' },
    asOf: '2019-12-31',
    inputs: [],
    rules: [
      { id: 'entretiens-mensuels', kind: 'contact-frequency', severity: 'error', status: 'ran', skip: null, violations: 2, source: SOURCE, fidelity: 'interpretation', interpretation: 'Mois dus.', params: ENTRETIENS },
      { id: 'revue-18-mois', kind: 'milestone-review', severity: 'error', status: 'skipped', skip: { code: 'dataset-absent', dataset: 'agenda' }, violations: 0, source: null, fidelity: null, interpretation: null, params: {} },
      { id: 'saisie', kind: 'entry-delay', severity: 'off', status: 'off', skip: null, violations: 0, source: null, fidelity: null, interpretation: null, params: {} },
      { id: 'donnees-invalides', kind: 'data-quality', severity: 'warning', status: 'ran', skip: null, violations: 3, source: null, fidelity: null, interpretation: null, params: {} },
    ],
    violations: [
      { ...base, rule: 'entretiens-mensuels', kind: 'contact-frequency', severity: 'error', participant: EVIL[0]!, referent: EVIL[1]!, period: '2019-03', date: null, expected: 2, actual: 1, evidence: [{ path: 'agenda.csv', sheet: null, row: 18 }] },
      { ...base, rule: 'entretiens-mensuels', kind: 'contact-frequency', severity: 'error', participant: EVIL[2]!, referent: EVIL[3]!, period: '2019-04', date: null, expected: 2, actual: 0 },
      { ...base, rule: 'donnees-invalides', kind: 'data-quality', severity: 'warning', participant: EVIL[4]!, referent: EVIL[0]!, period: '2019-05', date: '2019-05-06', args: { code: 'participant-inconnu', value: EVIL[4]! } },
      { ...base, rule: 'donnees-invalides', kind: 'data-quality', severity: 'warning', participant: 'A\u0001B\u0000C', referent: 'Ctrl\u001b', period: null, date: null, milestone: 18, args: { code: 'participant-inconnu' } },
      { ...base, rule: 'donnees-invalides', kind: 'data-quality', severity: 'warning', participant: 'P9', referent: null, period: null, date: null, milestone: 'sortie', args: { code: 'participant-inconnu' } },
    ],
    summary: { error: 2, warning: 3, info: 0, participants: 5, rulesRan: 2, rulesSkipped: 1 },
  };
}

async function read(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

/** Every cell of a sheet as [address, type, value]. */
function cells(ws: ExcelJS.Worksheet): [string, ExcelJS.ValueType, unknown][] {
  const out: [string, ExcelJS.ValueType, unknown][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (c) => {
      out.push([c.address, c.type, c.value]);
    });
  });
  return out;
}

function rowValues(ws: ExcelJS.Worksheet, r: number): unknown[] {
  return (ws.getRow(r).values as unknown[]).slice(1);
}

describe('formatCheckXlsx (crafted hostile names)', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = await read(await formatCheckXlsx(crafted(), null));
  });

  it('four sheets, in order', () => {
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Synthèse', 'Violations', 'KPI', 'Règles']);
    expect([...CHECK_SHEETS]).toEqual(['Synthèse', 'Violations', 'KPI', 'Règles']);
  });

  it('formula- and markup-like names are string cells holding the exact text', () => {
    const ws = wb.getWorksheet('Violations')!;
    const people = [2, 3, 4].map((r) => [ws.getRow(r).getCell(3), ws.getRow(r).getCell(4)]).flat();
    expect(people.map((c) => c.type)).toEqual(Array(6).fill(ExcelJS.ValueType.String));
    expect(people.map((c) => c.value)).toEqual([EVIL[1], EVIL[0], EVIL[3], EVIL[2], EVIL[0], EVIL[4]]);
    expect(String(ws.getCell('D2').value).startsWith('=')).toBe(true);
  });

  it('no formula anywhere in the workbook', () => {
    for (const ws of wb.worksheets) {
      for (const [addr, type, value] of cells(ws)) {
        expect({ addr, sheet: ws.name, type }).not.toEqual({ addr, sheet: ws.name, type: ExcelJS.ValueType.Formula });
        expect(typeof value === 'object' && value !== null && !(value instanceof Date)).toBe(false);
      }
    }
  });

  it('Violations: French header, one row per violation, dates as dates, numbers as numbers', () => {
    const ws = wb.getWorksheet('Violations')!;
    expect(rowValues(ws, 1)).toEqual([
      'Règle', 'Gravité', 'Référent', 'Participant', 'Période', 'Date', 'Jalon', 'Attendu', 'Constaté', 'Message', 'Lignes', 'Clause',
    ]);
    expect(ws.rowCount).toBe(6);
    expect(rowValues(ws, 2)).toEqual([
      'entretiens-mensuels', 'erreur', '+cmd', EVIL[0], '2019-03', undefined, undefined, 2, 1,
      'Mars 2019 : 1 entretien physique individuel sur les 2 attendus', 'agenda.csv:18', 'Lot 1 › Modalité de suivi',
    ]);
    const date = ws.getCell('F4');
    expect(date.type).toBe(ExcelJS.ValueType.Date);
    expect(date.value).toEqual(new Date(Date.UTC(2019, 4, 6)));
    expect(date.numFmt).toBe('dd/mm/yyyy');
    expect(ws.getCell('G5').value).toBe(18);
    expect(ws.getCell('G6').value).toBe('sortie');
  });

  it('characters XML forbids are dropped, the rest of the text kept', () => {
    const ws = wb.getWorksheet('Violations')!;
    expect(ws.getCell('D5').value).toBe('ABC');
    expect(ws.getCell('C5').value).toBe('Ctrl');
  });

  it('every sheet: header row frozen, autofilter over its table', () => {
    const filters = Object.fromEntries(wb.worksheets.map((ws) => [ws.name, ws.autoFilter]));
    expect(filters).toEqual({ 'Synthèse': 'A1:B15', Violations: 'A1:L6', KPI: 'A1:I2', 'Règles': 'A1:K5' });
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getRow(1).font?.bold).toBe(true);
    }
    expect(wb.getWorksheet('Violations')!.getColumn(10).width).toBe(80);
  });

  it('Synthèse: key figures, dates as dates, then the per-rule and per-référent tables', () => {
    const ws = wb.getWorksheet('Synthèse')!;
    const kv = Array.from({ length: 14 }, (_, i) => rowValues(ws, i + 2));
    expect(kv).toEqual([
      ['Outil', 'plie-audit 0.1.0'],
      ['Jeu de règles', 'lunel-2019'],
      ['Titre', 'Lunel 2019'],
      ['Lot', 'lot1'],
      ['Début de période', new Date(Date.UTC(2019, 0, 1))],
      ['Fin de période', new Date(Date.UTC(2019, 11, 31))],
      ['Situation au', new Date(Date.UTC(2019, 11, 31))],
      ['Fichiers lus', ''],
      ['Participants', 5],
      ['Erreurs', 2],
      ['Avertissements', 3],
      ['Infos', 0],
      ['Règles exécutées', 2],
      ['Règles non exécutées', 1],
    ]);
    expect(ws.getCell('B6').numFmt).toBe('dd/mm/yyyy');
    expect(rowValues(ws, 16)).toEqual([]);
    expect(rowValues(ws, 17)).toEqual(['Synthèse par règle']);
    expect(rowValues(ws, 18)).toEqual(['Règle', 'Gravité', 'Statut', 'Violations', 'Remarque']);
    expect(rowValues(ws, 20)).toEqual([
      'revue-18-mois', 'erreur', 'non exécutée', undefined, "nécessite l'export agenda (entretiens), absent des fichiers lus",
    ]);
    expect(rowValues(ws, 24)).toEqual(['Synthèse par référent']);
    expect([26, 27, 28, 29, 30].map((i) => rowValues(ws, i))).toEqual([
      ['(sans référent)', 0, 1, 0],
      ['@SUM(A1)', 1, 0, 0],
      ['+cmd', 1, 0, 0],
      [EVIL[0], 0, 1, 0],
      ['Ctrl', 0, 1, 0],
    ]);
    expect(ws.getCell('A29').type).toBe(ExcelJS.ValueType.String);
  });

  it('KPI: without figures, a note says where to get them', () => {
    const ws = wb.getWorksheet('KPI')!;
    expect(rowValues(ws, 1)).toEqual(['Indicateur', 'Libellé', 'Valeur', 'Objectif', 'Unité', 'Mois', 'Référent', 'Lot', 'Catégorie']);
    expect(rowValues(ws, 2)).toEqual(['Indicateurs non calculés : voir plie-audit kpi']);
  });

  it('Règles: every rule with status, reason, clause (whitespace folded) and interpretation', () => {
    const ws = wb.getWorksheet('Règles')!;
    expect(rowValues(ws, 1)).toEqual([
      'Règle', 'Type', 'Gravité', 'Statut', 'Violations', 'Raison', 'Cahier', 'Section', 'Citation', 'Interprétation', 'Fidélité',
    ]);
    expect(rowValues(ws, 2)).toEqual([
      'entretiens-mensuels', 'contact-frequency', 'erreur', 'exécutée', 2, undefined, 'lunel-2019', 'Lot 1 › Modalité de suivi',
      'a minima 2 fois par mois', 'Mois dus.', 'interprétation',
    ]);
    expect(rowValues(ws, 4)).toEqual(['saisie', 'entry-delay', 'désactivée', 'désactivée']);
  });
});

describe('formatCheckXlsx: baseline and pseudonyms are stated in Synthèse', () => {
  it('adds the reference, its counts, its resolved entries and the key source', async () => {
    const r: AuditResult = {
      ...crafted(),
      summary: { ...crafted().summary, baselined: 4 },
      baseline: {
        path: 'ref.json',
        hidden: 4,
        resolved: [{ rule: 'r1', severity: 'error', participant: '=x', referent: 'Marie', period: null, date: '2019-02-03', message: 'm' }],
      },
      pseudonymized: { keyed: 'aléatoire' },
    };
    const ws = (await read(await formatCheckXlsx(r, null))).getWorksheet('Synthèse')!;
    expect([16, 17, 18, 19].map((i) => rowValues(ws, i))).toEqual([
      ['Référence (--baseline)', 'ref.json'],
      ['Violations déjà présentes dans la référence, masquées', 4],
      ['Entrées de la référence résolues', 1],
      ['Participants pseudonymisés', 'clé aléatoire, non reproductible'],
    ]);
    expect(ws.autoFilter).toBe('A1:B19');
    expect(rowValues(ws, 36)).toEqual(['Entrées de la référence résolues']);
    expect(rowValues(ws, 37)).toEqual(['Règle', 'Référent', 'Participant', 'Période', 'Date', 'Message']);
    expect(rowValues(ws, 38)).toEqual(['r1', 'Marie', '=x', undefined, new Date(Date.UTC(2019, 1, 3)), 'm']);
    expect(ws.getCell('C38').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('E38').numFmt).toBe('dd/mm/yyyy');
  });
});

describe('formatKpiXlsx', () => {
  it('Synthèse and KPI; months as dates; masked cells as text', async () => {
    const kpis: KpiResult = {
      tool: TOOL,
      ruleset: RULESET,
      period: { start: '2019-01-01', end: '2019-12-31' },
      asOf: '2019-05-31',
      inputs: [],
      by: 'month',
      kpis: [
        { id: 'file-active', value: 223, target: 208, unit: 'participants', by: { month: '2019-03' } },
        { id: 'typologie-commune', value: 2, target: null, unit: 'participants', by: {}, category: '=Lunel' },
      ],
    };
    const wb = await read(await formatKpiXlsx(kpis, { minCell: 3 }));
    expect(wb.worksheets.map((s) => s.name)).toEqual([...KPI_SHEETS]);
    const ws = wb.getWorksheet('KPI')!;
    expect(rowValues(ws, 2)).toEqual(['file-active', 'File active (places occupées)', 223, 208, 'participants', new Date(Date.UTC(2019, 2, 1))]);
    expect(ws.getCell('F2').numFmt).toBe('mm/yyyy');
    expect(rowValues(ws, 3)).toEqual(['typologie-commune', 'Commune : =Lunel', '< 3', undefined, 'participants', undefined, undefined, undefined, '=Lunel']);
    expect(ws.getCell('I3').type).toBe(ExcelJS.ValueType.String);
    const s = wb.getWorksheet('Synthèse')!;
    expect(rowValues(s, 10)).toEqual(['Découpage', 'par mois']);
    expect(rowValues(s, 11)).toEqual(['Secret statistique (--min-cell)', 3]);
  });
});

describe('excelDate', () => {
  it('a calendar day at UTC midnight (the exact Excel serial), null for none', () => {
    expect(excelDate('2019-02-28')).toEqual(new Date(Date.UTC(2019, 1, 28)));
    expect(excelDate(null)).toBeNull();
  });
});

describe('on the demo year', () => {
  let result: AuditResult;
  let kpis: KpiResult;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const prepared = await prepare({ inputs: [demo], cwd: root });
    result = auditPrepared(prepared);
    kpis = kpiResult(prepared);
    wb = await read(await formatCheckXlsx(result, kpis));
  });

  it('four sheets holding every violation, every KPI figure and every rule', () => {
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Synthèse', 'Violations', 'KPI', 'Règles']);
    expect(wb.getWorksheet('Violations')!.rowCount).toBe(result.violations.length + 1);
    expect(wb.getWorksheet('KPI')!.rowCount).toBe(kpis.kpis.length + 1);
    expect(wb.getWorksheet('Règles')!.rowCount).toBe(result.rules.length + 1);
    expect(wb.getWorksheet('Violations')!.autoFilter).toBe(`A1:L${result.violations.length + 1}`);
  });

  it('the planted file-active shortfall of October, its figures as numbers', () => {
    const ws = wb.getWorksheet('Violations')!;
    let found: unknown[] | null = null;
    ws.eachRow((row) => {
      const v = (row.values as unknown[]).slice(1);
      if (v[0] === 'file-active' && v[4] === '2019-10') found = v.slice(0, 9);
    });
    expect(found).toEqual(['file-active', 'avertissement', 'Marie Dupont', undefined, '2019-10', undefined, undefined, 80, 79]);
  });

  it('every dated violation has a real date cell', () => {
    const ws = wb.getWorksheet('Violations')!;
    const dated = result.violations.filter((v) => v.date !== null).length;
    let dates = 0;
    ws.eachRow((row, n) => {
      if (n > 1 && row.getCell(6).type === ExcelJS.ValueType.Date) dates++;
    });
    expect(dates).toBe(dated);
    expect(dated).toBeGreaterThan(0);
  });
});
