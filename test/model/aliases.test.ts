import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTE_FIELDS,
  canonicalOf,
  containsWords,
  DATASETS,
  ENUMS,
  FIELD_NAMES,
  substringMatch,
  type EnumName,
} from '../../src/model/aliases.js';
import { normalize } from '../../src/model/normalize.js';

const lookup = (name: EnumName, raw: string) => {
  const def = ENUMS[name];
  const hit = def.aliases.get(normalize(raw));
  return hit === undefined ? undefined : canonicalOf(def, hit);
};

describe('header aliases', () => {
  it('every field of every dataset has a slot and a label', () => {
    for (const ds of Object.values(DATASETS)) {
      for (const f of ds.fields) {
        expect(FIELD_NAMES).toContain(f.name);
        expect(f.aliases.length).toBeGreaterThan(0);
        expect(f.label).toBe(f.written[0]);
      }
    }
    for (const a of ATTRIBUTE_FIELDS) expect(FIELD_NAMES).toContain(a);
  });

  it('every alias of a dataset names one field only', () => {
    for (const ds of Object.values(DATASETS)) {
      const owner = new Map<string, string>();
      for (const f of ds.fields) {
        for (const a of f.aliases) {
          const prev = owner.get(a);
          expect(prev === undefined || prev === f.name, `${ds.name}: « ${a} » → ${prev} et ${f.name}`).toBe(true);
          owner.set(a, f.name);
        }
      }
    }
  });

  it('covers the exports.md headings', () => {
    const field = (ds: keyof typeof DATASETS, header: string) => DATASETS[ds].aliasIndex.get(normalize(header))?.field.name;
    expect(field('affectations', "Date d'entrée PLIE")).toBe('entryDate');
    expect(field('affectations', 'date entree plie')).toBe('entryDate');
    expect(field('affectations', 'Date de réception de la fiche de candidature')).toBe('orientationDate');
    expect(field('affectations', 'Bénéficiaire du RSA')).toBe('brsa');
    expect(field('affectations', 'Date CER')).toBe('cerDate');
    expect(field('affectations', 'RQTH')).toBe('th');
    expect(field('affectations', 'Mois de référence')).toBe('month');
    expect(field('affectations', 'Fin de veille')).toBe('veilleEnd');
    expect(field('agenda', 'Type de RDV')).toBe('kind');
    expect(field('agenda', 'Temps participant')).toBe('duration');
    expect(field('agenda', 'Individuel/Collectif')).toBe('format');
    expect(field('agenda', 'Feuille de présence signée')).toBe('signed');
    expect(field('agenda', "Objet de l'entretien")).toBe('subject');
    expect(field('agenda', 'Objet')).toBe('kind');
    expect(field('etapes', '% temps plein')).toBe('weeklyHours');
    expect(field('etapes', 'Droit commun')).toBe('droitCommun');
    expect(field('etapes', 'Date fin prévue')).toBe('plannedEnd');
    expect(field('sorties', 'Date de sortie prévisionnelle')).toBe('forecastDate');
    expect(field('sorties', 'Date de réception des justificatifs')).toBe('proofDate');
  });
});

