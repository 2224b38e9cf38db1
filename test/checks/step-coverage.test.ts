import { stepCoverage } from '../../src/checks/step-coverage.js';
import { aff, ruleTester, st } from './rule-tester.js';

const Q = { window: 'quarter' };
const GAP = { maxGapDays: 90 };
const P1 = { participant: 'P1', referent: 'Marie Dupont', start: '2018-06-01' };

ruleTester(stepCoverage, {
  valid: [
    {
      name: 'quarter: a step overlapping only the last day of Q1 covers Q1 (and Q2)',
      data: { affectations: [P1], etapes: [{ participant: 'P1', category: 'formation', start: '2019-03-31', end: '2019-04-10' }] },
      params: Q,
      asOf: '2019-06-30',
    },
    {
      name: 'quarter: entry on 2 January: Q1 not due',
      data: {
        affectations: [{ participant: 'P1', start: '2019-01-02' }],
        etapes: [{ participant: 'P1', category: 'atelier', start: '2019-05-01', end: '2019-05-02' }],
      },
      params: Q,
      asOf: '2019-06-30',
    },
    {
      name: 'quarter: a veille day in the quarter makes it not due',
      data: { affectations: [{ ...P1, veilleStart: '2019-02-10', veilleEnd: '2019-02-10' }] },
      params: Q,
      asOf: '2019-03-31',
    },
    {
      name: 'quarter: a quarter not yet elapsed is not evaluated',
      data: { affectations: [P1] },
      params: Q,
      asOf: '2019-03-30',
    },
    {
      name: 'quarter: an open étape started before P covers every quarter',
      data: { affectations: [P1], etapes: [{ participant: 'P1', category: 'iae', start: '2018-11-01' }] },
      params: Q,
    },
    {
      name: 'gap: exactly 90 days without étape from the entry is allowed',
      data: { affectations: [{ participant: 'P1', start: '2019-01-01' }] },
      params: GAP,
      asOf: '2019-03-31',
    },
    {
      name: 'gap: 90 days between two étapes',
      data: {
        affectations: [P1],
        etapes: [
          { participant: 'P1', category: 'formation', start: '2018-12-01', end: '2019-02-10' },
          { participant: 'P1', category: 'emploi', start: '2019-05-12' },
        ],
      },
      params: GAP,
      asOf: '2019-06-30',
    },
    {
      name: 'gap: a veille period interrupts the gap',
      data: { affectations: [{ ...P1, veilleStart: '2019-03-01', veilleEnd: '2019-03-31' }] },
      params: GAP,
      asOf: '2019-05-31',
    },
    {
      name: 'gap: the gap ends with the exit',
      data: { affectations: [{ ...P1, exitDate: '2019-03-31' }] },
      params: GAP,
    },
  ],
  invalid: [
    {
      name: 'quarter: no étape in Q2 (a prescribed étape does not count, a refused one neither)',
      data: {
        affectations: [P1, { participant: 'P1', referent: 'Paul Martin', start: '2019-05-10' }],
        etapes: [
          { participant: 'P1', category: 'formation', start: '2019-01-10', end: '2019-03-31' },
          { participant: 'P1', category: 'formation', start: '2019-05-01', end: '2019-05-31', status: 'prescrite' },
          { participant: 'P1', category: 'formation', start: '2019-06-01', end: '2019-06-30', status: 'refusee' },
        ],
      },
      params: Q,
      asOf: '2019-06-30',
      findings: [
        // The référent of a window: the affectation covering its last day, the later one.
        { participant: 'P1', referent: 'Paul Martin', period: '2019-04/2019-06', date: null, expected: 1, actual: 0, evidence: [aff(1), aff(2)] },
      ],
    },
    {
      name: 'quarter: only étapes matching `steps` count',
      data: {
        affectations: [P1],
        etapes: [{ participant: 'P1', category: 'emploi', start: '2019-01-10', end: '2019-02-10', plie: false }],
      },
      params: { ...Q, steps: { plie: true } },
      asOf: '2019-03-31',
      findings: [{ participant: 'P1', period: '2019-01/2019-03', actual: 0 }],
    },
    {
      name: 'month window',
      data: { affectations: [P1], etapes: [{ participant: 'P1', category: 'atelier', start: '2019-01-31', end: '2019-02-01' }] },
      params: { window: 'month' },
      asOf: '2019-03-31',
      findings: [{ participant: 'P1', period: '2019-03', args: { window: 'month' } }],
    },
    {
      name: 'gap: 91 days from the entry',
      data: { affectations: [{ participant: 'P1', start: '2019-01-01' }] },
      params: GAP,
      asOf: '2019-04-01',
      findings: [
        {
          participant: 'P1',
          referent: 'Marie Dupont',
          period: '2019-01/2019-04',
          date: '2019-04-01',
          expected: 90,
          actual: 91,
          evidence: [aff(1)],
          args: { from: '2019-01-01', to: '2019-04-01', days: 91, lastStepEnd: null },
        },
      ],
    },
    {
      name: 'gap: 91 days between two étapes; the last étape before P clips the gap to P.start',
      data: {
        affectations: [P1, { participant: 'P2', start: '2018-01-01' }],
        etapes: [
          { participant: 'P1', category: 'formation', start: '2018-12-01', end: '2019-02-10' },
          { participant: 'P1', category: 'emploi', start: '2019-05-13' },
          { participant: 'P2', category: 'formation', start: '2018-05-01', end: '2018-06-30' },
        ],
      },
      params: GAP,
      asOf: '2019-06-30',
      findings: [
        {
          participant: 'P1',
          period: '2019-02/2019-05',
          date: '2019-05-12',
          actual: 91,
          evidence: [st(1), aff(1)],
          args: { from: '2019-02-11', to: '2019-05-12', days: 91, lastStepEnd: '2019-02-10' },
        },
        { participant: 'P2', period: '2019-01/2019-06', date: '2019-04-01', actual: 181, args: { from: '2019-01-01', to: '2019-06-30', days: 181, lastStepEnd: '2018-06-30' } },
      ],
    },
  ],
  badParams: [
    { name: 'window and maxGapDays together', params: { window: 'quarter', maxGapDays: 90 } },
    { name: 'neither', params: {} },
    { name: 'unknown window', params: { window: 'week' } },
  ],
});
