/** Every kind of finding becomes one exact French sentence (the only place findings become words). */
import { describe, expect, it } from 'vitest';
import type { Violation } from '../../src/engine/result.js';
import { violationMessage } from '../../src/report/messages.js';

function v(kind: string, x: Partial<Violation>): Violation {
  return {
    rule: 'r', kind, severity: 'error', participant: 'P1', referent: 'Marie Dupont', period: null, date: null,
    milestone: null, expected: null, actual: null, args: {}, evidence: [], ...x,
  };
}

const ENTRETIENS = { match: { kinds: ['entretien'], modes: ['physique'], formats: ['individuel'] } };

describe('violationMessage', () => {
  it.each([
    ['contact-frequency, one counted', v('contact-frequency', { period: '2019-03', expected: 2, actual: 1 }), ENTRETIENS,
      'Mars 2019 : 1 entretien physique individuel sur les 2 attendus'],
    ['contact-frequency, none', v('contact-frequency', { period: '2019-03', expected: 2, actual: 0 }), ENTRETIENS,
      'Mars 2019 : 0 entretien physique individuel sur les 2 attendus'],
    ['contact-frequency, a quarter', v('contact-frequency', { period: '2022-01/2022-03', expected: 2, actual: 1 }), { match: { kinds: ['entretien', 'contact'] } },
      'Janvier à mars 2022 : 1 entretien ou contact sur les 2 attendus'],
    ['first-contact-delay, none', v('first-contact-delay', { expected: 15, actual: null, args: { orientationDate: '2019-03-01' } }), {},
      'Orientation le 01/03/2019 : aucun premier entretien individuel dans les 15 jours'],
    ['first-contact-delay, late', v('first-contact-delay', { expected: 15, actual: 22, args: { orientationDate: '2019-03-01' } }), {},
      'Orientation le 01/03/2019 : premier entretien individuel au bout de 22 jours (15 au plus)'],
    ['milestone-review', v('milestone-review', { period: '2019-06', milestone: 5, args: { entryDate: '2019-01-10', windowStart: '2019-05-10', windowEnd: '2019-07-10' } }), { eventKinds: ['bilan'] },
      'Juin 2019 : aucun bilan aux 5 mois de parcours (entrée le 10/01/2019) entre le 10/05/2019 et le 10/07/2019'],
    ['milestone-review, 18 months', v('milestone-review', { period: '2019-07', milestone: 18 }), { eventKinds: ['poursuite'] },
      'Juillet 2019 : aucune validation de poursuite aux 18 mois de parcours'],
    ['milestone-review at exit', v('milestone-review', { period: '2019-04', milestone: 'sortie', args: { exitDate: '2019-04-15', windowStart: '2019-03-15', windowEnd: '2019-05-15' } }), { eventKinds: ['bilan'] },
      'Sortie le 15/04/2019 sans bilan entre le 15/03/2019 et le 15/05/2019'],
    ['file-active', v('file-active', { period: '2019-10', expected: 80, actual: 79 }), {},
      'Octobre 2019 : file active de 79 participants pour un objectif de 80'],
    ['agenda-forbidden', v('agenda-forbidden', { date: '2019-04-23', args: { kind: 'conge' } }), {},
      '« congés » saisi dans l\'agenda le 23/04/2019'],
    ['required-fields', v('required-fields', { date: '2019-07-02', period: '2019-07', args: { missing: ['durationMin', 'subject'] } }), {},
      'Juillet 2019 : champs manquants : durée, nature / objet'],
    ['exit-proof-delay, never received', v('exit-proof-delay', { expected: 3, args: { reference: 'prevision', deadline: '2019-09-30', proofDate: null } }), {},
      'Aucun justificatif reçu à l\'échéance du 30/09/2019 (3 mois après la date de sortie prévisionnelle)'],
    ['exit-validity', v('exit-validity', { date: '2019-05-02', args: { exitReason: 'CDD', tried: ['emploi-6-mois:duree-insuffisante+justificatif-absent'] } }), {},
      'Sortie positive du 02/05/2019 (« CDD ») non justifiée par les étapes : emploi-6-mois : durée insuffisante, justificatif absent'],
    ['loss-of-contact', v('loss-of-contact', { date: '2019-09-04', expected: 2, args: { kind: 'absences', first: '2019-09-03', pending: false } }), {},
      '2 absences injustifiées depuis le 03/09/2019, critère atteint le 04/09/2019 : sortie à proposer en commission'],
    ['count-target', v('count-target', { expected: 385, actual: 325, args: { of: 'participants-accompagnes' } }), {},
      '325 participants accompagnés pour un objectif de 385'],
    ['rate-target', v('rate-target', { expected: 16, actual: 12.5, args: { numerator: 5, denominator: 40 } }), {},
      'Taux de sorties positives de 12,5 % (5 sur 40) pour un objectif de 16 %'],
    ['eligibility, commune', v('eligibility', { args: { missing: ['commune'], commune: 'Nîmes' } }), {},
      'À l\'entrée : commune « Nîmes » hors du territoire du PLIE'],
    ['data quality, invalid date', v('data-quality', { args: { code: 'date-invalide', value: '31/02/2019', column: 'Date du RDV' } }), {},
      'Date invalide « 31/02/2019 » (colonne « Date du RDV ») : ligne écartée des règles'],
  ])('%s', (_name, violation, params, expected) => {
    expect(violationMessage(violation, { params })).toBe(expected);
  });

  it('an unknown kind still says what was expected and found', () => {
    expect(violationMessage(v('nouveau', { period: '2019-01', expected: 3, actual: 1 }))).toBe('Janvier 2019 : attendu 3, constaté 1');
  });
});
