import { caseloadMax } from '../../src/checks/caseload-max.js';
import type { AffectationInput } from '../helpers/build.js';
import { aff, ruleTester } from './rule-tester.js';

const JAN = { asOf: '2019-01-31' };

function people(n: number, referent = 'Marie Dupont', from = 0, extra: Partial<AffectationInput> = {}): AffectationInput[] {
  return Array.from({ length: n }, (_, i) => ({
    participant: `${referent.slice(0, 1)}${String(from + i + 1).padStart(3, '0')}`,
    referent,
    start: '2019-01-01',
    ...extra,
  }));
}

ruleTester(caseloadMax, {
  valid: [
    { name: 'lot: 100 places for 1.0 ETP, 100 participants', data: { affectations: people(100) }, params: { perEtp: 100, etp: 1 }, ...JAN },
    {
      name: 'lot: a participant exited the day before the month does not occupy a place',
      data: { affectations: [...people(100), { participant: 'GONE', start: '2018-06-01', exitDate: '2018-12-31' }] },
      params: { perEtp: 100, etp: 1 },
      ...JAN,
    },
    {
      name: 'lot: a participant en veille for the whole month does not occupy a place',
      data: {
        affectations: [...people(100), { participant: 'V', start: '2018-06-01', veilleStart: '2019-01-01', veilleEnd: '2019-01-31' }],
      },
      params: { perEtp: 100, etp: 1 },
      ...JAN,
    },
    {
      name: 'référents: 80 for 0.8 ETP; an unconfigured référent has no ceiling',
      data: { affectations: [...people(80, 'Marie Dupont'), ...people(150, 'Zoé Blanc')] },
      params: { perEtp: 100 },
      config: { referents: [{ name: 'marie dupont', etp: 0.8 }] },
      ...JAN,
    },
    {
      name: 'a month not yet elapsed is not evaluated',
      data: { affectations: people(101) },
      params: { perEtp: 100, etp: 1 },
      asOf: '2019-01-30',
    },
    {
      name: 'no ETP anywhere: skipped with a reason',
      data: { affectations: people(1) },
      params: { perEtp: 100 },
      skipReason: 'ETP des référents non configuré et ETP du lot absent de la règle',
    },
  ],
  invalid: [
    {
      name: 'lot: 101 participants for 100 places',
      data: { affectations: people(101) },
      params: { perEtp: 100, etp: 1 },
      ...JAN,
      findings: [{ referent: null, period: '2019-01', expected: 100, actual: 101, args: { perEtp: 100, etp: 1, etpSource: 'lot' } }],
    },
    {
      name: 'lot: a participant active on the last day of the month only occupies a place',
      data: { affectations: [...people(100), { participant: 'LATE', start: '2019-01-31' }] },
      params: { perEtp: 100, etp: 1 },
      ...JAN,
      findings: [{ period: '2019-01', expected: 100, actual: 101 }],
    },
    {
      name: 'référent: reassignment mid-month counts with both référents that month, then only with the new one',
      data: {
        affectations: [
          ...people(50, 'Marie Dupont'),
          ...people(50, 'Paul Martin'),
          { participant: 'MOVE', referent: 'Marie Dupont', start: '2018-10-01', end: '2019-01-15' },
          { participant: 'MOVE', referent: 'Paul Martin', start: '2019-01-16' },
        ],
      },
      params: { perEtp: 100 },
      config: { referents: [{ name: 'Marie Dupont', etp: 0.5 }, { name: 'Paul Martin', etp: 0.5 }] },
      asOf: '2019-02-28',
      findings: [
        { referent: 'Marie Dupont', period: '2019-01', expected: 50, actual: 51, evidence: [...Array.from({ length: 50 }, (_, i) => aff(i + 1)), aff(101)] },
        { referent: 'Paul Martin', period: '2019-01', expected: 50, actual: 51 },
        { referent: 'Paul Martin', period: '2019-02', expected: 50, actual: 51 },
      ],
    },
    {
      name: 'référents of the audited lot only; non-integer ceiling 100 × 0.7',
      data: { affectations: [...people(71, 'Marie Dupont'), ...people(200, 'Paul Martin')] },
      params: { perEtp: 100 },
      config: { referents: [{ name: 'Marie Dupont', etp: 0.7, lot: 'lot1' }, { name: 'Paul Martin', etp: 1, lot: 'lot2' }] },
      lot: 'lot1',
      ...JAN,
      findings: [{ referent: 'Marie Dupont', period: '2019-01', expected: 70, actual: 71, args: { perEtp: 100, etp: 0.7, etpSource: 'config' } }],
    },
  ],
  badParams: [
    { name: 'perEtp missing', params: { etp: 1 } },
    { name: 'unknown param', params: { perEtp: 100, max: 3 } },
  ],
});
