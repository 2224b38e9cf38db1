import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deepMerge, loadRuleset, resolveRuleset } from '../../src/ruleset/index.js';
import { BUNDLED, CUSTOM, errorOf, fakeRegistry, scratch } from './fake-registry.js';

const opts = { registry: fakeRegistry, rulesDir: BUNDLED, cwd: CUSTOM };
const base = await loadRuleset('base', opts);
const child = await loadRuleset('child.yaml', opts);
const nolots = await loadRuleset('nolots', opts);

describe('resolveRuleset', () => {
  it('keeps the rules of the chosen lot, merges lotParams and applies zod defaults', () => {
    const r = resolveRuleset(base, { lot: 'lot2', registry: fakeRegistry });
    expect(r).toEqual({
      id: 'base',
      title: 'PLIE de test — marché 2019',
      cahier: 'test-2019',
      lot: 'lot2',
      lotTitle: 'Lot 2 — parcours spécifique',
      etp: 1.4,
      period: { start: '2019-03-01', end: '2019-12-31' },
      kpiSnapshots: ['05-31', '09-30'],
      rules: [
        {
          id: 'entretiens-mensuels',
          kind: 'fake-frequency',
          severity: 'error',
          params: { min: 2, window: 'month', match: { kinds: ['entretien'], modes: ['physique'], roles: ['cip'] } },
          source: { cahier: 'test-2019', section: 'Accompagnement', quote: 'a minima 2 fois par mois' },
          fidelity: 'exact',
          interpretation: null,
          lots: null,
        },
        {
          id: 'objectif-lot2',
          kind: 'fake-target',
          severity: 'warning',
          params: { target: 115 },
          source: { cahier: 'autre-cahier', section: 'Objectifs', quote: '115 participants' },
          fidelity: 'interpretation',
          interpretation: 'Le cahier ne distingue pas les lots ; le second bloc est le lot 2.',
          lots: ['lot2'],
        },
        {
          id: 'a-retirer',
          kind: 'fake-target',
          severity: 'info',
          params: { target: 1 },
          source: { cahier: 'test-2019', section: 'Divers', quote: 'un' },
          fidelity: 'exact',
          interpretation: null,
          lots: null,
        },
      ],
    });
  });

  it('lot1: no lotParams, the rule set period, the lot ETP', () => {
    const r = resolveRuleset(base, { lot: 'lot1', registry: fakeRegistry });
    expect(r.rules.map((x) => x.id)).toEqual(['entretiens-mensuels', 'objectif-lot1', 'a-retirer']);
    expect(r.rules[0]!.params).toEqual({ min: 2, window: 'month', match: { kinds: ['entretien'], modes: ['physique'] } });
    expect([r.period, r.etp, r.lotTitle]).toEqual([{ start: '2019-01-01', end: '2019-12-31' }, 2.6, 'Lot 1 — référent de parcours']);
  });

  it('a rule set without lots', () => {
    const r = resolveRuleset(nolots, { registry: fakeRegistry });
    expect([r.lot, r.lotTitle, r.etp]).toEqual([null, null, null]);
    expect(r.rules.map((x) => [x.id, x.params])).toEqual([
      ['frequence', { min: 1, window: 'quarter', match: { kinds: ['entretien'] } }],
    ]);
  });

  it('the configured period wins over the lot period', () => {
    const period = { start: '2019-06-01', end: '2019-06-30' };
    expect(resolveRuleset(base, { lot: 'lot2', period, registry: fakeRegistry }).period).toEqual(period);
  });

  it('config overrides: severity shorthand, off, and params deep-merged then re-validated', () => {
    const r = resolveRuleset(child, {
      lot: 'lot2',
      registry: fakeRegistry,
      overrides: {
        'entretiens-mensuels': { severity: 'warning', params: { min: 3, match: { modes: ['telephone'] } } },
        'objectif-lot2': 'info',
        'nouvelle-regle': 'off',
        'objectif-lot1': 'off',
      },
    });
    expect(r.rules.map((x) => [x.id, x.severity, x.params])).toEqual([
      [
        'entretiens-mensuels',
        'warning',
        { min: 3, window: 'month', match: { kinds: ['entretien'], modes: ['telephone'], roles: ['cip'] } },
      ],
      ['objectif-lot2', 'info', { target: 115 }],
      ['nouvelle-regle', 'off', { min: 1, window: 'month', match: { kinds: ['atelier'] } }],
    ]);
  });

  it('names the config file and the param when an override is invalid', async () => {
    expect(
      await errorOf(() =>
        resolveRuleset(child, {
          lot: 'lot1',
          registry: fakeRegistry,
          configFile: 'audit/plie-audit.yaml',
          overrides: {
            'entretiens-mensuels': { params: { min: 'trois', match: { roles: ['x'] } } },
            'regle-absente': 'off',
          },
        }),
      ),
    ).toBe(
      [
        'audit/plie-audit.yaml › rules.regle-absente : règle « regle-absente » inconnue dans le jeu de règles « child » ; règles : entretiens-mensuels, objectif-lot1, objectif-lot2, nouvelle-regle',
        'audit/plie-audit.yaml › entretiens-mensuels › params.min : nombre attendu, reçu « trois »',
        'audit/plie-audit.yaml › entretiens-mensuels › params.match.roles[0] : valeur « x » non reconnue ; valeurs permises : cip, psychologue',
      ].join('\n'),
    );
  });

  it('an unknown param in an override names the config file', async () => {
    expect(
      await errorOf(() =>
        resolveRuleset(child, { lot: 'lot1', registry: fakeRegistry, overrides: { 'objectif-lot1': { params: { cible: 1 } } } }),
      ),
    ).toBe('plie-audit.yaml › objectif-lot1 › params : clé inconnue « cible » ; clés permises : target');
  });

  it('a whole-params refinement broken by an override names the config file', async () => {
    const registry = {
      ...fakeRegistry,
      'fake-xor': {
        params: z
          .object({ maxDays: z.number().optional(), variant: z.literal('commission').optional() })
          .strict()
          .refine((p) => (p.maxDays === undefined) !== (p.variant === undefined), { message: 'maxDays ou variant, pas les deux' }),
      },
    };
    const dir = scratch({
      'x.yaml': `title: T
cahier: c
period: { start: 2019-01-01, end: 2019-12-31 }
rules:
  - { id: saisie, kind: fake-xor, severity: error, params: { maxDays: 7 }, source: { section: S, quote: Q }, fidelity: exact }
`,
    });
    const file = await loadRuleset('x.yaml', { ...opts, registry, cwd: dir });
    expect(resolveRuleset(file, { registry, overrides: { saisie: { params: { maxDays: 0 } } } }).rules[0]!.params).toEqual({ maxDays: 0 });
    expect(await errorOf(() => resolveRuleset(file, { registry, overrides: { saisie: { params: { variant: 'commission' } } } }))).toBe(
      'plie-audit.yaml › saisie › params : maxDays ou variant, pas les deux',
    );
  });

  it('lot selection errors list the lots', async () => {
    expect(await errorOf(() => resolveRuleset(base, { registry: fakeRegistry }))).toBe(
      'Le jeu de règles « base » est découpé en lots : choisissez-en un avec --lot ou « lot: » dans plie-audit.yaml (lots : lot1 (Lot 1 — référent de parcours), lot2 (Lot 2 — parcours spécifique))',
    );
    expect(await errorOf(() => resolveRuleset(base, { lot: 'lot3', registry: fakeRegistry }))).toBe(
      'Lot « lot3 » inconnu dans le jeu de règles « base » ; lots : lot1 (Lot 1 — référent de parcours), lot2 (Lot 2 — parcours spécifique)',
    );
    expect(await errorOf(() => resolveRuleset(nolots, { lot: 'lot1', registry: fakeRegistry }))).toBe(
      'Le jeu de règles « nolots » n’a pas de lots : retirez --lot ou « lot: » (reçu « lot1 »)',
    );
  });

  it('a kind missing from the registry at resolution time is an error', async () => {
    expect(await errorOf(() => resolveRuleset(nolots, { registry: { 'fake-target': fakeRegistry['fake-target']! } }))).toBe(
      'bundled/nolots.yaml › frequence › kind : type de contrôle « fake-frequency » inconnu ; types connus : fake-target',
    );
  });
});

describe('deepMerge', () => {
  it('merges objects key by key, replaces arrays and scalars, leaves inputs intact', () => {
    const a = { m: { kinds: ['entretien'], modes: ['physique'] }, n: 1, keep: { x: 1 } };
    const b = { m: { kinds: ['atelier'] }, n: null, extra: [1] };
    expect(deepMerge(a, b)).toEqual({ m: { kinds: ['atelier'], modes: ['physique'] }, n: null, keep: { x: 1 }, extra: [1] });
    expect(a).toEqual({ m: { kinds: ['entretien'], modes: ['physique'] }, n: 1, keep: { x: 1 } });
  });

  it('treats a __proto__ key as data', () => {
    const over = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const out = deepMerge({}, over);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
