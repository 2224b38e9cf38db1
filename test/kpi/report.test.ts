/** The kpi reporters: JSON contract (keys, types, masking) and the exact terminal table. */
import { describe, expect, it } from 'vitest';
import type { Kpi, KpiResult } from '../../src/kpi/types.js';
import { formatKpiJson, formatKpiTable, formatNumber, kpiJson, kpiLabel } from '../../src/report/kpi.js';
import { KPI_CATALOGUE } from '../../src/kpi/catalogue.js';
import { KPI_LABELS } from '../../src/report/kpi.js';

const k = (id: string, value: number | null, target: number | null, by: Kpi['by'], extra: Partial<Kpi> = {}): Kpi => ({
  id,
  value,
  target,
  unit: id === 'taux-sorties-positives' ? '%' : 'participants',
  by,
  ...extra,
});
const M = { referent: 'Marie Dupont' };
const P = { referent: 'Paul Martin' };

const RESULT: KpiResult = {
  tool: { name: 'plie-audit', version: '0.1.0' },
  ruleset: { id: 'lunel-2019', lot: 'lot1', title: 'PLIE Lunel', cahier: 'lunel-2019' },
  period: { start: '2019-01-01', end: '2019-12-31' },
  asOf: '2019-05-31',
  inputs: [
    {
      path: 'affectations.csv', sheet: null, container: 'csv', dataset: 'affectations', rows: 12, headerRow: 1,
      encoding: 'utf-8', delimiter: ';', skippedRows: 0, warnings: [], columns: {}, unmappedColumns: [], unmappedValues: {},
    },
  ],
  by: 'referent',
  kpis: [
    k('file-active', 3, 160, { month: '2019-01' }),
    k('file-active', 2, 80, { month: '2019-01', ...M }),
    k('file-active', 1, null, { month: '2019-01', ...P }),
    k('participants-accompagnes', 5, 10, {}),
    k('participants-accompagnes', 3, null, M),
    k('participants-accompagnes', 2, null, P),
    k('taux-sorties-positives', 16.3, 16, {}),
    k('taux-sorties-positives', 33.3, 16, M),
    k('taux-sorties-positives', null, 16, P),
    k('typologie-epci', 4, null, {}, { category: 'CC Pays de Lunel' }),
    k('typologie-epci', 3, null, M, { category: 'CC Pays de Lunel' }),
    k('typologie-epci', 1, null, P, { category: 'CC Pays de Lunel' }),
    k('typologie-epci', 1, null, {}, { category: null }),
    k('typologie-epci', 0, null, M, { category: null }),
    k('typologie-epci', 1, null, P, { category: null }),
  ],
};

