/**
 * The HTML reports: one self-contained file to hand to a coordinator or attach to a bilan. No
 * script, no external resource (the Content-Security-Policy forbids both, so even a bug here
 * could not make the page fetch or run anything), and every value that comes from the exports,
 * the config or a rule file goes through `escapeHtml` — the `html` template tag below escapes
 * each interpolation unless it is itself markup built by the tag.
 */
import type { AuditResult, RuleResult, Violation } from '../engine/result.js';
import { isTypologie } from '../kpi/catalogue.js';
import type { KpiResult } from '../kpi/types.js';
import type { InputReport } from '../model/types.js';
import { formatNumber, KPI_LABELS, kpiGrid, kpiLabel, NO_LOT, shortMonth, splitOf, type KpiFormatOptions } from './kpi.js';
import { violationMessage } from './messages.js';
import { capitalize, dateFr, evidenceText, monthLabel, plural, SEVERITY_LABELS, skipReasonText, STATUS_LABELS } from './words.js';

// ── Escaping ────────────────────────────────────────────────────────────────────────────────

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The one escape function: safe in text and in quoted attributes alike. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/** Markup built by `html`: the only thing inserted without escaping. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Markup | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Markup) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(part);
}

function html(strings: TemplateStringsArray, ...values: Part[]): Markup {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Markup(out);
}

// ── Page ────────────────────────────────────────────────────────────────────────────────────

/** Nothing may load or run: the report is read offline, often from a mail attachment. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root{--err:#b42318;--err-bg:#fef3f2;--warn:#b54708;--warn-bg:#fffaeb;--info:#175cd3;--info-bg:#eff8ff;--ok:#067647;
--ink:#1d2939;--muted:#667085;--line:#d0d5dd;--soft:#f2f4f7;--accent:#1f4e79}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;color:var(--ink);background:#fff}
header.top{background:var(--accent);color:#fff;padding:18px 28px}
header.top h1{margin:0 0 4px;font-size:22px}
header.top p{margin:2px 0;opacity:.92}
nav{padding:8px 28px;background:var(--soft);border-bottom:1px solid var(--line);font-size:13px}
nav a{color:var(--accent);margin-right:14px;text-decoration:none}
main{padding:8px 28px 28px;max-width:1400px}
h2{font-size:18px;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--accent);color:var(--accent)}
h3{font-size:15px;margin:18px 0 6px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0 14px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:130px;background:#fff}
.card b{display:block;font-size:24px;line-height:1.2}
.card.error{border-color:var(--err);background:var(--err-bg)}.card.error b{color:var(--err)}
.card.warning{border-color:var(--warn);background:var(--warn-bg)}.card.warning b{color:var(--warn)}
.card.info{border-color:var(--info);background:var(--info-bg)}.card.info b{color:var(--info)}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
table.wide{width:100%}
td.who{white-space:nowrap}
td.small details{margin:0}
td.small summary{font-weight:400}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.skipped td{background:var(--warn-bg)}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;white-space:nowrap}
.badge.error{background:var(--err-bg);color:var(--err);border:1px solid var(--err)}
.badge.warning{background:var(--warn-bg);color:var(--warn);border:1px solid var(--warn)}
.badge.info{background:var(--info-bg);color:var(--info);border:1px solid var(--info)}
.badge.off{background:var(--soft);color:var(--muted);border:1px solid var(--line)}
.muted{color:var(--muted)}
.small{font-size:12px}
.rule{border:1px solid var(--line);border-radius:6px;padding:4px 14px 8px;margin:12px 0}
blockquote{margin:6px 0;padding:6px 12px;border-left:4px solid var(--accent);background:var(--soft);font-style:italic}
.cite{font-size:12px;color:var(--muted);margin:0 0 4px}
.interp{font-size:13px;margin:4px 0}
details{margin:6px 0}
summary{cursor:pointer;color:var(--accent);font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:14px}
figure.chart{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px 10px;width:382px}
figure.chart figcaption{font-weight:600;margin-bottom:2px}
figure.chart .sub{font-size:12px;color:var(--muted);margin-bottom:4px}
figure.chart.short{border-color:var(--err)}
svg.fa{display:block}
.legend{font-size:12px;color:var(--muted)}
.legend i{display:inline-block;width:18px;height:0;vertical-align:middle;margin:0 4px 0 10px;border-top:2px solid var(--accent)}
.legend i.target{border-top:2px dashed var(--warn)}
.legend i.dot{width:8px;height:8px;border:0;border-radius:50%;background:var(--err)}
.note{padding:8px 12px;background:var(--soft);border-radius:6px}
td.below{color:var(--err);font-weight:600}
footer{margin-top:30px;font-size:12px;color:var(--muted)}
@media print{nav{display:none}header.top{background:#fff;color:var(--ink)}}
`;

function page(title: string, body: Markup): string {
  const doc = html`<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${title}</title>
<style>${new Markup(CSS)}</style>
</head>
<body>
${body}
</body>
</html>
`;
  return doc.text;
}

interface Heading {
  tool: { name: string; version: string };
  ruleset: { id: string; lot: string | null; title: string; cahier: string };
  period: { start: string; end: string };
  asOf: string;
}

function headerBlock(kind: string, r: Heading, asOfLabel: string): Markup {
  const lot = r.ruleset.lot ? html`, ${r.ruleset.lot}` : '';
  return html`<header class="top">
<h1>${kind} — ${r.ruleset.title}</h1>
<p>Jeu de règles ${r.ruleset.id}${lot} (cahier ${r.ruleset.cahier}). Période du ${dateFr(r.period.start)} au ${dateFr(r.period.end)}, ${asOfLabel} ${dateFr(r.asOf)}.</p>
<p class="small">Produit par ${r.tool.name} ${r.tool.version}. Fichier autonome : aucune ressource externe, aucun script.</p>
</header>`;
}

function nav(links: [string, string][]): Markup {
  return html`<nav aria-label="Sommaire">${links.map(([id, label]) => html`<a href="#${id}">${label}</a>`)}</nav>`;
}

function inputsSection(inputs: readonly InputReport[]): Markup {
  return html`<section id="fichiers">
<h2>Fichiers lus</h2>
<table>
<thead><tr><th>Fichier</th><th>Feuille</th><th>Export</th><th class="n">Lignes</th><th class="n">Ligne d’en-tête</th><th>Encodage</th><th>Séparateur</th><th class="n">Lignes écartées</th><th class="n">Alertes de lecture</th></tr></thead>
<tbody>
${inputs.map(
  (i) => html`<tr><td>${i.path}</td><td>${i.sheet ?? '—'}</td><td>${i.dataset}</td><td class="n">${formatNumber(i.rows)}</td><td class="n">${i.headerRow}</td><td>${i.encoding ?? '—'}</td><td>${i.delimiter ?? '—'}</td><td class="n">${i.skippedRows}</td><td class="n">${i.warnings.length}</td></tr>
`,
)}</tbody>
</table>
</section>`;
}

const badge = (s: keyof typeof SEVERITY_LABELS) => html`<span class="badge ${s}">${SEVERITY_LABELS[s]}</span>`;

/** Lists longer than this start folded. */
const OPEN_LIMIT = 12;

