/**
 * The `kpi` reports: a terminal table (French labels, totals, monthly file active, typologie)
 * and the JSON contract of cli.md. Typologie cells below --min-cell are masked (secret
 * statistique) in both.
 */
import { isTypologie } from '../kpi/catalogue.js';
import type { Kpi, KpiResult } from '../kpi/types.js';
import { minDate } from '../model/dates.js';
import { inputsJson, jsonHead } from './json.js';
import { makeStyle } from './style.js';
import { inputsLine, periodText, plainTable, reportTitle } from './table.js';
import { capitalize, dateFr, monthLabel, NO_REFERENT } from './words.js';

export const KPI_LABELS: Record<string, string> = {
  'file-active': 'File active (places occupées)',
  'file-active-moyenne': 'File active mensuelle moyenne',
  'participants-accompagnes': 'Participants accompagnés',
  'participants-brsa-cer': 'dont BRSA sous CER',
  'cerp-rediges': 'CERP rédigés (BRSA sous CER)',
  entrees: 'Entrées dans le PLIE',
  'entrees-par-etp': 'Entrées par ETP de référent',
  'positionnements-etapes': 'Positionnements sur des étapes de parcours',
  'positionnements-etapes-plie': 'dont étapes PLIE',
  'positionnements-etapes-droit-commun': 'dont étapes de droit commun',
  'positionnements-etapes-non-renseigne': 'dont étapes PLIE / droit commun non renseigné',
  'etapes-par-participant': 'Étapes de parcours par participant suivi',
  entretiens: 'Entretiens réalisés',
  'entretiens-par-participant': 'Entretiens par participant',
  'participations-ateliers': 'Participations à des ateliers collectifs',
  'ateliers-animes': 'Ateliers collectifs animés',
  'participants-ateliers': 'Participants sur les ateliers (levée de freins)',
  'mises-en-emploi': 'Mises en emploi de parcours',
  'mises-en-emploi-clauses': 'dont clauses sociales',
  sorties: 'Sorties',
  'sorties-positives': 'Sorties positives',
  'sorties-autres': 'Ruptures et autres sorties',
  'taux-sorties-positives': 'Taux de sorties positives',
  'contacts-emploi-avant-sortie-positive': 'Entretiens ou contacts en emploi ou en formation avant une sortie positive',
  'duree-moyenne-parcours-sortis': 'Durée moyenne de parcours des sortis (jours)',
  'duree-moyenne-parcours-sortis-mois': 'Durée moyenne de parcours des sortis (mois)',
  'duree-moyenne-parcours-en-cours': 'Durée moyenne de parcours des participants en cours (jours)',
  'duree-moyenne-parcours-en-cours-mois': 'Durée moyenne de parcours des participants en cours (mois)',
  'typologie-sexe-femmes': 'Femmes',
  'typologie-sexe-hommes': 'Hommes',
  'typologie-sexe-non-renseigne': 'Sexe non renseigné',
  'typologie-age-moins-26': "Moins de 26 ans à l'entrée",
  'typologie-age-26-44': "26 à 44 ans à l'entrée",
  'typologie-age-45-54': "45 à 54 ans à l'entrée",
  'typologie-age-55-plus': "55 ans et plus à l'entrée",
  'typologie-age-non-renseigne': 'Âge non renseigné',
  'typologie-epci': 'EPCI',
  'typologie-commune': 'Commune',
  'typologie-brsa': 'Bénéficiaires du RSA',
  'typologie-deld': 'Demandeurs d’emploi de longue durée',
  'typologie-th': 'Travailleurs handicapés (RQTH / BOE)',
  'typologie-qpv': 'Résidents QPV',
};

/** The French label of a figure (EPCI and commune cells name their value). */
export function kpiLabel(k: Pick<Kpi, 'id' | 'category'>): string {
  const base = KPI_LABELS[k.id] ?? k.id;
  if (k.category === undefined) return base;
  return `${base} : ${k.category ?? 'non renseigné'}`;
}

