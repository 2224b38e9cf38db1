import { describe, expect, it } from 'vitest';
import { parseConfigText, renderInitConfig } from '../../src/config/index.js';
import { loadRuleset, resolveRuleset } from '../../src/ruleset/index.js';
import { BUNDLED, CUSTOM, fakeRegistry } from '../ruleset/fake-registry.js';

const opts = { registry: fakeRegistry, rulesDir: BUNDLED, cwd: CUSTOM };
const base = await loadRuleset('base', opts);
const nolots = await loadRuleset('nolots', opts);

/** Uncomments the example blocks (keys and their indented lines), as a user would. */
function uncomment(text: string): string {
  let inBlock = false;
  return text
    .split('\n')
    .map((line) => {
      if (/^# (referents|commissions|communes|columns|values|encoding|delimiter|rules):/.test(line)) {
        inBlock = true;
        return line.slice(2);
      }
      if (inBlock && /^# {3}[-a-z]/.test(line)) return line.slice(2);
      inBlock = false;
      return line;
    })
    .join('\n');
}

describe('renderInitConfig', () => {
  it('writes a commented French template for a resolved lot', () => {
    const text = renderInitConfig(resolveRuleset(base, { lot: 'lot1', registry: fakeRegistry }), 'lot1');
    expect(text).toBe(`# plie-audit.yaml — configuration de l’audit
# Jeu de règles : PLIE de test — marché 2019 (cahier test-2019)
# Les lignes commençant par # sont des commentaires : retirez le # pour activer un exemple.

# Jeu de règles fourni (plie-audit rules pour la liste) ou chemin d’un fichier de règles
ruleset: base

# Lot audité : Lot 1 — référent de parcours (2.6 ETP)
lot: lot1

# Période auditée (par défaut celle du jeu de règles)
period: { start: 2019-01-01, end: 2019-12-31 }

# Référents : l’ETP et le rôle ne figurent pas dans les exports Viesion.
# Écrivez les noms comme dans les exports. Rôles : cip, psychologue, cesf, autre.
# Sans cette liste, la file active est contrôlée pour l’ensemble du lot (2.6 ETP).
# referents:
#   - { name: "Référent 1", etp: 1.0, role: cip }
#   - { name: "Référent 2", etp: 1.0, role: cip }
#   - { name: "Référent 3", etp: 0.6, role: cip }

# Dates des commissions (contrôle de la saisie avant commission)
# commissions: [2019-01-01]

# Communes membres du PLIE (contrôle de l’éligibilité)
# communes: ["Commune 1", "Commune 2"]

# En-têtes propres à vos exports, par jeu de données (affectations, agenda, etapes, sorties)
# columns:
#   agenda: { kind: "Type de RDV" }

# Valeurs propres à vos exports, par champ : « valeur de l’export » → valeur reconnue
# values:
#   kind: { "RDV physique": entretien }

# Encodage et séparateur des fichiers texte (détectés sinon)
# encoding: windows-1252
# delimiter: ";"

# Règles (sévérités actuelles ci-dessous) : par identifiant, off, info, warning ou error,
# ou { severity: warning, params: { … } } pour changer des paramètres
# rules:
#   entretiens-mensuels: error   # fake-frequency — Accompagnement
#   objectif-lot1: warning       # fake-target — Objectifs
#   a-retirer: info              # fake-target — Divers
`);
    expect(parseConfigText(text)).toEqual({
      ruleset: 'base',
      lot: 'lot1',
      period: { start: '2019-01-01', end: '2019-12-31' },
      referents: [],
      commissions: [],
      communes: [],
      columns: {},
      values: {},
      rules: {},
    });
  });

  it('the uncommented examples parse too', () => {
    const text = uncomment(renderInitConfig(resolveRuleset(base, { lot: 'lot2', registry: fakeRegistry }), 'lot2'));
    expect(parseConfigText(text)).toEqual({
      ruleset: 'base',
      lot: 'lot2',
      period: { start: '2019-03-01', end: '2019-12-31' },
      referents: [
        { name: 'Référent 1', etp: 1, role: 'cip' },
        { name: 'Référent 2', etp: 0.4, role: 'cip' },
      ],
      commissions: ['2019-03-01'],
      communes: ['Commune 1', 'Commune 2'],
      columns: { agenda: { kind: 'Type de RDV' } },
      values: { kind: { 'RDV physique': 'entretien' } },
      encoding: 'windows-1252',
      delimiter: ';',
      rules: { 'entretiens-mensuels': 'error', 'objectif-lot2': 'warning', 'a-retirer': 'info' },
    });
  });

  it('from a rule set file with no lot chosen: lists the lots, leaves lot commented', () => {
    const text = renderInitConfig(base, null);
    expect(text).toContain(
      [
        '# Lot audité, à choisir parmi :',
        '#   lot1 : Lot 1 — référent de parcours (2.6 ETP)',
        '#   lot2 : Lot 2 — parcours spécifique (1.4 ETP)',
        '# lot: lot1',
        '',
      ].join('\n'),
    );
    expect(parseConfigText(text).lot).toBeUndefined();
    // A lot given with the file: its rules only, its period.
    const lot2 = parseConfigText(uncomment(renderInitConfig(base, 'lot2')));
    expect([lot2.lot, lot2.period, Object.keys(lot2.rules)]).toEqual([
      'lot2',
      { start: '2019-03-01', end: '2019-12-31' },
      ['entretiens-mensuels', 'objectif-lot2', 'a-retirer'],
    ]);
  });

  it('a rule set without lots has no lot line', () => {
    const text = renderInitConfig(resolveRuleset(nolots, { registry: fakeRegistry }), null);
    expect(text).not.toMatch(/^#? ?lot:/m);
    expect(parseConfigText(uncomment(text))).toMatchObject({
      ruleset: 'nolots',
      period: { start: '2022-01-01', end: '2022-12-31' },
      referents: [
        { name: 'Référent 1', etp: 1, role: 'cip' },
        { name: 'Référent 2', etp: 0.6, role: 'cip' },
      ],
      rules: { frequence: 'error' },
    });
  });
});
