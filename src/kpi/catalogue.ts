/**
 * Every KPI id, in report order, with its unit and the cahiers that name it. docs/kpi.md gives
 * each one's definition and clause; src/report/kpi.ts its French label.
 */
import type { KpiUnit } from './types.js';

/** Cahier families (the part of `cahier` before the year). null: every cahier. */
type Family = 'lunel' | 'dijon' | 'bethune';

export interface KpiDef {
  id: string;
  unit: KpiUnit;
  only?: Family[];
}

export const KPI_CATALOGUE: readonly KpiDef[] = [
  { id: 'file-active', unit: 'participants' },
  { id: 'file-active-moyenne', unit: 'participants' },
  { id: 'participants-accompagnes', unit: 'participants' },
  { id: 'participants-brsa-cer', unit: 'participants' },
  { id: 'cerp-rediges', unit: 'participants', only: ['bethune'] },
  { id: 'entrees', unit: 'participants' },
  { id: 'entrees-par-etp', unit: 'ratio', only: ['dijon'] },
  { id: 'positionnements-etapes', unit: 'étapes' },
  { id: 'positionnements-etapes-plie', unit: 'étapes' },
  { id: 'positionnements-etapes-droit-commun', unit: 'étapes' },
  { id: 'positionnements-etapes-non-renseigne', unit: 'étapes' },
  { id: 'etapes-par-participant', unit: 'ratio', only: ['bethune'] },
  { id: 'entretiens', unit: 'entretiens' },
  { id: 'entretiens-par-participant', unit: 'ratio' },
  { id: 'participations-ateliers', unit: 'participations' },
  { id: 'ateliers-animes', unit: 'ateliers' },
  { id: 'participants-ateliers', unit: 'participants', only: ['bethune'] },
  { id: 'mises-en-emploi', unit: 'participants' },
  { id: 'mises-en-emploi-clauses', unit: 'participants' },
  { id: 'sorties', unit: 'sorties' },
  { id: 'sorties-positives', unit: 'sorties' },
  { id: 'sorties-autres', unit: 'sorties' },
  { id: 'taux-sorties-positives', unit: '%' },
  { id: 'contacts-emploi-avant-sortie-positive', unit: 'contacts' },
  { id: 'duree-moyenne-parcours-sortis', unit: 'jours' },
  { id: 'duree-moyenne-parcours-sortis-mois', unit: 'mois' },
  { id: 'duree-moyenne-parcours-en-cours', unit: 'jours' },
  { id: 'duree-moyenne-parcours-en-cours-mois', unit: 'mois' },
  { id: 'typologie-sexe-femmes', unit: 'participants' },
  { id: 'typologie-sexe-hommes', unit: 'participants' },
  { id: 'typologie-sexe-non-renseigne', unit: 'participants' },
  { id: 'typologie-age-moins-26', unit: 'participants' },
  { id: 'typologie-age-26-44', unit: 'participants' },
  { id: 'typologie-age-45-54', unit: 'participants' },
  { id: 'typologie-age-55-plus', unit: 'participants' },
  { id: 'typologie-age-non-renseigne', unit: 'participants' },
  { id: 'typologie-epci', unit: 'participants' },
  { id: 'typologie-commune', unit: 'participants' },
  { id: 'typologie-brsa', unit: 'participants' },
  { id: 'typologie-deld', unit: 'participants' },
  { id: 'typologie-th', unit: 'participants' },
  { id: 'typologie-qpv', unit: 'participants' },
];

export const KPI_IDS: readonly string[] = KPI_CATALOGUE.map((d) => d.id);

export function kpiDef(id: string): KpiDef {
  const def = KPI_CATALOGUE.find((d) => d.id === id);
  if (!def) throw new Error(`KPI inconnu : ${id}`);
  return def;
}

/** Whether a KPI is reported for a cahier ('dijon-2018' → family 'dijon'). */
export function appliesTo(def: KpiDef, cahier: string): boolean {
  if (!def.only) return true;
  const family = cahier.split('-')[0] as Family;
  return def.only.includes(family);
}

/** Masked by --min-cell in reports that leave the PLIE. */
export function isTypologie(id: string): boolean {
  return id.startsWith('typologie-');
}
