import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig, parseConfigText } from '../../src/config/index.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'plie-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function errorOf(text: string): string {
  try {
    parseConfigText(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

const EXAMPLE = `ruleset: lunel-2019          # or a path to a custom rules file that extends one
lot: lot1
period: { start: 2019-01-01, end: 2019-12-31 }   # default: the ruleset's
referents:                   # ETP and role are not in Viesion exports
  - { name: "Marie Dupont", etp: 1.0, role: cip, territory: "CC Pays de Lunel" }
  - { name: "Paul Martin",  etp: 0.6, role: cip }
commissions: [2019-01-10, 2019-01-24]          # for saisie-avant-commission
communes: [Lunel, Mauguio, La Grande-Motte]    # for eligibilite
columns:                     # header overrides, per dataset
  agenda: { kind: "Type de RDV Viesion" }
values:                      # value overrides, per field
  kind: { "RDV physique": entretien }
rules:                       # severity shorthand or params override
  agenda-interdits: off
  entretiens-mensuels: { severity: warning }
`;

describe('plie-audit.yaml', () => {
  it('parses the example of exports.md; dates and `off` stay strings', () => {
    expect(parseConfigText(EXAMPLE)).toEqual({
      ruleset: 'lunel-2019',
      lot: 'lot1',
      period: { start: '2019-01-01', end: '2019-12-31' },
      referents: [
        { name: 'Marie Dupont', etp: 1, role: 'cip', territory: 'CC Pays de Lunel' },
        { name: 'Paul Martin', etp: 0.6, role: 'cip' },
      ],
      commissions: ['2019-01-10', '2019-01-24'],
      communes: ['Lunel', 'Mauguio', 'La Grande-Motte'],
      columns: { agenda: { kind: 'Type de RDV Viesion' } },
      values: { kind: { 'RDV physique': 'entretien' } },
      rules: { 'agenda-interdits': 'off', 'entretiens-mensuels': { severity: 'warning' } },
    });
  });

  it('accepts encoding and delimiter; an empty file gives the defaults', () => {
    expect(parseConfigText('encoding: windows-1252\ndelimiter: ";"\n')).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(parseConfigText('')).toEqual(defaultConfig());
    expect(defaultConfig()).toEqual({ referents: [], commissions: [], communes: [], columns: {}, values: {}, rules: {} });
  });

  it('YAML syntax error: line and column', () => {
    expect(errorOf('ruleset: lunel-2019\nreferents:\n  - name: A\n    etp: 1\n   role: cip\n')).toBe(
      'plie-audit.yaml, ligne 5, colonne 1 : élément de liste sans tiret « - », ou indentation incorrecte',
    );
    expect(errorOf('lot: lot1\nlot: lot2\n')).toBe('plie-audit.yaml, ligne 2, colonne 1 : clé en double');
    expect(errorOf('communes: [Lunel, Mauguio\nlot: lot1\n')).toBe(
      'plie-audit.yaml, ligne 2, colonne 1 : crochet fermant « ] » manquant, ou indentation incorrecte',
    );
  });

  it('wrong type: the key path and the value received', () => {
    expect(errorOf('referents:\n  - { name: A, etp: 1 }\n  - { name: B, etp: un }\n')).toBe(
      'plie-audit.yaml › referents[1].etp : nombre attendu, reçu « un »',
    );
    expect(errorOf('communes: Lunel\n')).toBe('plie-audit.yaml › communes : liste attendue, reçu « Lunel »');
    expect(errorOf('referents:\n  - { etp: 0 }\n')).toBe(
      [
        'plie-audit.yaml › referents[0].name : champ requis',
        'plie-audit.yaml › referents[0].etp : nombre strictement supérieur à 0 attendu, reçu 0',
      ].join('\n'),
    );
  });

  it('bad enum value: the allowed values', () => {
    expect(errorOf('referents:\n  - { name: A, etp: 1, role: conseiller }\n')).toBe(
      'plie-audit.yaml › referents[0].role : valeur « conseiller » non reconnue ; valeurs permises : cip, psychologue, cesf, autre',
    );
    expect(errorOf('encoding: latin1\n')).toBe(
      'plie-audit.yaml › encoding : valeur « latin1 » non reconnue ; valeurs permises : utf-8, utf-16le, utf-16be, windows-1252',
    );
    expect(errorOf('rules:\n  entretiens-mensuels: fatal\n')).toBe(
      'plie-audit.yaml › rules.entretiens-mensuels : valeur « fatal » non valide ; attendu : off, info, warning, error ou un objet (clé: valeur)',
    );
    expect(errorOf('rules:\n  entretiens-mensuels: { severity: grave }\n')).toBe(
      'plie-audit.yaml › rules.entretiens-mensuels.severity : valeur « grave » non reconnue ; valeurs permises : off, info, warning, error',
    );
    expect(errorOf('columns:\n  rdv: { kind: Type }\n')).toBe(
      'plie-audit.yaml › columns : clé inconnue « rdv » ; clés permises : affectations, agenda, etapes, sorties',
    );
  });

  it('dates: real calendar days in AAAA-MM-JJ, period in order', () => {
    expect(errorOf('commissions: [2019-01-10, 2019-02-31]\n')).toBe(
      'plie-audit.yaml › commissions[1] : date inexistante « 2019-02-31 »',
    );
    expect(errorOf('period: { start: 10/01/2019, end: 2019-12-31 }\n')).toBe(
      'plie-audit.yaml › period.start : date attendue au format AAAA-MM-JJ, reçu « 10/01/2019 »',
    );
    expect(errorOf('period: { start: 2019-12-31, end: 2019-01-01 }\n')).toBe(
      'plie-audit.yaml › period.end : la fin de la période précède son début',
    );
    expect(errorOf('commissions: [2019]\n')).toBe('plie-audit.yaml › commissions[0] : date attendue (AAAA-MM-JJ), reçu 2019');
    expect(parseConfigText('commissions: [2020-02-29]\n').commissions).toEqual(['2020-02-29']);
  });

  it('unknown keys: listed with the allowed keys', () => {
    expect(errorOf('ruleset: lunel-2019\nreferent: []\n')).toBe(
      'plie-audit.yaml : clé inconnue « referent » ; clés permises : ruleset, lot, period, referents, commissions, communes, columns, values, rules, encoding, delimiter',
    );
    expect(errorOf('referents:\n  - { name: A, etp: 1, etp2: 1, fonction: x }\n')).toBe(
      'plie-audit.yaml › referents[0] : clés inconnues « etp2 », « fonction » ; clés permises : name, etp, role, territory, lot',
    );
    expect(errorOf('rules:\n  entretiens-mensuels: { severity: info, param: {} }\n')).toBe(
      'plie-audit.yaml › rules.entretiens-mensuels : clé inconnue « param » ; clés permises : severity, params',
    );
  });

  it('other shapes: ids, duplicates, delimiter, top-level list, key quoting', () => {
    expect(errorOf('rules:\n  Entretiens: off\n')).toBe(
      'plie-audit.yaml › rules : clé « Entretiens » non valide : identifiant de règle en minuscules, chiffres et tirets attendu (ex. entretiens-mensuels), reçu « Entretiens »',
    );
    expect(errorOf('referents:\n  - { name: Marie Dupont, etp: 1 }\n  - { name: "marie dupont ", etp: 0.5 }\n')).toBe(
      'plie-audit.yaml › referents[1].name : référent « marie dupont » déjà déclaré (referents[0])',
    );
    expect(errorOf('delimiter: ";;"\n')).toBe('plie-audit.yaml › delimiter : un seul caractère attendu (ex. « ; »), reçu « ;; »');
    expect(errorOf('- a\n- b\n')).toBe(
      'plie-audit.yaml : le fichier doit contenir des paires « clé: valeur » (ruleset, lot, period…)',
    );
    expect(errorOf('values:\n  kind: { "RDV physique": "" }\n')).toBe(
      'plie-audit.yaml › values.kind["RDV physique"] : le texte ne doit pas être vide',
    );
  });
});

describe('loadConfig', () => {
  it('finds plie-audit.yaml, then plie-audit.yml, in cwd; none gives the defaults', async () => {
    const a = dirWith({ 'plie-audit.yaml': 'lot: lot1\n', 'plie-audit.yml': 'lot: lot2\n' });
    expect(await loadConfig({ cwd: a })).toEqual({
      config: { ...defaultConfig(), lot: 'lot1' },
      path: path.join(a, 'plie-audit.yaml'),
    });
    const b = dirWith({ 'plie-audit.yml': 'lot: lot2\n' });
    expect((await loadConfig({ cwd: b })).config.lot).toBe('lot2');
    const c = dirWith({});
    expect(await loadConfig({ cwd: c })).toEqual({ config: defaultConfig(), path: null });
  });

  it('an explicit path is relative to cwd, named so in messages; a missing one is an error', async () => {
    const d = dirWith({ 'conf/audit.yaml': '\uFEFFlot: 12\n' });
    await expect(loadConfig({ cwd: d, path: 'conf/audit.yaml' })).rejects.toMatchObject({
      name: 'ConfigError',
      message: 'conf/audit.yaml › lot : identifiant de lot attendu, reçu 12',
      file: 'conf/audit.yaml',
      problems: ['conf/audit.yaml › lot : identifiant de lot attendu, reçu 12'],
    });
    await expect(loadConfig({ cwd: d, path: 'absent.yaml' })).rejects.toMatchObject({
      name: 'ConfigError',
      message: 'Fichier de configuration introuvable : absent.yaml',
    });
  });
});
