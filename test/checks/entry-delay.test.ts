import { describe, expect, it } from 'vitest';
import { entryDelay, fridayBefore } from '../../src/checks/entry-delay.js';
import { aff, ev, ruleTester, so } from './rule-tester.js';

const P1 = { participant: 'P1', referent: 'Marie Dupont', start: '2018-06-01' };
const COMMISSIONS = { commissions: ['2019-03-28', '2019-03-14', '2019-04-12'] };

describe('fridayBefore', () => {
  it('is the last Friday strictly before the day', () => {
    expect(fridayBefore('2019-03-14')).toBe('2019-03-08'); // Thursday
    expect(fridayBefore('2019-04-12')).toBe('2019-04-05'); // a Friday: the previous one
    expect(fridayBefore('2019-03-09')).toBe('2019-03-08'); // Saturday
    expect(fridayBefore('2019-03-11')).toBe('2019-03-08'); // Monday
  });
});

ruleTester(entryDelay, {
  valid: [
    {
      name: 'maxDays 7: entered 7 days after the interview; empty enteredAt not judged; agenda time not judged',
      data: {
        affectations: [P1],
        agenda: [
          { participant: 'P1', date: '2019-03-01', enteredAt: '2019-03-08' },
          { participant: 'P1', date: '2019-03-02', enteredAt: null },
          { participant: null, date: '2019-03-02', kind: 'autre', enteredAt: '2019-05-01' },
        ],
      },
      params: { maxDays: 7 },
    },
    {
      name: 'maxDays 0: entered the same day; an event before P is not judged',
      data: {
        affectations: [P1],
        agenda: [
          { participant: 'P1', date: '2019-03-01', enteredAt: '2019-03-01' },
          { participant: 'P1', date: '2018-12-31', enteredAt: '2019-01-02' },
        ],
      },
      params: { maxDays: 0 },
    },
    {
      name: 'maxDays with a match: other kinds not judged',
      data: { affectations: [P1], agenda: [{ participant: 'P1', date: '2019-03-01', kind: 'relance', enteredAt: '2019-04-01' }] },
      params: { maxDays: 7, match: { kinds: ['entretien'], attended: false } },
    },
    {
      name: 'commission: entry entered on the Friday before; a record after that Friday goes to the next commission',
      data: {
        affectations: [
          { ...P1, entryDate: '2019-03-05', enteredAt: '2019-03-08' },
          { participant: 'P2', start: '2019-03-09', entryDate: '2019-03-09', enteredAt: '2019-03-22' },
          { participant: 'P3', start: '2019-04-20', entryDate: '2019-04-20', enteredAt: '2019-06-01' },
        ],
        sorties: [{ participant: 'P1', exitDate: '2019-03-05', enteredAt: '2019-03-08' }],
      },
      params: { variant: 'commission' },
      config: COMMISSIONS,
    },
  ],
  invalid: [
    {
      name: 'maxDays 7: entered 8 days after',
      data: { affectations: [P1], agenda: [{ participant: 'P1', date: '2019-03-01', enteredAt: '2019-03-09', referent: 'Paul Martin' }] },
      params: { maxDays: 7 },
      findings: [
        {
          participant: 'P1',
          referent: 'Paul Martin',
          period: '2019-03',
          date: '2019-03-01',
          expected: 7,
          actual: 8,
          evidence: [ev(1)],
          args: { record: 'evenement', enteredAt: '2019-03-09' },
        },
      ],
    },
    {
      name: 'maxDays 0: entered the next day',
      data: { affectations: [P1], agenda: [{ participant: 'P1', date: '2019-03-01', enteredAt: '2019-03-02' }] },
      params: { maxDays: 0 },
      findings: [{ participant: 'P1', expected: 0, actual: 1 }],
    },
    {
      name: 'commission: entry entered the Saturday after the deadline; exit too late for the commission of 28 March',
      data: {
        affectations: [{ ...P1, entryDate: '2019-03-05', enteredAt: '2019-03-09' }],
        sorties: [{ participant: 'P1', exitDate: '2019-03-20', enteredAt: '2019-03-25' }],
      },
      params: { variant: 'commission' },
      config: COMMISSIONS,
      findings: [
        {
          participant: 'P1',
          referent: 'Marie Dupont',
          period: '2019-03',
          date: '2019-03-05',
          expected: '2019-03-08',
          actual: '2019-03-09',
          evidence: [aff(1)],
          args: { record: 'entree', commission: '2019-03-14', deadline: '2019-03-08', enteredAt: '2019-03-09', delayDays: 1 },
        },
        {
          participant: 'P1',
          date: '2019-03-20',
          expected: '2019-03-22',
          actual: '2019-03-25',
          evidence: [so(1)],
          args: { record: 'sortie', commission: '2019-03-28', deadline: '2019-03-22', enteredAt: '2019-03-25', delayDays: 3 },
        },
      ],
    },
    {
      name: 'commission: the earliest enteredAt of rows stating the same entry; a commission on a Friday',
      data: {
        affectations: [
          { ...P1, month: '2019-03', entryDate: '2019-03-30', enteredAt: '2019-04-06' },
          { ...P1, month: '2019-04', entryDate: '2019-03-30', enteredAt: '2019-04-10' },
        ],
      },
      params: { variant: 'commission', entity: 'affectations' },
      config: COMMISSIONS,
      findings: [{ date: '2019-03-30', expected: '2019-04-05', actual: '2019-04-06', evidence: [aff(1)], args: { record: 'entree', commission: '2019-04-12', deadline: '2019-04-05', enteredAt: '2019-04-06', delayDays: 1 } }],
    },
  ],
  badParams: [
    { name: 'maxDays and variant together', params: { maxDays: 7, variant: 'commission' } },
    { name: 'neither', params: {} },
    { name: 'unknown entity', params: { maxDays: 7, entity: 'etapes' } },
  ],
});

describe('entry-delay needs', () => {
  it('reads enteredAt on each judged entity and the commission calendar', () => {
    const needs = entryDelay.needs as (p: unknown) => unknown;
    expect(needs(entryDelay.params.parse({ variant: 'commission' }))).toEqual({
      datasets: ['affectations', 'sorties'],
      fields: { affectations: ['enteredAt'], sorties: ['enteredAt'] },
      config: ['commissions'],
    });
    expect(needs(entryDelay.params.parse({ maxDays: 7 }))).toEqual({
      datasets: ['agenda'],
      fields: { agenda: ['enteredAt'] },
      config: [],
    });
  });
});
