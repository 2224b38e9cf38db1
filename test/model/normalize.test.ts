import { describe, expect, it } from 'vitest';
import { cleanText, editDistance, normalize, NormalizeCache } from '../../src/model/normalize.js';

describe('normalize', () => {
  it.each([
    ["Date d'entrée PLIE", 'date entree plie'],
    ['  DATE   D’ENTRÉE  -  PLIE ', 'date entree plie'],
    ['N° dossier', 'n dossier'],
    ['Nº dossier', 'no dossier'],
    ['Durée (min)', 'duree min'],
    ['Individuel/Collectif', 'individuel collectif'],
    ['Cœur', 'coeur'],
    ['Âge', 'age'],
    ['__proto__', 'proto'],
    ['toString', 'tostring'],
    ['Date\u00a0du\u202fRDV', 'date du rdv'],
    ['', ''],
    ['---', ''],
  ])('%s → %s', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  it('caches', () => {
    const c = new NormalizeCache(2);
    expect(c.get('Éé')).toBe('ee');
    expect(c.get('Éé')).toBe('ee');
    expect(c.get('A')).toBe('a');
    expect(c.get('B')).toBe('b');
  });
});

describe('editDistance', () => {
  it('counts edits', () => {
    expect(editDistance('date rdv', 'date du rdv')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('cleanText', () => {
  it('collapses spaces of every kind', () => {
    expect(cleanText('Marie Dupont')).toBe('Marie Dupont');
    expect(cleanText(' Marie  Dupont ')).toBe('Marie Dupont');
    expect(cleanText('Marie\u00a0Dupont')).toBe('Marie Dupont');
    expect(cleanText('Marie\tDupont\n')).toBe('Marie Dupont');
    expect(cleanText('Réunion – équipe’s')).toBe('Réunion – équipe’s');
  });
});

describe('elision', () => {
  it.each([
    ["Date de l'entretien", 'date de entretien'],
    ["Type d'étape", 'type etape'],
    ["Qu'importe", 'importe'],
    ["Aujourd'hui", 'aujourd hui'],
    ["L'étape", 'etape'],
  ])('%s → %s', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });
});
