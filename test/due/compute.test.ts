import { describe, expect, it } from 'vitest';
import { aff, ev, so, st } from '../checks/rule-tester.js';
import { due, pick, plan, RULES } from './helpers.js';

const WHEN = ['dueDate', 'windowStart', 'windowEnd'] as const;

describe('premier-entretien', () => {
  /** Oriented 1 March: deadline 16 March. */
  const P1 = { participant: 'P1', start: '2019-03-01', orientationDate: '2019-03-01' };
  const rules = [RULES.premier];

  it('lists an upcoming deadline with its exact item', () => {
    expect(due({ data: { affectations: [P1], agenda: [] }, asOf: '2019-03-10', rules })).toEqual([
      {
        kind: 'premier-entretien',
        rule: 'premier-entretien',
        participant: 'P1',
        referent: 'Marie Dupont',
        dueDate: '2019-03-16',
        windowStart: '2019-03-01',
        windowEnd: '2019-03-16',
        milestone: null,
        args: { orientationDate: '2019-03-01', absences: 0, lastAbsence: null, planned: null },
        evidence: [aff(1)],
      },
    ]);
  });

  it('includes a deadline on A + within, excludes A + within + 1 and a deadline on A', () => {
    const data = { affectations: [P1], agenda: [] };
    expect(pick(due({ data, asOf: '2019-03-06', within: 10, rules }), ['participant', 'dueDate'])).toEqual([
      { participant: 'P1', dueDate: '2019-03-16' },
    ]);
    expect(due({ data, asOf: '2019-03-06', within: 9, rules })).toEqual([]);
    expect(due({ data, asOf: '2019-03-16', rules })).toEqual([]);
  });

  it('is not listed once an individual interview took place, but a planned one is only reported', () => {
    const agenda = (date: string) => [{ participant: 'P1', date, mode: 'telephone' as const }];
    expect(due({ data: { affectations: [P1], agenda: agenda('2019-03-05') }, asOf: '2019-03-10', rules })).toEqual([]);
    const items = due({ data: { affectations: [P1], agenda: agenda('2019-03-12') }, asOf: '2019-03-10', rules });
    expect(pick(items, ['dueDate', 'args', 'evidence'])).toEqual([
      {
        dueDate: '2019-03-16',
        args: { orientationDate: '2019-03-01', absences: 0, lastAbsence: null, planned: '2019-03-12' },
        evidence: [aff(1), ev(1)],
      },
    ]);
  });

  it('after an absence, the new RDV is due within retryDays of it', () => {
    const agenda = [{ participant: 'P1', date: '2019-03-10', attendance: 'absent' as const }];
    const items = due({ data: { affectations: [P1], agenda }, asOf: '2019-03-18', rules });
    expect(pick(items, [...WHEN, 'args', 'evidence'])).toEqual([
      {
        dueDate: '2019-03-25',
        windowStart: '2019-03-01',
        windowEnd: '2019-03-25',
        args: { orientationDate: '2019-03-01', absences: 1, lastAbsence: '2019-03-10', planned: null },
        evidence: [aff(1), ev(1)],
      },
    ]);
  });

  it('a second RDV after the absence closes it (met, or caduque)', () => {
    const agenda = [
      { participant: 'P1', date: '2019-03-10', attendance: 'absent' as const },
      { participant: 'P1', date: '2019-03-12', attendance: 'absent-non-excuse' as const },
    ];
    expect(due({ data: { affectations: [P1], agenda }, asOf: '2019-03-14', rules })).toEqual([]);
  });

  it('leaves out participants exited by A and orientations outside the period', () => {
    const exited = { ...P1, exitDate: '2019-03-08' };
    expect(due({ data: { affectations: [exited], agenda: [] }, asOf: '2019-03-10', rules })).toEqual([]);
    const before = { participant: 'P1', start: '2018-12-25', orientationDate: '2018-12-25' };
    expect(due({ data: { affectations: [before], agenda: [] }, asOf: '2018-12-30', rules })).toEqual([]);
  });
});