// ── File active chart ───────────────────────────────────────────────────────────────────────

export interface FileActiveSeries {
  /** Display name: « Ensemble (lot1) », a référent, a lot. */
  label: string;
  points: { month: string; value: number | null; target: number | null }[];
}

const NO_REFERENT = '(sans référent)';

/** Monthly file active of the KPI result: the total first, then one series per référent or lot. */
export function fileActiveSeries(result: Pick<KpiResult, 'kpis' | 'ruleset'>): FileActiveSeries[] {
  const fa = result.kpis.filter((k) => k.id === 'file-active' && k.by.month !== undefined);
  const groups = new Map<string, FileActiveSeries>();
  const totalLabel = result.ruleset.lot ? `Ensemble (${result.ruleset.lot})` : 'Ensemble';
  for (const k of fa) {
    let key: string;
    let label: string;
    if ('referent' in k.by) {
      key = `r\u0000${k.by.referent ?? ''}`;
      label = k.by.referent ?? NO_REFERENT;
    } else if ('lot' in k.by) {
      key = `l\u0000${k.by.lot ?? ''}`;
      label = k.by.lot ?? NO_LOT;
    } else {
      key = '';
      label = totalLabel;
    }
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { label, points: [] }));
    g.points.push({ month: k.by.month!, value: k.value, target: k.target });
  }
  const total = groups.get('');
  const rest = [...groups].filter(([k]) => k !== '').map(([, g]) => g);
  for (const g of groups.values()) g.points.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  return total ? [total, ...rest] : rest;
}

