import { contactFrequency } from '../../src/checks/contact-frequency.js';
import { aff, ev, ruleTester, st } from './rule-tester.js';

const MENSUELS_2019 = { min: 2, match: { kinds: ['entretien'], modes: ['physique'], formats: ['individuel'] } };
const MENSUELS_2021 = {
  min: 2,
  match: { kinds: ['entretien'], modes: ['physique'], formats: ['individuel', 'collectif'] },
};
const MENSUELS_LOT2 = {
  min: 2,
  match: { kinds: ['entretien'], modes: ['physique'], formats: ['individuel'], roles: ['cip'] },
};
const SUIVI_EMPLOI = { min: 1, match: { kinds: ['entretien', 'contact'] }, state: 'emploi', maxMonthsInState: 6 };
const SANTE = {
  min: 2,
  match: { kinds: ['entretien'], modes: ['physique'], formats: ['individuel'], roles: ['psychologue'] },
  state: 'sante',
};
const JAN = { asOf: '2019-01-31' };
const Q1 = { asOf: '2019-03-31' };
const open2019 = { participant: 'P1', start: '2019-01-01' };

ruleTester(contactFrequency, {
  valid: [
    {
      name: 'entretiens-mensuels: two entretiens on the first and last day of the month',
      data: { affectations: [open2019], agenda: [{ participant: 'P1', date: '2019-01-01' }, { participant: 'P1', date: '2019-01-31' }], etapes: [] },
      params: MENSUELS_2019,
      ...JAN,
    },
    {
      name: 'entretiens-mensuels: assignment starting on the 2nd: the month is not due',
      data: { affectations: [{ participant: 'P1', start: '2019-01-02' }], agenda: [], etapes: [] },
      params: MENSUELS_2019,
      ...JAN,
    },
    {
      name: 'entretiens-mensuels: exit mid-month: that month and the next are not due',
      data: { affectations: [open2019], sorties: [{ participant: 'P1', exitDate: '2019-01-15' }], agenda: [], etapes: [] },
      params: MENSUELS_2019,
      asOf: '2019-02-28',
    },
    {
      name: 'entretiens-mensuels: one day of veille makes the month not due',
      data: {
        affectations: [{ ...open2019, veilleStart: '2019-01-31', veilleEnd: '2019-01-31' }],
        agenda: [],
        etapes: [],
      },
      params: MENSUELS_2019,
      ...JAN,
    },
    {
      name: 'entretiens-mensuels: one employment day exempts the month',
      data: {
        affectations: [open2019],
        agenda: [],
        etapes: [{ participant: 'P1', category: 'emploi', contract: 'cdd', start: '2019-01-31', end: '2019-03-01' }],
      },
      params: MENSUELS_2019,
      ...Q1,
    },
    {
      name: 'entretiens-mensuels: a month not elapsed at the as-of date is not evaluated',
      data: { affectations: [open2019], agenda: [], etapes: [] },
      params: MENSUELS_2019,
      asOf: '2019-01-30',
    },
    {
      name: 'entretiens-mensuels: a month not wholly inside the period is not evaluated',
      data: { affectations: [{ participant: 'P1', start: '2018-06-01' }], agenda: [], etapes: [] },
      params: MENSUELS_2019,
      period: { start: '2019-01-15', end: '2019-12-31' },
      asOf: '2019-01-31',
    },
    {
      name: 'entretiens-mensuels 2021: individuel and collectif both count',
      data: {
        affectations: [open2019],
        agenda: [{ participant: 'P1', date: '2019-01-10' }, { participant: 'P1', date: '2019-01-20', format: 'collectif' }],
        etapes: [],
      },
      params: MENSUELS_2021,
      ...JAN,
    },
    {
      name: 'entretiens-mensuels: empty attendance counts as attended',
      data: {
        affectations: [open2019],
        agenda: [{ participant: 'P1', date: '2019-01-10', attendance: null }, { participant: 'P1', date: '2019-01-20' }],
        etapes: [],
      },
      params: MENSUELS_2019,
      ...JAN,
    },
    {
      name: 'entretiens-mensuels: monthly-status veille month is not due',
      data: {
        affectations: [
          { participant: 'P1', month: '2019-01', status: 'veille', orientationDate: '2018-12-01' },
        ],
        agenda: [],
        etapes: [],
      },
      params: MENSUELS_2019,
      ...JAN,
    },
    {
      name: 'suivi-emploi: a month with one telephone contact is compliant',
      data: {
        affectations: [open2019],
        agenda: [{ participant: 'P1', date: '2019-01-31', kind: 'contact', mode: 'telephone' }],
        etapes: [{ participant: 'P1', category: 'emploi', contract: 'cdi', start: '2019-01-01' }],
      },
      params: SUIVI_EMPLOI,
      ...JAN,
    },
    {
      name: 'suivi-emploi: a month with one day out of employment is not due',
      data: {
        affectations: [open2019],
        agenda: [],
        etapes: [{ participant: 'P1', category: 'emploi', contract: 'cdd', start: '2019-01-02', end: '2019-06-30' }],
      },
      params: SUIVI_EMPLOI,
      ...JAN,
    },
    {
      name: 'suivi-emploi: exit mid-month: not due',
      data: {
        affectations: [{ ...open2019, exitDate: '2019-01-20' }],
        agenda: [],
        etapes: [{ participant: 'P1', category: 'emploi', contract: 'cdi', start: '2019-01-01' }],
      },
      params: SUIVI_EMPLOI,
      ...JAN,
    },
    {
      name: 'entretiens-sante: months before the health track started are not due',
      data: { affectations: [{ ...open2019, healthStart: '2019-02-10' }], agenda: [], etapes: [] },
      params: SANTE,
      asOf: '2019-02-28',
    },
    {
      name: 'entretiens-sante: no health track, no due month',
      data: { affectations: [open2019], agenda: [], etapes: [] },
      params: SANTE,
      ...JAN,
    },
    {
      name: 'exemptSteps: a month covered on every day by a suspending step is not due',
      data: {
        affectations: [open2019],
        agenda: [],
        etapes: [{ participant: 'P1', category: 'formation', start: '2018-12-15', end: '2019-01-31' }],
      },
      params: { min: 1, match: { kinds: ['entretien'] }, exemptSteps: { categories: ['formation'] } },
      ...JAN,
    },
  ],
  invalid: [
    {
      name: 'suivi-emploi: an emploi step is employment whatever its status (rules.md §3)',
      data: {
        affectations: [open2019],
        agenda: [],
        etapes: [{ participant: 'P1', category: 'emploi', contract: 'cdi', start: '2019-01-01', status: 'prescrite' }],
      },
      params: SUIVI_EMPLOI,
      ...JAN,
      findings: [{ participant: 'P1', period: '2019-01', expected: 1, actual: 0 }],
    },
    {
      name: 'entretiens-mensuels: events on the last day of the previous month and first day of the next do not count',
      data: {
        affectations: [{ participant: 'P1', start: '2018-12-01' }],
        agenda: [
          { participant: 'P1', date: '2018-12-31' },
          { participant: 'P1', date: '2019-01-15' },
          { participant: 'P1', date: '2019-02-01' },
        ],
        etapes: [],
      },
      params: MENSUELS_2019,
      ...JAN,
      findings: [
        {
          participant: 'P1',
          referent: 'Marie Dupont',
          period: '2019-01',
          date: null,
          milestone: null,
          expected: 2,
          actual: 1,
          evidence: [aff(1), ev(2)],
          args: { counted: 1, windowStart: '2019-01-01', windowEnd: '2019-01-31' },
        },
      ],
    },
    {
      name: 'entretiens-mensuels: annulé and absent do not count, telephone and collectif (2019) do not count',
      data: {
        affectations: [open2019],
        agenda: [
          { participant: 'P1', date: '2019-01-05', attendance: 'annule' },
          { participant: 'P1', date: '2019-01-06', attendance: 'absent' },
          { participant: 'P1', date: '2019-01-07', mode: 'telephone' },
          { participant: 'P1', date: '2019-01-08', format: 'collectif' },
          { participant: 'P1', date: '2019-01-09', attendance: null },
        ],
        etapes: [],
      },
      params: MENSUELS_2019,
      ...JAN,
      findings: [{ participant: 'P1', period: '2019-01', actual: 1, evidence: [aff(1), ev(5)] }],
    },
    {
      name: 'entretiens-mensuels: reassignment mid-month: the référent covering the last day',
      data: {
        affectations: [
          { participant: 'P1', referent: 'Marie Dupont', start: '2019-01-01', end: '2019-01-14' },
          { participant: 'P1', referent: 'Paul Martin', start: '2019-01-15' },
        ],
        agenda: [],
        etapes: [],
      },
      params: MENSUELS_2019,
      ...JAN,
      findings: [{ participant: 'P1', referent: 'Paul Martin', period: '2019-01', actual: 0, evidence: [aff(2)] }],
    },
    {
      name: 'entretiens-mensuels: each due month is one finding; employment months skipped',
      data: {
        affectations: [open2019],
        agenda: [],
        etapes: [{ participant: 'P1', category: 'emploi', contract: 'interim', start: '2019-02-10', end: '2019-02-20' }],
      },
      params: MENSUELS_2019,
      ...Q1,
      findings: [{ period: '2019-01' }, { period: '2019-03' }],
    },
    {
      name: 'entretiens-mensuels 2019: a collectif interview does not count',
      data: {
        affectations: [open2019],
        agenda: [{ participant: 'P1', date: '2019-01-10' }, { participant: 'P1', date: '2019-01-20', format: 'collectif' }],
        etapes: [],
      },
      params: MENSUELS_2019,
      ...JAN,
      findings: [{ period: '2019-01', actual: 1 }],
    },
    {
      name: 'entretiens-mensuels lot2: only role cip counts',
      data: {
        affectations: [open2019],
        agenda: [
          { participant: 'P1', date: '2019-01-10', role: 'cip' },
          { participant: 'P1', date: '2019-01-20', role: 'psychologue' },
          { participant: 'P1', date: '2019-01-21', role: null },
        ],
        etapes: [],
      },
      params: MENSUELS_LOT2,
      ...JAN,
      findings: [{ period: '2019-01', actual: 1, evidence: [aff(1), ev(1)] }],
    },
    {
      name: 'entretiens-mensuels: monthly-status rows, veille in February only',
      data: {
        affectations: [
          { participant: 'P1', month: '2019-01', status: 'parcours', orientationDate: '2018-12-01' },
          { participant: 'P1', month: '2019-02', status: 'veille', orientationDate: '2018-12-01' },
          { participant: 'P1', month: '2019-03', status: 'parcours', orientationDate: '2018-12-01' },
        ],
        agenda: [],
        etapes: [],
      },
      params: MENSUELS_2019,
      ...Q1,
      findings: [
        { period: '2019-01', evidence: [aff(1)] },
        { period: '2019-03', evidence: [aff(3)] },
      ],
    },
    {
      name: 'quarter window: period YYYY-MM/YYYY-MM',
      data: { affectations: [open2019], agenda: [{ participant: 'P1', date: '2019-03-31' }], etapes: [] },
      params: { ...MENSUELS_2019, window: 'quarter' },
      asOf: '2019-06-30',
      findings: [
        { period: '2019-01/2019-03', actual: 1, args: { counted: 1, windowStart: '2019-01-01', windowEnd: '2019-03-31' } },
        { period: '2019-04/2019-06', actual: 0 },
      ],
    },
    {
      name: 'suivi-emploi: veille does not matter; six months from the spell start',
      data: {
        affectations: [{ ...open2019, veilleStart: '2019-01-01', veilleEnd: '2019-12-31' }],
        agenda: [],
        etapes: [{ participant: 'P1', category: 'emploi', contract: 'cdi', start: '2019-01-01' }],
      },
      params: SUIVI_EMPLOI,
      findings: ['01', '02', '03', '04', '05', '06'].map((m) => ({
        participant: 'P1',
        period: `2019-${m}`,
        expected: 1,
        actual: 0,
        evidence: [aff(1), st(1)],
        args: { counted: 0, windowStart: `2019-${m}-01`, windowEnd: m === '02' ? '2019-02-28' : m === '04' || m === '06' ? `2019-${m}-30` : `2019-${m}-31`, spellStart: '2019-01-01' },
      })),
    },
    {
      name: 'suivi-emploi: touching steps form one spell; the month starting before the 6-month anniversary is due',
      data: {
        affectations: [open2019],
        agenda: [
          { participant: 'P1', date: '2019-02-14', kind: 'contact', mode: 'telephone', format: null },
          { participant: 'P1', date: '2019-03-01', kind: 'entretien', mode: 'visio' },
          { participant: 'P1', date: '2019-04-30', kind: 'contact', attendance: 'annule' },
        ],
        etapes: [
          { participant: 'P1', category: 'emploi', contract: 'cdd', start: '2019-01-15', end: '2019-03-31' },
          { participant: 'P1', category: 'emploi', contract: 'cdd', start: '2019-04-01', end: '2019-09-30' },
        ],
      },
      params: SUIVI_EMPLOI,
      findings: [
        { period: '2019-04', evidence: [aff(1), st(1), st(2)], args: { counted: 0, windowStart: '2019-04-01', windowEnd: '2019-04-30', spellStart: '2019-01-15' } },
        { period: '2019-05' },
        { period: '2019-06' },
        { period: '2019-07' },
      ],
    },
    {
      name: 'suivi-emploi: a one-day gap starts a new spell',
      data: {
        affectations: [open2019],
        agenda: [],
        etapes: [
          { participant: 'P1', category: 'emploi', contract: 'cdd', start: '2019-01-01', end: '2019-01-31' },
          { participant: 'P1', category: 'emploi', contract: 'cdd', start: '2019-02-02', end: '2019-12-31' },
        ],
      },
      params: SUIVI_EMPLOI,
      findings: [
        { period: '2019-01', args: { counted: 0, windowStart: '2019-01-01', windowEnd: '2019-01-31', spellStart: '2019-01-01' } },
        { period: '2019-03', evidence: [aff(1), st(2)] },
        { period: '2019-04' },
        { period: '2019-05' },
        { period: '2019-06' },
        { period: '2019-07' },
        { period: '2019-08' },
      ],
    },
    {
      name: 'entretiens-sante: due from the first month starting on or after the health start, role psychologue',
      data: {
        affectations: [{ ...open2019, healthStart: '2019-02-01' }],
        agenda: [
          { participant: 'P1', date: '2019-02-03', role: 'psychologue' },
          { participant: 'P1', date: '2019-02-04', role: 'cip' },
        ],
        etapes: [],
      },
      params: SANTE,
      asOf: '2019-02-28',
      findings: [
        {
          participant: 'P1',
          period: '2019-02',
          expected: 2,
          actual: 1,
          evidence: [aff(1), ev(1)],
          args: { counted: 1, windowStart: '2019-02-01', windowEnd: '2019-02-28', healthStart: '2019-02-01' },
        },
      ],
    },
    {
      name: 'exemptSteps: a step covering part of the month does not exempt it; a prescribed one never does',
      data: {
        affectations: [open2019],
        agenda: [],
        etapes: [
          { participant: 'P1', category: 'formation', start: '2018-12-15', end: '2019-02-15' },
          { participant: 'P1', category: 'formation', start: '2019-03-01', end: '2019-03-31', status: 'prescrite' },
        ],
      },
      params: { min: 1, match: { kinds: ['entretien'] }, exemptSteps: { categories: ['formation'] } },
      ...Q1,
      findings: [{ period: '2019-02' }, { period: '2019-03' }],
    },
    {
      name: 'duringStep: a phone contact counts only on a day covered by the step',
      data: {
        affectations: [open2019],
        agenda: [
          { participant: 'P1', date: '2019-01-15', kind: 'contact', mode: 'telephone' },
          { participant: 'P1', date: '2019-02-15', kind: 'contact', mode: 'telephone' },
          { participant: 'P1', date: '2019-03-25', kind: 'contact', mode: 'telephone' },
        ],
        etapes: [{ participant: 'P1', category: 'formation', start: '2019-02-10', end: '2019-03-20' }],
      },
      params: {
        min: 1,
        match: { kinds: ['entretien'], modes: ['physique'] },
        duringStep: { steps: { categories: ['formation'] }, match: { kinds: ['entretien', 'contact'], modes: ['telephone'] } },
      },
      ...Q1,
      findings: [
        { period: '2019-01', actual: 0 },
        { period: '2019-03', actual: 0 },
      ],
    },
    {
      name: 'several participants: sorted by référent then participant',
      data: {
        affectations: [
          { participant: 'P2', referent: 'Paul Martin', start: '2019-01-01' },
          { participant: 'P3', referent: 'Anne Roux', start: '2019-01-01' },
          { participant: 'P1', referent: 'Paul Martin', start: '2019-01-01' },
        ],
        agenda: [],
        etapes: [],
      },
      params: MENSUELS_2019,
      ...JAN,
      findings: [
        { participant: 'P3', referent: 'Anne Roux' },
        { participant: 'P1', referent: 'Paul Martin' },
        { participant: 'P2', referent: 'Paul Martin' },
      ],
    },
  ],
  badParams: [
    { name: 'min missing', params: { match: { kinds: ['entretien'] } } },
    { name: 'unknown param', params: { ...MENSUELS_2019, minimum: 2 } },
    { name: 'maxMonthsInState without state emploi', params: { ...MENSUELS_2019, maxMonthsInState: 6 } },
    { name: 'unknown event kind', params: { min: 1, match: { kinds: ['rdv'] } } },
  ],
});
