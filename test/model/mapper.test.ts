import { describe, expect, it } from 'vitest';
import { isTotalLabel } from '../../src/model/mapper.js';
import { readDatasets } from '../../src/model/read.js';
import { csv } from './source.js';

describe('isTotalLabel', () => {
  it.each(['Total', 'TOTAL', 'Total général', 'Total Marie Dupont', 'Sous-total', 'Sous total Lot 1', 'Totaux', 'Nombre de participants : 12', "Nombre d'entretiens", 'Nb de lignes'])(
    '%s is a total row',
    (label) => {
      expect(isTotalLabel(label)).toBe(true);
    },
  );

  it.each(['Totale', 'Sous-traitance', 'Nom', 'Nombreux', 'P001', 'Marie Dupont'])('%s is not', (label) => {
    expect(isTotalLabel(label)).toBe(false);
  });

  it('only text cells', () => {
    expect(isTotalLabel(12)).toBe(false);
    expect(isTotalLabel(null)).toBe(false);
  });
});

describe('grouped agenda', () => {
  it('a référent written in merged cells (first row only) is carried to the rows below, sous-totals skipped', async () => {
    const ds = await readDatasets([
      csv(`
Référent;Date;Type;N° dossier
Marie Dupont;12/03/2019;RDV;P1
;13/03/2019;RDV;P2
Sous-total;2;;
Paul Martin;14/03/2019;RDV;P3
;;;
;15/03/2019;RDV;P4
Total;4;;
`),
    ]);
    expect(ds.agenda.toArray().map((e) => [e.origin.row, e.referent, e.participantId])).toEqual([
      [2, 'Marie Dupont', 'P1'],
      [3, 'Marie Dupont', 'P2'],
      [5, 'Paul Martin', 'P3'],
      [7, 'Paul Martin', 'P4'],
    ]);
    expect(ds.inputs[0]!.skippedRows).toBe(3);
    expect(ds.inputs[0]!.rows).toBe(4);
    expect(ds.inputs[0]!.warnings).toEqual([
      '2 cellule(s) vide(s) de « Référent » complétée(s) par la valeur de la ligne précédente (rapport groupé).',
    ]);
  });

  it('rows before the header are neither data nor skipped rows', async () => {
    const ds = await readDatasets([csv('Agenda\n\nDate;Référent;Type\n12/03/2019;A;RDV')]);
    expect(ds.inputs[0]!.headerRow).toBe(3);
    expect(ds.inputs[0]!.skippedRows).toBe(0);
    expect(ds.agenda.get(0).origin.row).toBe(4);
  });
});
