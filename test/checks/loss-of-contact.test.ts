import { lossOfContact } from '../../src/checks/loss-of-contact.js';
import { aff, ev, ruleTester } from './rule-tester.js';

const P1 = { participant: 'P1', referent: 'Marie Dupont', start: '2018-06-01' };
const absent = (date: string, attendance: 'absent' | 'absent-non-excuse' | 'absent-excuse' = 'absent-non-excuse') => ({
  participant: 'P1', date, attendance,
});
const relance = (date: string, mode: 'courrier' | 'telephone' | 'mail' | null = 'courrier') => ({
  participant: 'P1', date, kind: 'relance' as const, mode, format: null, attendance: null,
});
const PARAMS = { count: 2, within: 'month' };

ruleTester(lossOfContact, {
  valid: [
    {
      name: 'two absences one month + one day apart',
      data: { affectations: [P1], agenda: [absent('2019-03-15'), absent('2019-04-16')] },
      params: PARAMS,
    },
    {
      name: '31 January + 1 month = 28 February: an absence on 1 March is outside',
      data: { affectations: [P1], agenda: [absent('2019-01-31'), absent('2019-03-01')] },
      params: PARAMS,
    },
    {
      name: 'the exit is proposed: exit date on the criterion day + 1 month',
      data: { affectations: [{ ...P1, exitDate: '2019-05-15' }], agenda: [absent('2019-03-15'), absent('2019-04-15')] },
      params: PARAMS,
    },
    {
      name: 'excused absences do not count; an attended interview in between restores the contact',
      data: {
        affectations: [P1],
        agenda: [
          absent('2019-03-01', 'absent-excuse'),
          absent('2019-03-10'),
          { participant: 'P1', date: '2019-03-12' },
          absent('2019-03-20'),
        ],
      },
      params: PARAMS,
    },
    {
      name: 'a relance by telephone is not written',
      data: { affectations: [P1], agenda: [relance('2019-03-01'), relance('2019-03-10', 'telephone')] },
      params: PARAMS,
    },
    {
      name: 'absences before the entry (candidature) are not judged',
      data: { affectations: [{ participant: 'P1', start: '2019-04-01' }], agenda: [absent('2019-03-01'), absent('2019-03-10')] },
      params: PARAMS,
    },
  ],
  invalid: [
    {
      name: 'two absences one month apart date to date (15 March → 15 April)',
      data: { affectations: [P1], agenda: [absent('2019-03-15'), absent('2019-04-15', 'absent')] },
      params: PARAMS,
      findings: [
        {
          participant: 'P1',
          referent: 'Marie Dupont',
          period: '2019-04',
          date: '2019-04-15',
          expected: 2,
          actual: 2,
          evidence: [ev(1), ev(2), aff(1)],
          args: { kind: 'absences', first: '2019-03-15', deadline: '2019-05-15', pending: false },
        },
      ],
    },
    {
      name: 'exit one day after the criterion + 1 month',
      data: { affectations: [{ ...P1, exitDate: '2019-05-16' }], agenda: [absent('2019-03-15'), absent('2019-04-15')] },
      params: PARAMS,
      findings: [{ date: '2019-04-15', args: { kind: 'absences', first: '2019-03-15', deadline: '2019-05-15', pending: false } }],
    },
    {
      name: 'two written relances (unknown mode counts); a sliding window drops the older absence',
      data: {
        affectations: [P1],
        agenda: [relance('2019-06-01'), relance('2019-06-20', null), absent('2019-07-01'), absent('2019-08-05'), absent('2019-08-20')],
      },
      params: PARAMS,
      findings: [
        { date: '2019-06-20', evidence: [ev(1), ev(2), aff(1)], args: { kind: 'relances', first: '2019-06-01', deadline: '2019-07-20', pending: false } },
        { date: '2019-08-20', evidence: [ev(4), ev(5), aff(1)], args: { kind: 'absences', first: '2019-08-05', deadline: '2019-09-20', pending: false } },
      ],
    },
    {
      name: 'no time window (Lunel 2018): two absences months apart',
      data: { affectations: [P1], agenda: [absent('2019-01-10'), absent('2019-06-10')] },
      params: { count: 2, within: null },
      findings: [{ date: '2019-06-10', args: { kind: 'absences', first: '2019-01-10', deadline: '2019-07-10', pending: false } }],
    },
    {
      name: 'criterion met less than a month before A: pending',
      data: { affectations: [P1], agenda: [absent('2019-03-15'), absent('2019-04-15')] },
      params: PARAMS,
      asOf: '2019-05-14',
      findings: [{ date: '2019-04-15', args: { kind: 'absences', first: '2019-03-15', deadline: '2019-05-15', pending: true } }],
    },
    {
      name: '31 January + 1 month = 28 February: an absence on 28 February is inside',
      data: { affectations: [P1], agenda: [absent('2019-01-31'), absent('2019-02-28')] },
      params: PARAMS,
      findings: [{ date: '2019-02-28', args: { kind: 'absences', first: '2019-01-31', deadline: '2019-03-28', pending: false } }],
    },
    {
      name: 'rows out of date order: three absences within a month, count 3',
      data: { affectations: [P1], agenda: [absent('2019-05-20'), absent('2019-01-05'), absent('2019-05-02'), absent('2019-05-10')] },
      params: { count: 3, within: 'month' },
      findings: [{ date: '2019-05-20', evidence: [ev(3), ev(4), ev(1), aff(1)], args: { kind: 'absences', first: '2019-05-02', deadline: '2019-06-20', pending: false } }],
    },
    {
      name: 'a written bilan in between is not a contact',
      data: {
        affectations: [P1],
        agenda: [absent('2019-03-01'), { participant: 'P1', date: '2019-03-05', kind: 'bilan', attendance: null }, absent('2019-03-10')],
      },
      params: PARAMS,
      findings: [{ date: '2019-03-10', evidence: [ev(1), ev(3), aff(1)], args: { kind: 'absences', first: '2019-03-01', deadline: '2019-04-10', pending: false } }],
    },
  ],
  badParams: [{ name: 'count 1', params: { count: 1 } }, { name: 'unknown window', params: { within: 'week' } }],
});
