import { milestoneReview } from '../../src/checks/milestone-review.js';
import { aff, ruleTester, so } from './rule-tester.js';

const REVUE_18 = { milestones: [18], eventKinds: ['poursuite'], toleranceMonths: 1 };
const BILANS_BRSA = { milestones: [5, 11, 17], eventKinds: ['bilan'], population: { brsa: true, cer: true }, onExit: true };

/** e = 2018-01-15: e + 17 = 2019-06-15, e + 18 = 2019-07-15, e + 19 = 2019-08-15. */
const entered2018 = [{ participant: 'P1', start: '2018-01-15', entryDate: '2018-01-15' }];
const revue = (...agenda: { date: string; [k: string]: unknown }[]) => ({
  affectations: entered2018,
  agenda: agenda.map((e) => ({ participant: 'P1', kind: 'poursuite' as const, ...e })),
});

/** BRSA under CER, e = 2019-01-31: e + 4 = 05-31, e + 5 = 06-30, e + 6 = 07-31; e + 12 = 2020-01-31 > A. */
const brsa = { participant: 'P1', start: '2019-01-31', entryDate: '2019-01-31', brsa: true, cer: true };
const bilans = (extra: object, ...agenda: { date: string; [k: string]: unknown }[]) => ({
  affectations: [{ ...brsa, ...extra }],
  agenda: agenda.map((e) => ({ participant: 'P1', kind: 'bilan' as const, ...e })),
});