const MONTH_INITIALS = ['J', 'F', 'M', 'A', 'M', 'J', 'J', 'A', 'S', 'O', 'N', 'D'];

/** A round, whole tick step: the y axis has four of them (people are counted in units). */
function tickStep(max: number): number {
  const raw = Math.max(max, 1) / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10]) {
    const step = m * pow;
    if (step >= raw && Number.isInteger(step)) return step;
  }
  return 10 * pow;
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

/** An inline SVG line chart: one circle per month with a value, the target as a dashed line. */
export function fileActiveSvg(series: FileActiveSeries): Markup {
  const W = 360;
  const H = 190;
  const left = 40;
  const right = 10;
  const top = 10;
  const bottom = 26;
  const pts = series.points;
  const values = pts.flatMap((p) => [p.value, p.target]).filter((v): v is number => v !== null);
  const step0 = tickStep(Math.max(0, ...values) * 1.08);
  const yMax = step0 * 4;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const dx = pts.length > 1 ? plotW / (pts.length - 1) : 0;
  const x = (i: number) => (pts.length > 1 ? left + i * dx : left + plotW / 2);
  const y = (v: number) => top + plotH - (v / yMax) * plotH;

  const grid = [0, 1, 2, 3, 4].map((n) => {
    const v = step0 * n;
    return html`<line x1="${left}" x2="${W - right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="#eaecf0"/><text x="${left - 5}" y="${fmt(y(v) + 4)}" text-anchor="end" font-size="10" fill="#667085">${fmt(v)}</text>`;
  });
  const every = pts.length <= 12 ? 1 : Math.ceil(pts.length / 12);
  const xLabels = pts.map((p, i) =>
    i % every === 0
      ? html`<text x="${fmt(x(i))}" y="${H - bottom + 14}" text-anchor="middle" font-size="10" fill="#667085">${pts.length <= 12 ? MONTH_INITIALS[+p.month.slice(5, 7) - 1] : `${p.month.slice(5, 7)}/${p.month.slice(2, 4)}`}</text>`
      : '',
  );

  /** Unbroken runs of non-null values: a polyline each. */
  const runs = (get: (p: FileActiveSeries['points'][number]) => number | null): string[] => {
    const out: string[] = [];
    let cur: string[] = [];
    pts.forEach((p, i) => {
      const v = get(p);
      if (v === null) {
        if (cur.length) out.push(cur.join(' '));
        cur = [];
      } else cur.push(`${fmt(x(i))},${fmt(y(v))}`);
    });
    if (cur.length) out.push(cur.join(' '));
    return out;
  };
  const targetLines = runs((p) => p.target).map((d) =>
    d.includes(' ')
      ? html`<polyline class="target" points="${d}" fill="none" stroke="#b54708" stroke-width="1.5" stroke-dasharray="5 4"/>`
      : html`<polyline class="target" points="${d} ${d}" fill="none" stroke="#b54708" stroke-width="1.5"/>`,
  );
  const valueLines = runs((p) => p.value).map(
    (d) => html`<polyline class="value" points="${d}" fill="none" stroke="#1f4e79" stroke-width="2"/>`,
  );
  const dots = pts.map((p, i) => {
    if (p.value === null) return '';
    const below = p.target !== null && p.value < p.target;
    const tip = `${capitalize(monthLabel(p.month))} : ${formatNumber(p.value)}${p.target !== null ? ` pour un objectif de ${formatNumber(p.target)}` : ''}`;
    return html`<circle cx="${fmt(x(i))}" cy="${fmt(y(p.value))}" r="${below ? 4 : 3}" fill="${below ? '#b42318' : '#1f4e79'}"><title>${tip}</title></circle>`;
  });
  const first = pts[0];
  const last = pts[pts.length - 1];
  const aria = `File active mensuelle — ${series.label}${first && last ? `, ${monthLabel(first.month)} à ${monthLabel(last.month)}` : ''}`;
  return html`<svg class="fa" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${aria}">
<title>${aria}</title>
${grid}
<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#98a2b3"/>
${xLabels}
${targetLines}
${valueLines}
${dots}
</svg>`;
}

