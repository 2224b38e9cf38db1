import { describe, expect, it } from 'vitest';
import { eligibility, normalizeCommune } from '../../src/checks/eligibility.js';
import { aff, ruleTester } from './rule-tester.js';

const ALL = ['deld', 'brsa', 'contrat-aide', 'th', 'qpv', 'clause'];
const COMMUNES = { communes: ['Béthune', 'Saint-Venant', 'Beuvry'] };
/** Every attribute column present (as in the export), all « non ». */
const entrant = (participant: string, extra = {}) => ({
  participant, referent: 'Marie Dupont', start: '2019-04-15', entryDate: '2019-04-15',
  deld: false, brsa: false, th: false, qpv: false, commune: 'Béthune', ...extra,
});

describe('normalizeCommune', () => {
  it('ignores accents, case, punctuation, postal codes; St = Saint', () => {
    expect(normalizeCommune('62400 BÉTHUNE')).toBe('bethune');
    expect(normalizeCommune('St-Venant')).toBe(normalizeCommune('Saint Venant'));
    expect(normalizeCommune("Ste  Catherine-lès-Arras")).toBe('sainte catherine les arras');
  });
});

ruleTester(eligibility, {
  valid: [
    {
      name: 'BRSA, living in a member commune written differently',
      data: { affectations: [entrant('P1', { brsa: true, commune: 'BETHUNE (62400)' }), entrant('P2', { qpv: true, commune: 'st venant' })], etapes: [] },
      params: { criteria: ALL, communes: true },
      config: COMMUNES,
    },
    {
      name: 'leaving a contrat aidé: ended 3 months before the entry; in clause: starting a month after it',
      data: {
        affectations: [entrant('P1'), entrant('P2')],
        etapes: [
          { participant: 'P1', category: 'contrat-aide', contract: 'pec', start: '2018-07-15', end: '2019-01-15' },
          { participant: 'P2', category: 'emploi', contract: 'cdd', clause: true, start: '2019-05-15', end: '2019-08-31' },
        ],
      },
      params: { criteria: ALL, communes: true },
      config: COMMUNES,
    },
    {
      name: 'entries before P are not judged; communes not configured: no commune check',
      data: { affectations: [entrant('P1', { start: '2018-12-01', entryDate: '2018-12-01' }), entrant('P2', { th: true, commune: 'Lille' })], etapes: [] },
      params: { criteria: ALL, communes: true },
    },
  ],
  invalid: [
    {
      name: 'no criterion and outside the member communes; a contrat aidé ended 3 months + 1 day before does not count',
      data: {
        affectations: [entrant('P1', { commune: 'Lille' })],
        etapes: [{ participant: 'P1', category: 'contrat-aide', start: '2018-07-15', end: '2019-01-14' }],
      },
      params: { criteria: ALL, communes: true },
      config: COMMUNES,
      findings: [
        {
          participant: 'P1',
          referent: 'Marie Dupont',
          period: '2019-04',
          date: '2019-04-15',
          evidence: [aff(1)],
          args: { missing: ['critere', 'commune'], criteria: ALL, commune: 'Lille' },
        },
      ],
    },
    {
      name: 'a prescribed clause step does not count; commune only',
      data: {
        affectations: [entrant('P1', { commune: 'Lens' }), entrant('P2', { deld: true, commune: 'Lens' })],
        etapes: [{ participant: 'P1', category: 'emploi', clause: true, start: '2019-04-20', status: 'prescrite' }],
      },
      params: { criteria: ALL, communes: true },
      config: COMMUNES,
      findings: [
        { participant: 'P1', args: { missing: ['critere', 'commune'], criteria: ALL, commune: 'Lens' } },
        { participant: 'P2', severity: undefined, args: { missing: ['commune'], criteria: ALL, commune: 'Lens' } },
      ],
    },
    {
      name: 'unknown criteria (no DELD column, no étapes export) and empty commune: info findings',
      data: {
        affectations: [
          { participant: 'P1', start: '2019-04-15', entryDate: '2019-04-15', brsa: false, commune: null },
          { participant: 'P2', start: '2019-04-15', entryDate: '2019-04-15', brsa: true, commune: 'Beuvry' },
        ],
      },
      params: { criteria: ['deld', 'brsa', 'clause'], communes: true },
      config: COMMUNES,
      findings: [
        { participant: 'P1', severity: 'info', args: { reason: 'criteres-inconnus', unknown: ['deld', 'clause'], commune: null } },
        { participant: 'P1', severity: 'info', args: { reason: 'commune-inconnue', commune: null } },
      ],
    },
  ],
  badParams: [{ name: 'unknown criterion', params: { criteria: ['rsa'] } }, { name: 'no criterion', params: { criteria: [] } }],
});
