import { describe, expect, it } from 'vitest';
import { buildTimelines, isEmploymentStep } from '../../src/model/timeline.js';
import type { Timeline } from '../../src/model/types.js';
import { addDays } from '../../src/model/dates.js';
import { buildDatasets, type BuildInput } from '../helpers/build.js';

function build(input: BuildInput) {
  const data = buildDatasets(input);
  const { timelines, issues } = buildTimelines(data);
  return { data, timelines, issues };
}

function timelineOf(input: BuildInput, id = 'A'): Timeline {
  const t = build(input).timelines.get(`id:${id}`);
  if (!t) throw new Error(`no timeline for ${id}`);
  return t;
}

/** Referent of assignmentOn(d), or null. */
const refOn = (t: Timeline, d: string) => t.assignmentOn(d)?.referent ?? null;
const aff = (row: number) => ({ input: 0, row });
const sortie = (row: number) => ({ input: 3, row });
const etape = (row: number) => ({ input: 2, row });

describe('buildTimelines: one timeline per participant', () => {
  it('builds a timeline for every participant, with or without affectation', () => {
    const { timelines, issues } = build({
      affectations: [{ participant: 'A', start: '2019-01-01' }],
      agenda: [{ participant: 'B', date: '2019-02-01' }],
      etapes: [{ participant: 'C', start: '2019-03-01', end: '2019-03-31' }],
    });
    expect([...timelines.keys()].sort()).toEqual(['id:A', 'id:B', 'id:C']);
    expect(issues).toEqual([]);
  });

  it('a participant with no affectation is never assigned nor active', () => {
    const t = timelineOf(
      { etapes: [{ participant: 'C', start: '2019-03-01', end: '2019-03-31' }] },
      'C',
    );
    expect(t.assignments).toEqual([]);
    expect(t.entryDate).toBeNull();
    expect(t.exitDate).toBeNull();
    for (const d of ['2000-01-01', '2019-03-15', '2099-12-31']) {
      expect(t.isAssigned(d)).toBe(false);
      expect(t.isActive(d)).toBe(false);
      expect(t.isExited(d)).toBe(false);
      expect(t.isVeille(d)).toBe(false);
      expect(t.assignmentOn(d)).toBeNull();
      expect(t.assignmentsOn(d)).toEqual([]);
    }
    // Employment is independent of assignment.
    expect(t.isEmployed('2019-03-15')).toBe(true);
  });

  it('keeps the participant’s own entry and orientation dates', () => {
    const t = timelineOf({
      affectations: [{ participant: 'A', start: '2019-02-01' }],
      participants: { A: { entryDate: '2019-01-20', orientationDate: '2019-01-05' } },
    });
    expect(t.entryDate).toBe('2019-01-20');
    expect(t.orientationDate).toBe('2019-01-05');
    expect(t.participant.key).toBe('id:A');
  });

  it('entry date falls back to the earliest assignment start, whatever the file order', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', referent: 'Paul', start: '2019-05-01' },
        { participant: 'A', referent: 'Marie', start: '2019-02-01', end: '2019-04-30' },
      ],
    });
    expect(t.entryDate).toBe('2019-02-01');
    expect(t.orientationDate).toBeNull();
    expect(t.assignments.map((a) => [a.referent, a.start, a.end, a.order])).toEqual([
      ['Marie', '2019-02-01', '2019-04-30', 1],
      ['Paul', '2019-05-01', null, 0],
    ]);
  });
});