describe('bilans BRSA, revue des 18 mois, points d’étape', () => {
  /** BRSA under CER, e = 15 October 2018: e + 5 = 15 March 2019, window 15 February → 15 April. */
  const P2 = { participant: 'P2', start: '2018-10-15', entryDate: '2018-10-15', brsa: true, cer: true };
  const bilan = (date: string) => ({ participant: 'P2', date, kind: 'bilan' as const, attendance: null });
  const rules = [RULES.bilans];

  it('lists the 5-month bilan whose window is open, with its exact item', () => {
    expect(due({ data: { affectations: [P2], agenda: [] }, asOf: '2019-03-01', rules })).toEqual([
      {
        kind: 'bilan-brsa',
        rule: 'bilans-brsa',
        participant: 'P2',
        referent: 'Marie Dupont',
        dueDate: '2019-03-15',
        windowStart: '2019-02-15',
        windowEnd: '2019-04-15',
        milestone: 5,
        args: { entryDate: '2018-10-15', milestoneDate: '2019-03-15', planned: null },
        evidence: [aff(1)],
      },
    ]);
  });

  it('a bilan already dated in the window (up to A) satisfies it; a later one is only planned', () => {
    expect(due({ data: { affectations: [P2], agenda: [bilan('2019-02-20')] }, asOf: '2019-03-01', rules })).toEqual([]);
    const items = due({ data: { affectations: [P2], agenda: [bilan('2019-03-20')] }, asOf: '2019-03-01', rules });
    expect(pick(items, ['milestone', 'args', 'evidence'])).toEqual([
      { milestone: 5, args: { entryDate: '2018-10-15', milestoneDate: '2019-03-15', planned: '2019-03-20' }, evidence: [aff(1), ev(1)] },
    ]);
  });

  it('window boundaries: still open on A + 1, opening on A + within', () => {
    const data = { affectations: [P2], agenda: [] };
    expect(pick(due({ data, asOf: '2019-04-14', rules }), ['milestone'])).toEqual([{ milestone: 5 }]);
    expect(due({ data, asOf: '2019-04-15', rules })).toEqual([]);
    expect(pick(due({ data, asOf: '2019-02-05', within: 10, rules }), ['milestone'])).toEqual([{ milestone: 5 }]);
    expect(due({ data, asOf: '2019-02-05', within: 9, rules })).toEqual([]);
  });

  it('the 11-month bilan comes into view later; the 17-month one is outside the period', () => {
    const items = due({ data: { affectations: [P2], agenda: [] }, asOf: '2019-08-20', rules });
    expect(pick(items, ['milestone', ...WHEN])).toEqual([
      { milestone: 11, dueDate: '2019-09-15', windowStart: '2019-08-15', windowEnd: '2019-10-15' },
    ]);
  });

  it('windows are e + (m ± 1) months, as the check (not the due date ± 1 month at month ends)', () => {
    const endOfMonth = { ...P2, start: '2018-09-30', entryDate: '2018-09-30' };
    const items = due({ data: { affectations: [endOfMonth], agenda: [] }, asOf: '2019-03-29', rules });
    expect(pick(items, ['milestone', ...WHEN])).toEqual([
      { milestone: 5, dueDate: '2019-02-28', windowStart: '2019-01-30', windowEnd: '2019-03-30' },
    ]);
  });

  it('leaves out participants outside the population', () => {
    const noCer = { ...P2, cer: false };
    expect(due({ data: { affectations: [noCer], agenda: [] }, asOf: '2019-03-01', rules })).toEqual([]);
  });

  it('an early exit calls for the exit bilan (± 1 month around the exit)', () => {
    const P3 = { participant: 'P3', start: '2019-01-10', entryDate: '2019-01-10', brsa: true, cer: true, exitDate: '2019-03-05' };
    expect(due({ data: { affectations: [P3], agenda: [] }, asOf: '2019-03-10', rules })).toEqual([
      {
        kind: 'bilan-brsa',
        rule: 'bilans-brsa',
        participant: 'P3',
        referent: 'Marie Dupont',
        dueDate: '2019-03-05',
        windowStart: '2019-02-05',
        windowEnd: '2019-04-05',
        milestone: 'sortie',
        args: { entryDate: '2019-01-10', exitDate: '2019-03-05', planned: null },
        evidence: [aff(1)],
      },
    ]);
  });

  it('revue-18-mois: listed from its window, satisfied by a poursuite event whatever its attendance', () => {
    const P4 = { participant: 'P4', start: '2017-09-20', entryDate: '2017-09-20' };
    const items = due({ data: { affectations: [P4], agenda: [] }, asOf: '2019-03-01', rules: [RULES.revue] });
    expect(pick(items, ['kind', 'rule', 'milestone', ...WHEN])).toEqual([
      { kind: 'revue-18-mois', rule: 'revue-18-mois', milestone: 18, dueDate: '2019-03-20', windowStart: '2019-02-20', windowEnd: '2019-04-20' },
    ]);
    const poursuite = { participant: 'P4', date: '2019-02-25', kind: 'poursuite' as const, attendance: 'annule' as const };
    expect(due({ data: { affectations: [P4], agenda: [poursuite] }, asOf: '2019-03-01', rules: [RULES.revue] })).toEqual([]);
  });

  it('other milestone reviews (Dijon, every 5 months) are points d’étape', () => {
    const dijon = { id: 'points-etape-5-mois', kind: 'milestone-review', params: { every: 5, eventKinds: ['point-etape', 'bilan'], toleranceMonths: 1 } };
    const P5 = { participant: 'P5', start: '2018-10-15', entryDate: '2018-10-15' };
    const items = due({ data: { affectations: [P5], agenda: [] }, asOf: '2019-03-01', rules: [dijon] });
    expect(pick(items, ['kind', 'rule', 'milestone', 'dueDate'])).toEqual([
      { kind: 'point-etape', rule: 'points-etape-5-mois', milestone: 5, dueDate: '2019-03-15' },
    ]);
  });
});

