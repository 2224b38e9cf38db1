/** The terminal report: summary by rule and by référent first, then the violations with their rows. */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { AuditResult, RuleResult, Violation } from '../engine/result.js';
import { PSEUDONYM_KEY_ENV } from '../engine/pseudonymize.js';
import type { Evidence } from '../model/types.js';
import { violationMessage } from './messages.js';
import { dateFr, fileLabel, NO_REFERENT, plural, SEVERITY_LABELS, skipReasonText, STATUS_LABELS } from './words.js';

export interface TableOptions {
  color: boolean;
  /** Print each rule's clause and interpretation under its heading. */
  explain?: boolean;
  /** Errors only (warnings and infos are counted, not listed). */
  quiet?: boolean;
}

export function makeChalk(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

export function plainTable(head: string[], color: boolean): Table.Table {
  return new Table({
    head,
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
  });
}

/** « plie-audit — [what —] title (id — lot) » */
export function reportTitle(ruleset: AuditResult['ruleset'], what?: string): string {
  const lot = ruleset.lot ? ` — ${ruleset.lot}` : '';
  return `plie-audit — ${what ? `${what} — ` : ''}${ruleset.title} (${ruleset.id}${lot})`;
}

/** « Période du 01/01/2019 au 31/12/2019 » */
export function periodText(period: AuditResult['period']): string {
  return `Période du ${dateFr(period.start)} au ${dateFr(period.end)}`;
}

/** « Fichiers lus : agenda.csv (agenda, 120 lignes) ; … » */
export function inputsLine(inputs: AuditResult['inputs']): string {
  return `Fichiers lus : ${inputs.map((i) => `${fileLabel(i)} (${i.dataset}, ${plural(i.rows, 'ligne')})`).join(' ; ')}`;
}

/** « agenda.csv : lignes 18, 25 ; affectations.xlsx [Flux] : ligne 7 » */
export function evidenceText(evidence: readonly Evidence[]): string {
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

export function severityText(c: ChalkInstance, s: keyof typeof SEVERITY_LABELS): string {
  const label = SEVERITY_LABELS[s];
  if (s === 'error') return c.red(label);
  if (s === 'warning') return c.yellow(label);
  if (s === 'info') return c.blue(label);
  return c.gray(label);
}

export function formatCheckTable(result: AuditResult, opts: TableOptions): string {
  const c = makeChalk(opts.color);
  const out: string[] = [];
  out.push(c.bold(reportTitle(result.ruleset)));
  out.push(`${periodText(result.period)}, situation au ${dateFr(result.asOf)}`);
  out.push(inputsLine(result.inputs));
  const lotLine = lotFilterText(result);
  if (lotLine) out.push(lotLine);
  out.push('');

  out.push(c.bold('Synthèse par règle'));
  const rules = plainTable(['Règle', 'Gravité', 'Statut', 'Violations', 'Remarque'], opts.color);
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
    const t = plainTable(['Référent', 'Erreurs', 'Avertissements', 'Infos'], opts.color);
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
      out.push(ruleHeading(c, v, rule, shown));
      if (opts.explain && rule) out.push(...explainLines(c, rule));
    }
    const who = [v.referent ?? '—', v.participant].filter(Boolean).join(' · ');
    out.push(`  ${c.dim(who)}  ${violationMessage(v, rule)}`);
    if (v.evidence.length) out.push(c.dim(`      ↳ ${evidenceText(v.evidence)}`));
  }
  if (opts.explain) {
    const silent = result.rules.filter((r) => !shown.some((v) => v.rule === r.id) && r.source);
    for (const r of silent) {
      out.push('');
      out.push(c.bold(`── ${r.id}`));
      out.push(...explainLines(c, r));
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
  return `${out.join('\n')}\n${checkTableExtras(result, opts.color)}`;
}

function ruleHeading(c: ChalkInstance, v: Violation, rule: RuleResult | undefined, all: Violation[]): string {
  const n = all.filter((x) => x.rule === v.rule).length;
  const sev = rule && rule.severity !== 'off' ? rule.severity : v.severity;
  return c.bold(`── ${v.rule} (${severityText(c, sev)}) — ${plural(n, 'violation')}`);
}

export function explainLines(c: ChalkInstance, r: RuleResult): string[] {
  const lines: string[] = [];
  if (r.source) {
    lines.push(c.italic(`   « ${r.source.quote.replace(/\s+/g, ' ').trim()} »`));
    lines.push(c.dim(`   — cahier ${r.source.cahier}, ${r.source.section}`));
  }
  if (r.interpretation) lines.push(c.dim(`   Interprétation : ${r.interpretation.replace(/\s+/g, ' ').trim()}`));
  return lines;
}

/** One line saying how the export's lot column narrowed the audit, when it has one. */
export function lotFilterText(result: Pick<AuditResult, 'lotFilter'>): string | null {
  const f = result.lotFilter;
  if (!f) return null;
  if (f.applied) {
    return `Lot ${f.lot} : ${plural(f.kept, 'participant retenu', 'participants retenus')} d'après la colonne « Lot » des affectations, ${plural(f.removed, 'participant', 'participants')} d'autres lots écarté(s)`;
  }
  if (f.reason === 'libelles-inconnus') {
    return `Colonne « Lot » des affectations non reconnue (${f.labels.slice(0, 5).map((l) => `« ${l} »`).join(', ')}) : toutes les affectations sont auditées`;
  }
  return null;
}

export function pseudonymNote(r: AuditResult): string | null {
  if (!r.pseudonymized) return null;
  return r.pseudonymized.keyed === 'PLIE_AUDIT_KEY'
    ? `Participants pseudonymisés (clé : ${PSEUDONYM_KEY_ENV})`
    : 'Participants pseudonymisés (clé : aléatoire, non reproductible)';
}

export function baselineNote(r: AuditResult): string | null {
  const b = r.baseline;
  if (!b) return null;
  const hidden =
    b.hidden === 0
      ? 'aucune violation déjà présente'
      : `${plural(b.hidden, 'violation déjà présente', 'violations déjà présentes')} (masquée${b.hidden > 1 ? 's' : ''})`;
  return `Référence ${b.path} : ${hidden} ; ${plural(b.resolved.length, 'entrée résolue', 'entrées résolues')}`;
}

/** What the terminal table adds for --baseline and --pseudonymize. */
function checkTableExtras(r: AuditResult, color: boolean): string {
  const c = makeChalk(color);
  const out: string[] = [];
  const pn = pseudonymNote(r);
  if (pn) out.push(pn);
  const bn = baselineNote(r);
  if (bn) out.push(bn);
  if (r.baseline && r.baseline.resolved.length > 0) {
    out.push('');
    out.push(c.bold('Entrées de la référence résolues'));
    const t = plainTable(['Règle', 'Référent', 'Participant', 'Période / date', 'Message'], color);
    for (const e of r.baseline.resolved) {
      t.push([e.rule, e.referent ?? '—', e.participant ?? '—', e.period ?? dateFr(e.date), e.message ?? '']);
    }
    out.push(t.toString());
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

