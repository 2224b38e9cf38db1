/** The terminal report: summary by rule and by référent first, then the violations with their rows. */
import type { AuditResult, RuleResult, Violation } from '../engine/result.js';
import { plainTable } from './grid.js';
import { makeStyle, type Style } from './style.js';
import { violationMessage } from './messages.js';
import { dateFr, evidenceText, fileLabel, NO_REFERENT, plural, SEVERITY_LABELS, skipReasonText, STATUS_LABELS } from './words.js';

export { plainTable, type TextTable } from './grid.js';
export { evidenceText } from './words.js';

export interface TableOptions {
  color: boolean;
  /** Print each rule's clause and interpretation under its heading. */
  explain?: boolean;
  /** Errors only (warnings and infos are counted, not listed). */
  quiet?: boolean;
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

export function severityText(c: Style, s: keyof typeof SEVERITY_LABELS): string {
  const label = SEVERITY_LABELS[s];
  if (s === 'error') return c.red(label);
  if (s === 'warning') return c.yellow(label);
  if (s === 'info') return c.blue(label);
  return c.gray(label);
}

/** Lines per chunk handed to the writer: a large report is never one string in memory. */
const CHUNK_LINES = 2000;

/**
 * The report as a sequence of text chunks (each a run of whole lines), so that `check` can write
 * tens of thousands of violations without building the whole text first.
 */
export function* checkTableChunks(result: AuditResult, opts: TableOptions): Generator<string, void, undefined> {
  const c = makeStyle(opts.color);
  let out: string[] = [];
  const flush = (): string => {
    // The empty last line gives the final newline inside the join: one flat string, not two.
    out.push('');
    const text = out.join('\n');
    out = [];
    return text;
  };
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

  const shown = opts.quiet ? result.violations.filter((v) => v.severity === 'error') : result.violations;
  // One pass for both tallies: violations come from many checks (many object shapes), reading
  // their fields is the costly part on a large audit.
  const byReferent = new Map<string, { error: number; warning: number; info: number }>();
  const perRule = new Map<string, number>();
  for (const v of result.violations) {
    const k = v.referent ?? NO_REFERENT;
    let row = byReferent.get(k);
    if (row === undefined) {
      row = { error: 0, warning: 0, info: 0 };
      byReferent.set(k, row);
    }
    const severity = v.severity;
    row[severity]++;
    if (!opts.quiet || severity === 'error') perRule.set(v.rule, (perRule.get(v.rule) ?? 0) + 1);
  }
  if (byReferent.size > 0) {
    out.push(c.bold('Synthèse par référent'));
    const t = plainTable(['Référent', 'Erreurs', 'Avertissements', 'Infos'], opts.color);
    // The collator of localeCompare(b, 'fr'), built once rather than per comparison.
    const fr = new Intl.Collator('fr').compare;
    for (const [k, n] of [...byReferent].sort(([a], [b]) => fr(a, b))) {
      t.push([k, String(n.error), String(n.warning), String(n.info)]);
    }
    out.push(t.toString());
    out.push('');
  }

  const ruleById = new Map(result.rules.map((r) => [r.id, r]));
  if (shown.length > 0) out.push(c.bold('Violations'));
  const dim = c.dim;
  let current: string | null = null;
  let rule: RuleResult | undefined;
  for (const v of shown) {
    const id = v.rule;
    if (id !== current) {
      current = id;
      rule = ruleById.get(id);
      out.push('');
      out.push(ruleHeading(c, v, rule, perRule.get(id) ?? 0));
      if (opts.explain && rule) out.push(...explainLines(c, rule));
    }
    out.push(`  ${dim(who(v))}  ${violationMessage(v, rule)}`);
    const evidence = v.evidence;
    if (evidence.length) out.push(dim(`      ↳ ${evidenceText(evidence)}`));
    if (out.length >= CHUNK_LINES) yield flush();
  }
  if (opts.explain) {
    const silent = result.rules.filter((r) => !perRule.has(r.id) && r.source);
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
  yield flush();
  const extras = checkTableExtras(result, opts.color);
  if (extras) yield extras;
}

export function formatCheckTable(result: AuditResult, opts: TableOptions): string {
  return [...checkTableChunks(result, opts)].join('');
}

/** « référent · participant », either part left out when empty. */
function who(v: Violation): string {
  const referent = v.referent ?? '—';
  const participant = v.participant;
  if (!referent) return participant || '';
  return participant ? `${referent} · ${participant}` : referent;
}

function ruleHeading(c: Style, v: Violation, rule: RuleResult | undefined, n: number): string {
  const sev = rule && rule.severity !== 'off' ? rule.severity : v.severity;
  return c.bold(`── ${v.rule} (${severityText(c, sev)}) — ${plural(n, 'violation')}`);
}

export function explainLines(c: Style, r: RuleResult): string[] {
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
    ? `Participants pseudonymisés (clé : ${r.pseudonymized.keyed})`
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
  const c = makeStyle(color);
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