function chartFigure(s: FileActiveSeries): Markup {
  const known = s.points.filter((p) => p.value !== null);
  const short = known.filter((p) => p.target !== null && p.value! < p.target);
  const last = known[known.length - 1];
  const sub = last
    ? `${capitalize(monthLabel(last.month))} : ${formatNumber(last.value)}${last.target !== null ? ` pour un objectif de ${formatNumber(last.target)}` : ' (pas d’objectif)'}` +
      (short.length ? ` — ${plural(short.length, 'mois', 'mois')} sous l’objectif` : '')
    : 'Aucune valeur connue';
  return html`<figure class="chart${short.length ? ' short' : ''}">
<figcaption>${s.label}</figcaption>
<div class="sub">${sub}</div>
${fileActiveSvg(s)}
<details><summary class="small">Valeurs mensuelles</summary>
<table><thead><tr><th>Mois</th><th class="n">File active</th><th class="n">Objectif</th></tr></thead><tbody>
${s.points.map((p) => {
  const below = p.value !== null && p.target !== null && p.value < p.target;
  return html`<tr><td>${capitalize(monthLabel(p.month))}</td><td class="n${below ? ' below' : ''}">${formatNumber(p.value)}</td><td class="n">${formatNumber(p.target)}</td></tr>
`;
})}</tbody></table>
</details>
</figure>`;
}

function fileActiveSection(kpis: Pick<KpiResult, 'kpis' | 'ruleset'> | null | undefined): Markup {
  const title = html`<h2>File active mensuelle et objectif</h2>`;
  if (!kpis) {
    return html`<section id="file-active">${title}<p class="note">Graphiques de file active non produits : les indicateurs n’ont pas été calculés pour ce rapport.</p></section>`;
  }
  const series = fileActiveSeries(kpis);
  if (series.length === 0) {
    return html`<section id="file-active">${title}<p class="note">Pas de file active mensuelle : l’export des affectations est absent, ou la période n’a pas commencé.</p></section>`;
  }
  return html`<section id="file-active">
${title}
<p class="legend">Participants suivis chaque mois (hors veille quand le cahier l’exclut)<i></i>file active<i class="target"></i>objectif<i class="dot"></i>mois sous l’objectif</p>
<div class="charts">
${series.map(chartFigure)}
</div>
</section>`;
}

// ── check ───────────────────────────────────────────────────────────────────────────────────

type Counts = { error: number; warning: number; info: number };

function clauseBlock(r: RuleResult): Markup {
  const parts: Markup[] = [];
  if (r.source) {
    parts.push(html`<blockquote>« ${r.source.quote.replace(/\s+/g, ' ').trim()} »</blockquote>
<p class="cite">— cahier ${r.source.cahier}, ${r.source.section}${r.fidelity === 'exact' ? ' (application littérale)' : ''}</p>`);
  }
  if (r.interpretation) {
    parts.push(html`<p class="interp"><b>Interprétation :</b> ${r.interpretation.replace(/\s+/g, ' ').trim()}</p>`);
  }
  if (parts.length === 0) parts.push(html`<p class="cite">Règle intégrée à plie-audit : lignes des exports illisibles ou incohérentes.</p>`);
  return html`${parts}`;
}

const who = (v: Violation) => v.referent ?? NO_REFERENT;

/** Rows beyond this, in one file, fold behind their count. */
const EVIDENCE_LIMIT = 12;