describe('dated affectations', () => {
  it('a reassignment mid-month is not an exit; the référent changes on the day of change', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', referent: 'Marie', start: '2019-01-01', end: '2019-03-14' },
        { participant: 'A', referent: 'Paul', start: '2019-03-15' },
      ],
    });
    expect(t.exitDate).toBeNull();
    expect(t.exitOrigins).toEqual([]);
    for (const d of ['2019-03-13', '2019-03-14', '2019-03-15', '2019-03-16', '2019-12-31']) {
      expect(t.isAssigned(d)).toBe(true);
      expect(t.isExited(d)).toBe(false);
      expect(t.isActive(d)).toBe(true);
    }
    expect(refOn(t, '2019-03-14')).toBe('Marie');
    expect(refOn(t, '2019-03-15')).toBe('Paul');
    expect(t.assignmentsOn('2019-03-14').map((a) => a.referent)).toEqual(['Marie']);
    expect(t.assignmentsOn('2019-03-15').map((a) => a.referent)).toEqual(['Paul']);
    expect(t.isAssigned('2018-12-31')).toBe(false);
    expect(t.assignmentOn('2018-12-31')).toBeNull();
  });

  it('overlapping affectations: the one that started last decides, both are listed', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', referent: 'Marie', start: '2019-01-01', end: '2019-03-14' },
        { participant: 'A', referent: 'Paul', start: '2019-03-10' },
      ],
    });
    expect(refOn(t, '2019-03-09')).toBe('Marie');
    expect(refOn(t, '2019-03-10')).toBe('Paul');
    expect(refOn(t, '2019-03-14')).toBe('Paul');
    expect(t.assignmentsOn('2019-03-12').map((a) => a.referent)).toEqual(['Marie', 'Paul']);
  });

  it('same start: the last in file order decides', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', referent: 'Paul', start: '2019-03-01', end: '2019-03-31' },
        { participant: 'A', referent: 'Marie', start: '2019-03-01', end: '2019-03-20' },
      ],
    });
    expect(refOn(t, '2019-03-10')).toBe('Marie');
    // Only Paul covers the 25th, although Marie's row comes later in the file.
    expect(refOn(t, '2019-03-25')).toBe('Paul');
    // None covers: both started on or before; same start → last in file order.
    expect(refOn(t, '2019-04-15')).toBe('Marie');
  });

  it('assignmentOn when nothing covers the day: the one that started last on or before it', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', referent: 'Marie', start: '2019-01-01', end: '2019-01-31' },
        { participant: 'A', referent: 'Paul', start: '2019-03-01', end: '2019-03-31' },
      ],
    });
    expect(t.isAssigned('2019-02-15')).toBe(false);
    expect(t.isActive('2019-02-15')).toBe(false);
    expect(t.isExited('2019-02-15')).toBe(false);
    expect(refOn(t, '2019-02-15')).toBe('Marie');
    expect(t.assignmentsOn('2019-02-15')).toEqual([]);
    expect(refOn(t, '2019-01-31')).toBe('Marie');
    expect(t.isAssigned('2019-01-31')).toBe(true);
    expect(t.isAssigned('2019-02-01')).toBe(false);
    expect(t.isAssigned('2019-02-28')).toBe(false);
    expect(t.isAssigned('2019-03-01')).toBe(true);
    expect(refOn(t, '2019-04-15')).toBe('Paul');
    expect(refOn(t, '2018-12-31')).toBeNull();
  });

  it('assignmentOn prefers a covering assignment over a later-started one that ended', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', referent: 'Marie', start: '2019-01-01', end: '2019-12-31' },
        { participant: 'A', referent: 'Paul', start: '2019-02-01', end: '2019-02-28' },
        { participant: 'A', referent: 'Luc', start: '2019-03-01', end: '2019-03-10' },
      ],
    });
    expect(refOn(t, '2019-02-15')).toBe('Paul');
    expect(refOn(t, '2019-03-05')).toBe('Luc');
    expect(refOn(t, '2019-06-01')).toBe('Marie');
    expect(t.assignmentsOn('2019-03-05').map((a) => a.referent)).toEqual(['Marie', 'Luc']);
    // After everything ended: started last.
    expect(refOn(t, '2020-01-01')).toBe('Luc');
  });

  it('an open-ended affectation stays assigned', () => {
    const t = timelineOf({ affectations: [{ participant: 'A', referent: 'Marie', start: '2019-04-02' }] });
    expect(t.assignments[0]!.end).toBeNull();
    expect(t.isAssigned('2019-04-01')).toBe(false);
    expect(t.isActive('2019-04-01')).toBe(false);
    expect(t.isAssigned('2019-04-02')).toBe(true);
    expect(t.isActive('2019-04-02')).toBe(true);
    expect(t.isAssigned('2030-06-30')).toBe(true);
    expect(t.isExited('2030-06-30')).toBe(false);
    expect(refOn(t, '2030-06-30')).toBe('Marie');
    expect(t.entryDate).toBe('2019-04-02');
  });
});

