import { describe, expect, it } from 'vitest';
import { readDatasets } from '../../src/model/read.js';
import { csv } from './source.js';

const AFFECTATIONS = `
N° dossier;Référent;Date de début d'affectation;Date de fin d'affectation;Date de sortie;Type de sortie;Motif de sortie
001;Marie Dupont;01/01/2019;15/03/2019;;;
001;Paul Martin;16/03/2019;30/06/2019;30/06/2019;Positive;CDI
002;Marie Dupont;01/01/2019;;;;
`;

describe('exits carried by the affectations export', () => {
  it('become sorties when no sorties export is read, one per participant and date', async () => {
    const data = await readDatasets([csv(AFFECTATIONS, { path: 'flux.csv' })]);
    expect(data.present.has('sorties')).toBe(true);
    expect([...data.fields.sorties].sort()).toEqual(['exitDate', 'exitReason', 'exitType']);
    expect(data.sorties).toEqual([
      expect.objectContaining({
        participantKey: 'id:001', exitDate: '2019-06-30', exitType: 'positive', exitReason: 'CDI',
        proofDate: null, origin: { input: 0, row: 3 },
      }),
    ]);
  });

  it('are left to the sorties export when there is one', async () => {
    const sorties = csv(`
N° dossier;Date de sortie;Type de sortie;Motif de sortie
001;30/06/2019;Positive;CDI
`, { path: 'sorties.csv' });
    const data = await readDatasets([csv(AFFECTATIONS, { path: 'flux.csv' }), sorties]);
    expect(data.sorties.map((s) => s.origin)).toEqual([{ input: 1, row: 2 }]);
  });
});
