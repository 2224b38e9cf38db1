/**
 * The CSV reports: `;`, BOM and CRLF for French Excel, French headers, one row per violation or
 * KPI cell, formula injection neutralised (OWASP) while computed numbers stay numbers.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditPrepared } from '../../src/engine/audit.js';
import { prepare } from '../../src/engine/prepare.js';
import type { AuditResult } from '../../src/engine/result.js';
import { kpiResult } from '../../src/kpi/index.js';
import type { KpiResult } from '../../src/kpi/types.js';
import {
  CHECK_CSV_HEADER,
  csvDocument,
  csvField,
  formatCheckCsv,
  formatKpiCsv,
  KPI_CSV_HEADER,
  neutralizeFormula,
} from '../../src/report/csv.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demo = path.join(root, 'fixtures/demo');

const TOOL = { name: 'plie-audit', version: '0.1.0' } as const;
const RULESET = { id: 'lunel-2019', lot: 'lot1', title: 'Lunel 2019', cahier: 'lunel-2019' };
const SOURCE = { cahier: 'lunel-2019', section: 'Lot 1 › Modalité de suivi', quote: 'a minima 2 fois par mois' };
const ENTRETIENS = { match: { kinds: ['entretien'], modes: ['physique'], formats: ['individuel'] } };

/** Référents and participants named like formulas and markup, as a hostile export would. */
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
      { id: 'file-active', kind: 'file-active', severity: 'warning', status: 'ran', skip: null, violations: 1, source: null, fidelity: null, interpretation: null, params: {} },
      { id: 'donnees-invalides', kind: 'data-quality', severity: 'warning', status: 'ran', skip: null, violations: 1, source: null, fidelity: null, interpretation: null, params: {} },
    ],
    violations: [
      { ...base, rule: 'entretiens-mensuels', kind: 'contact-frequency', severity: 'error', participant: '=HYPERLINK("http://x","y")', referent: '+cmd', period: '2019-03', date: null, expected: 2, actual: 1, evidence: [{ path: 'agenda.csv', sheet: null, row: 18 }, { path: 'affectations.xlsx', sheet: 'Flux', row: 7 }] },
      { ...base, rule: 'entretiens-mensuels', kind: 'contact-frequency', severity: 'error', participant: '-2+3', referent: '@SUM(A1)', period: '2019-04', date: null, expected: 2, actual: 0 },
      { ...base, rule: 'file-active', kind: 'file-active', severity: 'warning', participant: null, referent: '\tTab', period: '2019-10', date: null, expected: 80, actual: -1 },
      { ...base, rule: 'donnees-invalides', kind: 'data-quality', severity: 'warning', participant: '<script>alert(1)</script>', referent: '\rCR', period: '2019-05', date: '2019-05-06', args: { code: 'participant-inconnu', value: '<script>alert(1)</script>' }, evidence: [{ path: 'agenda.csv', sheet: null, row: 40 }] },
    ],
    summary: { error: 2, warning: 2, info: 0, participants: 3, rulesRan: 3, rulesSkipped: 0 },
  };
}

describe('neutralizeFormula (OWASP)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['\rCR', "'\rCR"],
  ])('%j → %j', (input, want) => {
    expect(neutralizeFormula(input)).toBe(want);
  });

  it.each(['005093', 'Marie Dupont', '<script>alert(1)</script>', ' =1', "'déjà", '2019-03', ''])('leaves %j alone', (s) => {
    expect(neutralizeFormula(s)).toBe(s);
  });
});

describe('csvField / csvDocument', () => {
  it('quotes fields holding ; " CR or LF and doubles the quotes', () => {
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('dit "oui"')).toBe('"dit ""oui"""');
    expect(csvField('deux\nlignes')).toBe('"deux\nlignes"');
    expect(csvField('x\ry')).toBe('"x\ry"');
    expect(csvField('simple')).toBe('simple');
  });

  it('neutralises then quotes: =HYPERLINK("…") keeps its quote prefix inside the quotes', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('\rCR')).toBe('"\'\rCR"');
  });

  it('numbers are numbers: decimal comma, a negative count is not neutralised', () => {
    expect(csvField(16.3)).toBe('16,3');
    expect(csvField(-1)).toBe('-1');
    expect(csvField(1200)).toBe('1200');
    expect(csvField('-1')).toBe("'-1");
  });

  it('null and undefined are empty', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('BOM, `;`, CRLF after every line', () => {
    expect(csvDocument([['a', 1], ['b', null]])).toBe('\uFEFFa;1\r\nb;\r\n');
  });
});

