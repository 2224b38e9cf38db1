import { referentActivity } from '../../src/checks/referent-activity.js';
import { ev, ruleTester } from './rule-tester.js';

const PARAMS = { min: 1, window: 'bimester', match: { kinds: ['atelier'], formats: ['collectif'] } };
const atelier = (participant: string | null, date: string, referent = 'Marie Dupont', extra = {}) => ({
  participant, date, referent, kind: 'atelier' as const, format: 'collectif' as const, startTime: '14:00', subject: 'CV', ...extra,
});
const MARIE = { participant: 'P1', referent: 'Marie Dupont', start: '2018-06-01' };
const PAUL = { participant: 'P2', referent: 'Paul Martin', start: '2018-06-01' };

ruleTester(referentActivity, {
  valid: [
    {
      name: 'one atelier in the bimester (agenda spelling of the référent differs in case)',
      data: { affectations: [MARIE], agenda: [atelier('P1', '2019-02-28', 'MARIE DUPONT')] },
      params: PARAMS,
      asOf: '2019-02-28',
    },
    {
      name: 'a référent arriving mid-bimester is not judged on it',
      data: { affectations: [{ ...MARIE, start: '2019-01-15' }] },
      params: PARAMS,
      asOf: '2019-02-28',
    },
    {
      name: 'a bimester not yet elapsed',
      data: { affectations: [MARIE] },
      params: PARAMS,
      asOf: '2019-02-27',
    },
    {
      name: 'names found only in the agenda are not référents de parcours',
      data: { affectations: [MARIE], agenda: [atelier('P1', '2019-01-10'), { participant: 'P1', date: '2019-01-10', referent: 'Psy Durand' }] },
      params: PARAMS,
      asOf: '2019-02-28',
    },
    {
      name: 'arriving on 15 January: judged from Mar–Apr; leaving on 15 July: not judged on Jul–Aug',
      data: { affectations: [{ ...MARIE, start: '2019-01-15', end: '2019-07-15' }], agenda: [atelier('P1', '2019-03-10'), atelier('P1', '2019-06-10')] },
      params: PARAMS,
      asOf: '2019-12-31',
    },
  ],
  invalid: [
    {
      name: 'a référent without atelier in the bimester; Mar–Apr not elapsed',
      data: { affectations: [MARIE, PAUL], agenda: [atelier('P1', '2019-01-10')] },
      params: PARAMS,
      asOf: '2019-04-29',
      findings: [{ participant: null, referent: 'Paul Martin', period: '2019-01/2019-02', date: null, expected: 1, actual: 0, evidence: [], args: { window: 'bimester' } }],
    },
    {
      name: 'an atelier with three participants counts once; an absent row alone does not make an atelier',
      data: {
        affectations: [MARIE],
        agenda: [
          atelier('P1', '2019-01-10'),
          atelier('P2', '2019-01-10'),
          atelier('P3', '2019-01-10'),
          atelier('P1', '2019-02-10', 'Marie Dupont', { attendance: 'absent' }),
        ],
      },
      params: { ...PARAMS, min: 2 },
      asOf: '2019-02-28',
      findings: [{ referent: 'Marie Dupont', period: '2019-01/2019-02', expected: 2, actual: 1, evidence: [ev(1), ev(2), ev(3)] }],
    },
    {
      name: 'arriving on 15 January without atelier: the first bimester judged is Mar–Apr',
      data: { affectations: [{ ...MARIE, start: '2019-01-15', end: '2019-04-30' }] },
      params: PARAMS,
      asOf: '2019-12-31',
      findings: [{ referent: 'Marie Dupont', period: '2019-03/2019-04', actual: 0 }],
    },
  ],
});
