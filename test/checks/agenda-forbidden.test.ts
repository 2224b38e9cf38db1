import { agendaForbidden } from '../../src/checks/agenda-forbidden.js';
import { ev, ruleTester } from './rule-tester.js';

const INTERDITS = { kinds: ['conge', 'reunion-structure'] };

ruleTester(agendaForbidden, {
  valid: [
    {
      name: 'interviews and ateliers are allowed',
      data: { agenda: [{ participant: 'P1', date: '2019-03-04' }, { date: '2019-03-05', kind: 'atelier', participant: null }] },
      params: INTERDITS,
    },
    {
      name: 'forbidden rows outside P or after A are not reported',
      data: {
        agenda: [
          { date: '2018-12-31', kind: 'conge' },
          { date: '2019-06-01', kind: 'reunion-structure' },
        ],
      },
      params: INTERDITS,
      asOf: '2019-05-31',
    },
  ],
  invalid: [
    {
      name: 'a congé and a réunion de structure, each its own finding, sorted by référent',
      data: {
        agenda: [
          { date: '2019-03-04', kind: 'conge', referent: 'Paul Martin' },
          { date: '2019-05-31', kind: 'reunion-structure', referent: 'Marie Dupont', participant: 'P1' },
          { date: '2019-01-01', kind: 'conge', referent: 'Paul Martin' },
          { date: '2019-06-01', kind: 'conge' },
        ],
      },
      params: INTERDITS,
      asOf: '2019-05-31',
      findings: [
        {
          participant: null,
          referent: 'Marie Dupont',
          period: '2019-05',
          date: '2019-05-31',
          milestone: null,
          expected: null,
          actual: null,
          evidence: [ev(2)],
          args: { kind: 'reunion-structure' },
        },
        { referent: 'Paul Martin', period: '2019-01', date: '2019-01-01', evidence: [ev(3)], args: { kind: 'conge' } },
        { referent: 'Paul Martin', period: '2019-03', date: '2019-03-04', evidence: [ev(1)], args: { kind: 'conge' } },
      ],
    },
    {
      name: 'only the listed kinds',
      data: { agenda: [{ date: '2019-02-01', kind: 'conge' }, { date: '2019-02-02', kind: 'reunion-structure' }] },
      params: { kinds: ['reunion-structure'] },
      findings: [{ date: '2019-02-02', evidence: [ev(2)] }],
    },
  ],
  badParams: [
    { name: 'empty kinds', params: { kinds: [] } },
    { name: 'unknown kind', params: { kinds: ['vacances'] } },
  ],
});
