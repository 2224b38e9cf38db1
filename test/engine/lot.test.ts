import { describe, expect, it } from 'vitest';
import { lotOf, restrictToLot } from '../../src/engine/lot.js';
import { buildDatasets } from '../helpers/build.js';

describe('lotOf', () => {
  it.each([
    ['Lot 1', 'lot1'],
    ['LOT 2 - Référent spécifique', 'lot2'],
    ['lot1', 'lot1'],
    ['Fiche action n°2', 'fiche2'],
    ['Fiche – Action n°4 clause', 'fiche4'],
    ['Lot 12', null],
    ['Référent PLIE', null],
    [null, null],
  ])('%s → %s', (label, id) => {
    expect(lotOf(label, ['lot1', 'lot2', 'fiche2', 'fiche4'])).toBe(id);
  });
});

describe('restrictToLot', () => {
  const data = () =>
    buildDatasets({
      affectations: [
        { participant: 'A', start: '2019-01-01', lot: 'Lot 1' },
        { participant: 'B', start: '2019-01-01', lot: 'Lot 2' },
        { participant: 'C', start: '2019-01-01', lot: 'Lot 2' },
        { participant: 'C', start: '2019-06-01', lot: 'Lot 1' },
        { participant: 'D', start: '2019-01-01', lot: null },
      ],
      agenda: [
        { participant: 'A', date: '2019-02-01' },
        { participant: 'B', date: '2019-02-01' },
        { participant: null, date: '2019-02-02', kind: 'conge' },
      ],
    });

  it('keeps the lot, participants with no lot label, and agenda time; drops other lots', () => {
    const d = data();
    expect(restrictToLot(d, 'lot1', ['lot1', 'lot2'])).toEqual({ applied: true, lot: 'lot1', kept: 2, removed: 1 });
    expect([...d.participants.keys()].sort()).toEqual(['id:A', 'id:C', 'id:D']);
    // C keeps only its lot-1 affectation: its lot-2 months are not this lot's file active.
    expect(d.affectations.map((a) => `${a.participantId} ${a.start}`)).toEqual(['A 2019-01-01', 'C 2019-06-01', 'D 2019-01-01']);
    expect(d.agenda.toArray().map((e) => e.participantId)).toEqual(['A', null]);
  });

  it('filters nothing when no label names a lot of the rule set', () => {
    const d = buildDatasets({ affectations: [{ participant: 'A', start: '2019-01-01', lot: 'Référent PLIE' }] });
    expect(restrictToLot(d, 'lot1', ['lot1', 'lot2'])).toEqual({ applied: false, reason: 'libelles-inconnus', labels: ['Référent PLIE'] });
    expect(d.affectations).toHaveLength(1);
  });
});
