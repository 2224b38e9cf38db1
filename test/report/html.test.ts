/**
 * The HTML reports: one escape for everything that comes from the data, no network reference,
 * the file-active charts, and the demo end to end. The browser check is html-browser.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditPrepared } from '../../src/engine/audit.js';
import { prepare } from '../../src/engine/prepare.js';
import type { AuditResult, RuleResult, Violation } from '../../src/engine/result.js';
import { kpiResult } from '../../src/kpi/index.js';
import type { Kpi, KpiResult } from '../../src/kpi/types.js';
import type { InputReport } from '../../src/model/types.js';
import {
  escapeHtml,
  fileActiveSeries,
  fileActiveSvg,
  formatCheckHtml,
  formatKpiHtml,
} from '../../src/report/html.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demo = path.join(root, 'fixtures/demo');

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────

const ALLOWED_TAGS = new Set(
  ('html head meta title style body header h1 h2 h3 p nav a main section div b i table thead tbody tr th td ' +
    'span blockquote details summary figure figcaption svg line text polyline circle footer code br').split(' '),
);
const ALLOWED_ATTRS = new Set(
  ('lang charset http-equiv content name class id href aria-label role width height viewbox x1 x2 y1 y2 x y ' +
    'text-anchor font-size fill stroke stroke-width stroke-dasharray points cx cy r open').split(' '),
);

/** Every tag and attribute of a document, with the href values. */
function markup(doc: string) {
  const tags = new Set<string>();
  const attrs = new Set<string>();
  const hrefs: string[] = [];
  for (const m of doc.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
    tags.add(m[1]!.toLowerCase());
    for (const a of m[2]!.matchAll(/\s([^\s=/>]+)(?:="([^"]*)")?/g)) {
      attrs.add(a[1]!.toLowerCase());
      if (a[1] === 'href') hrefs.push(a[2] ?? '');
    }
  }
  return { tags, attrs, hrefs };
}