describe('exit', () => {
  it('the exit day itself: assigned and not exited; the day after: exited and, when the affectation carries the exit, unassigned', () => {
    const { data, timelines, issues } = build({
      affectations: [{ participant: 'A', start: '2019-01-01', exitDate: '2019-06-15' }],
    });
    const t = timelines.get('id:A')!;
    expect(issues).toEqual([]);
    expect(t.exitDate).toBe('2019-06-15');
    expect(t.exitOrigins).toEqual([data.affectations[0]!.origin]);
    expect(t.assignments[0]!.end).toBe('2019-06-15');
    expect(t.isAssigned('2019-06-14')).toBe(true);
    expect(t.isExited('2019-06-14')).toBe(false);
    expect(t.isAssigned('2019-06-15')).toBe(true);
    expect(t.isExited('2019-06-15')).toBe(false);
    expect(t.isActive('2019-06-15')).toBe(true);
    expect(t.isAssigned('2019-06-16')).toBe(false);
    expect(t.isExited('2019-06-16')).toBe(true);
    expect(t.isActive('2019-06-16')).toBe(false);
    expect(t.isExited('2025-01-01')).toBe(true);
    // The référent after the exit is still the last one (for the exit bilan, anchored on the exit).
    expect(refOn(t, '2019-06-15')).toBe('Marie Dupont');
    expect(refOn(t, '2019-07-01')).toBe('Marie Dupont');
  });

  it('an exit before the affectation’s end cuts it; an end before the exit is kept', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', referent: 'Marie', start: '2019-01-01', end: '2019-12-31', exitDate: '2019-06-15' },
      ],
    });
    expect(t.assignments[0]!.end).toBe('2019-06-15');
    expect(t.isAssigned('2019-06-16')).toBe(false);
    const u = timelineOf({
      affectations: [
        { participant: 'A', referent: 'Marie', start: '2019-01-01', end: '2019-05-31', exitDate: '2019-06-15' },
      ],
    });
    expect(u.assignments[0]!.end).toBe('2019-05-31');
    expect(u.isAssigned('2019-06-01')).toBe(false);
    expect(u.isExited('2019-06-01')).toBe(false);
    expect(u.isExited('2019-06-16')).toBe(true);
  });

  it('an exit from the sorties dataset: exited after it, the affectation itself is not cut', () => {
    const { data, timelines, issues } = build({
      affectations: [{ participant: 'A', referent: 'Marie', start: '2019-01-01' }],
      sorties: [{ participant: 'A', exitDate: '2019-06-30', exitType: 'positive' }],
    });
    const t = timelines.get('id:A')!;
    expect(issues).toEqual([]);
    expect(t.exitDate).toBe('2019-06-30');
    expect(t.exitOrigins).toEqual([data.sorties[0]!.origin]);
    expect(t.isActive('2019-06-30')).toBe(true);
    expect(t.isExited('2019-06-30')).toBe(false);
    expect(t.isExited('2019-07-01')).toBe(true);
    expect(t.isAssigned('2019-07-01')).toBe(true);
    expect(t.isActive('2019-07-01')).toBe(false);
  });

  it('a sortie row without exit date is no exit', () => {
    const t = timelineOf({
      affectations: [{ participant: 'A', start: '2019-01-01' }],
      sorties: [{ participant: 'A', forecastDate: '2019-06-30' }],
    });
    expect(t.exitDate).toBeNull();
    expect(t.isExited('2030-01-01')).toBe(false);
  });

  it('same exit date in sorties and affectations: no conflict, both rows are the exit’s origins', () => {
    const { timelines, issues } = build({
      affectations: [{ participant: 'A', start: '2019-01-01', exitDate: '2019-06-30' }],
      sorties: [{ participant: 'A', exitDate: '2019-06-30' }],
    });
    expect(issues).toEqual([]);
    expect(timelines.get('id:A')!.exitOrigins).toEqual([aff(2), sortie(2)]);
  });

  it('conflicting exit dates: conflit-attribut, the sorties value is kept', () => {
    const { timelines, issues } = build({
      affectations: [{ participant: 'A', start: '2019-01-01', exitDate: '2019-07-15' }],
      sorties: [{ participant: 'A', exitDate: '2019-06-30' }],
    });
    const t = timelines.get('id:A')!;
    expect(t.exitDate).toBe('2019-06-30');
    expect(t.exitOrigins).toEqual([sortie(2)]);
    expect(t.isExited('2019-06-30')).toBe(false);
    expect(t.isExited('2019-07-01')).toBe(true);
    // The affectation still ends on its own exit date.
    expect(t.assignments[0]!.end).toBe('2019-07-15');
    expect(issues).toEqual([
      {
        code: 'conflit-attribut',
        participant: 'id:A',
        referent: null,
        date: '2019-06-30',
        field: 'exitDate',
        column: null,
        args: { kept: '2019-06-30', other: '2019-07-15', keptFrom: 'sorties', otherFrom: 'affectations' },
        evidence: [sortie(2), aff(2)],
        effect: 'kept',
      },
    ]);
  });

  it('several sortie rows: the latest exit counts', () => {
    const t = timelineOf({
      affectations: [{ participant: 'A', start: '2019-01-01' }],
      sorties: [
        { participant: 'A', exitDate: '2019-08-31' },
        { participant: 'A', exitDate: '2019-05-31' },
      ],
    });
    expect(t.exitDate).toBe('2019-08-31');
    expect(t.exitOrigins).toEqual([sortie(2)]);
    expect(t.isExited('2019-06-15')).toBe(false);
    expect(t.isExited('2019-09-01')).toBe(true);
  });

  it('a re-entry (dated affectation starting after an exit) ends that exit; the gap is exited', () => {
    const { timelines, issues } = build({
      affectations: [
        { participant: 'A', referent: 'Marie', start: '2018-01-01' },
        { participant: 'A', referent: 'Paul', start: '2019-01-01' },
      ],
      sorties: [{ participant: 'A', exitDate: '2018-06-30' }],
    });
    const t = timelines.get('id:A')!;
    expect(issues).toEqual([]);
    expect(t.exitDate).toBeNull();
    expect(t.exitOrigins).toEqual([]);
    expect(t.isExited('2018-06-30')).toBe(false);
    expect(t.isActive('2018-06-30')).toBe(true);
    expect(t.isExited('2018-07-01')).toBe(true);
    expect(t.isActive('2018-09-01')).toBe(false);
    expect(t.isExited('2018-12-31')).toBe(true);
    expect(t.isExited('2019-01-01')).toBe(false);
    expect(t.isActive('2019-01-01')).toBe(true);
    expect(refOn(t, '2019-01-01')).toBe('Paul');
  });

  it('exit, re-entry, second exit: exitDate is the last exit, both gaps are exited', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', referent: 'Marie', start: '2018-01-01', exitDate: '2018-06-30' },
        { participant: 'A', referent: 'Paul', start: '2019-01-01' },
      ],
      sorties: [
        { participant: 'A', exitDate: '2018-06-30' },
        { participant: 'A', exitDate: '2019-06-30' },
      ],
    });
    expect(t.exitDate).toBe('2019-06-30');
    expect(t.exitOrigins).toEqual([sortie(3)]);
    expect(t.isAssigned('2018-07-01')).toBe(false);
    expect(t.isExited('2018-07-01')).toBe(true);
    expect(t.isExited('2019-03-01')).toBe(false);
    expect(t.isActive('2019-03-01')).toBe(true);
    expect(t.isExited('2019-06-30')).toBe(false);
    expect(t.isExited('2019-07-01')).toBe(true);
  });
});

