/** How each file or sheet was understood (`plie-audit inspect`). */
import type { Datasets, InputReport } from '../model/types.js';
import { makeStyle } from './style.js';
import { plainTable } from './table.js';
import { DATASET_LABELS, fieldLabel, plural } from './words.js';

export function inspectJson(data: Datasets) {
  return {
    schemaVersion: 1,
    inputs: data.inputs.map((i) => ({
      path: i.path,
      sheet: i.sheet,
      container: i.container,
      dataset: i.dataset,
      rows: i.rows,
      headerRow: i.headerRow,
      encoding: i.encoding,
      delimiter: i.delimiter,
      skippedRows: i.skippedRows,
      warnings: i.warnings,
      columns: i.columns,
      unmappedColumns: i.unmappedColumns,
      unmappedValues: i.unmappedValues,
    })),
  };
}

const CONTAINERS = { csv: 'texte délimité (CSV)', xlsx: 'classeur Excel (XLSX)', html: 'tableau HTML enregistré en .xls' };

function delimiterLabel(d: string | null): string {
  if (d === null) return '—';
  if (d === '\t') return 'tabulation';
  return `« ${d} »`;
}

export function formatInspectTable(data: Datasets, color: boolean): string {
  const c = makeStyle(color);
  const out: string[] = [];
  const issuesByInput = new Map<number, number>();
  for (const issue of data.issues) {
    const idx = issue.evidence[0]?.input;
    if (idx !== undefined) issuesByInput.set(idx, (issuesByInput.get(idx) ?? 0) + 1);
  }
  data.inputs.forEach((i: InputReport, idx) => {
    out.push(c.bold(i.sheet ? `${i.path} — feuille « ${i.sheet} »` : i.path));
    out.push(`  Format : ${CONTAINERS[i.container]}${i.encoding ? ` · encodage ${i.encoding}` : ''}${i.delimiter !== null ? ` · séparateur ${delimiterLabel(i.delimiter)}` : ''}`);
    out.push(`  Jeu de données : ${DATASET_LABELS[i.dataset] ?? i.dataset}${i.affectationShape === 'mensuel' ? ' — une ligne par participant et par mois' : ''}`);
    out.push(`  Ligne d'en-tête : ${i.headerRow} · ${plural(i.rows, 'ligne de données', 'lignes de données')} · ${plural(i.skippedRows, 'ligne ignorée', 'lignes ignorées')} (vides ou totaux)`);
    const problems = issuesByInput.get(idx) ?? 0;
    if (problems) out.push(c.yellow(`  ${plural(problems, 'problème de données', 'problèmes de données')} (détail : plie-audit check, règle donnees-invalides)`));
    const cols = plainTable(['Champ', 'Colonne du fichier'], color);
    for (const [field, header] of Object.entries(i.columns)) cols.push([`${field} (${fieldLabel(field)})`, header]);
    out.push(cols.toString().replace(/^/gm, '  '));
    if (i.unmappedColumns.length) out.push(`  Colonnes non reconnues (conservées, ignorées) : ${i.unmappedColumns.map((h) => `« ${h} »`).join(', ')}`);
    const values = Object.entries(i.unmappedValues).flatMap(([field, counts]) =>
      Object.entries(counts).map(([value, n]) => [field, value, n] as const),
    );
    if (values.length) {
      out.push(c.yellow('  Valeurs non reconnues (à déclarer sous `values:` dans plie-audit.yaml) :'));
      const t = plainTable(['Champ', 'Valeur', 'Nombre'], color);
      for (const [field, value, n] of values.sort((a, b) => b[2] - a[2])) t.push([field, value, String(n)]);
      out.push(t.toString().replace(/^/gm, '  '));
    }
    for (const w of i.warnings) out.push(c.yellow(`  Attention : ${w}`));
    out.push('');
  });
  return `${out.join('\n')}`;
}
