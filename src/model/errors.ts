/**
 * File-level problems of the model stage, as one French message each (InputError, exit code 2).
 * The message names the file (and sheet), what was found, what was expected and what to do.
 */
import { InputError } from '../load/types.js';
import type { DatasetDef } from './aliases.js';
import { DATASETS } from './aliases.js';
import type { DatasetName } from './types.js';

export const CONFIG_FILE = 'plie-audit.yaml';

export const DATASET_LABELS: Readonly<Record<DatasetName, string>> = {
  affectations: 'affectations',
  agenda: 'agenda',
  etapes: 'étapes',
  sorties: 'sorties',
};

export interface Where {
  path: string;
  sheet: string | null;
}

export function describeWhere(w: Where): string {
  return w.sheet === null ? w.path : `${w.path} (feuille « ${w.sheet} »)`;
}

const quote = (s: string) => `« ${s} »`;

export function quoteList(headers: readonly string[]): string {
  return headers.length === 0 ? '(aucune)' : headers.map(quote).join(', ');
}

/** « Date de début d'affectation » ou « Mois » — one requirement, for humans. */
export function describeRequirement(ds: DatasetDef, requirement: readonly (readonly string[])[]): string {
  return requirement
    .map((alt) => alt.map((f) => quote(ds.byName.get(f)?.label ?? f)).join(' + '))
    .join(' ou ');
}

export function describeExpected(ds: DatasetDef): string {
  return ds.requirements.map((r) => describeRequirement(ds, r)).join(', ');
}

export function missingColumnError(
  where: Where,
  ds: DatasetDef,
  missing: readonly (readonly string[])[],
  found: readonly string[],
  line: number,
  suggestion: { field: string; header: string } | null,
): InputError {
  const fieldForConfig = suggestion?.field ?? missing[0]![0]!;
  const parts = [
    `${describeWhere(where)} : colonne obligatoire ${describeRequirement(ds, missing)} introuvable (jeu « ${ds.name} »).`,
    `Colonnes trouvées (ligne ${line}) : ${quoteList(found)}.`,
    `Colonnes attendues : ${describeExpected(ds)}.`,
  ];
  if (suggestion) parts.push(`Vouliez-vous dire « ${suggestion.header} » ?`);
  parts.push(
    `Ajoutez \`columns: { ${ds.name}: { ${fieldForConfig}: "${suggestion ? suggestion.header : '…'}" } }\` dans ${CONFIG_FILE}.`,
  );
  return new InputError(parts.join(' '), where.path, where.sheet);
}

export function unrecognisedError(where: Where, found: readonly string[], line: number | null): InputError {
  const expected = (['affectations', 'agenda', 'etapes', 'sorties'] as const)
    .map((name) => `${DATASET_LABELS[name]} : ${describeExpected(DATASETS[name])}`)
    .join(' ; ');
  const foundText = line === null ? 'aucune ligne non vide dans les 30 premières lignes' : `Colonnes trouvées (ligne ${line}) : ${quoteList(found)}`;
  return new InputError(
    `${describeWhere(where)} : jeu de données non reconnu (ni affectations, ni agenda, ni étapes, ni sorties). ` +
      `${foundText}. Colonnes attendues — ${expected}. ` +
      `Indiquez les en-têtes de ce fichier dans ${CONFIG_FILE} (\`columns:\`) ou vérifiez qu'il s'agit bien d'un export Viesion.`,
    where.path,
    where.sheet,
  );
}

export function configHeaderMissingError(
  where: Where,
  ds: DatasetDef,
  field: string,
  header: string,
  found: readonly string[],
  line: number,
): InputError {
  return new InputError(
    `${describeWhere(where)} : la colonne « ${header} » indiquée dans ${CONFIG_FILE} (columns.${ds.name}.${field}) ` +
      `est introuvable (jeu « ${ds.name} »). Colonnes trouvées (ligne ${line}) : ${quoteList(found)}. ` +
      `Corrigez l'en-tête dans ${CONFIG_FILE} ou retirez cette ligne.`,
    where.path,
    where.sheet,
  );
}

export function configError(message: string): InputError {
  return new InputError(`${CONFIG_FILE} : ${message}`, CONFIG_FILE, null);
}
