import { readDatasets } from './src/model/read.js';
import type { RawRow, TableSource } from './src/load/types.js';
const N = 300_000;
const kinds = ['Entretien individuel', 'Contact téléphonique', 'Atelier collectif', 'Bilan', 'Congés'];
const rowsArr: RawRow[] = [];
rowsArr.push({ cells: ['Date', 'Heure début', 'Durée (min)', 'Référent', 'N° dossier', 'Type', 'Modalité', 'Présence', 'Objet de l\'entretien'], line: 1 });
for (let i = 0; i < N; i++) {
  const d = 1 + (i % 28), m = 1 + (i % 12);
  rowsArr.push({ cells: [`${d < 10 ? '0' : ''}${d}/${m < 10 ? '0' : ''}${m}/2019`, '09:30', String(30 + (i % 60)), `Référent ${i % 20}`, `P${i % 5000}`, kinds[i % 5]!, 'Physique', 'Présent', 'Suivi emploi ' + (i % 100)], line: i + 2 });
}
const src: TableSource = {
  path: 'agenda.csv', sheet: null, container: 'csv', encoding: 'utf-8', delimiter: ';', date1904: false, warnings: [],
  async *rows(): AsyncIterable<RawRow> { for (const r of rowsArr) yield r; },
};
const t0 = performance.now();
const ds = await readDatasets([src]);
const t1 = performance.now();
console.log(ds.agenda.length, ds.issues.length, Math.round(t1 - t0), 'ms');
