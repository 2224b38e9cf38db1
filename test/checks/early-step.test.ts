import { earlyStep } from '../../src/checks/early-step.js';
import { aff, ev, ruleTester, st } from './rule-tester.js';

const ENTRY = { participant: 'P1', referent: 'Marie Dupont', start: '2019-03-01', entryDate: '2019-03-01' };
const FIRST_STEP = { maxDays: 30, step: {} };
const ATELIER = { maxDays: 30, event: { kinds: ['atelier'] } };

ruleTester(earlyStep, {
  valid: [
    {
      name: 'an étape starting on entry + 30 days',
      data: { affectations: [ENTRY], etapes: [{ participant: 'P1', category: 'formation', start: '2019-03-31' }] },
      params: FIRST_STEP,
    },
    {
      name: 'an étape already running on the entry day',
      data: { affectations: [ENTRY], etapes: [{ participant: 'P1', category: 'iae', start: '2019-02-15', end: '2019-06-30' }] },
      params: FIRST_STEP,
    },
    {
      name: 'a prescribed étape counts (the clause asks that it be proposed)',
      data: { affectations: [ENTRY], etapes: [{ participant: 'P1', category: 'atelier', start: '2019-03-10', status: 'prescrite' }] },
      params: { maxDays: 30, step: { categories: ['atelier'] } },
    },
    {
      name: 'not due yet: entry + 30 days after A',
      data: { affectations: [ENTRY] },
      params: FIRST_STEP,
      asOf: '2019-03-30',
    },
    {
      name: 'entry before P: not judged',
      data: { affectations: [{ ...ENTRY, start: '2018-12-01', entryDate: '2018-12-01' }] },
      params: FIRST_STEP,
    },
    {
      name: 'event: an atelier on the entry day',
      data: { affectations: [ENTRY], agenda: [{ participant: 'P1', date: '2019-03-01', kind: 'atelier', format: 'collectif' }] },
      params: ATELIER,
    },
    {
      name: 'same day: maxDays 0',
      data: { affectations: [ENTRY], etapes: [{ participant: 'P1', category: 'formation', start: '2019-03-01' }] },
      params: { maxDays: 0, step: {} },
    },
    {
      name: 'after diagnostic: the psychologist 30 days after the end of the diagnostic, or during it',
      data: {
        affectations: [ENTRY, { participant: 'P2', start: '2019-03-01', entryDate: '2019-03-01' }],
        etapes: [
          { participant: 'P1', category: 'diagnostic', start: '2019-02-01', end: '2019-02-20' },
          { participant: 'P2', category: 'diagnostic', start: '2019-02-01', end: '2019-02-20' },
        ],
        agenda: [
          { participant: 'P1', date: '2019-03-22', kind: 'entretien', role: 'psychologue' },
          { participant: 'P2', date: '2019-02-10', kind: 'entretien', role: 'psychologue', attendance: 'absent' },
        ],
      },
      params: { maxDays: 30, after: 'diagnostic', event: { kinds: ['entretien'], roles: ['psychologue'], attended: false } },
    },
  ],
  invalid: [
    {
      name: 'first étape on entry + 31 days',
      data: {
        affectations: [ENTRY],
        etapes: [
          { participant: 'P1', category: 'formation', start: '2019-01-01', end: '2019-02-28' },
          { participant: 'P1', category: 'formation', start: '2019-04-01' },
        ],
      },
      params: FIRST_STEP,
      findings: [
        {
          participant: 'P1',
          referent: 'Marie Dupont',
          period: '2019-03',
          date: '2019-03-01',
          expected: 30,
          actual: 31,
          evidence: [aff(1), st(2)],
          args: { after: 'entry', anchor: '2019-03-01', anchorSource: 'entry', entryDate: '2019-03-01', deadline: '2019-03-31' },
        },
      ],
    },
    {
      name: 'no étape at all; only matching étapes count',
      data: { affectations: [ENTRY], etapes: [{ participant: 'P1', category: 'emploi', start: '2019-03-05' }] },
      params: { maxDays: 30, step: { categories: ['atelier'] } },
      findings: [{ participant: 'P1', actual: null, evidence: [aff(1)] }],
    },
    {
      name: 'event: an absence at the atelier does not count (attended by default)',
      data: {
        affectations: [ENTRY],
        agenda: [{ participant: 'P1', date: '2019-03-10', kind: 'atelier', attendance: 'absent' }],
      },
      params: ATELIER,
      findings: [{ participant: 'P1', actual: null }],
    },
    {
      name: 'after diagnostic: the psychologist 31 days after the end of the diagnostic étape',
      data: {
        affectations: [ENTRY],
        etapes: [{ participant: 'P1', category: 'diagnostic', start: '2019-02-01', end: '2019-02-20' }],
        agenda: [{ participant: 'P1', date: '2019-03-23', kind: 'entretien', role: 'psychologue' }],
      },
      params: { maxDays: 30, after: 'diagnostic', event: { kinds: ['entretien'], roles: ['psychologue'] } },
      findings: [
        {
          participant: 'P1',
          referent: 'Marie Dupont',
          period: '2019-02',
          date: '2019-02-20',
          actual: 31,
          evidence: [aff(1), st(1), ev(1)],
          args: { after: 'diagnostic', anchor: '2019-02-20', anchorSource: 'diagnostic-step', entryDate: '2019-03-01', deadline: '2019-03-22' },
        },
      ],
    },
    {
      name: 'after diagnostic without diagnostic recorded: from the entry',
      data: {
        affectations: [ENTRY],
        agenda: [{ participant: 'P1', date: '2019-04-15', kind: 'entretien', role: 'psychologue' }],
      },
      params: { maxDays: 30, after: 'diagnostic', event: { kinds: ['entretien'], roles: ['psychologue'] } },
      findings: [{ participant: 'P1', date: '2019-03-01', actual: 45, args: { after: 'diagnostic', anchor: '2019-03-01', anchorSource: 'entry', entryDate: '2019-03-01', deadline: '2019-03-31' } }],
    },
  ],
  badParams: [
    { name: 'step and event together', params: { maxDays: 30, step: {}, event: { kinds: ['atelier'] } } },
    { name: 'neither step nor event', params: { maxDays: 30 } },
    { name: 'negative delay', params: { maxDays: -1, step: {} } },
  ],
});