describe('veille', () => {
  it('a veille period that crosses months', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', start: '2019-01-01', veilleStart: '2019-03-20', veilleEnd: '2019-04-10' },
      ],
    });
    expect(t.veille).toEqual([{ start: '2019-03-20', end: '2019-04-10', origins: [aff(2)] }]);
    const expected: Array<[string, boolean]> = [
      ['2019-03-19', false], ['2019-03-20', true], ['2019-03-31', true], ['2019-04-01', true],
      ['2019-04-10', true], ['2019-04-11', false],
    ];
    for (const [d, veille] of expected) {
      expect(t.isVeille(d)).toBe(veille);
      expect(t.isActive(d)).toBe(!veille);
      expect(t.isAssigned(d)).toBe(true);
    }
  });

  it('an open veille lasts until the affectation’s end (or for ever when it is open too)', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', start: '2019-01-01', end: '2019-06-30', veilleStart: '2019-05-01' },
        { participant: 'A', referent: 'Paul', start: '2019-07-01', veilleStart: '2019-09-01' },
      ],
    });
    expect(t.veille.map((v) => [v.start, v.end])).toEqual([['2019-05-01', '2019-06-30'], ['2019-09-01', null]]);
    expect(t.isVeille('2019-04-30')).toBe(false);
    expect(t.isVeille('2019-06-30')).toBe(true);
    expect(t.isVeille('2019-07-01')).toBe(false);
    expect(t.isActive('2019-07-01')).toBe(true);
    expect(t.isVeille('2019-08-31')).toBe(false);
    expect(t.isVeille('2019-09-01')).toBe(true);
    expect(t.isVeille('2025-01-01')).toBe(true);
  });

  it('an open veille on an affectation carrying an exit ends on the exit date', () => {
    const t = timelineOf({
      affectations: [{ participant: 'A', start: '2019-01-01', veilleStart: '2019-05-01', exitDate: '2019-05-20' }],
    });
    expect(t.veille.map((v) => [v.start, v.end])).toEqual([['2019-05-01', '2019-05-20']]);
  });
});

