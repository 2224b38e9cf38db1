import { countTarget } from '../../src/checks/count-target.js';
import { aff, ruleTester } from './rule-tester.js';

const SKIP = "objectif annuel : évalué à la fin de la période (le 31/12/2019) ; voir `plie-audit kpi` pour l'avancement";

const ACCOMPANIED = [
  { participant: 'P1', start: '2018-06-01', exitDate: '2019-01-01' },
  { participant: 'P2', start: '2019-12-31' },
  { participant: 'P3', start: '2018-06-01', veilleStart: '2019-01-01', veilleEnd: '2019-12-31' },
  { participant: 'P4', start: '2018-06-01', exitDate: '2018-12-31' },
];

ruleTester(countTarget, {
  valid: [
    {
      name: 'before the end of the period: skipped with a reason',
      data: { affectations: [] },
      params: { target: 385, of: 'participants-accompagnes' },
      asOf: '2019-09-30',
      skipReason: SKIP,
    },
    {
      name: 'accompanied: exit on 1 January, entry on 31 December and veille all year count; an exit on 31 December of the year before does not',
      data: { affectations: ACCOMPANIED },
      params: { target: 3, of: 'participants-accompagnes' },
    },
    {
      name: 'perEtp without any ETP: skipped with a reason',
      data: { affectations: [] },
      params: { target: 56, of: 'entrees', perEtp: true },
      skipReason: 'ETP des référents non configuré et ETP du lot absent de la règle',
    },
  ],
  invalid: [
    {
      name: 'accompanied: 3 for a target of 4, at the end of the period',
      data: { affectations: ACCOMPANIED },
      params: { target: 4, of: 'participants-accompagnes' },
      findings: [
        {
          participant: null,
          referent: null,
          period: '2019-01/2019-12',
          date: '2019-12-31',
          expected: 4,
          actual: 3,
          evidence: [aff(1), aff(2), aff(3)],
          args: { of: 'participants-accompagnes', target: 4, perEtp: false, etp: null, etpSource: null },
        },
      ],
    },
    {
      name: 'BRSA under CER',
      data: {
        affectations: [
          { participant: 'P1', start: '2019-01-01', brsa: true, cer: true },
          { participant: 'P2', start: '2019-01-01', brsa: true, cer: false },
          { participant: 'P3', start: '2019-01-01', brsa: false, cer: true },
        ],
      },
      params: { target: 2, of: 'brsa-cer' },
      findings: [{ expected: 2, actual: 1, evidence: [aff(1)] }],
    },
    {
      name: 'entries per ETP and per référent (Dijon: 56 per 1 ETP), référent of the entry date',
      data: {
        affectations: [
          { participant: 'P1', referent: 'Marie Dupont', start: '2019-02-01', entryDate: '2019-02-01' },
          { participant: 'P2', referent: 'Paul Martin', start: '2019-03-01', entryDate: '2019-03-01' },
          { participant: 'P3', referent: 'Paul Martin', start: '2018-03-01', entryDate: '2018-03-01' },
        ],
      },
      params: { target: 2, of: 'entrees', perEtp: true },
      config: { referents: [{ name: 'Marie Dupont', etp: 1 }, { name: 'Paul Martin', etp: 0.5 }] },
      findings: [
        { referent: 'Marie Dupont', expected: 2, actual: 1, evidence: [aff(1)], args: { of: 'entrees', target: 2, perEtp: true, etp: 1, etpSource: 'config' } },
      ],
    },
    {
      name: 'entries per ETP against the lot ETP: 56 × 0.5 = 28',
      data: { affectations: [{ participant: 'P1', start: '2019-02-01', entryDate: '2019-02-01' }] },
      params: { target: 56, of: 'entrees', perEtp: true, etp: 0.5 },
      findings: [{ referent: null, expected: 28, actual: 1, args: { of: 'entrees', target: 56, perEtp: true, etp: 0.5, etpSource: 'lot' } }],
    },
  ],
  badParams: [{ name: 'unknown population', params: { target: 3, of: 'sorties' } }],
});
