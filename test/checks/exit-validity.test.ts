import { describe, expect, it } from 'vitest';
import { exitValidity, monthsSpanned } from '../../src/checks/exit-validity.js';
import type { StepInput } from '../helpers/build.js';
import { aff, ruleTester, so, st } from './rule-tester.js';

/** Lunel 2019: emploi ≥ mi-temps 6 mois sans interruption, création (Kbis), contrat aidé hors ACI ≥ 6 mois ≥ 20 h. */
const LUNEL = {
  accepted: [
    { id: 'emploi', steps: { contracts: ['cdi', 'cdd'] }, minMonths: 6, minWeeklyHours: 17.5, proof: true },
    { id: 'creation', steps: { categories: ['creation'] }, proof: true },
    { id: 'contrat-aide', steps: { categories: ['contrat-aide', 'iae'] }, minMonths: 6, minWeeklyHours: 20, excludeAci: true },
  ],
};
/** Dijon 2018: intérim cumulé 6 mois dans les 12; seniors ≥ 55 ans en ACI au cas par cas. */
const DIJON = {
  accepted: [
    { id: 'interim', steps: { contracts: ['interim'] }, minMonths: 6, withinMonths: 12 },
    { id: 'contrat-aide', steps: { categories: ['contrat-aide', 'iae'] }, minMonths: 6, excludeAci: true },
    { id: 'senior-aci', steps: { categories: ['iae'] }, minMonths: 6, minAge: 55, severity: 'warning' },
    { id: 'formation', reasons: ['formation qualifiante'], proof: true },
  ],
};

const P1 = { participant: 'P1', referent: 'Marie Dupont', start: '2018-01-01' };
const exit = (exitDate: string, extra = {}) => ({ participant: 'P1', exitDate, exitType: 'positive' as const, proofDate: '2019-07-15', ...extra });
const cdd = (start: string, end: string | null, extra: Partial<StepInput> = {}): StepInput => ({
  participant: 'P1', category: 'emploi', contract: 'cdd', start, end, weeklyHours: 35, ...extra,
});

describe('monthsSpanned', () => {
  it('counts calendar months, partial months as their share of days', () => {
    expect(monthsSpanned('2019-01-01', '2019-06-30')).toBe(6);
    expect(monthsSpanned('2019-01-31', '2019-07-30')).toBe(6);
    expect(monthsSpanned('2019-09-16', '2019-11-30')).toBe(2.5);
    expect(monthsSpanned('2019-01-01', '2019-01-01')).toBeCloseTo(1 / 31);
  });
});