ruleTester(milestoneReview, {
  valid: [
    { name: 'revue-18-mois: poursuite on e + 17 months', data: revue({ date: '2019-06-15' }), params: REVUE_18 },
    { name: 'revue-18-mois: poursuite on e + 19 months', data: revue({ date: '2019-08-15' }), params: REVUE_18 },
    {
      name: 'revue-18-mois: review events count whatever their attendance',
      data: revue({ date: '2019-07-15', attendance: 'annule' }),
      params: REVUE_18,
    },
    { name: 'revue-18-mois: e + 19 months after the as-of date', data: revue(), params: REVUE_18, asOf: '2019-08-14' },
    {
      name: 'revue-18-mois: exited the day before e + 18',
      data: { affectations: [{ ...entered2018[0]!, exitDate: '2019-07-14' }], agenda: [] },
      params: REVUE_18,
    },
    {
      name: 'revue-18-mois: e + 18 outside the period',
      data: { affectations: [{ participant: 'P1', start: '2017-01-15', entryDate: '2017-01-15' }], agenda: [] },
      params: REVUE_18,
    },
    {
      name: 'bilans-brsa: bilan on the last day of the window (e + 6); exit bilan after the exit',
      data: bilans({}, { date: '2019-07-31' }),
      params: BILANS_BRSA,
    },
    {
      name: 'bilans-brsa: a bilan on e + 4 (first day of the window)',
      data: bilans({}, { date: '2019-05-31' }),
      params: BILANS_BRSA,
    },
    {
      name: 'bilans-brsa: not BRSA under CER: outside the population',
      data: bilans({ cer: false }),
      params: BILANS_BRSA,
    },
    {
      name: 'bilans-brsa: exit bilan dated exit + 1 month, after the exit',
      data: {
        ...bilans({}, { date: '2019-05-31' }, { date: '2019-10-10' }),
        sorties: [{ participant: 'P1', exitDate: '2019-09-10' }],
      },
      params: BILANS_BRSA,
    },
    {
      name: 'bilans-brsa: a milestone bilan inside the exit window covers the exit',
      data: {
        ...bilans({}, { date: '2019-06-30' }),
        sorties: [{ participant: 'P1', exitDate: '2019-07-15' }],
      },
      params: BILANS_BRSA,
    },
    {
      name: 'bilans-brsa: exit + 1 month after the as-of date: not yet evaluated',
      data: {
        ...bilans({}, { date: '2019-06-30' }),
        sorties: [{ participant: 'P1', exitDate: '2019-09-10' }],
      },
      params: BILANS_BRSA,
      asOf: '2019-10-09',
    },
    {
      name: 'bilans-brsa: no onExit: an exit needs no bilan',
      data: {
        ...bilans({}, { date: '2019-06-30' }),
        sorties: [{ participant: 'P1', exitDate: '2019-09-10' }],
      },
      params: { ...BILANS_BRSA, onExit: false },
    },
    {
      name: 'every with onExit: an exit reviewed within ± 1 month',
      data: {
        affectations: [{ participant: 'P1', start: '2018-06-01', entryDate: '2018-06-01' }],
        sorties: [{ participant: 'P1', exitDate: '2019-03-20' }],
        agenda: [{ participant: 'P1', kind: 'point-etape', date: '2019-03-15' }, { participant: 'P1', kind: 'point-etape', date: '2019-05-20' }],
      },
      params: { every: 5, eventKinds: ['point-etape'], onExit: true },
    },
  ],
  invalid: [
    {
      name: 'revue-18-mois: poursuite the day before e + 17 months',
      data: revue({ date: '2019-06-14' }),
      params: REVUE_18,
      findings: [
        {
          participant: 'P1',
          referent: 'Marie Dupont',
          period: '2019-07',
          date: null,
          milestone: 18,
          expected: 1,
          actual: 0,
          evidence: [aff(1)],
          args: { entryDate: '2018-01-15', milestoneDate: '2019-07-15', windowStart: '2019-06-15', windowEnd: '2019-08-15' },
        },
      ],
    },
    {
      name: 'revue-18-mois: poursuite the day after e + 19 months; a bilan is not a poursuite',
      data: revue({ date: '2019-08-16' }, { date: '2019-07-15', kind: 'bilan' }),
      params: REVUE_18,
      findings: [{ milestone: 18, period: '2019-07' }],
    },
    {
      name: 'revue-18-mois: exit on e + 18 itself: still due (not exited on the exit day)',
      data: { affectations: [{ ...entered2018[0]!, exitDate: '2019-07-15' }], agenda: [] },
      params: REVUE_18,
      findings: [{ milestone: 18 }],
    },
    {
      name: 'revue-18-mois: référent = affectation covering e + 18',
      data: {
        affectations: [
          { participant: 'P1', referent: 'Marie Dupont', start: '2018-01-15', end: '2019-07-15', entryDate: '2018-01-15' },
          { participant: 'P1', referent: 'Paul Martin', start: '2019-07-16' },
        ],
        agenda: [],
      },
      params: REVUE_18,
      findings: [{ referent: 'Marie Dupont', evidence: [aff(1)] }],
    },
    {
      name: 'bilans-brsa: bilan the day before the window (e + 4 − 1 day)',
      data: bilans({}, { date: '2019-05-30' }),
      params: BILANS_BRSA,
      findings: [
        {
          participant: 'P1',
          period: '2019-06',
          milestone: 5,
          evidence: [aff(1)],
          args: { entryDate: '2019-01-31', milestoneDate: '2019-06-30', windowStart: '2019-05-31', windowEnd: '2019-07-31' },
        },
      ],
    },
    {
      name: 'bilans-brsa: bilan the day after the window (e + 6 + 1 day)',
      data: bilans({}, { date: '2019-08-01' }),
      params: BILANS_BRSA,
      findings: [{ milestone: 5 }],
    },
    {
      name: 'bilans-brsa: early exit without bilan within ± 1 month',
      data: {
        ...bilans({}, { date: '2019-06-30' }, { date: '2019-08-09' }, { date: '2019-10-11' }),
        sorties: [{ participant: 'P1', exitDate: '2019-09-10' }],
      },
      params: BILANS_BRSA,
      findings: [
        {
          participant: 'P1',
          referent: 'Marie Dupont',
          period: '2019-09',
          date: null,
          milestone: 'sortie',
          expected: 1,
          actual: 0,
          evidence: [aff(1), so(1)],
          args: { entryDate: '2019-01-31', exitDate: '2019-09-10', windowStart: '2019-08-10', windowEnd: '2019-10-10' },
        },
      ],
    },
    {
      name: 'bilans-brsa: milestones across years; exit after the last milestone needs no exit bilan',
      data: {
        affectations: [{ participant: 'P1', start: '2017-10-15', entryDate: '2017-10-15', brsa: true, cer: true }],
        sorties: [{ participant: 'P1', exitDate: '2019-06-01' }],
        agenda: [{ participant: 'P1', kind: 'bilan', date: '2018-09-15' }],
      },
      params: BILANS_BRSA,
      // e + 11 = 2018-09-15 (outside P), e + 17 = 2019-03-15 (due), exit 2019-06-01 ≥ e + 17.
      findings: [{ milestone: 17, period: '2019-03', args: { entryDate: '2017-10-15', milestoneDate: '2019-03-15', windowStart: '2019-02-15', windowEnd: '2019-04-15' } }],
    },
    {
      name: 'points d\'étape every 5 months: milestones 10 and 15 fall in 2019',
      data: {
        affectations: [{ participant: 'P1', start: '2018-06-01', entryDate: '2018-06-01' }],
        agenda: [{ participant: 'P1', kind: 'point-etape', date: '2019-03-15' }],
      },
      params: { every: 5, eventKinds: ['point-etape'] },
      findings: [{ milestone: 15, period: '2019-09', evidence: [aff(1)] }],
    },
    {
      name: 'every with onExit: any exit needs a review (none within ± 1 month)',
      data: {
        affectations: [{ participant: 'P1', start: '2018-06-01', entryDate: '2018-06-01' }],
        sorties: [{ participant: 'P1', exitDate: '2019-03-20' }],
        agenda: [{ participant: 'P1', kind: 'point-etape', date: '2019-02-19' }],
      },
      params: { every: 5, eventKinds: ['point-etape'], onExit: true },
      findings: [{ milestone: 'sortie', period: '2019-03', evidence: [aff(1), so(1)] }],
    },
    {
      name: 'entry date falls back on the first assignment start',
      data: { affectations: [{ participant: 'P1', start: '2018-01-15' }], agenda: [] },
      params: REVUE_18,
      findings: [{ milestone: 18, period: '2019-07', args: { entryDate: '2018-01-15', milestoneDate: '2019-07-15', windowStart: '2019-06-15', windowEnd: '2019-08-15' } }],
    },
  ],
  badParams: [
    { name: 'both milestones and every', params: { milestones: [5], every: 5, eventKinds: ['bilan'] } },
    { name: 'neither milestones nor every', params: { eventKinds: ['bilan'] } },
    { name: 'unknown population key', params: { milestones: [5], eventKinds: ['bilan'], population: { rsa: true } } },
  ],
});