/** « fichier : ligne n », one file a line; a long list of rows folded. */
function evidenceCell(v: Violation): Markup | string {
  if (v.evidence.length === 0) return '—';
  const groups = new Map<string, Violation['evidence']>();
  for (const e of v.evidence) {
    const k = `${e.path}\u0000${e.sheet ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  const parts: Markup[] = [];
  let afterBlock = true;
  for (const g of groups.values()) {
    const text = evidenceText(g);
    const rows = new Set(g.map((e) => e.row)).size;
    if (rows > EVIDENCE_LIMIT) {
      const file = g[0]!.sheet ? `${g[0]!.path} [${g[0]!.sheet}]` : g[0]!.path;
      parts.push(html`<details><summary>${file} : ${rows} lignes</summary>${text}</details>`);
      afterBlock = true;
    } else {
      // A <details> already ends its line.
      parts.push(html`${afterBlock ? '' : html`<br>`}${text}`);
      afterBlock = false;
    }
  }
  return html`${parts}`;
}

function violationRows(vs: readonly Violation[], rule: RuleResult | undefined): Markup {
  return html`<table class="wide">
<thead><tr><th>Référent</th><th>Participant</th><th>Constat</th><th>Lignes des exports</th></tr></thead>
<tbody>
${vs.map(
  (v) => html`<tr><td class="who">${who(v)}</td><td class="who">${v.participant ?? '—'}</td><td>${rule && rule.severity !== v.severity ? html`${badge(v.severity)} ` : ''}${violationMessage(v, rule)}</td><td class="small">${evidenceCell(v)}</td></tr>
`,
)}</tbody>
</table>`;
}

function ruleSection(r: RuleResult, index: number, vs: readonly Violation[]): Markup {
  const sev = r.severity === 'off' ? 'off' : r.severity;
  const list = violationRows(vs, r);
  const folded = vs.length > OPEN_LIMIT;
  return html`<section class="rule" id="regle-${index}">
<h3>${r.id} ${badge(sev)} <span class="muted">— ${plural(vs.length, 'violation')}</span></h3>
${clauseBlock(r)}
<details${folded ? '' : new Markup(' open')}><summary>${folded ? `Voir les ${vs.length} violations` : plural(vs.length, 'violation')}</summary>
${list}
</details>
</section>`;
}

/**
 * The check report. `kpis`: the KPI result computed from the same prepared data (at least the
 * monthly `file-active` figures, split by référent for one chart each); null or absent omits the
 * charts with a note.
 */
export function formatCheckHtml(result: AuditResult, kpis?: KpiResult | null): string {
  const s = result.summary;
  const ruleIndex = new Map(result.rules.map((r, i) => [r.id, i]));
  const byRule = new Map<string, Violation[]>();
  for (const v of result.violations) {
    const list = byRule.get(v.rule) ?? [];
    list.push(v);
    byRule.set(v.rule, list);
  }

  const cards = html`<div class="cards">
<div class="card error"><b>${formatNumber(s.error)}</b>${s.error > 1 ? 'erreurs' : 'erreur'}</div>
<div class="card warning"><b>${formatNumber(s.warning)}</b>${s.warning > 1 ? 'avertissements' : 'avertissement'}</div>
<div class="card info"><b>${formatNumber(s.info)}</b>${s.info > 1 ? 'infos' : 'info'}</div>
<div class="card"><b>${formatNumber(s.participants)}</b>${s.participants > 1 ? 'participants' : 'participant'}</div>
<div class="card"><b>${s.rulesRan}</b>${s.rulesRan > 1 ? 'règles exécutées' : 'règle exécutée'}</div>
<div class="card${s.rulesSkipped ? ' warning' : ''}"><b>${s.rulesSkipped}</b>${s.rulesSkipped > 1 ? 'non exécutées' : 'non exécutée'}</div>
</div>`;

  const rulesTable = html`<table>
<thead><tr><th>Règle</th><th>Gravité</th><th>Statut</th><th class="n">Violations</th><th>Remarque</th></tr></thead>
<tbody>
${result.rules.map((r, i) => {
  const has = (byRule.get(r.id)?.length ?? 0) > 0;
  const name = has ? html`<a href="#regle-${i}">${r.id}</a>` : html`${r.id}`;
  return html`<tr${r.status === 'skipped' ? new Markup(' class="skipped"') : ''}><td>${name}</td><td>${badge(r.severity)}</td><td>${STATUS_LABELS[r.status]}</td><td class="n">${r.status === 'ran' ? formatNumber(r.violations) : '—'}</td><td>${r.status === 'skipped' ? (skipReasonText(r.skip) ?? '') : r.status === 'ran' && r.violations === 0 ? 'conforme' : ''}</td></tr>
`;
})}</tbody>
</table>`;

  const summary = html`<section id="synthese">
<h2>Synthèse</h2>
${cards}
<p>Total : ${plural(s.error, 'erreur')}, ${plural(s.warning, 'avertissement')}, ${plural(s.info, 'info')} — ${plural(s.rulesRan, 'règle exécutée', 'règles exécutées')}, ${plural(s.rulesSkipped, 'non exécutée', 'non exécutées')}. Une règle non exécutée n’est pas une règle respectée : la remarque dit ce qui manque.</p>
${rulesTable}
</section>`;

  // Référents: one row each, severities then the rules concerned.
  const refs = new Map<string, { counts: Counts; rules: Map<string, number> }>();
  for (const v of result.violations) {
    const k = who(v);
    let row = refs.get(k);
    if (!row) refs.set(k, (row = { counts: { error: 0, warning: 0, info: 0 }, rules: new Map() }));
    row.counts[v.severity]++;
    row.rules.set(v.rule, (row.rules.get(v.rule) ?? 0) + 1);
  }
  const refOrder = [...refs].sort(([a], [b]) =>
    a === b ? 0 : a === NO_REFERENT ? 1 : b === NO_REFERENT ? -1 : a.localeCompare(b, 'fr'),
  );
  const referents = html`<section id="referents">
<h2>Violations par référent</h2>
${
  refOrder.length === 0
    ? html`<p class="note">Aucune violation.</p>`
    : html`<table>
<thead><tr><th>Référent</th><th class="n">Erreurs</th><th class="n">Avertissements</th><th class="n">Infos</th><th class="n">Total</th><th>Règles concernées</th></tr></thead>
<tbody>
${refOrder.map(([name, row]) => {
  const total = row.counts.error + row.counts.warning + row.counts.info;
  const rules = [...row.rules]
    .sort(([a], [b]) => (ruleIndex.get(a) ?? 0) - (ruleIndex.get(b) ?? 0))
    .map(([id, n], i) => html`${i ? ', ' : ''}<a href="#regle-${ruleIndex.get(id) ?? ''}">${id}</a> (${n})`);
  return html`<tr><td class="who">${name}</td><td class="n">${row.counts.error}</td><td class="n">${row.counts.warning}</td><td class="n">${row.counts.info}</td><td class="n">${total}</td><td class="small">${rules}</td></tr>
`;
})}</tbody>
</table>`
}
</section>`;

  const withViolations = result.rules.filter((r) => (byRule.get(r.id)?.length ?? 0) > 0);
  // Violations of a rule the result does not list (should not happen) are still shown.
  const orphans = [...byRule.keys()].filter((id) => !ruleIndex.has(id));
  const violations = html`<section id="violations">
<h2>Violations par règle</h2>
${withViolations.length === 0 && orphans.length === 0 ? html`<p class="note">Aucune violation.</p>` : ''}
${withViolations.map((r) => ruleSection(r, ruleIndex.get(r.id)!, byRule.get(r.id)!))}
${orphans.map((id) => html`<section class="rule"><h3>${id}</h3>${violationRows(byRule.get(id)!, undefined)}</section>`)}
</section>`;

  const cited = result.rules.filter((r) => r.source || r.interpretation);
  const clauses = html`<section id="clauses">
<h2>Clauses du cahier citées</h2>
<details${cited.length > OPEN_LIMIT ? '' : new Markup(' open')}><summary>${plural(cited.length, 'règle', 'règles')} et leur clause</summary>
${cited.map(
  (r) => html`<div class="rule"><h3>${r.id} ${badge(r.severity)} <span class="muted small">${STATUS_LABELS[r.status]}</span></h3>${clauseBlock(r)}</div>
`,
)}
</details>
</section>`;

  const body = html`${headerBlock('Rapport de contrôle', result, 'situation au')}
${nav([
  ['synthese', 'Synthèse'],
  ['file-active', 'File active'],
  ['referents', 'Par référent'],
  ['violations', 'Par règle'],
  ['clauses', 'Clauses citées'],
  ['fichiers', 'Fichiers lus'],
])}
<main>
${summary}
${fileActiveSection(kpis)}
${referents}
${violations}
${clauses}
${inputsSection(result.inputs)}
<footer>Les numéros de ligne renvoient aux fichiers d’export tels qu’ils ont été lus (« fichier : ligne n »). Clause de chaque règle : <code>plie-audit rules ${result.ruleset.id} &lt;règle&gt;</code>.</footer>
</main>`;
  return page(`plie-audit — contrôle — ${result.ruleset.title}`, body);
}

// ── kpi ─────────────────────────────────────────────────────────────────────────────────────



/** The kpi report: period figures, monthly file active (charts and table), typologie. */
export function formatKpiHtml(result: KpiResult, opts: KpiFormatOptions = {}): string {
  const by = result.by;
  const grid = kpiGrid(result, opts.minCell);
  const { splits, splitName, cell, periodRows } = grid;
  const splitHead = splits.map((s) => html`<th class="n">${splitName(s)}</th>`);
  const section = (id: string, title: string, typologie: boolean) => {
    const rows = [...periodRows.values()].filter((r) => r.total && isTypologie(r.total.id) === typologie);
    if (rows.length === 0) return html``;
    return html`<section id="${id}">
<h2>${title}</h2>
<table>
<thead><tr>${typologie ? html`<th>Catégorie</th><th class="n">Total</th>` : html`<th>Indicateur</th><th class="n">Valeur</th><th class="n">Objectif</th>`}${splitHead}</tr></thead>
<tbody>
${rows.map((r) => {
  const k = r.total!;
  const head = typologie
    ? html`<td>${kpiLabel(k)}</td><td class="n">${cell(k, false)}</td>`
    : html`<td>${kpiLabel(k)}</td><td class="n">${cell(k, false)}</td><td class="n">${k.target === null ? '' : formatNumber(k.target, k.unit)}</td>`;
  return html`<tr>${head}${splits.map((s) => html`<td class="n">${cell(r.bySplit.get(s), !typologie)}</td>`)}</tr>
`;
})}</tbody>
</table>
${splits.length && !typologie ? html`<p class="small muted">Par ${by === 'lot' ? 'lot' : 'référent'} : valeur / objectif.</p>` : ''}
</section>`;
  };

  const fa = result.kpis.filter((k) => k.id === 'file-active');
  const faMonths = [...new Set(fa.map((k) => k.by.month!))];
  const faTable =
    fa.length === 0
      ? html``
      : html`<details><summary>Tableau mensuel (valeur / objectif)</summary>
<table>
<thead><tr><th>Mois</th><th class="n">Total</th>${splitHead}</tr></thead>
<tbody>
${faMonths.map((m) => {
  const mine = fa.filter((k) => k.by.month === m);
  return html`<tr><td>${capitalize(monthLabel(m))}</td><td class="n">${cell(mine.find((k) => splitOf(k, by) === ''), true)}</td>${splits.map((s) => html`<td class="n">${cell(mine.find((k) => splitOf(k, by) === s), true)}</td>`)}</tr>
`;
})}</tbody>
</table>
</details>`;

  let monthly = html``;
  if (by === 'month') {
    const series = result.kpis.filter((k) => k.by.month !== undefined && k.id !== 'file-active');
    const months = [...new Set(series.map((k) => k.by.month!))].sort();
    if (series.length > 0) {
      monthly = html`<section id="mensuel">
<h2>Séries mensuelles</h2>
<table>
<thead><tr><th>Indicateur</th>${months.map((m) => html`<th class="n">${shortMonth(m)}</th>`)}</tr></thead>
<tbody>
${[...new Set(series.map((k) => k.id))].map(
  (id) => html`<tr><td>${KPI_LABELS[id] ?? id}</td>${months.map((m) => html`<td class="n">${cell(series.find((k) => k.id === id && k.by.month === m), false)}</td>`)}</tr>
`,
)}</tbody>
</table>
</section>`;
    }
  }

  const periodSection = section('indicateurs', 'Indicateurs de la période', false);
  const typoSection = section('typologie', 'Typologie des participants accompagnés', true);
  const notes: Markup[] = [];
  if (grid.masked()) {
    notes.push(
      html`<p>« &lt; ${opts.minCell} » : effectif inférieur à ${opts.minCell}, masqué (secret statistique, --min-cell ${opts.minCell}).</p>`,
    );
  }
  if (by === 'referent') {
    notes.push(
      html`<p>Par référent : file active mensuelle selon les affectations du mois (un participant réaffecté compte chez chacun) ; autres chiffres selon le référent du jour concerné (entrée, sortie, étape, entretien) ou du dernier jour accompagné.</p>`,
    );
  }
  notes.push(html`<p>Définitions et clauses des cahiers : README, section « plie-audit kpi ».</p>`);

  const arrete = result.asOf < result.period.end ? result.asOf : result.period.end;
  const body = html`${headerBlock('Indicateurs', { ...result, asOf: arrete }, 'chiffres arrêtés au')}
${nav([
  ['indicateurs', 'Indicateurs'],
  ['file-active', 'File active'],
  ...(by === 'month' ? ([['mensuel', 'Séries mensuelles']] as [string, string][]) : []),
  ['typologie', 'Typologie'],
  ['fichiers', 'Fichiers lus'],
])}
<main>
${periodSection}
${fileActiveSection(result)}
${fa.length ? html`<div id="file-active-table">${faTable}</div>` : ''}
${monthly}
${typoSection}
${inputsSection(result.inputs)}
<footer>${notes}</footer>
</main>`;
  return page(`plie-audit — indicateurs — ${result.ruleset.title}`, body);
}