ruleTester(exitValidity, {
  valid: [
    {
      name: '6 months of CDD (1 January → 30 June), full time, with proof',
      data: { affectations: [P1], etapes: [cdd('2019-01-01', '2019-06-30')], sorties: [exit('2019-07-01')] },
      params: LUNEL,
    },
    {
      name: 'successive CDD touching each other form one uninterrupted run',
      data: {
        affectations: [P1],
        etapes: [cdd('2019-01-01', '2019-03-31'), cdd('2019-04-01', '2019-06-30', { contract: 'cdi', end: null })],
        sorties: [exit('2019-06-30')],
      },
      params: LUNEL,
    },
    {
      name: 'exit recorded before 6 months: the CDD recorded 1 January → 30 June documents 6 months',
      data: { affectations: [P1], etapes: [cdd('2019-01-01', '2019-06-30')], sorties: [exit('2019-04-30')] },
      params: LUNEL,
    },
    {
      name: 'mi-temps boundary: 17.5 h per week is a mi-temps',
      data: { affectations: [P1], etapes: [cdd('2019-01-01', '2019-06-30', { weeklyHours: 17.5 })], sorties: [exit('2019-07-01')] },
      params: LUNEL,
    },
    {
      name: 'contrat aidé hors ACI, 6 months at 20 h; the proof on the step is enough for the création pattern',
      data: {
        affectations: [P1, { participant: 'P2', start: '2018-01-01' }],
        etapes: [
          { participant: 'P1', category: 'contrat-aide', contract: 'pec', start: '2019-01-01', end: '2019-06-30', weeklyHours: 20, aci: false },
          { participant: 'P2', category: 'creation', start: '2019-02-01', proofDate: '2019-02-15' },
        ],
        sorties: [exit('2019-07-01', { proofDate: null }), { participant: 'P2', exitDate: '2019-03-01', exitType: 'positive' }],
      },
      params: LUNEL,
    },
    {
      name: 'Dijon: intérim cumulating 3 + 3 months within the 12 months before the exit',
      data: {
        affectations: [P1],
        etapes: [cdd('2019-01-01', '2019-03-31', { contract: 'interim' }), cdd('2019-06-01', '2019-08-31', { contract: 'interim' })],
        sorties: [exit('2019-09-15')],
      },
      params: DIJON,
    },
    {
      name: 'not judged: other exit types, exits after A, exits before P',
      data: {
        affectations: [P1],
        sorties: [
          { participant: 'P1', exitDate: '2019-05-01', exitType: 'autre' },
          exit('2019-11-01'),
          exit('2018-12-31'),
        ],
      },
      params: LUNEL,
      asOf: '2019-10-31',
    },
  ],
  invalid: [
    {
      name: '5.9 months of CDD',
      data: { affectations: [P1], etapes: [cdd('2019-01-01', '2019-06-28')], sorties: [exit('2019-06-28')] },
      params: LUNEL,
      findings: [
        {
          participant: 'P1',
          referent: 'Marie Dupont',
          period: '2019-06',
          date: '2019-06-28',
          expected: 6,
          actual: 5.9,
          evidence: [so(1), aff(1), st(1)],
          args: {
            exitReason: null,
            tried: ['emploi:duree-insuffisante', 'creation:aucune-etape', 'contrat-aide:aucune-etape'],
            matched: null,
          },
        },
      ],
    },
    {
      name: 'a CDD recorded to 31 July counts up to A only: 5.97 months on A shows 5.9, not 6.0',
      data: { affectations: [P1], etapes: [cdd('2019-01-01', '2019-07-31')], sorties: [exit('2019-03-31')] },
      params: LUNEL,
      asOf: '2019-06-29',
      findings: [{ participant: 'P1', actual: 5.9 }],
    },
    {
      name: 'an open CDI validated after 4 months: without end date, it counts up to the exit only',
      data: { affectations: [P1], etapes: [cdd('2019-01-24', null, { contract: 'cdi' })], sorties: [exit('2019-06-13')] },
      params: LUNEL,
      findings: [
        {
          participant: 'P1',
          expected: 6,
          actual: 4.6,
          args: { exitReason: null, tried: ['emploi:duree-insuffisante', 'creation:aucune-etape', 'contrat-aide:aucune-etape'], matched: null },
        },
      ],
    },
    {
      name: 'mi-temps boundary: 17 h per week is not; unknown hours do not prove it',
      data: {
        affectations: [P1, { participant: 'P2', start: '2018-01-01' }],
        etapes: [
          cdd('2019-01-01', '2019-06-30', { weeklyHours: 17 }),
          { ...cdd('2019-01-01', '2019-06-30', { weeklyHours: null }), participant: 'P2' },
        ],
        sorties: [exit('2019-07-01'), { ...exit('2019-07-01'), participant: 'P2' }],
      },
      params: LUNEL,
      findings: [
        { participant: 'P1', actual: 0, args: { exitReason: null, tried: ['emploi:heures-insuffisantes+duree-insuffisante', 'creation:aucune-etape', 'contrat-aide:aucune-etape'], matched: null } },
        { participant: 'P2', actual: 0, args: { exitReason: null, tried: ['emploi:heures-inconnues+duree-insuffisante', 'creation:aucune-etape', 'contrat-aide:aucune-etape'], matched: null } },
      ],
    },
    {
      name: 'contrat aidé in an ACI is excluded (ACI flag, or CDDI contract)',
      data: {
        affectations: [P1],
        etapes: [
          { participant: 'P1', category: 'iae', contract: 'cddi', start: '2018-07-01', end: '2018-12-31', weeklyHours: 26 },
          { participant: 'P1', category: 'contrat-aide', start: '2019-01-01', end: '2019-06-30', weeklyHours: 26, aci: true },
        ],
        sorties: [exit('2019-07-01')],
      },
      params: LUNEL,
      findings: [
        {
          participant: 'P1',
          actual: 0,
          args: { exitReason: null, tried: ['emploi:aucune-etape', 'creation:aucune-etape', 'contrat-aide:aci-exclu+duree-insuffisante'], matched: null },
        },
      ],
    },
    {
      name: 'proof missing; a CDD ended more than 3 months before the exit does not count',
      data: {
        affectations: [P1, { participant: 'P2', start: '2018-01-01' }],
        etapes: [cdd('2019-01-01', '2019-06-30'), { ...cdd('2018-06-01', '2018-12-31'), participant: 'P2' }],
        sorties: [exit('2019-07-01', { proofDate: null }), { ...exit('2019-04-15'), participant: 'P2' }],
      },
      params: LUNEL,
      findings: [
        { participant: 'P1', actual: 6, args: { exitReason: null, tried: ['emploi:justificatif-absent', 'creation:aucune-etape+justificatif-absent', 'contrat-aide:aucune-etape'], matched: null } },
        { participant: 'P2', actual: 0, args: { exitReason: null, tried: ['emploi:duree-insuffisante', 'creation:aucune-etape', 'contrat-aide:aucune-etape'], matched: null } },
      ],
    },
    {
      name: 'Dijon: intérim 2.5 + 3 months within the 12 months before the exit',
      data: {
        affectations: [P1],
        etapes: [cdd('2018-09-01', '2018-11-30', { contract: 'interim' }), cdd('2019-06-01', '2019-08-31', { contract: 'interim' })],
        sorties: [exit('2019-09-15', { exitReason: 'Intérim' })],
      },
      params: DIJON,
      findings: [
        {
          participant: 'P1',
          expected: 6,
          actual: 5.5,
          evidence: [so(1), aff(1), st(1), st(2)],
          args: {
            exitReason: 'Intérim',
            tried: ['interim:duree-insuffisante', 'contrat-aide:aucune-etape', 'senior-aci:age-inconnu+aucune-etape', 'formation:motif-non-conforme'],
            matched: null,
          },
        },
      ],
    },
    {
      name: 'Dijon: a senior of 55 after 6 months in an ACI is a warning; at 54 an error',
      data: {
        affectations: [P1, { participant: 'P2', start: '2018-01-01' }],
        etapes: [
          { participant: 'P1', category: 'iae', contract: 'cddi', aci: true, start: '2019-01-01', end: '2019-06-30' },
          { participant: 'P2', category: 'iae', contract: 'cddi', aci: true, start: '2019-01-01', end: '2019-06-30' },
        ],
        sorties: [exit('2019-07-01'), { ...exit('2019-07-01'), participant: 'P2' }],
        participants: { P1: { birthDate: '1964-07-01' }, P2: { birthDate: '1964-07-02' } },
      },
      params: DIJON,
      findings: [
        {
          participant: 'P1',
          severity: 'warning',
          actual: 6,
          args: {
            exitReason: null,
            tried: ['interim:aucune-etape', 'contrat-aide:aci-exclu+duree-insuffisante', 'senior-aci:ok', 'formation:motif-non-conforme'],
            matched: 'senior-aci',
          },
        },
        {
          participant: 'P2',
          severity: undefined,
          args: {
            exitReason: null,
            tried: ['interim:aucune-etape', 'contrat-aide:aci-exclu+duree-insuffisante', 'senior-aci:age-insuffisant', 'formation:motif-non-conforme'],
            matched: null,
          },
        },
      ],
    },
    {
      name: 'reasons match whole words: « CDDI » is not « CDD »',
      data: { affectations: [P1], sorties: [exit('2019-07-01', { exitReason: 'CDDI' })] },
      params: { accepted: [{ id: 'cdd', reasons: ['CDD'] }] },
      findings: [{ participant: 'P1', expected: null, actual: null, args: { exitReason: 'CDDI', tried: ['cdd:motif-non-conforme'], matched: null } }],
    },
  ],
  badParams: [
    { name: 'no pattern', params: { accepted: [] } },
    { name: 'pattern without id', params: { accepted: [{ minMonths: 6 }] } },
    { name: 'uninterrupted with withinMonths', params: { accepted: [{ id: 'x', minMonths: 6, withinMonths: 12, uninterrupted: true }] } },
    { name: 'unknown pattern key', params: { accepted: [{ id: 'x', contract: 'cdi' }] } },
  ],
});