describe('justificatif-sortie', () => {
  const P6 = { participant: 'P6', start: '2018-06-01', exitDate: '2019-01-10' };
  const exit = { participant: 'P6', exitDate: '2019-01-10', forecastDate: '2019-01-10', exitType: 'positive' as const };
  const rules = [RULES.justificatifs];

  it('lists a proof due within the horizon (deadline on A + within included)', () => {
    expect(due({ data: { affectations: [P6], sorties: [exit] }, asOf: '2019-03-20', within: 21, rules })).toEqual([
      {
        kind: 'justificatif-sortie',
        rule: 'justificatifs-sortie',
        participant: 'P6',
        referent: 'Marie Dupont',
        dueDate: '2019-04-10',
        windowStart: '2019-01-10',
        windowEnd: '2019-04-10',
        milestone: null,
        args: { reference: 'prevision', referenceDate: '2019-01-10', exitDate: '2019-01-10', exitType: 'positive' },
        evidence: [so(1), aff(1)],
      },
    ]);
  });

  it('excludes A + within + 1, a deadline on A, a proof received and an exit of another type', () => {
    const data = (x: object) => ({ affectations: [P6], sorties: [{ ...exit, ...x }] });
    expect(due({ data: data({}), asOf: '2019-03-20', within: 20, rules })).toEqual([]);
    expect(due({ data: data({}), asOf: '2019-04-10', rules })).toEqual([]);
    expect(due({ data: data({ proofDate: '2019-02-01' }), asOf: '2019-03-20', rules })).toEqual([]);
    expect(due({ data: data({ exitType: 'autre' }), asOf: '2019-03-20', rules })).toEqual([]);
  });

  it('without a forecast date, the delay runs from the exit date (as the check)', () => {
    const items = due({
      data: { affectations: [P6], sorties: [{ ...exit, forecastDate: null, exitDate: '2019-01-15' }] },
      asOf: '2019-03-20',
      rules,
    });
    expect(pick(items, ['dueDate', 'args'])).toEqual([
      { dueDate: '2019-04-15', args: { reference: 'sortie', referenceDate: '2019-01-15', exitDate: '2019-01-15', exitType: 'positive' } },
    ]);
  });
});

