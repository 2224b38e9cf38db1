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
        participantId: '001', exitDate: '2019-06-30', exitType: 'positive', exitReason: 'CDI',
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

describe('dossier numbers that lost their leading zeros in Excel', () => {
  it('match the same participant, shown as first written', async () => {
    const aff = csv(`
N° dossier;Référent;Date de début d'affectation
004512;Marie Dupont;01/01/2019
`, { path: 'flux.csv' });
    const agenda = csv(`
N° dossier;Date;Collaborateur;Type
4512;07/01/2019;Marie Dupont;Entretien individuel
`, { path: 'agenda.csv' });
    const data = await readDatasets([aff, agenda]);
    expect([...data.participants.values()].map((p) => p.id)).toEqual(['004512']);
    expect(data.agenda.get(0).participantKey).toBe(data.affectations[0]!.participantKey);
    expect(data.issues.filter((i) => i.code === 'participant-inconnu')).toEqual([]);
  });
});