describe('employment', () => {
  it('steps that touch form one spell', () => {
    const t = timelineOf({
      etapes: [
        { participant: 'A', start: '2019-02-01', end: '2019-03-31', contract: 'cdd' },
        { participant: 'A', start: '2019-01-01', end: '2019-01-31', contract: 'cdd' },
      ],
    });
    expect(t.employmentSpells).toEqual([{ start: '2019-01-01', end: '2019-03-31', origins: [etape(3), etape(2)] }]);
    expect(t.isEmployed('2018-12-31')).toBe(false);
    expect(t.isEmployed('2019-01-31')).toBe(true);
    expect(t.isEmployed('2019-02-01')).toBe(true);
    expect(t.isEmployed('2019-03-31')).toBe(true);
    expect(t.isEmployed('2019-04-01')).toBe(false);
    expect(t.spellOn('2019-02-01')).toBe(t.employmentSpells[0]);
  });

  it('overlapping steps form one spell ending at the latest end', () => {
    const t = timelineOf({
      etapes: [
        { participant: 'A', start: '2019-01-01', end: '2019-02-15' },
        { participant: 'A', start: '2019-02-01', end: '2019-02-10' },
      ],
    });
    expect(t.employmentSpells.map((s) => [s.start, s.end])).toEqual([['2019-01-01', '2019-02-15']]);
    expect(t.isEmployed('2019-02-15')).toBe(true);
    expect(t.isEmployed('2019-02-16')).toBe(false);
  });

  it('a one-day gap makes two spells', () => {
    const t = timelineOf({
      etapes: [
        { participant: 'A', start: '2019-01-01', end: '2019-01-31' },
        { participant: 'A', start: '2019-02-02', end: '2019-02-28' },
      ],
    });
    expect(t.employmentSpells.map((s) => [s.start, s.end])).toEqual([
      ['2019-01-01', '2019-01-31'],
      ['2019-02-02', '2019-02-28'],
    ]);
    expect(t.isEmployed('2019-01-31')).toBe(true);
    expect(t.isEmployed('2019-02-01')).toBe(false);
    expect(t.spellOn('2019-02-01')).toBeNull();
    expect(t.isEmployed('2019-02-02')).toBe(true);
    expect(t.spellOn('2019-01-15')).toBe(t.employmentSpells[0]);
    expect(t.spellOn('2019-02-02')).toBe(t.employmentSpells[1]);
    expect(t.spellOn('2019-03-01')).toBeNull();
  });

  it('an open end propagates to the spell', () => {
    const t = timelineOf({
      etapes: [
        { participant: 'A', start: '2019-01-01', end: '2019-01-31' },
        { participant: 'A', start: '2019-02-01' },
        { participant: 'A', start: '2019-05-01', end: '2019-05-31' },
      ],
    });
    expect(t.employmentSpells.map((s) => [s.start, s.end])).toEqual([['2019-01-01', null]]);
    expect(t.isEmployed('2030-01-01')).toBe(true);
    expect(t.spellOn('2030-01-01')!.start).toBe('2019-01-01');
  });

  it('employment categories and contracts; the status does not matter (rules.md §3)', () => {
    const t = timelineOf({
      etapes: [
        { participant: 'A', start: '2019-01-01', end: '2019-01-05', category: 'iae' },
        { participant: 'A', start: '2019-02-01', end: '2019-02-05', category: 'contrat-aide' },
        { participant: 'A', start: '2019-03-01', end: '2019-03-05', category: 'creation' },
        { participant: 'A', start: '2019-04-01', end: '2019-04-05', category: 'formation', contract: 'apprentissage' },
        { participant: 'A', start: '2019-05-01', end: '2019-05-05', category: 'formation' },
        { participant: 'A', start: '2019-06-01', end: '2019-06-05', category: 'emploi', status: 'prescrite' },
        { participant: 'A', start: '2019-07-01', end: '2019-07-05', category: 'emploi', status: 'refusee' },
        { participant: 'A', start: '2019-08-01', end: '2019-08-05', category: 'emploi', status: 'abandonnee' },
        { participant: 'A', start: '2019-09-01', end: '2019-09-05', category: 'emploi', status: 'en-cours' },
        { participant: 'A', start: '2019-10-01', end: '2019-10-05', category: 'emploi', status: 'realisee' },
        { participant: 'A', start: '2019-11-01', end: '2019-11-05', category: 'immersion', contract: 'autre' },
      ],
    });
    expect(t.employmentSpells.map((s) => s.start)).toEqual([
      '2019-01-01', '2019-02-01', '2019-03-01', '2019-04-01', '2019-06-01', '2019-07-01', '2019-08-01',
      '2019-09-01', '2019-10-01',
    ]);
    expect(t.isEmployed('2019-05-03')).toBe(false);
    expect(t.isEmployed('2019-06-03')).toBe(true);
    expect(t.isEmployed('2019-08-03')).toBe(true);
    expect(t.isEmployed('2019-11-03')).toBe(false);
  });

  it('isEmploymentStep', () => {
    const data = buildDatasets({
      etapes: [
        { participant: 'A', start: '2019-01-01', category: 'atelier', contract: 'cdi' },
        { participant: 'A', start: '2019-01-01', category: 'diagnostic' },
      ],
    });
    expect(data.etapes.map(isEmploymentStep)).toEqual([true, false]);
  });
});

