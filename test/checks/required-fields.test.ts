import { describe, expect, it } from 'vitest';
import { isEmptyValue, requiredFields } from '../../src/checks/required-fields.js';
import { ev, ruleTester, so } from './rule-tester.js';

const CHAMPS = { entity: 'agenda', filter: { kinds: ['entretien', 'contact'], attended: true }, fields: ['durationMin', 'subject'] };
const EMARGEMENT = { entity: 'agenda', filter: { kinds: ['entretien'] }, fields: ['signed'] };
const SAISIE_SORTIE = { entity: 'sorties', fields: ['exitDate', 'exitReason'] };

ruleTester(requiredFields, {
  valid: [
    {
      name: 'champs-entretien: durée and objet filled',
      data: { agenda: [{ participant: 'P1', date: '2019-03-04', durationMin: 45, subject: 'Bilan CV' }] },
      params: CHAMPS,
    },
    {
      name: 'champs-entretien: not attended, other kinds, outside P, after A: not checked',
      data: {
        agenda: [
          { participant: 'P1', date: '2019-03-04', durationMin: null, subject: null, attendance: 'absent' },
          { participant: 'P1', date: '2019-03-05', durationMin: null, subject: null, attendance: 'annule' },
          { participant: 'P1', date: '2019-03-06', durationMin: 0, kind: 'atelier', format: 'collectif' },
          { participant: 'P1', date: '2018-12-31', durationMin: 0 },
          { participant: 'P1', date: '2019-04-01', durationMin: 0 },
        ],
      },
      params: CHAMPS,
      asOf: '2019-03-31',
    },
    {
      name: 'emargement: signed interviews',
      data: { agenda: [{ participant: 'P1', date: '2019-03-04', signed: true }] },
      params: EMARGEMENT,
    },
    {
      name: 'saisie-sortie: date and reason entered',
      data: {
        affectations: [{ participant: 'P1', start: '2019-01-01' }],
        sorties: [{ participant: 'P1', exitDate: '2019-04-10', exitReason: 'CDI' }],
      },
      params: SAISIE_SORTIE,
    },
  ],
  invalid: [
    {
      name: 'champs-entretien: durée 0, durée empty, objet empty, both',
      data: {
        affectations: [{ participant: 'P1', start: '2019-01-01' }],
        agenda: [
          { participant: 'P1', date: '2019-03-04', durationMin: 0 },
          { participant: 'P1', date: '2019-03-05', durationMin: null, kind: 'contact', mode: 'telephone', attendance: null },
          { participant: 'P1', date: '2019-03-06', subject: '  ' },
          { participant: 'P1', date: '2019-03-07', durationMin: 0, subject: null, referent: 'Paul Martin' },
          { participant: null, date: '2019-03-08', subject: null },
        ],
      },
      params: CHAMPS,
      findings: [
        {
          participant: null,
          referent: 'Marie Dupont',
          period: '2019-03',
          date: '2019-03-08',
          milestone: null,
          expected: null,
          actual: null,
          evidence: [ev(5)],
          args: { missing: ['subject'] },
        },
        { participant: 'P1', referent: 'Marie Dupont', period: '2019-03', date: '2019-03-04', evidence: [ev(1)], args: { missing: ['durationMin'] } },
        { participant: 'P1', date: '2019-03-05', evidence: [ev(2)], args: { missing: ['durationMin'] } },
        { participant: 'P1', date: '2019-03-06', evidence: [ev(3)], args: { missing: ['subject'] } },
        { participant: 'P1', referent: 'Paul Martin', date: '2019-03-07', evidence: [ev(4)], args: { missing: ['durationMin', 'subject'] } },
      ],
    },
    {
      name: 'emargement: unsigned (false) and unknown (empty) signatures, collectif included',
      data: {
        agenda: [
          { participant: 'P1', date: '2019-03-04', signed: false },
          { participant: 'P1', date: '2019-03-05', signed: null, format: 'collectif' },
          { participant: 'P1', date: '2019-03-06', signed: true },
        ],
      },
      params: EMARGEMENT,
      findings: [
        { date: '2019-03-04', args: { missing: ['signed'] } },
        { date: '2019-03-05', args: { missing: ['signed'] } },
      ],
    },
    {
      name: 'saisie-sortie: reason missing; date missing (dated by its validation date)',
      data: {
        affectations: [
          { participant: 'P1', referent: 'Paul Martin', start: '2019-01-01' },
          { participant: 'P2', start: '2019-01-01' },
        ],
        sorties: [
          { participant: 'P1', exitDate: '2019-04-10', exitReason: null },
          { participant: 'P2', exitDate: null, commissionDate: '2019-05-02', exitReason: 'CDI' },
          { participant: 'P2', exitDate: null, exitReason: null },
        ],
      },
      params: SAISIE_SORTIE,
      findings: [
        { participant: 'P2', referent: 'Marie Dupont', period: '2019-05', date: '2019-05-02', evidence: [so(2)], args: { missing: ['exitDate'] } },
        { participant: 'P1', referent: 'Paul Martin', period: '2019-04', date: '2019-04-10', evidence: [so(1)], args: { missing: ['exitReason'] } },
      ],
    },
    {
      name: 'sorties filtered by exit type',
      data: {
        sorties: [
          { participant: 'P1', exitDate: '2019-04-10', exitType: 'positive', exitReason: null },
          { participant: 'P2', exitDate: '2019-04-11', exitType: 'autre', exitReason: null },
        ],
      },
      params: { ...SAISIE_SORTIE, filter: { exitType: ['positive'] } },
      findings: [{ participant: 'P1', referent: null, evidence: [so(1)] }],
    },
  ],
  badParams: [
    { name: 'unknown field', params: { entity: 'agenda', fields: ['duree'] } },
    { name: 'field of another entity', params: { entity: 'sorties', fields: ['durationMin'] } },
    { name: 'agenda filter on sorties', params: { entity: 'sorties', filter: { modes: ['physique'] }, fields: ['exitDate'] } },
    { name: 'no fields', params: { entity: 'agenda', fields: [] } },
  ],
});

describe('isEmptyValue', () => {
  it('treats 0 as empty only for durations, false only for signatures', () => {
    expect(isEmptyValue('durationMin', 0)).toBe(true);
    expect(isEmptyValue('weeklyHours', 0)).toBe(true);
    expect(isEmptyValue('signed', false)).toBe(true);
    expect(isEmptyValue('qpv', false)).toBe(false);
    expect(isEmptyValue('durationMin', 30)).toBe(false);
    expect(isEmptyValue('subject', '')).toBe(true);
    expect(isEmptyValue('subject', null)).toBe(true);
  });
});
