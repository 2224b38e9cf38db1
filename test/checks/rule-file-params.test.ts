/**
 * Params the rule files needed beyond the first design: a pool target (Lunel lot2), an absence
 * that closes the first-interview obligation (Lunel 2021), the BRSA filter of required fields
 * (Béthune cer-brsa) and qualifying steps (formation qualifiante).
 */
import { fileActive } from '../../src/checks/file-active.js';
import { firstContactDelay } from '../../src/checks/first-contact-delay.js';
import { stepMatches } from '../../src/checks/match.js';
import { requiredFields } from '../../src/checks/required-fields.js';
import { describe, expect, it } from 'vitest';
import { buildDatasets } from '../helpers/build.js';
import { aff, ruleTester } from './rule-tester.js';

const pool = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ participant: `P${i}`, referent: 'Pool', start: '2019-01-01' }));

ruleTester(fileActive, {
  valid: [
    { name: 'pool total: 80 participants reach 80 whatever the 1.4 ETP', data: { affectations: pool(80) }, params: { perEtp: 80, etp: 1.4, total: 80 }, asOf: '2019-01-31' },
  ],
  invalid: [
    {
      name: 'pool total: 79 participants fall short of 80',
      data: { affectations: pool(79) },
      params: { perEtp: 80, etp: 1.4, total: 80 },
      asOf: '2019-01-31',
      findings: [{ referent: null, period: '2019-01', expected: 80, actual: 79 }],
    },
  ],
});

const AFF = { participant: 'A', start: '2019-03-01', orientationDate: '2019-03-01' };
const absenceParams = { maxDays: 15, retryDays: null, absenceCloses: true, match: { kinds: ['entretien'], formats: ['individuel'] } };

ruleTester(firstContactDelay, {
  valid: [
    {
      name: 'absenceCloses: an absence at o+10 makes the candidature caduque',
      data: { affectations: [AFF], agenda: [{ participant: 'A', date: '2019-03-11', attendance: 'absent' }] },
      params: absenceParams,
    },
  ],
  invalid: [
    {
      name: 'absenceCloses: a cancelled RDV is no absence',
      data: { affectations: [AFF], agenda: [{ participant: 'A', date: '2019-03-11', attendance: 'annule' }] },
      params: absenceParams,
      findings: [{ participant: 'A', period: '2019-03', expected: 15, actual: null }],
    },
  ],
});

ruleTester(requiredFields, {
  valid: [
    {
      name: 'brsa filter: a non-BRSA participant without CER is not concerned',
      data: { affectations: [{ participant: 'A', start: '2019-02-01', brsa: false, cer: null }] },
      params: { entity: 'affectations', filter: { brsa: true }, fields: ['cer'] },
    },
  ],
  invalid: [
    {
      name: 'brsa filter: a BRSA participant with CER « non » is a violation',
      data: { affectations: [{ participant: 'A', start: '2019-02-01', brsa: true, cer: false }] },
      params: { entity: 'affectations', filter: { brsa: true }, fields: ['cer'] },
      findings: [{ participant: 'A', date: '2019-02-01', args: { missing: ['cer'] }, evidence: [aff(1)] }],
    },
  ],
});

describe('stepMatch.qualifying', () => {
  it('keeps only qualifying formations', () => {
    const data = buildDatasets({
      etapes: [
        { participant: 'A', start: '2019-01-01', category: 'formation', qualifying: true },
        { participant: 'A', start: '2019-01-01', category: 'formation', qualifying: false },
        { participant: 'A', start: '2019-01-01', category: 'formation', qualifying: null },
      ],
    });
    expect(data.etapes.map((s) => stepMatches(s, { categories: ['formation'], qualifying: true }))).toEqual([true, false, false]);
  });
});