describe('entretiens du mois', () => {
  const since = (participant: string, start = '2019-01-01') => ({ participant, start });
  const rdv = (participant: string, date: string) => ({ participant, date });

  it('the current month short of interviews so far, with the exact item', () => {
    const items = due({
      data: { affectations: [since('P7')], agenda: [rdv('P7', '2019-03-05'), rdv('P7', '2019-03-20')] },
      asOf: '2019-03-14',
      rules: [RULES.mensuels],
    });
    expect(items).toEqual([
      {
        kind: 'entretiens-du-mois',
        rule: 'entretiens-mensuels',
        participant: 'P7',
        referent: 'Marie Dupont',
        dueDate: '2019-03-31',
        windowStart: '2019-03-01',
        windowEnd: '2019-03-31',
        milestone: null,
        args: { period: '2019-03', state: 'accompagnement', counted: 1, expected: 2, countedUntil: '2019-03-14', planned: 1 },
        evidence: [aff(1), ev(1)],
      },
    ]);
  });

  it('not listed: enough interviews so far, not active since the 1st, en emploi', () => {
    const items = due({
      data: {
        affectations: [since('P8'), since('P9', '2019-03-10'), since('P10')],
        agenda: [rdv('P8', '2019-03-02'), rdv('P8', '2019-03-09')],
        etapes: [{ participant: 'P10', start: '2019-02-01', category: 'emploi' }],
      },
      asOf: '2019-03-14',
      rules: [RULES.mensuels],
    });
    expect(items).toEqual([]);
  });

  it('suivi-emploi: the month in employment short of a contact', () => {
    const items = due({
      data: { affectations: [since('P10')], agenda: [], etapes: [{ participant: 'P10', start: '2019-02-01', category: 'emploi' }] },
      asOf: '2019-03-14',
      rules: [RULES.mensuels, RULES.suiviEmploi],
    });
    expect(pick(items, ['rule', 'args', 'evidence'])).toEqual([
      {
        rule: 'suivi-emploi',
        args: { period: '2019-03', state: 'emploi', counted: 0, expected: 1, countedUntil: '2019-03-14', planned: 0, spellStart: '2019-02-01' },
        evidence: [aff(1), st(1)],
      },
    ]);
  });

  it('on the last day of a month, the month to come is the current one', () => {
    const items = due({ data: { affectations: [since('P7')], agenda: [rdv('P7', '2019-03-05')] }, asOf: '2019-03-31', rules: [RULES.mensuels] });
    expect(pick(items, [...WHEN, 'args'])).toEqual([
      {
        dueDate: '2019-04-30',
        windowStart: '2019-04-01',
        windowEnd: '2019-04-30',
        args: { period: '2019-04', state: 'accompagnement', counted: 0, expected: 2, countedUntil: '2019-03-31', planned: 0 },
      },
    ]);
  });

  it('no month outside the period, no window longer than a month', () => {
    expect(due({ data: { affectations: [since('P7')], agenda: [] }, asOf: '2019-12-31', rules: [RULES.mensuels] })).toEqual([]);
    const quarterly = { id: 'rdv-sur-site', kind: 'contact-frequency', params: { min: 2, window: 'quarter', match: { kinds: ['entretien'] } } };
    const r = plan({ data: { affectations: [since('P7')], agenda: [] }, asOf: '2019-03-14', rules: [quarterly] });
    expect([r.items, r.rules]).toEqual([[], []]);
  });
});

describe('perte de contact', () => {
  const P11 = { participant: 'P11', start: '2019-01-01' };
  const absent = (date: string) => ({ participant: 'P11', date, attendance: 'absent-non-excuse' as const });
  const rules = [RULES.perte];
  const commissions = ['2019-03-07', '2019-04-04', '2019-03-21'];

  it('met in the month before A: to propose at the next commission', () => {
    const items = due({
      data: { affectations: [P11], agenda: [absent('2019-03-01'), absent('2019-03-10')] },
      asOf: '2019-03-20',
      rules,
      config: { commissions },
    });
    expect(items).toEqual([
      {
        kind: 'perte-de-contact',
        rule: 'perte-de-contact',
        participant: 'P11',
        referent: 'Marie Dupont',
        dueDate: '2019-03-21',
        windowStart: '2019-03-01',
        windowEnd: '2019-04-10',
        milestone: null,
        args: { criterion: 'absences', count: 2, first: '2019-03-01', met: '2019-03-10', contactResumed: null },
        evidence: [ev(1), ev(2), aff(1)],
      },
    ]);
  });

  it('without a commission calendar the date is null; a resumed contact is reported', () => {
    const items = due({
      data: { affectations: [P11], agenda: [absent('2019-03-01'), absent('2019-03-10'), { participant: 'P11', date: '2019-03-15' }] },
      asOf: '2019-03-20',
      rules,
    });
    expect(pick(items, ['dueDate', 'referent', 'args'])).toEqual([
      {
        dueDate: null,
        referent: 'Marie Dupont',
        args: { criterion: 'absences', count: 2, first: '2019-03-01', met: '2019-03-10', contactResumed: '2019-03-15' },
      },
    ]);
  });

  it('met exactly one month before A is listed; earlier is not', () => {
    const at = (a: string, b: string) =>
      due({ data: { affectations: [P11], agenda: [absent(a), absent(b)] }, asOf: '2019-03-20', rules, config: { commissions } });
    expect(pick(at('2019-02-15', '2019-02-20'), ['args'])).toEqual([
      { args: { criterion: 'absences', count: 2, first: '2019-02-15', met: '2019-02-20', contactResumed: null } },
    ]);
    expect(at('2019-02-10', '2019-02-19')).toEqual([]);
  });

  it('not listed once an exit is recorded, even a forthcoming one', () => {
    const items = due({
      data: { affectations: [{ ...P11, exitDate: '2019-04-30' }], agenda: [absent('2019-03-01'), absent('2019-03-10')] },
      asOf: '2019-03-20',
      rules,
    });
    expect(items).toEqual([]);
  });
});

