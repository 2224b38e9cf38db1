/**
 * The terminal report, written in chunks and drawn without cli-table3 for plain text: its text is
 * checked against the report as it was first written (below, kept as the reference: chalk,
 * cli-table3, one string), on the demo year and on crafted results, in every option.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Chalk, type ChalkInstance } from 'chalk';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/engine/audit.js';
import type { AuditResult, RuleResult, Violation } from '../../src/engine/result.js';
import type { Evidence } from '../../src/model/types.js';
import { violationMessage } from '../../src/report/messages.js';
import {
  checkTableChunks,
  evidenceText,
  formatCheckTable,
  inputsLine,
  lotFilterText,
  periodText,
  reportTitle,
  severityText,
  type TableOptions,
} from '../../src/report/table.js';
import { dateFr, fileLabel, NO_REFERENT, plural, skipReasonText, STATUS_LABELS } from '../../src/report/words.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demo = path.join(root, 'fixtures/demo');
const Table = createRequire(import.meta.url)('cli-table3') as typeof import('cli-table3');

// ---------- the reference: the report as first written ----------

function refTable(head: string[], color: boolean) {
  return new Table({ head, style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true } });
}

function refEvidence(evidence: readonly Evidence[]): string {
  const groups = new Map<string, number[]>();
  for (const e of evidence) {
    const k = fileLabel(e);
    const rows = groups.get(k) ?? [];
    if (!rows.includes(e.row)) rows.push(e.row);
    groups.set(k, rows);
  }
  return [...groups]
    .map(([file, rows]) => `${file} : ${rows.length > 1 ? 'lignes' : 'ligne'} ${rows.sort((a, b) => a - b).join(', ')}`)
    .join(' ; ');
}

function refExplain(c: ChalkInstance, r: RuleResult): string[] {
  const lines: string[] = [];
  if (r.source) {
    lines.push(c.italic(`   « ${r.source.quote.replace(/\s+/g, ' ').trim()} »`));
    lines.push(c.dim(`   — cahier ${r.source.cahier}, ${r.source.section}`));
  }
  if (r.interpretation) lines.push(c.dim(`   Interprétation : ${r.interpretation.replace(/\s+/g, ' ').trim()}`));
  return lines;
}

function refNotes(r: AuditResult): string[] {
  const notes: string[] = [];
  if (r.pseudonymized) {
    notes.push(
      r.pseudonymized.keyed === 'PLIE_AUDIT_KEY'
        ? 'Participants pseudonymisés (clé : PLIE_AUDIT_KEY)'
        : 'Participants pseudonymisés (clé : aléatoire, non reproductible)',
    );
  }
  const b = r.baseline;
  if (b) {
    const hidden =
      b.hidden === 0
        ? 'aucune violation déjà présente'
        : `${plural(b.hidden, 'violation déjà présente', 'violations déjà présentes')} (masquée${b.hidden > 1 ? 's' : ''})`;
    notes.push(`Référence ${b.path} : ${hidden} ; ${plural(b.resolved.length, 'entrée résolue', 'entrées résolues')}`);
  }
  return notes;
}

function reference(result: AuditResult, opts: TableOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  out.push(c.bold(reportTitle(result.ruleset)));
  out.push(`${periodText(result.period)}, situation au ${dateFr(result.asOf)}`);
  out.push(inputsLine(result.inputs));
  const lotLine = lotFilterText(result);
  if (lotLine) out.push(lotLine);
  out.push('');
  out.push(c.bold('Synthèse par règle'));
  const rules = refTable(['Règle', 'Gravité', 'Statut', 'Violations', 'Remarque'], opts.color);
  for (const r of result.rules) {
    rules.push([
      r.id,
      severityText(c, r.severity),
      r.status === 'skipped' ? c.yellow(STATUS_LABELS[r.status]) : STATUS_LABELS[r.status],
      r.status === 'ran' ? String(r.violations) : '—',
      r.status === 'skipped' ? (skipReasonText(r.skip) ?? '') : '',
    ]);
  }
  out.push(rules.toString());
  out.push('');
  const byReferent = new Map<string, { error: number; warning: number; info: number }>();
  for (const v of result.violations) {
    const k = v.referent ?? NO_REFERENT;
    const row = byReferent.get(k) ?? { error: 0, warning: 0, info: 0 };
    row[v.severity]++;
    byReferent.set(k, row);
  }
  if (byReferent.size > 0) {
    out.push(c.bold('Synthèse par référent'));
    const t = refTable(['Référent', 'Erreurs', 'Avertissements', 'Infos'], opts.color);
    for (const [k, n] of [...byReferent].sort(([a], [b]) => a.localeCompare(b, 'fr'))) {
      t.push([k, String(n.error), String(n.warning), String(n.info)]);
    }
    out.push(t.toString());
    out.push('');
  }
  const ruleById = new Map(result.rules.map((r) => [r.id, r]));
  const shown = opts.quiet ? result.violations.filter((v) => v.severity === 'error') : result.violations;
  if (shown.length > 0) out.push(c.bold('Violations'));
  let current: string | null = null;
  for (const v of shown) {
    const rule = ruleById.get(v.rule);
    if (v.rule !== current) {
      current = v.rule;
      out.push('');
      const n = shown.filter((x) => x.rule === v.rule).length;
      const sev = rule && rule.severity !== 'off' ? rule.severity : v.severity;
      out.push(c.bold(`── ${v.rule} (${severityText(c, sev)}) — ${plural(n, 'violation')}`));
      if (opts.explain && rule) out.push(...refExplain(c, rule));
    }
    const who = [v.referent ?? '—', v.participant].filter(Boolean).join(' · ');
    out.push(`  ${c.dim(who)}  ${violationMessage(v, rule)}`);
    if (v.evidence.length) out.push(c.dim(`      ↳ ${refEvidence(v.evidence)}`));
  }
  if (opts.explain) {
    for (const r of result.rules.filter((r) => !shown.some((v) => v.rule === r.id) && r.source)) {
      out.push('');
      out.push(c.bold(`── ${r.id}`));
      out.push(...refExplain(c, r));
    }
  }
  out.push('');
  const s = result.summary;
  out.push(
    c.bold(
      `Total : ${plural(s.error, 'erreur')}, ${plural(s.warning, 'avertissement')}, ${plural(s.info, 'info')} — ` +
        `${plural(s.rulesRan, 'règle exécutée', 'règles exécutées')}, ${plural(s.rulesSkipped, 'non exécutée', 'non exécutées')}, ` +
        `${plural(s.participants, 'participant')}`,
    ),
  );
  if (!opts.explain) out.push(c.dim('Clause du cahier de chaque règle : --explain, ou `plie-audit rules <jeu> <règle>`.'));
  const extras: string[] = [...refNotes(result)];
  if (result.baseline && result.baseline.resolved.length > 0) {
    extras.push('');
    extras.push(c.bold('Entrées de la référence résolues'));
    const t = refTable(['Règle', 'Référent', 'Participant', 'Période / date', 'Message'], opts.color);
    for (const e of result.baseline.resolved) {
      t.push([e.rule, e.referent ?? '—', e.participant ?? '—', e.period ?? dateFr(e.date), e.message ?? '']);
    }
    extras.push(t.toString());
  }
  return `${out.join('\n')}\n${extras.length ? `${extras.join('\n')}\n` : ''}`;
}

// ---------- results ----------

const SOURCE = { cahier: 'lunel-2019', section: 'Lot 1 › Suivi', quote: 'a minima\n  2 fois   par mois' };

function crafted(): AuditResult {
  const base = { milestone: null, expected: null, actual: null, args: {}, evidence: [] as Evidence[], date: null };
  const ag = (row: number): Evidence => ({ path: 'agenda.csv', sheet: null, row });
  const fl = (row: number): Evidence => ({ path: 'affectations.xlsx', sheet: 'Flux mensuel', row });
  const violations: Violation[] = [
    { ...base, rule: 'file-active', kind: 'file-active', severity: 'warning', participant: null, referent: 'Zoé Ñúñez', period: '2019-01/2019-03', expected: 80, actual: 12, evidence: [fl(9), fl(3), fl(3), ag(7), fl(1), ag(7), ag(2)] },
    { ...base, rule: 'file-active', kind: 'file-active', severity: 'warning', participant: null, referent: 'Émile Durand', period: '2019-02', expected: 80, actual: 1, evidence: [fl(5)] },
    { ...base, rule: 'file-active', kind: 'file-active', severity: 'warning', participant: '', referent: '', period: '2019-02', expected: 80, actual: 0, evidence: [fl(5), fl(5)] },
    { ...base, rule: 'eteinte', kind: 'contact-frequency', severity: 'info', participant: '000123', referent: null, period: '2019-04', expected: 2, actual: 0, evidence: [] },
    { ...base, rule: 'inconnue', kind: 'sans-modele', severity: 'error', participant: 'P 9', referent: 'émile durand', period: null, date: '2019-05-06', args: { x: 1, liste: ['a', 'b'] }, evidence: [ag(40), ag(3)] },
  ];
  return {
    tool: { name: 'plie-audit', version: '0.1.0' },
    ruleset: { id: 'lunel-2019', lot: 'lot1', title: 'Lunel 2019', cahier: 'lunel-2019' },
    period: { start: '2019-01-01', end: '2019-12-31' },
    asOf: '2019-12-31',
    inputs: [
      { path: 'agenda.csv', sheet: null, dataset: 'agenda', rows: 1200 } as AuditResult['inputs'][number],
      { path: 'affectations.xlsx', sheet: 'Flux mensuel', dataset: 'affectations', rows: 1 } as AuditResult['inputs'][number],
    ],
    rules: [
      { id: 'file-active', kind: 'file-active', severity: 'warning', status: 'ran', skip: null, violations: 3, source: SOURCE, fidelity: 'interpretation', interpretation: 'Places\toccupées.', params: {} },
      { id: 'eteinte', kind: 'contact-frequency', severity: 'off', status: 'off', skip: null, violations: 0, source: null, fidelity: null, interpretation: null, params: {} },
      { id: 'sautee', kind: 'exit-validity', severity: 'error', status: 'skipped', skip: { code: 'dataset-absent', dataset: 'sorties' }, violations: 0, source: SOURCE, fidelity: 'exact', interpretation: null, params: {} },
      { id: 'silencieuse', kind: 'first-contact-delay', severity: 'error', status: 'ran', skip: null, violations: 0, source: SOURCE, fidelity: 'exact', interpretation: 'Rien.', params: {} },
    ],
    violations,
    summary: { error: 1, warning: 3, info: 1, participants: 2, rulesRan: 2, rulesSkipped: 1 },
    baseline: {
      path: 'avant.json',
      hidden: 2,
      resolved: [
        { rule: 'file-active', severity: 'warning', participant: null, referent: null, period: null, date: '2019-02-01', message: null },
        { rule: 'x', severity: null, participant: 'P1', referent: 'Marie', period: '2019-03', date: null, message: 'ancien' },
      ],
    },
    pseudonymized: { keyed: 'aléatoire' },
    lotFilter: { applied: true, lot: 'lot1', kept: 2, removed: 1 },
  };
}

const OPTIONS: TableOptions[] = [
  { color: false },
  { color: false, quiet: true },
  { color: false, explain: true },
  { color: true },
  { color: true, explain: true, quiet: true },
];

function chunksOf(result: AuditResult, opts: TableOptions): string[] {
  return [...checkTableChunks(result, opts)];
}

describe('check table report', () => {
  let demoResult: AuditResult;
  beforeAll(async () => {
    demoResult = await audit({ inputs: [demo], cwd: root });
  }, 60_000);

  it.each(OPTIONS)('demo year, %o: the reference text', (opts) => {
    expect(formatCheckTable(demoResult, opts)).toBe(reference(demoResult, opts));
  });

  it.each(OPTIONS)('crafted result (evidence out of order, repeated rows, sheets, empty names, baseline, pseudonyms, lot), %o', (opts) => {
    const r = crafted();
    expect(formatCheckTable(r, opts)).toBe(reference(r, opts));
  });

  it('a keyed pseudonymisation and no lot column', () => {
    const r: AuditResult = { ...crafted(), pseudonymized: { keyed: 'PLIE_AUDIT_KEY' }, lotFilter: { applied: false, reason: 'libelles-inconnus', labels: ['A', 'B'] } };
    expect(formatCheckTable(r, { color: false })).toBe(reference(r, { color: false }));
    expect(formatCheckTable(r, { color: false })).toContain('Participants pseudonymisés (clé : PLIE_AUDIT_KEY)\n');
  });

  it('no violation at all', () => {
    const r: AuditResult = { ...crafted(), violations: [], baseline: undefined, pseudonymized: undefined };
    expect(formatCheckTable(r, { color: false, explain: true })).toBe(reference(r, { color: false, explain: true }));
  });

  it('a large report comes in chunks of whole lines whose text is the reference', () => {
    const many: AuditResult = { ...demoResult, violations: Array.from({ length: 20 }, () => demoResult.violations).flat() };
    const chunks = chunksOf(many, { color: false });
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
    expect(chunks.join('')).toBe(reference(many, { color: false }));
  });
});

describe('evidenceText', () => {
  it('groups by file in order of appearance, rows sorted and once each', () => {
    expect(evidenceText([{ path: 'agenda.csv', sheet: null, row: 18 }])).toBe('agenda.csv : ligne 18');
    expect(
      evidenceText([
        { path: 'agenda.csv', sheet: null, row: 25 },
        { path: 'affectations.xlsx', sheet: 'Flux', row: 7 },
        { path: 'agenda.csv', sheet: null, row: 18 },
        { path: 'agenda.csv', sheet: null, row: 25 },
      ]),
    ).toBe('agenda.csv : lignes 18, 25 ; affectations.xlsx [Flux] : ligne 7');
    expect(evidenceText([{ path: 'a.csv', sheet: null, row: 3 }, { path: 'a.csv', sheet: null, row: 3 }])).toBe('a.csv : ligne 3');
    expect(evidenceText([])).toBe('');
  });

  it('is the reference wording for any evidence (property)', () => {
    const evidence = fc.record({
      path: fc.constantFrom('agenda.csv', 'affectations.xlsx', 'sorties.csv'),
      sheet: fc.constantFrom(null, 'Flux', 'Feuil1'),
      row: fc.integer({ min: 1, max: 60 }),
    });
    fc.assert(
      fc.property(fc.array(evidence, { maxLength: 40 }), (list) => {
        expect(evidenceText(list)).toBe(refEvidence(list));
      }),
      { numRuns: 500 },
    );
  });
});