describe('kpi JSON', () => {
  it('has the cli.md shape, with typed keys on every figure', () => {
    const json = JSON.parse(formatKpiJson(RESULT, {}));
    expect(Object.keys(json)).toEqual(['schemaVersion', 'tool', 'ruleset', 'period', 'asOf', 'inputs', 'split', 'minCell', 'kpis']);
    expect(json.schemaVersion).toBe(1);
    expect(json.tool).toEqual({ name: 'plie-audit', version: '0.1.0' });
    expect(json.ruleset).toEqual({ id: 'lunel-2019', lot: 'lot1', title: 'PLIE Lunel', cahier: 'lunel-2019' });
    expect(json.period).toEqual({ start: '2019-01-01', end: '2019-12-31' });
    expect(json.asOf).toBe('2019-05-31');
    expect(json.inputs).toEqual([
      { path: 'affectations.csv', sheet: null, dataset: 'affectations', rows: 12, headerRow: 1, encoding: 'utf-8', delimiter: ';', skippedRows: 0, warnings: 0 },
    ]);
    expect(json.split).toBe('referent');
    expect(json.minCell).toBeNull();
    expect(json.kpis).toHaveLength(15);
    for (const x of json.kpis) {
      expect(Object.keys(x).slice(0, 6)).toEqual(['id', 'label', 'value', 'target', 'unit', 'by']);
      expect(x.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(typeof x.label).toBe('string');
      expect(x.value === null || typeof x.value === 'number').toBe(true);
      expect(x.target === null || typeof x.target === 'number').toBe(true);
      expect(['participants', 'entretiens', 'contacts', 'participations', 'ateliers', 'étapes', 'sorties', '%', 'ratio', 'jours', 'mois']).toContain(x.unit);
      for (const key of Object.keys(x.by)) expect(['month', 'referent', 'lot']).toContain(key);
      if (x.by.month !== undefined) expect(x.by.month).toMatch(/^\d{4}-\d{2}$/);
      expect('masked' in x).toBe(false);
    }
    expect(json.kpis[1]).toEqual({
      id: 'file-active', label: 'File active (places occupées)', value: 2, target: 80, unit: 'participants',
      by: { month: '2019-01', referent: 'Marie Dupont' },
    });
    expect(json.kpis[9]).toEqual({
      id: 'typologie-epci', label: 'EPCI : CC Pays de Lunel', value: 4, target: null, unit: 'participants', by: {},
      category: 'CC Pays de Lunel',
    });
  });

  it('--min-cell masks typologie cells below n (null + masked), and only them', () => {
    const json = kpiJson(RESULT, { minCell: 3 });
    expect(json.minCell).toBe(3);
    const masked = json.kpis.filter((x) => 'masked' in x);
    expect(masked.map((x) => [x.id, x.category, x.by, x.value, x.masked])).toEqual([
      ['typologie-epci', 'CC Pays de Lunel', P, null, true],
      ['typologie-epci', null, {}, null, true],
      ['typologie-epci', null, M, null, true],
      ['typologie-epci', null, P, null, true],
    ]);
    // Small non-typologie figures stay.
    expect(json.kpis.find((x) => x.id === 'file-active' && x.by.referent === 'Paul Martin')?.value).toBe(1);
    expect(json.kpis.find((x) => x.id === 'typologie-epci' && x.by.referent === 'Marie Dupont' && x.category !== null)?.value).toBe(3);
  });
});

describe('kpi table', () => {
  it('totals, objectives, one column per référent, masked typologie with its footnote', () => {
    expect(formatKpiTable(RESULT, { color: false, minCell: 3 }).split('\n')).toEqual([
      'plie-audit — indicateurs — PLIE Lunel (lunel-2019 — lot1)',
      'Période du 01/01/2019 au 31/12/2019, chiffres arrêtés au 31/05/2019',
      'Fichiers lus : affectations.csv (affectations, 12 lignes)',
      '',
      'Indicateurs de la période',
      '┌───────────────────────────┬────────┬──────────┬───────────────┬─────────────┐',
      '│ Indicateur                │ Valeur │ Objectif │ Marie Dupont  │ Paul Martin │',
      '├───────────────────────────┼────────┼──────────┼───────────────┼─────────────┤',
      '│ Participants accompagnés  │ 5      │ 10       │ 3             │ 2           │',
      '│ Taux de sorties positives │ 16,3 % │ 16 %     │ 33,3 % / 16 % │ — / 16 %    │',
      '└───────────────────────────┴────────┴──────────┴───────────────┴─────────────┘',
      '',
      'File active (places occupées) par mois — valeur / objectif',
      '┌──────────────┬─────────┬──────────────┬─────────────┐',
      '│ Mois         │ Total   │ Marie Dupont │ Paul Martin │',
      '├──────────────┼─────────┼──────────────┼─────────────┤',
      '│ Janvier 2019 │ 3 / 160 │ 2 / 80       │ 1           │',
      '└──────────────┴─────────┴──────────────┴─────────────┘',
      '',
      'Typologie des participants accompagnés',
      '┌─────────────────────────┬───────┬──────────────┬─────────────┐',
      '│ Catégorie               │ Total │ Marie Dupont │ Paul Martin │',
      '├─────────────────────────┼───────┼──────────────┼─────────────┤',
      '│ EPCI : CC Pays de Lunel │ 4     │ 3            │ < 3         │',
      '│ EPCI : non renseigné    │ < 3   │ < 3          │ < 3         │',
      '└─────────────────────────┴───────┴──────────────┴─────────────┘',
      '',
      '« < 3 » : effectif inférieur à 3, masqué (secret statistique, --min-cell 3).',
      'Par référent : file active mensuelle selon les affectations du mois (un participant réaffecté compte chez chacun) ; autres chiffres selon le référent du jour concerné (entrée, sortie, étape, entretien) ou du dernier jour accompagné.',
      'Définitions et clauses des cahiers : README, section « plie-audit kpi ».',
      '',
    ]);
  });

  it('no masking footnote without --min-cell', () => {
    const text = formatKpiTable(RESULT, { color: false });
    expect(text).not.toContain('masqué');
    expect(text).toContain('│ EPCI : non renseigné    │ 1     │ 0            │ 1           │');
  });
});

describe('wording', () => {
  it('French numbers', () => {
    expect(formatNumber(5278)).toBe('5\u00a0278');
    expect(formatNumber(1234567.5)).toBe('1\u00a0234\u00a0567,5');
    expect(formatNumber(8.31)).toBe('8,31');
    expect(formatNumber(16.3, '%')).toBe('16,3 %');
    expect(formatNumber(null)).toBe('—');
  });

  it('every KPI of the catalogue has a label; categories are named', () => {
    for (const d of KPI_CATALOGUE) expect(KPI_LABELS[d.id], d.id).toBeTruthy();
    expect(kpiLabel({ id: 'typologie-commune', category: 'Lunel' })).toBe('Commune : Lunel');
    expect(kpiLabel({ id: 'typologie-epci', category: null })).toBe('EPCI : non renseigné');
    expect(kpiLabel({ id: 'entretiens' })).toBe('Entretiens réalisés');
  });
});
