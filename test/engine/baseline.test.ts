/**
 * --baseline: violations already in an earlier report are hidden and counted, the rest decide the
 * exit code; baseline entries that match nothing any more are listed as resolved.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExitCode } from '../../src/cli/check.js';
import { checkJson as checkReportJson } from '../../src/report/json.js';
import { applyBaseline, baselineKey, parseBaseline, readBaseline, type Baseline } from '../../src/engine/baseline.js';
import type { AuditResult, BaselineEntry, Violation } from '../../src/engine/result.js';

function v(x: Partial<Violation> & Pick<Violation, 'rule'>): Violation {
  return {
    kind: 'contact-frequency', severity: 'error', participant: null, referent: 'Marie Dupont', period: null, date: null,
    milestone: null, expected: null, actual: null, args: {}, evidence: [], ...x,
  };
}

function result(violations: Violation[]): AuditResult {
  const count = (s: string) => violations.filter((x) => x.severity === s).length;
  const rule = (id: string, kind: string) => ({
    id, kind, severity: 'error' as const, status: 'ran' as const, skip: null,
    violations: violations.filter((x) => x.rule === id).length, source: null, fidelity: null, interpretation: null, params: {},
  });
  return {
    tool: { name: 'plie-audit', version: '0.1.0' },
    ruleset: { id: 'lunel-2019', lot: 'lot1', title: 'Lunel', cahier: 'lunel-2019' },
    period: { start: '2019-01-01', end: '2019-12-31' },
    asOf: '2019-12-31',
    inputs: [],
    rules: [rule('entretiens-mensuels', 'contact-frequency'), rule('agenda-interdits', 'agenda-forbidden'), rule('file-active', 'file-active')],
    violations,
    summary: { error: count('error'), warning: count('warning'), info: count('info'), participants: 4, rulesRan: 3, rulesSkipped: 0 },
  };
}

const entry = (x: Partial<BaselineEntry> & Pick<BaselineEntry, 'rule'>): BaselineEntry => ({
  severity: 'error', participant: null, referent: null, period: null, date: null, message: null, ...x,
});

const baseline = (entries: BaselineEntry[]): Baseline => ({ path: 'ref.json', entries, pseudonymized: false });

const TODAY = [
  v({ rule: 'entretiens-mensuels', participant: 'P1', period: '2019-03', actual: 1, expected: 2 }),
  v({ rule: 'entretiens-mensuels', participant: 'P1', period: '2019-04', actual: 0, expected: 2 }),
  v({ rule: 'entretiens-mensuels', participant: 'P2', period: '2019-03', actual: 1, expected: 2 }),
  v({ rule: 'agenda-interdits', kind: 'agenda-forbidden', participant: null, referent: 'Paul Martin', period: '2019-04', date: '2019-04-23' }),
  v({ rule: 'agenda-interdits', kind: 'agenda-forbidden', participant: null, referent: 'Paul Martin', period: '2019-04', date: '2019-04-23' }),
  v({ rule: 'file-active', kind: 'file-active', severity: 'warning', participant: null, referent: 'Marie Dupont', period: '2019-10' }),
];

describe('baselineKey', () => {
  it('rule + participant (or référent) + period + date; counts and severity do not matter', () => {
    expect(baselineKey(TODAY[0]!)).toBe('entretiens-mensuels\u0000P1\u00002019-03\u0000');
    expect(baselineKey(TODAY[3]!)).toBe('agenda-interdits\u0000Paul Martin\u00002019-04\u00002019-04-23');
    expect(baselineKey(entry({ rule: 'entretiens-mensuels', participant: 'P1', referent: 'Autre', period: '2019-03', severity: 'warning' }))).toBe(
      baselineKey(TODAY[0]!),
    );
  });
});

describe('applyBaseline', () => {
  const ref = baseline([
    entry({ rule: 'entretiens-mensuels', participant: 'P1', referent: 'Marie Dupont', period: '2019-03', message: 'Mars 2019 : 0 entretien' }),
    entry({ rule: 'agenda-interdits', referent: 'Paul Martin', period: '2019-04', date: '2019-04-23' }),
    entry({ rule: 'file-active', severity: 'warning', referent: 'Marie Dupont', period: '2019-10' }),
    entry({ rule: 'entretiens-mensuels', participant: 'P9', referent: 'Marie Dupont', period: '2019-02', message: 'Février 2019 : 1 entretien' }),
    entry({ rule: 'regle-disparue', participant: 'P1', period: '2019-03' }),
  ]);

  it('hides exactly the matching violations, one baseline entry each, and lists the resolved entries', () => {
    const out = applyBaseline(result(TODAY), ref);
    expect(out.violations).toEqual([TODAY[1], TODAY[2], TODAY[4]]);
    expect(out.baseline).toEqual({
      path: 'ref.json',
      hidden: 3,
      resolved: [
        entry({ rule: 'entretiens-mensuels', participant: 'P9', referent: 'Marie Dupont', period: '2019-02', message: 'Février 2019 : 1 entretien' }),
        entry({ rule: 'regle-disparue', participant: 'P1', period: '2019-03' }),
      ],
    });
  });

  it('recounts the summary and the rules after hiding', () => {
    const out = applyBaseline(result(TODAY), ref);
    expect(out.summary).toEqual({ error: 3, warning: 0, info: 0, participants: 4, rulesRan: 3, rulesSkipped: 0, baselined: 3 });
    expect(out.rules.map((r) => [r.id, r.violations])).toEqual([
      ['entretiens-mensuels', 2],
      ['agenda-interdits', 1],
      ['file-active', 0],
    ]);
  });

  it('the exit code is computed after hiding', () => {
    const all = baseline(TODAY.map((x) => entry({ ...x, message: null })));
    const before = result(TODAY);
    const after = applyBaseline(before, all);
    expect(checkExitCode(before, undefined)).toBe(1);
    expect(after.violations).toEqual([]);
    expect(after.summary).toMatchObject({ error: 0, warning: 0, info: 0, baselined: 6 });
    expect(after.baseline!.resolved).toEqual([]);
    expect(checkExitCode(after, undefined)).toBe(0);
  });

  it('an empty baseline hides nothing and still says so', () => {
    const out = applyBaseline(result(TODAY), baseline([]));
    expect(out.violations).toEqual(TODAY);
    expect(out.baseline).toEqual({ path: 'ref.json', hidden: 0, resolved: [] });
    expect(out.summary.baselined).toBe(0);
  });

  it("a report's own JSON, read back as a baseline, hides all of it", () => {
    const r = result(TODAY);
    const ref2 = parseBaseline(JSON.stringify(checkReportJson(r)), 'today.json');
    expect(ref2.entries).toHaveLength(6);
    const out = applyBaseline(r, ref2);
    expect(out.violations).toEqual([]);
    expect(out.baseline).toEqual({ path: 'today.json', hidden: 6, resolved: [] });
  });
});

describe('parseBaseline', () => {
  const report = {
    schemaVersion: 1,
    tool: { name: 'plie-audit', version: '0.1.0' },
    violations: [
      { rule: 'r', severity: 'error', participant: 'P1', referent: 'M', period: '2019-03', date: null, message: 'x', extra: true },
      { rule: 's', participant: null, referent: 'M' },
    ],
  };

  it('keeps what matching and listing need, tolerates extra and missing optional fields', () => {
    expect(parseBaseline(`\uFEFF${JSON.stringify(report)}`, 'ref.json')).toEqual({
      path: 'ref.json',
      pseudonymized: false,
      entries: [
        { rule: 'r', severity: 'error', participant: 'P1', referent: 'M', period: '2019-03', date: null, message: 'x' },
        { rule: 's', severity: null, participant: null, referent: 'M', period: null, date: null, message: null },
      ],
    });
  });

  it('notices a pseudonymised report', () => {
    expect(parseBaseline(JSON.stringify({ ...report, pseudonymized: { keyed: 'PLIE_AUDIT_KEY' } }), 'ref.json').pseudonymized).toBe(true);
  });

  it.each([
    ['not JSON', '{', "la référence « ref.json » n'est pas un fichier JSON lisible : produisez-le avec `plie-audit check <exports> --format json -o reference.json` (sans --baseline, pour que tous les constats y figurent)."],
    ['another schemaVersion', JSON.stringify({ ...report, schemaVersion: 2 }), 'la référence « ref.json » est un rapport de schemaVersion 2, or seule la version 1 est lue : produisez-le avec `plie-audit check <exports> --format json -o reference.json` (sans --baseline, pour que tous les constats y figurent).'],
    ['no violations', JSON.stringify({ schemaVersion: 1 }), "la référence « ref.json » n'est pas un rapport `plie-audit check --format json` (champ « violations ») : produisez-le avec `plie-audit check <exports> --format json -o reference.json` (sans --baseline, pour que tous les constats y figurent)."],
    ['a kpi report', JSON.stringify({ schemaVersion: 1, kpis: [] }), "la référence « ref.json » n'est pas un rapport `plie-audit check --format json` (champ « violations ») : produisez-le avec `plie-audit check <exports> --format json -o reference.json` (sans --baseline, pour que tous les constats y figurent)."],
    ['a violation without rule', JSON.stringify({ schemaVersion: 1, violations: [{ participant: 'P1' }] }), "la référence « ref.json » n'est pas un rapport `plie-audit check --format json` (champ « violations.0.rule ») : produisez-le avec `plie-audit check <exports> --format json -o reference.json` (sans --baseline, pour que tous les constats y figurent)."],
    ['an array', '[]', "la référence « ref.json » n'est pas un rapport `plie-audit check --format json` : produisez-le avec `plie-audit check <exports> --format json -o reference.json` (sans --baseline, pour que tous les constats y figurent)."],
  ])('%s → a French UsageError naming the file', (_, text, message) => {
    expect(() => parseBaseline(text, 'ref.json')).toThrow(expect.objectContaining({ name: 'UsageError', message }));
  });
});

describe('readBaseline', () => {
  it('reads relative to the working directory', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plie-baseline-'));
    writeFileSync(path.join(dir, 'ref.json'), JSON.stringify({ schemaVersion: 1, violations: [] }));
    expect(await readBaseline('ref.json', dir)).toEqual({ path: 'ref.json', entries: [], pseudonymized: false });
  });

  it('a missing file or a folder: a French UsageError naming it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plie-baseline-'));
    mkdirSync(path.join(dir, 'dossier'));
    await expect(readBaseline('absent.json', dir)).rejects.toThrow(
      expect.objectContaining({
        name: 'UsageError',
        message: 'impossible de lire la référence « absent.json » (fichier introuvable) : vérifiez le chemin passé à --baseline.',
      }),
    );
    await expect(readBaseline('dossier', dir)).rejects.toThrow(
      expect.objectContaining({
        message: "impossible de lire la référence « dossier » (c'est un dossier) : vérifiez le chemin passé à --baseline.",
      }),
    );
  });
});
