import { firstContactDelay } from '../../src/checks/first-contact-delay.js';
import { aff, ev, ruleTester } from './rule-tester.js';

const P2019 = { maxDays: 15, retryDays: 15 };
const P2018 = { maxDays: 15, retryDays: null };
/** o = 2019-03-01: o + 15 = 03-16, o + 16 = 03-17. */
const oriented = [{ participant: 'P1', start: '2019-03-01', orientationDate: '2019-03-01' }];
const withEvents = (...agenda: { date: string; [k: string]: unknown }[]) => ({
  affectations: oriented,
  agenda: agenda.map((e) => ({ participant: 'P1', ...e })),
});

ruleTester(firstContactDelay, {
  valid: [
    { name: 'attended entretien on o + 15', data: withEvents({ date: '2019-03-16' }), params: P2019 },
    { name: 'attended entretien on o itself', data: withEvents({ date: '2019-03-01' }), params: P2019 },
    {
      name: 'any mode: a telephone individual entretien counts',
      data: withEvents({ date: '2019-03-10', mode: 'telephone' }),
      params: P2019,
    },
    {
      name: 'empty attendance counts as attended',
      data: withEvents({ date: '2019-03-10', attendance: null }),
      params: P2019,
    },
    {
      name: 'absence at o + 10, new attended RDV at o + 24 (within 15 days of the absence)',
      data: withEvents({ date: '2019-03-11', attendance: 'absent' }, { date: '2019-03-25' }),
      params: P2019,
    },
    {
      name: 'absence at o + 15, relance RDV at a + 15',
      data: withEvents({ date: '2019-03-16', attendance: 'absent-non-excuse' }, { date: '2019-03-31' }),
      params: P2019,
    },
    {
      name: 'second absence: candidature caduque, not a violation',
      data: withEvents({ date: '2019-03-11', attendance: 'absent-excuse' }, { date: '2019-03-20', attendance: 'absent' }),
      params: P2019,
    },
    {
      name: 'o + 15 after the as-of date: not evaluated',
      data: withEvents(),
      params: P2019,
      asOf: '2019-03-15',
    },
    {
      name: 'o + 15 on the as-of date with an interview on it',
      data: withEvents({ date: '2019-03-16' }),
      params: P2019,
      asOf: '2019-03-16',
    },
    {
      name: 'orientation outside the period: not evaluated',
      data: { affectations: [{ participant: 'P1', start: '2018-12-20', orientationDate: '2018-12-20' }], agenda: [] },
      params: P2019,
    },
    {
      name: 'no orientation date: not evaluated',
      data: { affectations: [{ participant: 'P1', start: '2019-03-01' }], agenda: [] },
      params: P2019,
    },
  ],
  invalid: [
    {
      name: 'attended entretien on o + 16',
      data: withEvents({ date: '2019-03-17' }),
      params: P2019,
      findings: [
        {
          participant: 'P1',
          referent: 'Marie Dupont',
          period: '2019-03',
          date: null,
          milestone: null,
          expected: 15,
          actual: 16,
          evidence: [aff(1), ev(1)],
          args: { orientationDate: '2019-03-01', deadline: '2019-03-16', firstInterview: '2019-03-17', absences: 0 },
        },
      ],
    },
    {
      name: 'absence at o + 10, new RDV at o + 26: too late',
      data: withEvents({ date: '2019-03-11', attendance: 'absent' }, { date: '2019-03-27' }),
      params: P2019,
      findings: [
        {
          actual: 26,
          evidence: [aff(1), ev(1), ev(2)],
          args: { orientationDate: '2019-03-01', deadline: '2019-03-16', firstInterview: '2019-03-27', absences: 1 },
        },
      ],
    },
    {
      name: 'the first attended interview comes months later, after a late absence and a collectif one',
      data: withEvents(
        { date: '2019-03-11', attendance: 'absent' },
        { date: '2019-04-20', attendance: 'absent' },
        { date: '2019-04-25', format: 'collectif' },
        { date: '2019-06-01' },
        { date: '2019-06-10' },
      ),
      params: P2019,
      findings: [
        {
          actual: 92,
          evidence: [aff(1), ev(1), ev(4)],
          args: { orientationDate: '2019-03-01', deadline: '2019-03-16', firstInterview: '2019-06-01', absences: 1 },
        },
      ],
    },
    {
      name: '2018 (no retry extension): absence then RDV at o + 20',
      data: withEvents({ date: '2019-03-11', attendance: 'absent' }, { date: '2019-03-21' }),
      params: P2018,
      findings: [{ actual: 20, evidence: [aff(1), ev(1), ev(2)] }],
    },
    {
      name: 'an annulé RDV is neither attended nor an absence; a collectif one does not count',
      data: withEvents(
        { date: '2019-03-05', attendance: 'annule' },
        { date: '2019-03-06', format: 'collectif' },
        { date: '2019-03-10', attendance: 'reporte' },
      ),
      params: P2019,
      findings: [{ actual: null, evidence: [aff(1)], args: { orientationDate: '2019-03-01', deadline: '2019-03-16', firstInterview: null, absences: 0 } }],
    },
    {
      name: 'an absence after o + 15 does not open the relance',
      data: withEvents({ date: '2019-03-17', attendance: 'absent' }, { date: '2019-03-20' }),
      params: P2019,
      findings: [{ actual: 19, evidence: [aff(1), ev(2)] }],
    },
    {
      name: 'an interview before the orientation does not count',
      data: withEvents({ date: '2019-02-28' }),
      params: P2019,
      findings: [{ actual: null, evidence: [aff(1)] }],
    },
    {
      name: 'the référent is the one covering o',
      data: {
        affectations: [
          { participant: 'P1', referent: 'Marie Dupont', start: '2019-02-01', end: '2019-03-10', orientationDate: '2019-03-01' },
          { participant: 'P1', referent: 'Paul Martin', start: '2019-03-11' },
        ],
        agenda: [{ participant: 'P1', date: '2019-04-01', referent: 'Paul Martin' }],
      },
      params: P2019,
      findings: [{ participant: 'P1', referent: 'Marie Dupont', actual: 31, evidence: [aff(1), ev(1)] }],
    },
    {
      name: 'custom match: physique only',
      data: withEvents({ date: '2019-03-05', mode: 'telephone' }, { date: '2019-03-20' }),
      params: { ...P2019, match: { kinds: ['entretien'], modes: ['physique'], formats: ['individuel'] } },
      findings: [{ actual: 19 }],
    },
  ],
  badParams: [
    { name: 'maxDays missing', params: { retryDays: 15 } },
    { name: 'negative retryDays', params: { maxDays: 15, retryDays: -1 } },
    { name: 'unknown param', params: { maxDays: 15, relance: true } },
  ],
});