describe('formatCheckCsv', () => {
  it('one row per violation, French headers, every hostile name inert', () => {
    expect(formatCheckCsv(crafted())).toBe(
      '\uFEFF' +
        [
          'Règle;Gravité;Référent;Participant;Période;Date;Jalon;Attendu;Constaté;Message;Lignes;Clause',
          'entretiens-mensuels;erreur;\'+cmd;"\'=HYPERLINK(""http://x"",""y"")";2019-03;;;2;1;Mars 2019 : 1 entretien physique individuel sur les 2 attendus;"agenda.csv:18 ; affectations.xlsx [Flux]:7";Lot 1 › Modalité de suivi',
          "entretiens-mensuels;erreur;'@SUM(A1);'-2+3;2019-04;;;2;0;Avril 2019 : 0 entretien physique individuel sur les 2 attendus;;Lot 1 › Modalité de suivi",
          "file-active;avertissement;'\tTab;;2019-10;;;80;-1;Octobre 2019 : file active de -1 participant pour un objectif de 80;;",
          'donnees-invalides;avertissement;"\'\rCR";<script>alert(1)</script>;2019-05;06/05/2019;;;;L\'agenda cite un participant absent des affectations (« <script>alert(1)</script> ») : compté pour le référent seulement;agenda.csv:40;',
        ].join('\r\n') +
        '\r\n',
    );
  });

  it('reads back with a strict CSV parser into the same cells', () => {
    const rows = parse(formatCheckCsv(crafted()), { delimiter: ';', bom: true, relax_column_count: false }) as string[][];
    expect(rows[0]).toEqual([...CHECK_CSV_HEADER]);
    expect(rows.map((r) => [r[2], r[3]])).toEqual([
      ['Référent', 'Participant'],
      ["'+cmd", '\'=HYPERLINK("http://x","y")'],
      ["'@SUM(A1)", "'-2+3"],
      ["'\tTab", ''],
      ["'\rCR", '<script>alert(1)</script>'],
    ]);
  });

  it('no violation: the header alone', () => {
    expect(formatCheckCsv({ ...crafted(), violations: [] })).toBe(`\uFEFF${CHECK_CSV_HEADER.join(';')}\r\n`);
  });
});

function craftedKpis(): KpiResult {
  return {
    tool: TOOL,
    ruleset: RULESET,
    period: { start: '2019-01-01', end: '2019-12-31' },
    asOf: '2019-12-31',
    inputs: [],
    by: 'referent',
    kpis: [
      { id: 'file-active', value: 223, target: 208, unit: 'participants', by: { month: '2019-01' } },
      { id: 'taux-sorties-positives', value: 16.3, target: 16, unit: '%', by: {} },
      { id: 'entretiens', value: 12, target: null, unit: 'entretiens', by: { referent: '=cmd|x' } },
      { id: 'entretiens', value: 3, target: null, unit: 'entretiens', by: { referent: null } },
      { id: 'typologie-commune', value: 2, target: null, unit: 'participants', by: {}, category: '@Lunel' },
      { id: 'typologie-commune', value: 7, target: null, unit: 'participants', by: {}, category: null },
      { id: 'taux-sorties-positives', value: null, target: null, unit: '%', by: { lot: null } },
    ],
  };
}

describe('formatKpiCsv', () => {
  it('one row per KPI cell; splits, categories and masked cells spelled out', () => {
    expect(formatKpiCsv(craftedKpis(), { minCell: 3 })).toBe(
      '\uFEFF' +
        [
          'Indicateur;Libellé;Valeur;Objectif;Unité;Mois;Référent;Lot;Catégorie',
          'file-active;File active (places occupées);223;208;participants;2019-01;;;',
          'taux-sorties-positives;Taux de sorties positives;16,3;16;%;;;;',
          "entretiens;Entretiens réalisés;12;;entretiens;;'=cmd|x;;",
          'entretiens;Entretiens réalisés;3;;entretiens;;(sans référent);;',
          "typologie-commune;Commune : @Lunel;< 3;;participants;;;;'@Lunel",
          'typologie-commune;Commune : non renseigné;7;;participants;;;;non renseigné',
          'taux-sorties-positives;Taux de sorties positives;;;%;;;(sans lot);',
        ].join('\r\n') +
        '\r\n',
    );
  });

  it('without --min-cell every value is shown', () => {
    const lines = formatKpiCsv(craftedKpis()).split('\r\n');
    expect(lines[5]).toBe("typologie-commune;Commune : @Lunel;2;;participants;;;;'@Lunel");
  });
});

describe('on the demo year', () => {
  let result: AuditResult;
  let kpis: KpiResult;
  beforeAll(async () => {
    const prepared = await prepare({ inputs: [demo], cwd: root });
    result = auditPrepared(prepared);
    kpis = kpiResult(prepared);
  });

  it('check: a BOM, the header, then exactly one 12-cell row per violation, in order', () => {
    const text = formatCheckCsv(result);
    expect(text.startsWith(`\uFEFF${CHECK_CSV_HEADER.join(';')}\r\n`)).toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
    const rows = parse(text, { delimiter: ';', bom: true }) as string[][];
    expect(rows).toHaveLength(result.violations.length + 1);
    expect(rows.every((r) => r.length === 12)).toBe(true);
    expect(rows.slice(1).map((r) => `${r[0]}|${r[3]}|${r[4]}`)).toEqual(
      result.violations.map((v) => `${v.rule}|${v.participant ?? ''}|${v.period ?? ''}`),
    );
    const planted = rows.find((r) => r[0] === 'file-active' && r[4] === '2019-10')!;
    expect(planted.slice(0, 9)).toEqual(['file-active', 'avertissement', 'Marie Dupont', '', '2019-10', '', '', '80', '79']);
  });

  it('kpi: one 9-cell row per figure', () => {
    const rows = parse(formatKpiCsv(kpis), { delimiter: ';', bom: true }) as string[][];
    expect(rows[0]).toEqual([...KPI_CSV_HEADER]);
    expect(rows).toHaveLength(kpis.kpis.length + 1);
    expect(rows.every((r) => r.length === 9)).toBe(true);
    expect(rows.slice(1).map((r) => r[0])).toEqual(kpis.kpis.map((k) => k.id));
  });
});
