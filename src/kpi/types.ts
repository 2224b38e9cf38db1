/**
 * The KPI contract (cli.md `kpi --format json`): figures are data; labels and wording live in
 * src/report/kpi.ts.
 */
import type { InputReport, ISODate, MonthKey } from '../model/types.js';

export type KpiSplit = 'month' | 'referent' | 'lot';
export const KPI_SPLITS: readonly KpiSplit[] = ['month', 'referent', 'lot'];

export type KpiUnit =
  | 'participants'
  | 'entretiens'
  | 'contacts'
  | 'participations'
  | 'ateliers'
  | 'étapes'
  | 'sorties'
  | '%'
  | 'ratio'
  | 'jours'
  | 'mois';

/**
 * What a figure is restricted to. No key: the total over [P.start, min(A, P.end)].
 * `referent` / `lot` are null for the figures of rows that name none (a participant without any
 * affectation, data without a lot column in a ruleset without lots).
 */
export interface KpiBy {
  month?: MonthKey;
  referent?: string | null;
  lot?: string | null;
}

export interface Kpi {
  /** Kebab-case, stable (docs/kpi.md). */
  id: string;
  /** null when it cannot be computed (a ratio over an empty population). */
  value: number | null;
  /** The cahier's objective for this figure and split, null when it gives none. */
  target: number | null;
  unit: KpiUnit;
  by: KpiBy;
  /** Typologie by EPCI / commune: the value the participants share (null = not filled in). */
  category?: string | null;
}

/** The part of a resolved ruleset the KPIs read (ResolvedRuleset satisfies it). */
export interface KpiRuleset {
  id: string;
  cahier: string;
  lot: string | null;
  /** The lot's ETP as the cahier gives it. */
  etp: number | null;
  rules: readonly { id: string; kind: string; params: unknown }[];
}

export interface KpiOptions {
  by?: KpiSplit;
}

/** Everything the reporters need. */
export interface KpiResult {
  tool: { name: string; version: string };
  ruleset: { id: string; lot: string | null; title: string; cahier: string };
  period: { start: ISODate; end: ISODate };
  asOf: ISODate;
  inputs: InputReport[];
  by: KpiSplit | null;
  kpis: Kpi[];
}