describe('value aliases', () => {
  it.each([
    ['Entretien individuel', 'entretien'], ['Rendez-vous', 'entretien'], ['Diagnostic', 'entretien'],
    ['Contact téléphonique', 'contact'], ['SMS', 'contact'], ['Courrier', 'contact'],
    ['Information collective', 'atelier'], ['Relance écrite', 'relance'], ['Bilan BRSA', 'bilan'],
    ['Validation de poursuite', 'poursuite'], ['Échange formalisé', 'poursuite'], ["Comité d'accès", 'commission'],
    ['RTT', 'conge'], ['Absence référent', 'conge'], ["Réunion d'équipe", 'reunion-structure'],
    ["Point d'étape", 'point-etape'], ['Autre', 'autre'],
  ])('kind %s → %s', (raw, expected) => {
    expect(lookup('kind', raw)).toBe(expected);
  });

  it('kind spellings carry mode and format', () => {
    expect(ENUMS.kind.aliases.get(normalize('Entretien téléphonique'))).toEqual({ kind: 'entretien', mode: 'telephone' });
    expect(ENUMS.kind.aliases.get(normalize('Entretien individuel'))).toEqual({ kind: 'entretien', format: 'individuel' });
    expect(ENUMS.kind.aliases.get(normalize('Mail'))).toEqual({ kind: 'contact', mode: 'mail' });
  });

  it.each([
    ['mode', 'Présentiel', 'physique'], ['mode', 'Téléphone', 'telephone'], ['mode', 'Visio', 'visio'],
    ['mode', 'Courriel', 'mail'], ['mode', 'Courrier', 'courrier'], ['mode', 'SMS', 'sms'],
    ['format', 'Individuel', 'individuel'], ['format', 'Collectif', 'collectif'],
    ['attendance', 'Honoré', 'present'], ['attendance', 'Réalisé', 'present'], ['attendance', 'Absent', 'absent'],
    ['attendance', 'Absent excusé', 'absent-excuse'], ['attendance', 'Absent non excusé', 'absent-non-excuse'],
    ['attendance', 'Annulé', 'annule'], ['attendance', 'Reporté', 'reporte'],
    ['role', 'CIP', 'cip'], ['role', 'Psychologue', 'psychologue'], ['role', 'CESF', 'cesf'],
    ['timeCategory', 'Temps participant', 'participant'], ['timeCategory', 'Temps agenda', 'agenda'],
    ['affectationStatus', 'En parcours', 'parcours'], ['affectationStatus', 'En accompagnement', 'parcours'],
    ['affectationStatus', 'En veille', 'veille'], ['affectationStatus', 'Sorti', 'sorti'],
    ['exitType', 'Positive', 'positive'], ['exitType', 'Autre', 'autre'], ['exitType', 'Sans suite', 'sans-suite'],
    ['stepCategory', 'IAE / Activité d\'insertion', 'iae'], ['stepCategory', 'Contrat aidé / PEC', 'contrat-aide'],
    ['stepCategory', 'PMSMP / Immersion', 'immersion'], ['stepCategory', "Création d'activité", 'creation'],
    ['stepCategory', 'Bilan-diagnostic-orientation', 'diagnostic'], ['stepCategory', 'Remobilisation', 'remobilisation'],
    ['stepCategory', 'Emploi', 'emploi'], ['stepCategory', 'Formation', 'formation'], ['stepCategory', 'Atelier', 'atelier'],
    ['contract', 'CDI', 'cdi'], ['contract', 'CDD', 'cdd'], ['contract', 'Intérim', 'interim'], ['contract', 'CDDI', 'cddi'],
    ['contract', 'PEC/CUI', 'pec'], ["contract", "Contrat d'apprentissage", 'apprentissage'],
    ['contract', 'Contrat de professionnalisation', 'professionnalisation'],
    ['stepStatus', 'Prescrite', 'prescrite'], ['stepStatus', 'En cours', 'en-cours'], ['stepStatus', 'Réalisée', 'realisee'],
    ['stepStatus', 'Abandonnée', 'abandonnee'], ['stepStatus', 'Refusée', 'refusee'],
    ['sex', 'Femme', 'F'], ['sex', 'Mme', 'F'], ['sex', 'H', 'M'], ['sex', 'Masculin', 'M'],
  ] as const)('%s %s → %s', (name, raw, expected) => {
    expect(lookup(name, raw)).toBe(expected);
  });

  it('every canonical value of every alias table is a value of its enum', () => {
    for (const def of Object.values(ENUMS)) {
      for (const entry of def.aliases.values()) expect(def.values).toContain(canonicalOf(def, entry));
    }
  });
});

describe('substring fallback', () => {
  it('matches whole words only, longest alias first', () => {
    expect(containsWords('entretien individuel de suivi', 'entretien individuel')).toBe(true);
    expect(containsWords('rdvs', 'rdv')).toBe(false);
    const m = substringMatch(ENUMS.kind, normalize('Entretien téléphonique de relance'));
    expect(m).toEqual({ alias: 'entretien telephonique', value: { kind: 'entretien', mode: 'telephone' } });
    expect(substringMatch(ENUMS.kind, normalize('Réunion partenaires'))).toBeUndefined();
  });

  it('ignores one- and two-letter aliases', () => {
    expect(substringMatch(ENUMS.format, 'i am here')).toBeUndefined();
  });
});

describe('substring fallback preferences', () => {
  const kindOf = (raw: string) => {
    const m = substringMatch(ENUMS.kind, normalize(raw));
    return m === undefined ? undefined : [m.alias, canonicalOf(ENUMS.kind, m.value)];
  };

  it('ignores generic words', () => {
    expect(kindOf('Échange de pratiques')).toBeUndefined();
    expect(kindOf('Suivi de dossier administratif')).toBeUndefined();
    expect(kindOf('Autre rendez-vous')).toEqual(['rendez vous', 'entretien']);
  });

  it('prefers the longest phrase, then the first word (head noun)', () => {
    expect(kindOf('RDV téléphone')).toEqual(['rdv', 'entretien']);
    expect(kindOf('Bilan suite atelier')).toEqual(['bilan', 'bilan']);
    expect(kindOf('Atelier CV')).toEqual(['atelier', 'atelier']);
    expect(kindOf('Relance téléphonique du participant')).toEqual(['relance telephonique', 'relance']);
  });

  it('works for contracts and step categories too', () => {
    expect(canonicalOf(ENUMS.contract, substringMatch(ENUMS.contract, normalize('CDD de 8 mois'))!.value)).toBe('cdd');
    expect(canonicalOf(ENUMS.stepCategory, substringMatch(ENUMS.stepCategory, normalize('Formation CACES'))!.value)).toBe('formation');
  });
});
