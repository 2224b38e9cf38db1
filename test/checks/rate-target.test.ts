import { rateTarget } from '../../src/checks/rate-target.js';
import type { AffectationInput, ExitInput } from '../helpers/build.js';
import { ruleTester, so } from './rule-tester.js';

const eight: AffectationInput[] = Array.from({ length: 8 }, (_, i) => ({ participant: `P${i + 1}`, start: '2018-06-01' }));
const positive = (participant: string, exitDate = '2019-06-30'): ExitInput => ({ participant, exitDate, exitType: 'positive' });

ruleTester(rateTarget, {
  valid: [
    {
      name: 'before the end of the period: skipped with a reason',
      data: { affectations: eight, sorties: [] },
      params: { target: 0.16 },
      asOf: '2019-05-31',
      skipReason: "objectif annuel : évalué à la fin de la période (le 31/12/2019) ; voir `plie-audit kpi` pour l'avancement",
    },
    {
      name: '2 positive exits out of 8 participants = 25 % ≥ 16 %',
      data: { affectations: eight, sorties: [positive('P1'), positive('P2')] },
      params: { target: 0.16 },
    },
    {
      name: 'no participant: no rate',
      data: { affectations: [], sorties: [] },
      params: { target: 0.16 },
    },
    {
      name: 'denominator sorties: 1 positive out of 2 exits = 50 %',
      data: { affectations: eight, sorties: [positive('P1'), { participant: 'P2', exitDate: '2019-03-01', exitType: 'autre' }] },
      params: { target: 0.5, denominator: 'sorties' },
    },
  ],
  invalid: [
    {
      name: '1 positive exit out of 7 = 14.3 % < 16 %: P2 exited before P is not accompanied; an unknown participant does not count',
      data: {
        affectations: eight,
        sorties: [positive('P1'), positive('P2', '2018-12-31'), positive('X9')],
      },
      params: { target: 0.16 },
      findings: [
        {
          participant: null,
          referent: null,
          period: '2019-01/2019-12',
          date: '2019-12-31',
          expected: 16,
          actual: 14.3,
          evidence: [so(1)],
          args: { numerator: 1, denominator: 7, of: 'sorties-positives', denominatorOf: 'participants-accompagnes' },
        },
      ],
    },
    {
      name: 'denominator sorties: 1 out of 3 = 33.3 % < 50 % (a duplicated exit row counts once)',
      data: {
        affectations: eight,
        sorties: [
          positive('P1'),
          { participant: 'P1', exitDate: '2019-06-30', exitType: 'positive' },
          { participant: 'P2', exitDate: '2019-03-01', exitType: 'autre' },
          { participant: 'P3', exitDate: '2019-04-01', exitType: 'sans-suite' },
        ],
      },
      params: { target: 0.5, denominator: 'sorties' },
      findings: [{ expected: 50, actual: 33.3, evidence: [so(1)], args: { numerator: 1, denominator: 3, of: 'sorties-positives', denominatorOf: 'sorties' } }],
    },
  ],
  badParams: [{ name: 'a percentage instead of a fraction', params: { target: 16 } }],
});