function expectInertStructure(doc: string): void {
  const { tags, attrs, hrefs } = markup(doc);
  expect([...tags].filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
  expect([...attrs].filter((a) => !ALLOWED_ATTRS.has(a))).toEqual([]);
  expect(hrefs.filter((h) => !/^#[\w-]+$/.test(h))).toEqual([]);
  // No src attribute nor <link>/<script>/<img> (above); no url() or @import in the one stylesheet.
  const styles = [...doc.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  expect(styles).toHaveLength(1);
  expect(styles[0]).not.toMatch(/url\(|@import|:\/\//i);
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

function input(p: string, dataset: InputReport['dataset'] = 'affectations'): InputReport {
  return {
    path: p, sheet: null, container: 'csv', dataset, rows: 3, headerRow: 1, encoding: 'utf-8', delimiter: ';',
    skippedRows: 0, warnings: [], columns: {}, unmappedColumns: [], unmappedValues: {},
  };
}

function rule(id: string, extra: Partial<RuleResult> = {}): RuleResult {
  return {
    id, kind: 'contact-frequency', severity: 'error', status: 'ran', skip: null, violations: 0,
    source: { cahier: 'lunel-2019', section: 'Modalité de suivi', quote: 'a minima 2 fois par mois' },
    fidelity: 'interpretation', interpretation: 'Seuls comptent les entretiens physiques individuels.', params: {},
    ...extra,
  };
}

function violation(extra: Partial<Violation>): Violation {
  return {
    rule: 'entretiens-mensuels', kind: 'contact-frequency', severity: 'error',
    participant: '000123', referent: 'Marie Dupont', period: '2019-03', date: null, milestone: null,
    expected: 2, actual: 1, args: {}, evidence: [{ path: 'agenda.csv', sheet: null, row: 18 }],
    ...extra,
  };
}

const HOSTILE = {
  script: '<script>alert(1)</script>',
  attr: '"onload=alert(1) x="',
  amp: 'Dupont & Fils <b>gras</b>',
  formula: '=HYPERLINK("http://evil.example/x","clic")',
  cmd: "+cmd|' /C calc'!A0",
  at: '@SUM(1+1)',
  quote: "'><svg onload=alert(2)>",
};

function hostileResult(): AuditResult {
  return {
    tool: { name: 'plie-audit', version: '0.1.0' },
    ruleset: { id: 'lunel-2019', lot: 'lot1', title: `PLIE ${HOSTILE.script}`, cahier: 'lunel-2019' },
    period: { start: '2019-01-01', end: '2019-12-31' },
    asOf: '2019-03-31',
    inputs: [input(`exports/${HOSTILE.quote}.csv`), input('agenda.csv', 'agenda')],
    rules: [
      rule('entretiens-mensuels', {
        violations: 4,
        params: { match: { kinds: ['entretien'], modes: ['physique'], formats: ['individuel'] } },
        source: { cahier: 'lunel-2019', section: HOSTILE.amp, quote: `cite ${HOSTILE.script}` },
        interpretation: HOSTILE.attr,
      }),
      rule('donnees-invalides', { kind: 'data-quality', severity: 'warning', violations: 1, source: null, fidelity: null, interpretation: null }),
      rule('saisie-avant-commission', {
        status: 'skipped', skip: { code: 'check', text: `raison ${HOSTILE.script}` },
      }),
    ],
    violations: [
      violation({ referent: HOSTILE.script, participant: HOSTILE.attr }),
      violation({ referent: HOSTILE.formula, participant: HOSTILE.cmd }),
      violation({ referent: HOSTILE.amp, participant: HOSTILE.at, evidence: [{ path: HOSTILE.quote, sheet: HOSTILE.script, row: 7 }] }),
      violation({ referent: null, participant: null }),
      violation({
        rule: 'donnees-invalides', kind: 'data-quality', severity: 'warning', period: null, participant: HOSTILE.script,
        referent: null, expected: null, actual: null,
        args: { code: 'valeur-invalide', value: HOSTILE.formula, column: HOSTILE.attr },
      }),
    ],
    summary: { error: 4, warning: 1, info: 0, participants: 3, rulesRan: 2, rulesSkipped: 1 },
  };
}

function fa(month: string, value: number | null, target: number | null, referent?: string | null): Kpi {
  return {
    id: 'file-active', value, target, unit: 'participants',
    by: referent === undefined ? { month } : { month, referent },
  };
}

function hostileKpis(): KpiResult {
  const months = ['2019-01', '2019-02', '2019-03'];
  return {
    tool: { name: 'plie-audit', version: '0.1.0' },
    ruleset: { id: 'lunel-2019', lot: 'lot1', title: 'PLIE', cahier: 'lunel-2019' },
    period: { start: '2019-01-01', end: '2019-12-31' },
    asOf: '2019-03-31',
    inputs: [input('affectations.csv')],
    by: 'referent',
    kpis: [
      ...months.flatMap((m, i) => [
        fa(m, 10 + i, 12),
        fa(m, 5 + i, 6, HOSTILE.script),
        fa(m, 5, 6, HOSTILE.formula),
        fa(m, 0, null, null),
      ]),
      { id: 'typologie-commune', value: 4, target: null, unit: 'participants', by: {}, category: HOSTILE.script },
      { id: 'typologie-commune', value: 2, target: null, unit: 'participants', by: {}, category: HOSTILE.formula },
      { id: 'participants-accompagnes', value: 12, target: 20, unit: 'participants', by: {} },
      { id: 'participants-accompagnes', value: 7, target: null, unit: 'participants', by: { referent: HOSTILE.script } },
      { id: 'participants-accompagnes', value: 5, target: null, unit: 'participants', by: { referent: HOSTILE.formula } },
    ],
  };
}

// ── Escaping ────────────────────────────────────────────────────────────────────────────────

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml('"onload=alert(1)')).toBe('&quot;onload=alert(1)');
    expect(escapeHtml("a & b 'c'")).toBe('a &amp; b &#39;c&#39;');
    expect(escapeHtml('=SOMME(A1:A3)')).toBe('=SOMME(A1:A3)');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });

  it('escapes & first: an entity in the data stays literal', () => {
    expect(escapeHtml('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });
});

describe('the structure check itself', () => {
  it('catches a tag, an event attribute, a foreign href or a CSS url() that got through', () => {
    const ok = '<html lang="fr"><head><style>p{}</style></head><body><p class="x">a</p></body></html>';
    expect(() => expectInertStructure(ok)).not.toThrow();
    for (const bad of [
      '<img src=x onerror=alert(1)>',
      '<p onclick="x">a</p>',
      '<a href="https://example.org">a</a>',
      '<a href="javascript:alert(1)">a</a>',
    ]) {
      expect(() => expectInertStructure(ok.replace('<p class="x">a</p>', bad))).toThrow();
    }
    expect(() => expectInertStructure(ok.replace('p{}', 'p{background:url(x.png)}'))).toThrow();
  });
});

describe('check HTML with hostile data', () => {
  const doc = formatCheckHtml(hostileResult(), hostileKpis());

  it('never lets markup from the data through', () => {
    expect(doc).not.toContain(HOSTILE.script);
    expect(doc).not.toContain('<svg onload');
    expect(doc).not.toContain('"onload=');
    expect(doc).not.toContain('<b>gras');
    expect(doc).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(doc).toContain('&quot;onload=alert(1) x=&quot;');
    expect(doc).toContain('Dupont &amp; Fils &lt;b&gt;gras&lt;/b&gt;');
    expect(doc).toContain('&#39;&gt;&lt;svg onload=alert(2)&gt;');
    expectInertStructure(doc);
  });

  it('shows formula-looking names as plain text, character for character', () => {
    expect(doc).toContain('<td class="who">=HYPERLINK(&quot;http://evil.example/x&quot;,&quot;clic&quot;)</td>');
    expect(doc).toContain(`<td class="who">+cmd|&#39; /C calc&#39;!A0</td>`);
    expect(doc).toContain('<td class="who">@SUM(1+1)</td>');
    // In the chart title and its aria-label (an attribute) as well.
    expect(doc).toContain('<figcaption>=HYPERLINK(&quot;http://evil.example/x&quot;,&quot;clic&quot;)</figcaption>');
    expect(doc).toContain('aria-label="File active mensuelle — &lt;script&gt;alert(1)&lt;/script&gt;, janvier 2019 à mars 2019"');
  });

  it('escapes rule texts, skip reasons, file names, sheets and message arguments', () => {
    expect(doc).toContain('<blockquote>« cite &lt;script&gt;alert(1)&lt;/script&gt; »</blockquote>');
    expect(doc).toContain('— cahier lunel-2019, Dupont &amp; Fils &lt;b&gt;gras&lt;/b&gt;</p>');
    expect(doc).toContain('<b>Interprétation :</b> &quot;onload=alert(1) x=&quot;</p>');
    expect(doc).toContain('<td>raison &lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(doc).toContain('<td>exports/&#39;&gt;&lt;svg onload=alert(2)&gt;.csv</td>');
    expect(doc).toContain('&#39;&gt;&lt;svg onload=alert(2)&gt; [&lt;script&gt;alert(1)&lt;/script&gt;] : ligne 7');
    expect(doc).toContain(
      'Valeur non reconnue « =HYPERLINK(&quot;http://evil.example/x&quot;,&quot;clic&quot;) » (colonne « &quot;onload=alert(1) x=&quot; ») : champ ignoré',
    );
    expect(doc).toContain('<title>plie-audit — contrôle — PLIE &lt;script&gt;alert(1)&lt;/script&gt;</title>');
  });

  it('kpi HTML escapes référents and typologie categories too', () => {
    const k = formatKpiHtml(hostileKpis());
    expect(k).not.toContain(HOSTILE.script);
    expect(k).toContain('<td>Commune : &lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(k).toContain('<td>Commune : =HYPERLINK(&quot;http://evil.example/x&quot;,&quot;clic&quot;)</td>');
    expect(k).toContain('<th class="n">&lt;script&gt;alert(1)&lt;/script&gt;</th>');
    expectInertStructure(k);
  });
});

describe('page', () => {
  const doc = formatCheckHtml(hostileResult(), hostileKpis());

  it('is French, UTF-8, and forbids every load and script by its CSP', () => {
    expect(doc.startsWith('<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    expect(doc).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:; base-uri &#39;none&#39;; form-action &#39;none&#39;">`,
    );
    expect(count(doc, '<style>')).toBe(1);
  });

  it('summarises severities, rules ran and skipped with the reason', () => {
    expect(doc).toContain('<div class="card error"><b>4</b>erreurs</div>');
    expect(doc).toContain('<div class="card warning"><b>1</b>avertissement</div>');
    expect(doc).toContain('<div class="card"><b>2</b>règles exécutées</div>');
    expect(doc).toContain('<div class="card warning"><b>1</b>non exécutée</div>');
    expect(doc).toContain(
      '<tr class="skipped"><td>saisie-avant-commission</td><td><span class="badge error">erreur</span></td><td>non exécutée</td><td class="n">—</td><td>raison &lt;script&gt;alert(1)&lt;/script&gt;</td></tr>',
    );
  });

  it('groups violations by rule, with evidence as « fichier : ligne n »', () => {
    expect(doc).toContain('<h3>entretiens-mensuels <span class="badge error">erreur</span> <span class="muted">— 4 violations</span></h3>');
    expect(doc).toContain(
      '<tr><td class="who">(sans référent)</td><td class="who">—</td><td>Mars 2019 : 1 entretien physique individuel sur les 2 attendus</td><td class="small">agenda.csv : ligne 18</td></tr>',
    );
    expect(doc).toContain('<details open><summary>4 violations</summary>');
  });

  it('folds a long list of rows behind its count, file by file', () => {
    const r = hostileResult();
    r.violations = [
      violation({
        evidence: [
          ...Array.from({ length: 13 }, (_, i) => ({ path: 'affectations.xlsx', sheet: 'Flux', row: 20 - i })),
          { path: 'agenda.csv', sheet: null, row: 4 },
        ],
      }),
    ];
    expect(formatCheckHtml(r, null)).toContain(
      '<td class="small"><details><summary>affectations.xlsx [Flux] : 13 lignes</summary>affectations.xlsx [Flux] : lignes 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20</details>agenda.csv : ligne 4</td>',
    );
  });

  it('folds long lists', () => {
    const r = hostileResult();
    r.violations = Array.from({ length: 13 }, (_, i) => violation({ participant: `P${i}` }));
    const d = formatCheckHtml(r, null);
    expect(d).toContain('<details><summary>Voir les 13 violations</summary>');
  });

  it('has one row per référent, (sans référent) last', () => {
    const rows = [...doc.matchAll(/<tr><td class="who">([^<]*)<\/td><td class="n">(\d+)<\/td><td class="n">(\d+)<\/td><td class="n">(\d+)<\/td><td class="n">(\d+)<\/td>/g)].map(
      (m) => m.slice(1, 6).join(' | '),
    );
    expect(rows).toEqual([
      '&lt;script&gt;alert(1)&lt;/script&gt; | 1 | 0 | 0 | 1',
      '=HYPERLINK(&quot;http://evil.example/x&quot;,&quot;clic&quot;) | 1 | 0 | 0 | 1',
      'Dupont &amp; Fils &lt;b&gt;gras&lt;/b&gt; | 1 | 0 | 0 | 1',
      '(sans référent) | 1 | 1 | 0 | 2',
    ]);
  });

  it('without KPIs: no chart, a note', () => {
    const d = formatCheckHtml(hostileResult(), null);
    expect(d).not.toContain('<svg');
    expect(d).toContain('Graphiques de file active non produits : les indicateurs n’ont pas été calculés pour ce rapport.');
    expect(formatCheckHtml(hostileResult())).toBe(d);
  });
});

// ── Charts ──────────────────────────────────────────────────────────────────────────────────

describe('file-active chart', () => {
  it('one series for the total, then one per référent, months in order', () => {
    const series = fileActiveSeries(hostileKpis());
    expect(series.map((s) => [s.label, s.points.length])).toEqual([
      ['Ensemble (lot1)', 3],
      [HOSTILE.script, 3],
      [HOSTILE.formula, 3],
      ['(sans référent)', 3],
    ]);
    expect(series[0]!.points).toEqual([
      { month: '2019-01', value: 10, target: 12 },
      { month: '2019-02', value: 11, target: 12 },
      { month: '2019-03', value: 12, target: 12 },
    ]);
  });

  it('one circle per month with a value, the target dashed, months below it in red', () => {
    const svg = fileActiveSvg({
      label: 'Marie Dupont',
      points: [
        { month: '2019-01', value: 81, target: 80 },
        { month: '2019-02', value: 79, target: 80 },
        { month: '2019-03', value: null, target: 80 },
        { month: '2019-04', value: 72, target: 80 },
      ],
    }).text;
    expect(count(svg, '<circle')).toBe(3);
    expect(count(svg, 'fill="#b42318"')).toBe(2);
    // The unknown month breaks the line in two; the target runs on.
    expect(count(svg, '<polyline class="value"')).toBe(2);
    expect(count(svg, '<polyline class="target"')).toBe(1);
    const target = /<polyline class="target" points="([^"]*)"/.exec(svg)![1]!;
    expect(target.split(' ')).toHaveLength(4);
    expect(svg).toContain('<title>Février 2019 : 79 pour un objectif de 80</title>');
    expect(svg).toContain('<title>Janvier 2019 : 81 pour un objectif de 80</title>');
  });

  it('no target: no target line', () => {
    const svg = fileActiveSvg({ label: 'x', points: [{ month: '2019-01', value: 3, target: null }] }).text;
    expect(count(svg, '<circle')).toBe(1);
    expect(svg).not.toContain('class="target"');
  });
});

// ── The demo, and a crafted export end to end ──────────────────────────────────────────────

describe('demo', () => {
  let check: string;
  let kpi: string;
  beforeAll(async () => {
    const p = await prepare({ inputs: [demo], cwd: root, config: path.join(demo, 'plie-audit.yaml') });
    const kpis = kpiResult(p, { by: 'referent' });
    check = formatCheckHtml(auditPrepared(p), kpis);
    kpi = formatKpiHtml(kpis, { minCell: 3 });
  });

  it('check: summary, every rule with violations, clauses, structure', () => {
    expect(check).toContain('<div class="card error"><b>200</b>erreurs</div>');
    expect(check).toContain('<div class="card warning"><b>9</b>avertissements</div>');
    expect(check).toContain('<div class="card info"><b>4</b>infos</div>');
    expect(check).toContain('<div class="card"><b>325</b>participants</div>');
    expect(check).toContain('<h3>entretiens-mensuels <span class="badge error">erreur</span> <span class="muted">— 142 violations</span></h3>');
    expect(check).toContain('<details><summary>Voir les 142 violations</summary>');
    expect(count(check, '<section class="rule"')).toBe(13);
    expect(check).toContain(
      '<blockquote>« il est attendu que le candidat reçoive en entretien physique individuel le participant a minima 2 fois par mois »</blockquote>',
    );
    expect(check).toMatch(/demo\/agenda-2019\.csv : lignes? \d+/);
    expectInertStructure(check);
  });

  it('check: no network reference anywhere, not even an SVG namespace', () => {
    expect(check).not.toMatch(/https?:|\/\/|ftp:|url\(/i);
    expect(kpi).not.toMatch(/https?:|\/\/|ftp:|url\(/i);
  });

  it('check: one chart for the lot and one per référent, a point per month', () => {
    const svgs = [...check.matchAll(/<svg class="fa"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(5);
    for (const svg of svgs) expect(count(svg, '<circle')).toBe(12);
    const captions = [...check.matchAll(/<figcaption>([^<]*)<\/figcaption>/g)].map((m) => m[1]);
    expect(captions).toEqual(['Ensemble (lot1)', 'Éric Lefèvre', 'Marie Dupont', 'Nadia Benali', 'Paul Martin']);
    // The three months Marie Dupont is below her target (fixtures/demo/README.md).
    const marie = svgs[2]!;
    expect(count(marie, 'fill="#b42318"')).toBe(3);
    expect(marie).toContain('<title>Octobre 2019 : 79 pour un objectif de 80</title>');
    expect(marie).toContain('<title>Novembre 2019 : 73 pour un objectif de 80</title>');
    expect(marie).toContain('<title>Décembre 2019 : 72 pour un objectif de 80</title>');
    expect(check).toContain('<div class="sub">Décembre 2019 : 72 pour un objectif de 80 — 3 mois sous l’objectif</div>');
  });

  it('kpi: period figures, charts, typologie', () => {
    expect(kpi).toContain('<html lang="fr">');
    expect(count(kpi, '<svg class="fa"')).toBe(5);
    expect(kpi).toContain('<td>Participants accompagnés</td><td class="n">325</td><td class="n">385</td>');
    expect(kpi).toContain('<h2>Typologie des participants accompagnés</h2>');
    expectInertStructure(kpi);
  });
});

describe('crafted export: référent and participant names that are formulas or markup', () => {
  const AFFECTATIONS = [
    "N° dossier;Nom;Prénom;Référent;Date de début d'affectation;Date d'orientation;Date d'entrée PLIE",
    `"<script>alert(1)</script>";"=HYPERLINK(""http://evil.example"",""x"")";"<img src=x onerror=alert(2)>";"<img src=x onerror=alert(2)>";01/01/2019;01/01/2019;01/01/2019`,
    `"=cmd|' /C calc'!A0";"""onload=alert(3)";"@SUM(1+1)";"=1+2 & <b>Dupont</b>";01/01/2019;01/01/2019;01/01/2019`,
  ].join('\n');
  const AGENDA = [
    'N° dossier;Date du RDV;Durée (min);Collaborateur;Type de RDV;Modalité;Individuel/Collectif;Présence;Objet',
    `"<script>alert(1)</script>";07/01/2019;45;"<img src=x onerror=alert(2)>";Entretien individuel;Physique;Individuel;Présent;"<i>Suivi</i>"`,
  ].join('\n');

  it('comes out inert', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plie-html-'));
    writeFileSync(path.join(dir, 'affectations.csv'), AFFECTATIONS);
    writeFileSync(path.join(dir, 'agenda.csv'), AGENDA);
    writeFileSync(path.join(dir, 'plie-audit.yaml'), 'ruleset: lunel-2019\nlot: lot1\n');
    const p = await prepare({ inputs: [dir], cwd: dir, asOf: '2019-02-28' });
    const result = auditPrepared(p);
    // The hostile values did reach the report data…
    expect(result.violations.map((v) => v.referent)).toContain('=1+2 & <b>Dupont</b>');
    expect(result.violations.map((v) => v.participant)).toContain("=cmd|' /C calc'!A0");
    const doc = formatCheckHtml(result, kpiResult(p, { by: 'referent' }));
    // …and come out as text.
    expect(doc).not.toMatch(/<script>alert|<img src=x|<b>Dupont|"onload=/);
    expect(doc).toContain('<td class="who">=1+2 &amp; &lt;b&gt;Dupont&lt;/b&gt;</td><td class="who">=cmd|&#39; /C calc&#39;!A0</td>');
    expect(doc).toContain('<figcaption>&lt;img src=x onerror=alert(2)&gt;</figcaption>');
    expectInertStructure(doc);
  });
});