describe('monthly-status affectations', () => {
  it('orientation mid-month clips the first month', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', referent: 'Marie', month: '2019-03', status: 'parcours' },
        { participant: 'A', referent: 'Marie', month: '2019-04', status: 'parcours' },
      ],
      participants: { A: { orientationDate: '2019-03-12', entryDate: '2019-03-25' } },
    });
    expect(t.assignments.map((a) => [a.start, a.end])).toEqual([
      ['2019-03-12', '2019-03-31'],
      ['2019-04-01', '2019-04-30'],
    ]);
    expect(t.isAssigned('2019-03-11')).toBe(false);
    expect(t.isActive('2019-03-11')).toBe(false);
    expect(t.isAssigned('2019-03-12')).toBe(true);
    expect(t.isActive('2019-03-12')).toBe(true);
    expect(t.isAssigned('2019-04-30')).toBe(true);
    expect(t.isAssigned('2019-05-01')).toBe(false);
    expect(refOn(t, '2019-03-11')).toBeNull();
    expect(t.entryDate).toBe('2019-03-25');
  });

  it('without orientation, the entry date clips; without either, the first clipped start is the entry', () => {
    const t = timelineOf({
      affectations: [{ participant: 'A', month: '2019-03', status: 'parcours' }],
      participants: { A: { entryDate: '2019-03-05' } },
    });
    expect(t.assignments.map((a) => [a.start, a.end])).toEqual([['2019-03-05', '2019-03-31']]);
    const u = timelineOf({ affectations: [{ participant: 'A', month: '2019-03', status: 'parcours' }] });
    expect(u.assignments.map((a) => [a.start, a.end])).toEqual([['2019-03-01', '2019-03-31']]);
    expect(u.entryDate).toBe('2019-03-01');
  });

  it('a month entirely before the orientation assigns nothing', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', month: '2019-02', status: 'parcours' },
        { participant: 'A', month: '2019-03', status: 'parcours' },
      ],
      participants: { A: { orientationDate: '2019-03-01' } },
    });
    expect(t.assignments.map((a) => [a.start, a.end])).toEqual([['2019-03-01', '2019-03-31']]);
    expect(t.isAssigned('2019-02-28')).toBe(false);
  });

  it("a 'sorti' row with an exit date: assigned up to it, exited after it", () => {
    const { data, timelines, issues } = build({
      affectations: [
        { participant: 'A', month: '2019-03', status: 'parcours' },
        { participant: 'A', month: '2019-04', status: 'sorti', exitDate: '2019-04-10' },
      ],
    });
    const t = timelines.get('id:A')!;
    expect(issues).toEqual([]);
    expect(t.exitDate).toBe('2019-04-10');
    expect(t.exitOrigins).toEqual([data.affectations[1]!.origin]);
    expect(t.assignments.map((a) => [a.start, a.end])).toEqual([
      ['2019-03-01', '2019-03-31'],
      ['2019-04-01', '2019-04-10'],
    ]);
    expect(t.isAssigned('2019-04-10')).toBe(true);
    expect(t.isExited('2019-04-10')).toBe(false);
    expect(t.isActive('2019-04-10')).toBe(true);
    expect(t.isAssigned('2019-04-11')).toBe(false);
    expect(t.isExited('2019-04-11')).toBe(true);
  });

  it("a 'sorti' row without exit date: the exit is the last day of the previous month, the row assigns nothing", () => {
    const { data, timelines } = build({
      affectations: [
        { participant: 'A', month: '2019-03', status: 'parcours' },
        { participant: 'A', month: '2019-04', status: 'sorti' },
        { participant: 'A', month: '2019-05', status: 'sorti' },
        { participant: 'A', month: '2019-06', status: 'parcours' },
      ],
    });
    const t = timelines.get('id:A')!;
    expect(t.exitDate).toBe('2019-03-31');
    expect(t.exitOrigins).toEqual([data.affectations[1]!.origin]);
    expect(t.assignments.map((a) => [a.start, a.end])).toEqual([['2019-03-01', '2019-03-31']]);
    expect(t.isAssigned('2019-03-31')).toBe(true);
    expect(t.isExited('2019-03-31')).toBe(false);
    expect(t.isAssigned('2019-04-01')).toBe(false);
    expect(t.isExited('2019-04-01')).toBe(true);
    // A month listed after the exit assigns nothing.
    expect(t.isAssigned('2019-06-15')).toBe(false);
  });

  it('an exit from the sorties dataset cuts the monthly rows', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', month: '2019-03', status: 'parcours' },
        { participant: 'A', month: '2019-04', status: 'parcours' },
        { participant: 'A', month: '2019-05', status: 'parcours' },
      ],
      sorties: [{ participant: 'A', exitDate: '2019-04-10' }],
    });
    expect(t.assignments.map((a) => [a.start, a.end])).toEqual([
      ['2019-03-01', '2019-03-31'],
      ['2019-04-01', '2019-04-10'],
    ]);
    expect(t.isAssigned('2019-04-11')).toBe(false);
  });

  it("a 'veille' row puts the whole month in veille, overriding a 'parcours' row of the same month", () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', month: '2019-03', status: 'parcours' },
        { participant: 'A', month: '2019-03', status: 'veille' },
        { participant: 'A', month: '2019-04', status: 'parcours' },
      ],
    });
    expect(t.veille).toEqual([{ start: '2019-03-01', end: '2019-03-31', origins: [aff(3)] }]);
    for (const d of ['2019-03-01', '2019-03-15', '2019-03-31']) {
      expect(t.isAssigned(d)).toBe(true);
      expect(t.isVeille(d)).toBe(true);
      expect(t.isActive(d)).toBe(false);
    }
    expect(t.isVeille('2019-04-01')).toBe(false);
    expect(t.isActive('2019-04-01')).toBe(true);
    expect(t.isVeille('2019-02-28')).toBe(false);
  });

  it("consecutive 'veille' months form one veille period", () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', month: '2019-03', status: 'veille' },
        { participant: 'A', month: '2019-04', status: 'veille' },
      ],
    });
    expect(t.veille).toEqual([{ start: '2019-03-01', end: '2019-04-30', origins: [aff(2), aff(3)] }]);
    expect(t.isAssigned('2019-04-30')).toBe(true);
    expect(t.isActive('2019-04-30')).toBe(false);
  });

  it('two référents in one month: assigned to both, the last row in file order decides, one issue', () => {
    const { timelines, issues } = build({
      affectations: [
        { participant: 'A', referent: 'Marie', month: '2019-02', status: 'parcours' },
        { participant: 'A', referent: 'Marie', month: '2019-03', status: 'parcours' },
        { participant: 'A', referent: 'Paul', month: '2019-03', status: 'parcours' },
        { participant: 'A', referent: 'Paul', month: '2019-03', status: 'parcours' },
        { participant: 'A', referent: 'Paul', month: '2019-04', status: 'parcours' },
      ],
    });
    const t = timelines.get('id:A')!;
    expect(refOn(t, '2019-02-28')).toBe('Marie');
    expect(refOn(t, '2019-03-01')).toBe('Paul');
    expect(refOn(t, '2019-03-31')).toBe('Paul');
    expect(t.assignmentOn('2019-03-31')!.order).toBe(3);
    expect(t.assignmentsOn('2019-03-15').map((a) => a.referent)).toEqual(['Marie', 'Paul', 'Paul']);
    expect(t.exitDate).toBeNull();
    expect(issues).toEqual([
      {
        code: 'referents-multiples-mois',
        participant: 'id:A',
        referent: 'Paul',
        date: null,
        field: 'referent',
        column: null,
        args: { month: '2019-03', referents: 'Marie, Paul', kept: 'Paul', count: 2 },
        evidence: [aff(3), aff(4), aff(5)],
        effect: 'kept',
      },
    ]);
  });

  it('two référents in one month, the other way round: the last row wins', () => {
    const { timelines, issues } = build({
      affectations: [
        { participant: 'A', referent: 'Paul', month: '2019-03', status: 'parcours' },
        { participant: 'A', referent: 'Marie', month: '2019-03', status: 'parcours' },
      ],
      participants: { A: { orientationDate: '2019-03-10' } },
    });
    const t = timelines.get('id:A')!;
    expect(refOn(t, '2019-03-31')).toBe('Marie');
    expect(refOn(t, '2019-03-10')).toBe('Marie');
    expect(issues.map((i) => [i.code, i.args.month, i.referent])).toEqual([['referents-multiples-mois', '2019-03', 'Marie']]);
  });

  it('one issue per participant-month with several référents', () => {
    const { issues } = build({
      affectations: [
        { participant: 'A', referent: 'Paul', month: '2019-03' },
        { participant: 'A', referent: 'Marie', month: '2019-03' },
        { participant: 'A', referent: 'Paul', month: '2019-04' },
        { participant: 'A', referent: 'Marie', month: '2019-04' },
        { participant: 'B', referent: 'Paul', month: '2019-03' },
        { participant: 'B', referent: 'Marie', month: '2019-03' },
      ],
    });
    expect(issues.map((i) => [i.participant, i.args.month])).toEqual([
      ['id:A', '2019-03'], ['id:A', '2019-04'], ['id:B', '2019-03'],
    ]);
  });

  it("a 'sorti' row without date for another référent is no second référent", () => {
    const { issues } = build({
      affectations: [
        { participant: 'A', referent: 'Marie', month: '2019-03', status: 'parcours' },
        { participant: 'A', referent: 'Paul', month: '2019-04', status: 'parcours' },
        { participant: 'A', referent: 'Marie', month: '2019-04', status: 'sorti' },
      ],
    });
    expect(issues).toEqual([]);
  });
});