describe('rules: off, absent, missing data', () => {
  const P2 = { participant: 'P2', start: '2018-10-15', entryDate: '2018-10-15', brsa: true, cer: true };

  it('a rule turned off gives no item and says so', () => {
    const r = plan({ data: { affectations: [P2], agenda: [] }, asOf: '2019-03-01', rules: [{ ...RULES.bilans, severity: 'off' }] });
    expect(r.items).toEqual([]);
    expect(r.rules).toEqual([
      { id: 'bilans-brsa', kind: 'milestone-review', item: 'bilan-brsa', status: 'off', skip: null, items: 0, params: RULES.bilans.params },
    ]);
  });

  it('no rule of the kind, no item', () => {
    expect(due({ data: { affectations: [P2], agenda: [] }, asOf: '2019-03-01', rules: [RULES.revue] })).toEqual([]);
  });

  it('a rule whose export is missing is skipped with the check’s reason, never silently empty', () => {
    const r = plan({
      data: { affectations: [P2], agenda: [{ participant: 'P2', date: '2018-11-02' }] },
      asOf: '2019-03-01',
      rules: [RULES.justificatifs, RULES.bilans],
      complete: false,
    });
    expect(r.rules.map(({ id, status, skip, items }) => ({ id, status, skip, items }))).toEqual([
      { id: 'justificatifs-sortie', status: 'skipped', skip: { code: 'dataset-absent', dataset: 'sorties' }, items: 0 },
      { id: 'bilans-brsa', status: 'ran', skip: null, items: 1 },
    ]);
  });
});

describe('order', () => {
  it('sorted by référent (none last), due date, participant', () => {
    const oriented = (participant: string, d: string, referent = 'Marie Dupont') => ({ participant, referent, start: d, orientationDate: d });
    const items = due({
      data: {
        affectations: [
          oriented('P20', '2019-03-05', 'Paul Martin'),
          oriented('P21', '2019-03-08'),
          oriented('P22', '2019-03-02'),
          oriented('P0', '2019-03-08'),
        ],
        agenda: [],
        // No affectation: no référent.
        sorties: [{ participant: 'PZ', exitDate: '2019-01-05', forecastDate: '2019-01-05', exitType: 'positive' }],
      },
      asOf: '2019-03-10',
      rules: [RULES.justificatifs, RULES.premier],
    });
    expect(pick(items, ['referent', 'dueDate', 'participant', 'kind'])).toEqual([
      { referent: 'Marie Dupont', dueDate: '2019-03-17', participant: 'P22', kind: 'premier-entretien' },
      { referent: 'Marie Dupont', dueDate: '2019-03-23', participant: 'P0', kind: 'premier-entretien' },
      { referent: 'Marie Dupont', dueDate: '2019-03-23', participant: 'P21', kind: 'premier-entretien' },
      { referent: 'Paul Martin', dueDate: '2019-03-20', participant: 'P20', kind: 'premier-entretien' },
      { referent: null, dueDate: '2019-04-05', participant: 'PZ', kind: 'justificatif-sortie' },
    ]);
  });

  it('the référent is the one of the affectation on the due date', () => {
    const items = due({
      data: {
        affectations: [
          { participant: 'P1', referent: 'Marie Dupont', start: '2019-03-01', end: '2019-03-12', orientationDate: '2019-03-01' },
          { participant: 'P1', referent: 'Paul Martin', start: '2019-03-13' },
        ],
        agenda: [],
      },
      asOf: '2019-03-10',
      rules: [RULES.premier],
    });
    expect(pick(items, ['referent', 'evidence'])).toEqual([{ referent: 'Paul Martin', evidence: [aff(2)] }]);
  });
});
