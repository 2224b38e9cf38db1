import { describe, expect, it } from 'vitest';
import { listRulesets, loadRuleset } from '../../src/ruleset/index.js';
import { BUNDLED, CUSTOM, errorOf, fakeRegistry, scratch } from './fake-registry.js';

const opts = { registry: fakeRegistry, rulesDir: BUNDLED, cwd: CUSTOM };

const RULE = `
    kind: fake-frequency
    severity: error
    params: { min: 2, match: { kinds: [entretien] } }
    source: { section: "S", quote: "Q" }
    fidelity: exact`;

function file(body: string): string {
  return `title: "T"\ncahier: c\nperiod: { start: 2019-01-01, end: 2019-12-31 }\n${body}`;
}

describe('loadRuleset', () => {
  it('loads a bundled id: defaults, lots, source.cahier from the file', async () => {
    const f = await loadRuleset('base', opts);
    expect(f.id).toBe('base');
    expect(f.file).toBe('bundled/base.yaml');
    expect(f.bundled).toBe(true);
    expect(f.extends).toBeNull();
    expect(f.kpiSnapshots).toEqual(['05-31', '09-30']);
    expect(f.lots).toEqual({
      lot1: { title: 'Lot 1 — référent de parcours', etp: 2.6, period: null },
      lot2: { title: 'Lot 2 — parcours spécifique', etp: 1.4, period: { start: '2019-03-01', end: '2019-12-31' } },
    });
    expect(f.rules.map((r) => r.id)).toEqual(['entretiens-mensuels', 'objectif-lot1', 'objectif-lot2', 'a-retirer']);
    expect(f.rules[0]).toEqual({
      id: 'entretiens-mensuels',
      kind: 'fake-frequency',
      severity: 'error',
      lots: null,
      params: { min: 2, match: { kinds: ['entretien'], modes: ['physique'] } },
      lotParams: { lot2: { match: { roles: ['cip'] } } },
      source: { cahier: 'test-2019', section: 'Accompagnement', quote: 'a minima 2 fois par mois' },
      fidelity: 'exact',
      interpretation: null,
      file: 'bundled/base.yaml',
    });
    expect(f.rules[2]!.source.cahier).toBe('autre-cahier');
    expect(f.rules[2]!.interpretation).toBe('Le cahier ne distingue pas les lots ; le second bloc est le lot 2.');
  });

  it('extends a bundled id from a custom file: replace in place, remove, append, inherited fields', async () => {
    const f = await loadRuleset('child.yaml', opts);
    expect(f.id).toBe('child');
    expect(f.title).toBe('PLIE de test — marché 2019');
    expect(f.cahier).toBe('cahier-enfant');
    expect(f.extends).toBe('base');
    expect(f.bundled).toBe(false);
    expect(f.rules.map((r) => [r.id, r.severity, r.file, r.source.cahier])).toEqual([
      ['entretiens-mensuels', 'error', 'bundled/base.yaml', 'test-2019'],
      ['objectif-lot1', 'error', 'child.yaml', 'cahier-enfant'],
      ['objectif-lot2', 'warning', 'bundled/base.yaml', 'autre-cahier'],
      ['nouvelle-regle', 'info', 'child.yaml', 'cahier-enfant'],
    ]);
    expect(f.rules[1]!.params).toEqual({ target: 400 });
  });

  it('follows a chain of bundled ids', async () => {
    const f = await loadRuleset('derived', opts);
    expect(f.title).toBe('PLIE de test — avenant');
    expect(f.rules.map((r) => r.id)).toEqual(['entretiens-mensuels', 'objectif-lot1', 'objectif-lot2']);
  });

  it('detects a cycle in extends', async () => {
    expect(await errorOf(() => loadRuleset('cycle-a.yaml', opts))).toBe(
      'cycle-a.yaml : cycle dans « extends » : cycle-a.yaml → cycle-b.yaml → cycle-a.yaml',
    );
    const dir = scratch({ 'self.yaml': 'extends: ./self.yaml\n' });
    expect(await errorOf(() => loadRuleset('self.yaml', { ...opts, cwd: dir }))).toBe(
      'self.yaml : cycle dans « extends » : self.yaml → self.yaml',
    );
  });

  it('names an unknown id or a missing file, with the available ids', async () => {
    expect(await errorOf(() => loadRuleset('lunel-2099', opts))).toBe(
      'Jeu de règles « lunel-2099 » inconnu ; jeux disponibles : base, derived, nolots',
    );
    expect(await errorOf(() => loadRuleset('./absent.yaml', opts))).toBe('Fichier de règles introuvable : ./absent.yaml');
    const dir = scratch({ 'x.yaml': 'extends: inconnu\n' });
    expect(await errorOf(() => loadRuleset('x.yaml', { ...opts, cwd: dir }))).toBe(
      'x.yaml › extends : jeu de règles « inconnu » inconnu ; jeux disponibles : base, derived, nolots',
    );
  });

  it('reports params errors as file › rule › param', async () => {
    const dir = scratch({
      'bad.yaml': file(`rules:
  - id: entretiens-mensuels
    kind: fake-frequency
    severity: error
    params: { min: "deux", window: semaine, match: { kinds: [entretien], typo: 1 } }
    source: { section: "S", quote: "Q" }
    fidelity: exact
`),
    });
    expect(await errorOf(() => loadRuleset('bad.yaml', { ...opts, cwd: dir }))).toBe(
      [
        'bad.yaml › entretiens-mensuels › params.min : nombre attendu, reçu « deux »',
        'bad.yaml › entretiens-mensuels › params.window : valeur « semaine » non reconnue ; valeurs permises : month, quarter',
        'bad.yaml › entretiens-mensuels › params.match : clé inconnue « typo » ; clés permises : kinds, modes, roles',
      ].join('\n'),
    );
  });

  it('validates the merged params of every lot and names lotParams when they are at fault', async () => {
    const dir = scratch({
      'lots.yaml': file(`lots:
  lot1: { title: "Lot 1" }
  lot2: { title: "Lot 2" }
  lot3: { title: "Lot 3" }
rules:
  - id: entretiens-mensuels
    kind: fake-frequency
    severity: error
    params: { min: 2, match: { kinds: [entretien] } }
    lotParams:
      lot2: { min: 0 }
      lot3: { match: { modes: [] }, total: 3 }
    source: { section: "S", quote: "Q" }
    fidelity: exact
  - id: sans-match
    kind: fake-frequency
    severity: error
    params: { min: 1 }
    lotParams:
      lot1: { match: { kinds: [atelier] } }
    source: { section: "S", quote: "Q" }
    fidelity: exact
`),
    });
    expect(await errorOf(() => loadRuleset('lots.yaml', { ...opts, cwd: dir }))).toBe(
      [
        'lots.yaml › entretiens-mensuels › lotParams.lot2.min : nombre supérieur ou égal à 1 attendu, reçu 0',
        'lots.yaml › entretiens-mensuels › lotParams.lot3.match.modes : la liste ne doit pas être vide',
        'lots.yaml › entretiens-mensuels › lotParams.lot3 : clé inconnue « total » ; clés permises : min, window, match',
        'lots.yaml › sans-match › params.match : champ requis (lots lot2, lot3)',
      ].join('\n'),
    );
  });

  it('rejects lots that the rule set does not define', async () => {
    const dir = scratch({
      'l.yaml': file(`lots:
  lot1: { title: "Lot 1" }
rules:
  - id: r
    lots: [lot1, lot9]
    lotParams: { lot8: { min: 3 } }${RULE}
`),
      'n.yaml': file(`rules:
  - id: r
    lots: [lot1]${RULE}
`),
    });
    expect(await errorOf(() => loadRuleset('l.yaml', { ...opts, cwd: dir }))).toBe(
      ['l.yaml › r › lots[1] : lot « lot9 » inconnu ; lots : lot1', 'l.yaml › r › lotParams.lot8 : lot « lot8 » inconnu ; lots : lot1'].join('\n'),
    );
    expect(await errorOf(() => loadRuleset('n.yaml', { ...opts, cwd: dir }))).toBe(
      'n.yaml › r › lots[0] : lot « lot1 » inconnu ; ce jeu de règles n’a pas de lots',
    );
  });

  it('rejects an unknown kind, listing the known kinds', async () => {
    const dir = scratch({
      'k.yaml': file(`rules:
  - id: r
    kind: frequence-contact
    severity: error
    source: { section: "S", quote: "Q" }
    fidelity: exact
`),
    });
    expect(await errorOf(() => loadRuleset('k.yaml', { ...opts, cwd: dir }))).toBe(
      'k.yaml › r › kind : type de contrôle « frequence-contact » inconnu ; types connus : fake-frequency, fake-target',
    );
  });

  it('rejects duplicate rule ids in a file', async () => {
    const dir = scratch({ 'd.yaml': file(`rules:\n  - id: r${RULE}\n  - id: s${RULE}\n  - id: r${RULE}\n`) });
    expect(await errorOf(() => loadRuleset('d.yaml', { ...opts, cwd: dir }))).toBe(
      'd.yaml › r : identifiant en double (rules[0] et rules[2])',
    );
  });

  it('reports structural errors of rules and of the file', async () => {
    const dir = scratch({
      's.yaml': `title: "T"
cahier: c
period: { start: 2019-01-01, end: 2019-02-30 }
kpiSnapshots: ["5-31"]
auteur: moi
rules:
  - id: Entretiens_Mensuels${RULE}
  - id: r
    kind: fake-target
    severity: fatal
    params: { target: 1 }
    source: { section: "S" }
    fidelity: exact
  - id: r2
    kind: fake-target
    severity: info
    params: { target: 1 }
    source: { section: "S", quote: "Q" }
    fidelity: interpretation
  - kind: fake-target
`,
    });
    expect(await errorOf(() => loadRuleset('s.yaml', { ...opts, cwd: dir }))).toBe(
      [
        's.yaml › period.end : date inexistante « 2019-02-30 »',
        's.yaml › kpiSnapshots[0] : date sans année attendue (MM-JJ, ex. 05-31), reçu « 5-31 »',
        's.yaml : clé inconnue « auteur » ; clés permises : id, title, cahier, period, extends, lots, kpiSnapshots, rules',
        's.yaml › Entretiens_Mensuels › id : identifiant de règle en minuscules, chiffres et tirets attendu (ex. entretiens-mensuels), reçu « Entretiens_Mensuels »',
        's.yaml › r › severity : valeur « fatal » non reconnue ; valeurs permises : error, warning, info',
        's.yaml › r › source.quote : champ requis',
        's.yaml › r2 › interpretation : champ requis quand fidelity vaut interpretation : expliquez le choix fait là où le cahier en laisse un',
        's.yaml › rules[3] › id : champ requis',
        's.yaml › rules[3] › severity : champ requis',
        's.yaml › rules[3] › source : champ requis',
        's.yaml › rules[3] › fidelity : champ requis',
      ].join('\n'),
    );
  });

  it('requires title, cahier and period without extends; remove needs an inherited rule', async () => {
    const dir = scratch({
      'a.yaml': 'rules: []\n',
      'b.yaml': file('rules:\n  - { id: r, remove: true }\n'),
      'c.yaml': 'extends: base\nrules:\n  - { id: absente, remove: true }\n  - { id: objectif-lot1, remove: false }\n',
      'd.yaml': 'extends: base\nrules:\n  - { id: absente, remove: true }\n',
    });
    expect(await errorOf(() => loadRuleset('a.yaml', { ...opts, cwd: dir }))).toBe(
      [
        'a.yaml › title : champ requis (sauf quand le fichier étend un autre jeu de règles avec « extends »)',
        'a.yaml › cahier : champ requis (sauf quand le fichier étend un autre jeu de règles avec « extends »)',
        'a.yaml › period : champ requis (sauf quand le fichier étend un autre jeu de règles avec « extends »)',
      ].join('\n'),
    );
    expect(await errorOf(() => loadRuleset('b.yaml', { ...opts, cwd: dir }))).toBe(
      'b.yaml › r : « remove » sans « extends » : aucune règle héritée à retirer',
    );
    expect(await errorOf(() => loadRuleset('c.yaml', { ...opts, cwd: dir }))).toBe(
      'c.yaml › objectif-lot1 › remove : true attendu, reçu false',
    );
    expect(await errorOf(() => loadRuleset('d.yaml', { ...opts, cwd: dir }))).toBe(
      'd.yaml › absente : aucune règle « absente » à retirer dans « base »',
    );
  });

  it('checks that a bundled file id matches its file name', async () => {
    const dir = scratch({ 'mauvais.yaml': file('id: autre\nrules: []\n') });
    expect(await errorOf(() => loadRuleset('mauvais', { ...opts, rulesDir: dir }))).toBe(
      `${dir.split('/').pop()}/mauvais.yaml › id : « mauvais » attendu (le nom du fichier), reçu « autre »`,
    );
  });

  it('reports YAML syntax errors with line and column', async () => {
    const dir = scratch({ 'y.yaml': 'title: "T"\nrules:\n  - id: r\n   kind: x\n' });
    expect(await errorOf(() => loadRuleset('y.yaml', { ...opts, cwd: dir }))).toBe(
      'y.yaml, ligne 4, colonne 1 : élément de liste sans tiret « - », ou indentation incorrecte',
    );
  });
});

describe('listRulesets', () => {
  it('summarises the rule sets of a folder, inherited rules counted', () => {
    expect(listRulesets({ rulesDir: BUNDLED })[0]!.lotDetails).toEqual([
      { id: 'lot1', title: 'Lot 1 — référent de parcours', etp: 2.6 },
      { id: 'lot2', title: 'Lot 2 — parcours spécifique', etp: 1.4 },
    ]);
    expect(listRulesets({ rulesDir: BUNDLED }).map((s) => [s.id, s.extends, s.rules, s.lots])).toEqual([
      ['base', null, 4, ['lot1', 'lot2']],
      ['derived', 'base', 3, ['lot1', 'lot2']],
      ['nolots', null, 1, []],
    ]);
    expect(listRulesets({ rulesDir: BUNDLED })[2]).toEqual({
      id: 'nolots',
      title: 'PLIE sans lots',
      cahier: 'sans-lots',
      period: { start: '2022-01-01', end: '2022-12-31' },
      extends: null,
      lots: [],
      lotDetails: [],
      rules: 1,
      path: `${BUNDLED}/nolots.yaml`,
    });
  });
});