describe('queries agree with a naive reading of the spans', () => {
  it('isAssigned / assignmentOn / assignmentsOn / isEmployed on random data', async () => {
    const fc = await import('fast-check');
    const day = fc.integer({ min: 0, max: 60 }).map((n) => addDays('2019-01-01', n));
    const row = fc.record({
      referent: fc.constantFrom('Marie', 'Paul', 'Luc'),
      start: day,
      len: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), fc.array(row, { maxLength: 6 }), (rows, steps) => {
        const t = timelineOf({
          affectations: rows.map((r) => ({
            participant: 'A', referent: r.referent, start: r.start, end: r.len === null ? null : addDays(r.start, r.len),
          })),
          etapes: steps.map((s) => ({ participant: 'A', start: s.start, end: s.len === null ? null : addDays(s.start, s.len) })),
          participants: { A: {} },
        });
        const spans = rows.map((r, order) => ({ ...r, order, end: r.len === null ? null : addDays(r.start, r.len) }));
        const covers = (s: { start: string; end: string | null }, d: string) => s.start <= d && (s.end === null || d <= s.end);
        const best = <T extends { start: string; order: number }>(list: T[]) =>
          list.reduce<T | null>((b, s) => (b === null || s.start > b.start || (s.start === b.start && s.order > b.order) ? s : b), null);
        for (let n = -1; n <= 85; n++) {
          const d = addDays('2019-01-01', n);
          const covering = spans.filter((s) => covers(s, d));
          const expected = best(covering) ?? best(spans.filter((s) => s.start <= d));
          expect(t.isAssigned(d)).toBe(covering.length > 0);
          expect(t.assignmentOn(d)?.order ?? null).toBe(expected?.order ?? null);
          expect(t.assignmentsOn(d).map((a) => a.order).sort()).toEqual(covering.map((s) => s.order).sort());
          const employed = steps.some((s) => covers({ start: s.start, end: s.len === null ? null : addDays(s.start, s.len) }, d));
          expect(t.isEmployed(d)).toBe(employed);
        }
        // Spells are disjoint and separated by at least one day.
        for (let i = 1; i < t.employmentSpells.length; i++) {
          const prev = t.employmentSpells[i - 1]!;
          expect(prev.end).not.toBeNull();
          expect(t.employmentSpells[i]!.start > addDays(prev.end!, 1)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