/** A typologie cell below the threshold, hidden in reports that leave the PLIE. */
export function isMasked(k: Pick<Kpi, 'id' | 'value'>, minCell: number | undefined): boolean {
  return minCell !== undefined && minCell > 0 && isTypologie(k.id) && k.value !== null && k.value < minCell;
}

export interface KpiFormatOptions {
  /** --min-cell: typologie cells below it are masked. */
  minCell?: number;
}

export function kpiJson(result: KpiResult, opts: KpiFormatOptions = {}) {
  return {
    ...jsonHead(result),
    inputs: inputsJson(result),
    split: result.by,
    minCell: opts.minCell ?? null,
    kpis: result.kpis.map((k) => {
      const masked = isMasked(k, opts.minCell);
      return {
        id: k.id,
        label: kpiLabel(k),
        value: masked ? null : k.value,
        target: k.target,
        unit: k.unit,
        by: k.by,
        ...(k.category !== undefined ? { category: k.category } : {}),
        ...(masked ? { masked: true } : {}),
      };
    }),
  };
}

export function formatKpiJson(result: KpiResult, opts: KpiFormatOptions = {}): string {
  return `${JSON.stringify(kpiJson(result, opts), null, 2)}\n`;
}

export interface KpiTableOptions extends KpiFormatOptions {
  color: boolean;
}

/** 1234.5 → « 1 234,5 »; a percentage carries its sign. */
export { formatNumber } from './words.js';
import { formatNumber } from './words.js';

const MONTH_SHORT = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
export const shortMonth = (m: string) => `${MONTH_SHORT[+m.slice(5, 7) - 1]} ${m.slice(2, 4)}`;

type SplitKey = string;
export const NO_LOT = '(sans lot)';

/** The split a figure belongs to, as a column key ('' = total). */
export function splitOf(k: Kpi, by: KpiResult['by']): SplitKey | null {
  if (by === 'referent' && 'referent' in k.by) return k.by.referent ?? '\u0000';
  if (by === 'lot' && 'lot' in k.by) return k.by.lot ?? '\u0000';
  if ('referent' in k.by || 'lot' in k.by) return null;
  return '';
}

const rowKey = (k: Kpi) => (k.category === undefined ? k.id : `${k.id}\u0000${k.category ?? ''}`);

/** The layout every human-readable kpi report shares: one row per figure, one column per split. */
export interface KpiGrid {
  splits: SplitKey[];
  splitName(s: SplitKey): string;
  /** A cell's text (masked typologie shown as « < n »), with « / target » when asked. */
  cell(k: Kpi | undefined, withTarget: boolean): string;
  /** Whether a cell was masked so far (for the footnote). */
  masked(): boolean;
  /** Period figures (no month): the total and each split's figure. */
  periodRows: Map<string, { total?: Kpi; bySplit: Map<SplitKey, Kpi> }>;
}

export function kpiGrid(result: KpiResult, minCell: number | undefined): KpiGrid {
  const by = result.by;
  const splits: SplitKey[] = [];
  for (const k of result.kpis) {
    const s = splitOf(k, by);
    if (s !== null && s !== '' && !splits.includes(s)) splits.push(s);
  }
  let masked = false;
  const periodRows = new Map<string, { total?: Kpi; bySplit: Map<SplitKey, Kpi> }>();
  for (const k of result.kpis) {
    if (k.by.month !== undefined) continue;
    const s = splitOf(k, by);
    if (s === null) continue;
    let row = periodRows.get(rowKey(k));
    if (!row) periodRows.set(rowKey(k), (row = { bySplit: new Map() }));
    if (s === '') row.total = k;
    else row.bySplit.set(s, k);
  }
  return {
    splits,
    splitName: (s) => (s === '\u0000' ? (by === 'referent' ? NO_REFERENT : NO_LOT) : s),
    cell(k, withTarget) {
      if (!k) return '';
      if (isMasked(k, minCell)) {
        masked = true;
        return `< ${minCell}`;
      }
      const v = formatNumber(k.value, k.unit);
      return withTarget && k.target !== null ? `${v} / ${formatNumber(k.target, k.unit)}` : v;
    },
    masked: () => masked,
    periodRows,
  };
}

