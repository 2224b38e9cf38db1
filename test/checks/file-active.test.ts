import { describe, expect, it } from 'vitest';
import { fileActive } from '../../src/checks/file-active.js';
import type { AffectationInput } from '../helpers/build.js';
import { aff, contextFor, ruleTester } from './rule-tester.js';

const JAN = { asOf: '2019-01-31' };
const LOT_80 = { perEtp: 80, etp: 1.0 };

/** n participants assigned to `referent` for the whole of January and after. */
function people(n: number, referent = 'Marie Dupont', from = 0, extra: Partial<AffectationInput> = {}): AffectationInput[] {
  return Array.from({ length: n }, (_, i) => ({
    participant: `${referent.slice(0, 1)}${String(from + i + 1).padStart(3, '0')}`,
    referent,
    start: '2019-01-01',
    ...extra,
  }));
}

ruleTester(fileActive, {
  valid: [
    { name: 'lot: 80 participants for 1.0 ETP', data: { affectations: people(80) }, params: LOT_80, ...JAN },
    {
      name: 'lot: a participant active on the last day only counts',
      data: { affectations: [...people(79), { participant: 'LATE', start: '2019-01-31' }] },
      params: LOT_80,
      ...JAN,
    },
    {
      name: 'lot: a participant exiting on the 1st counts (not exited on the exit day)',
      data: { affectations: [...people(79), { participant: 'GONE', start: '2018-06-01', exitDate: '2019-01-01' }] },
      params: LOT_80,
      ...JAN,
    },
    {
      name: 'lot: veille counted when excludeVeille is false',
      data: {
        affectations: [...people(79), { participant: 'V', start: '2019-01-01', veilleStart: '2019-01-01', veilleEnd: '2019-02-28' }],
      },
      params: { ...LOT_80, excludeVeille: false },
      ...JAN,
    },
    {
      name: 'lot: a participant in veille for part of the month counts',
      data: {
        affectations: [...people(79), { participant: 'V', start: '2019-01-01', veilleStart: '2019-01-02', veilleEnd: '2019-02-28' }],
      },
      params: LOT_80,
      ...JAN,
    },
    {
      name: 'lot: non-integer target (70 × 0.7 = 49) reached by 49',
      data: { affectations: people(49) },
      params: { perEtp: 70, etp: 0.7 },
      ...JAN,
    },
    {
      name: 'référents configured: each reaches perEtp × its ETP; an unconfigured référent is left out',
      data: { affectations: [...people(80, 'Marie Dupont'), ...people(40, 'Paul Martin'), ...people(1, 'Zoé Blanc')] },
      params: LOT_80,
      config: { referents: [{ name: 'Marie Dupont', etp: 1 }, { name: 'paul  martin', etp: 0.5 }] },
      ...JAN,
    },
    {
      name: 'référents of another lot are not audited',
      data: { affectations: people(80, 'Marie Dupont') },
      params: LOT_80,
      config: { referents: [{ name: 'Marie Dupont', etp: 1, lot: 'lot1' }, { name: 'Paul Martin', etp: 1, lot: 'lot2' }] },
      lot: 'lot1',
      ...JAN,
    },
    {
      name: 'a month not elapsed is not evaluated',
      data: { affectations: [] },
      params: LOT_80,
      asOf: '2019-01-30',
    },
    {
      name: 'no référent ETP and no lot ETP: skipped with a reason',
      data: { affectations: people(1) },
      params: { perEtp: 80 },
      skipReason: "ETP des référents non configuré et ETP du lot absent de la règle",
    },
  ],
  invalid: [
    {
      name: 'lot: 79 < 80 × 1.0 (no rounding)',
      data: { affectations: people(79) },
      params: LOT_80,
      ...JAN,
      findings: [
        {
          participant: null,
          referent: null,
          period: '2019-01',
          date: null,
          milestone: null,
          expected: 80,
          actual: 79,
          args: { perEtp: 80, etp: 1, etpSource: 'lot', excludeVeille: true },
        },
      ],
    },
    {
      name: 'lot: a participant en veille for the whole month is excluded',
      data: {
        affectations: [...people(79), { participant: 'V', start: '2019-01-01', veilleStart: '2019-01-01', veilleEnd: '2019-01-31' }],
      },
      params: LOT_80,
      ...JAN,
      findings: [{ period: '2019-01', actual: 79 }],
    },
    {
      name: 'lot: monthly-status veille row excluded',
      data: {
        affectations: [
          { participant: 'A', month: '2019-01', status: 'parcours', orientationDate: '2018-12-01' },
          { participant: 'B', month: '2019-01', status: 'veille', orientationDate: '2018-12-01' },
        ],
      },
      params: { perEtp: 2, etp: 1 },
      ...JAN,
      findings: [{ period: '2019-01', expected: 2, actual: 1, evidence: [aff(1)] }],
    },
    {
      name: 'evidence in file order, each row once, whatever the participants\' order (two affectations of one participant both listed)',
      data: {
        affectations: [
          { participant: 'Z9', start: '2019-01-01' },
          { participant: 'A1', start: '2019-01-01', end: '2019-01-10' },
          { participant: 'M5', start: '2019-01-01' },
          { participant: 'A1', start: '2019-01-15' },
        ],
      },
      params: { perEtp: 10, etp: 1 },
      ...JAN,
      findings: [{ period: '2019-01', expected: 10, actual: 3, evidence: [aff(1), aff(2), aff(3), aff(4)] }],
    },
    {
      name: 'lot: 48 < 70 × 0.7; evidence lists the counted affectation rows',
      data: { affectations: [...people(48), { participant: 'X', start: '2019-02-01' }] },
      params: { perEtp: 70, etp: 0.7 },
      ...JAN,
      findings: [{ expected: 49, actual: 48, evidence: Array.from({ length: 48 }, (_, i) => aff(i + 1)) }],
    },
    {
      name: 'référents configured: one finding per référent short of its target',
      data: { affectations: [...people(80, 'Marie Dupont'), ...people(39, 'Paul Martin'), ...people(1, 'Zoé Blanc')] },
      params: LOT_80,
      config: { referents: [{ name: 'Marie Dupont', etp: 1 }, { name: 'Paul Martin', etp: 0.5 }, { name: 'Anne Roux', etp: 0.2 }] },
      ...JAN,
      findings: [
        { referent: 'Anne Roux', period: '2019-01', expected: 16, actual: 0, evidence: [], args: { perEtp: 80, etp: 0.2, etpSource: 'config', excludeVeille: true } },
        { referent: 'Paul Martin', period: '2019-01', expected: 40, actual: 39, args: { perEtp: 80, etp: 0.5, etpSource: 'config', excludeVeille: true } },
      ],
    },
    {
      name: 'référents configured: a reassignment mid-month counts for both référents',
      data: {
        affectations: [
          { participant: 'P1', referent: 'Marie Dupont', start: '2019-01-01', end: '2019-01-15' },
          { participant: 'P1', referent: 'Paul Martin', start: '2019-01-16' },
        ],
      },
      params: { perEtp: 2 },
      config: { referents: [{ name: 'Marie Dupont', etp: 1 }, { name: 'Paul Martin', etp: 1 }] },
      asOf: '2019-02-28',
      findings: [
        { referent: 'Marie Dupont', period: '2019-01', actual: 1, evidence: [aff(1)] },
        { referent: 'Marie Dupont', period: '2019-02', actual: 0, evidence: [] },
        { referent: 'Paul Martin', period: '2019-01', actual: 1, evidence: [aff(2)] },
        { referent: 'Paul Martin', period: '2019-02', actual: 1, evidence: [aff(2)] },
      ],
    },
    {
      name: 'exited participants stop counting after their exit month',
      data: { affectations: [{ participant: 'P1', start: '2019-01-01', exitDate: '2019-01-31' }] },
      params: { perEtp: 1, etp: 1 },
      asOf: '2019-02-28',
      findings: [{ period: '2019-02', actual: 0 }],
    },
  ],
  badParams: [
    { name: 'perEtp missing', params: { etp: 1 } },
    { name: 'zero ETP', params: { perEtp: 80, etp: 0 } },
  ],
});

describe('file-active needs', () => {
  it('needs the référents config only without a lot ETP', () => {
    const needs = fileActive.needs as (p: unknown) => { config?: string[] };
    expect(needs(fileActive.params.parse({ perEtp: 80 })).config).toEqual(['referents']);
    expect(needs(fileActive.params.parse({ perEtp: 80, etp: 1 })).config).toEqual([]);
  });
  it('contextFor gives an empty config by default', () => {
    expect(contextFor({ data: {} }).config).toEqual({ referents: [], commissions: [], communes: [] });
  });
});
