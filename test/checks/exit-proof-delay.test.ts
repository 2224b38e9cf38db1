import { exitProofDelay } from '../../src/checks/exit-proof-delay.js';
import { aff, ruleTester, so } from './rule-tester.js';

const P1 = { participant: 'P1', referent: 'Marie Dupont', start: '2018-01-01' };
const exit = (extra = {}) => ({ participant: 'P1', exitType: 'positive' as const, exitDate: '2019-04-15', forecastDate: '2019-03-31', ...extra });

ruleTester(exitProofDelay, {
  valid: [
    {
      name: 'proof on the last day: forecast 31 March + 3 months = 30 June',
      data: { affectations: [P1], sorties: [exit({ proofDate: '2019-06-30' })] },
      params: { maxMonths: 3 },
    },
    {
      name: 'no proof yet, deadline after A: not judged',
      data: { affectations: [P1], sorties: [exit()] },
      params: { maxMonths: 3 },
      asOf: '2019-06-29',
    },
    {
      name: 'other exit types are not judged by default; forecast before P not judged',
      data: {
        affectations: [P1],
        sorties: [exit({ exitType: 'autre' }), exit({ forecastDate: '2018-12-31' })],
      },
      params: { maxMonths: 3 },
    },
  ],
  invalid: [
    {
      name: 'proof one day late',
      data: { affectations: [P1], sorties: [exit({ proofDate: '2019-07-01' })] },
      params: { maxMonths: 3 },
      asOf: '2019-06-30',
      findings: [
        {
          participant: 'P1',
          referent: 'Marie Dupont',
          period: '2019-03',
          date: '2019-03-31',
          expected: '2019-06-30',
          actual: '2019-07-01',
          evidence: [so(1), aff(1)],
          args: { reference: 'prevision', deadline: '2019-06-30', proofDate: '2019-07-01', delayDays: 92 },
        },
      ],
    },
    {
      name: 'no proof once the deadline has passed; without forecast, from the exit date',
      data: {
        affectations: [P1],
        sorties: [exit(), exit({ forecastDate: null, exitDate: '2019-05-31', proofDate: null })],
      },
      params: { maxMonths: 3 },
      asOf: '2019-08-31',
      findings: [
        { date: '2019-03-31', expected: '2019-06-30', actual: null, args: { reference: 'prevision', deadline: '2019-06-30', proofDate: null, delayDays: null } },
        { date: '2019-05-31', expected: '2019-08-31', actual: null, args: { reference: 'sortie', deadline: '2019-08-31', proofDate: null, delayDays: null } },
      ],
    },
    {
      name: 'exitTypes widens the judged exits',
      data: { affectations: [P1], sorties: [exit({ exitType: 'autre' })] },
      params: { maxMonths: 3, exitTypes: ['positive', 'autre'] },
      findings: [{ participant: 'P1', actual: null }],
    },
  ],
  badParams: [{ name: 'maxMonths missing', params: {} }, { name: 'unknown exit type', params: { maxMonths: 3, exitTypes: ['emploi'] } }],
});