export function formatKpiTable(result: KpiResult, opts: KpiTableOptions): string {
  const c = makeStyle(opts.color);
  const table = (head: string[]) => plainTable(head, opts.color);
  const out: string[] = [];
  out.push(c.bold(reportTitle(result.ruleset, 'indicateurs')));
  out.push(`${periodText(result.period)}, chiffres arrêtés au ${dateFr(minDate(result.asOf, result.period.end))}`);
  out.push(inputsLine(result.inputs));
  out.push('');

  const by = result.by;
  const grid = kpiGrid(result, opts.minCell);
  const { splits, splitName, cell, periodRows } = grid;
  const splitHead = splits.map(splitName);
  const section = (title: string, typologie: boolean) => {
    const rows = [...periodRows.values()].filter((r) => r.total && isTypologie(r.total.id) === typologie);
    if (rows.length === 0) return;
    out.push(c.bold(title));
    const t = table(typologie ? ['Catégorie', 'Total', ...splitHead] : ['Indicateur', 'Valeur', 'Objectif', ...splitHead]);
    for (const r of rows) {
      const k = r.total!;
      const label = kpiLabel(k);
      const head = typologie ? [label, cell(k, false)] : [label, cell(k, false), k.target === null ? '' : formatNumber(k.target, k.unit)];
      t.push([...head, ...splits.map((s) => cell(r.bySplit.get(s), !typologie))]);
    }
    out.push(t.toString());
    out.push('');
  };
  section('Indicateurs de la période', false);

  // Monthly file active: one row per month, total then one column per split.
  const fa = result.kpis.filter((k) => k.id === 'file-active');
  if (fa.length > 0) {
    out.push(c.bold(`${KPI_LABELS['file-active']} par mois — valeur / objectif`));
    const t = table(['Mois', 'Total', ...splitHead]);
    const months = [...new Set(fa.map((k) => k.by.month!))];
    for (const m of months) {
      const mine = fa.filter((k) => k.by.month === m);
      const total = mine.find((k) => splitOf(k, by) === '');
      t.push([capitalize(monthLabel(m)), cell(total, true), ...splits.map((s) => cell(mine.find((k) => splitOf(k, by) === s), true))]);
    }
    out.push(t.toString());
    out.push('');
  }

  // --by month: the monthly series, one row per figure, one column per month.
  if (by === 'month') {
    const series = result.kpis.filter((k) => k.by.month !== undefined && k.id !== 'file-active');
    const months = [...new Set(series.map((k) => k.by.month!))].sort();
    if (series.length > 0) {
      out.push(c.bold('Séries mensuelles'));
      const t = table(['Indicateur', ...months.map(shortMonth)]);
      for (const id of [...new Set(series.map((k) => k.id))]) {
        t.push([KPI_LABELS[id] ?? id, ...months.map((m) => cell(series.find((k) => k.id === id && k.by.month === m), false))]);
      }
      out.push(t.toString());
      out.push('');
    }
  }

  section('Typologie des participants accompagnés', true);

  if (grid.masked()) {
    out.push(
      c.dim(
        `« < ${opts.minCell} » : effectif inférieur à ${opts.minCell}, masqué (secret statistique, --min-cell ${opts.minCell}).`,
      ),
    );
  }
  if (by === 'referent') {
    out.push(
      c.dim(
        'Par référent : file active mensuelle selon les affectations du mois (un participant réaffecté compte chez chacun) ; ' +
          'autres chiffres selon le référent du jour concerné (entrée, sortie, étape, entretien) ou du dernier jour accompagné.',
      ),
    );
  }
  out.push(c.dim('Définitions et clauses des cahiers : README, section « plie-audit kpi ».'));
  return `${out.join('\n')}\n`;
}
