/**
 * The échéancier's reporters: a table grouped by référent then by due date, and the JSON
 * contract `{ schemaVersion: 1, tool, ruleset, period, asOf, within, horizon, inputs, rules, items }`.
 * The only place where due items become French words.
 */
import type { DueItem, DueKind, DueRuleStatus } from '../due/types.js';
import { addDays } from '../model/dates.js';
import { resolveOrigin, type InputReport, type ISODate } from '../model/types.js';
import { inputsJson, jsonHead } from './json.js';
import { describeMatch } from './messages.js';
import { makeStyle } from './style.js';
import { periodText, plainTable, reportTitle } from './table.js';
import { dateFr, NO_REFERENT, periodLabel, plural, skipReasonText } from './words.js';

export interface DueReport {
  tool: { name: 'plie-audit'; version: string };
  ruleset: { id: string; lot: string | null; title: string; cahier: string };
  period: { start: ISODate; end: ISODate };
  asOf: ISODate;
  within: number;
  inputs: InputReport[];
  rules: DueRuleStatus[];
  items: DueItem[];
}

export interface DueTableOptions {
  color: boolean;
}

/** Column heads of the summary, one per kind. */
const KIND_SHORT: Record<DueKind, string> = {
  'premier-entretien': '1er entretien',
  'bilan-brsa': 'Bilan BRSA',
  'revue-18-mois': 'Revue 18 mois',
  'point-etape': "Point d'étape",
  'justificatif-sortie': 'Justificatif',
  'entretiens-du-mois': 'Entretiens du mois',
  'perte-de-contact': 'Perte de contact',
};

const str = (x: unknown): string => (x === null || x === undefined ? '' : String(x));
const num = (x: unknown): number => (typeof x === 'number' ? x : Number(x ?? 0));

/** « Bilan BRSA à 5 mois », « Premier entretien »… */
export function dueLabel(item: DueItem): string {
  const m = item.milestone;
  switch (item.kind) {
    case 'premier-entretien':
      return 'Premier entretien';
    case 'bilan-brsa':
      return m === 'sortie' ? 'Bilan BRSA de sortie' : `Bilan BRSA à ${str(m)} mois`;
    case 'revue-18-mois':
      return m === 'sortie' ? 'Revue de sortie' : `Revue des ${str(m)} mois`;
    case 'point-etape':
      return m === 'sortie' ? "Point d'étape de sortie" : `Point d'étape à ${str(m)} mois`;
    case 'justificatif-sortie':
      return 'Justificatif de sortie';
    case 'entretiens-du-mois':
      if (item.args.state === 'emploi') return "Suivi dans l'emploi du mois";
      if (item.args.state === 'sante') return 'Entretiens santé du mois';
      return 'Entretiens du mois';
    case 'perte-de-contact':
      return 'Perte de contact';
  }
}

const REVIEW_NOUN: Partial<Record<DueKind, string>> = {
  'bilan-brsa': 'bilan écrit',
  'revue-18-mois': 'justification de la poursuite',
  'point-etape': "point d'étape",
};

const EXIT_WORDS: Record<string, string> = { positive: 'sortie positive', autre: 'sortie', 'sans-suite': 'sortie sans suite' };

/** One French sentence saying what to prepare, from the item's data. */
export function dueMessage(item: DueItem, rule?: Pick<DueRuleStatus, 'params'>): string {
  const a = item.args;
  switch (item.kind) {
    case 'premier-entretien': {
      const planned = a.planned ? ` (RDV prévu le ${dateFr(str(a.planned))})` : '';
      if (num(a.absences) > 0) {
        return (
          `orientation du ${dateFr(str(a.orientationDate))}, absence au RDV du ${dateFr(str(a.lastAbsence))} : ` +
          `nouveau RDV individuel au plus tard le ${dateFr(item.windowEnd)}${planned}`
        );
      }
      return `orientation du ${dateFr(str(a.orientationDate))} : entretien individuel au plus tard le ${dateFr(item.windowEnd)}${planned}`;
    }
    case 'bilan-brsa':
    case 'revue-18-mois':
    case 'point-etape': {
      const noun = REVIEW_NOUN[item.kind] ?? 'revue';
      const planned = a.planned ? ` (prévu le ${dateFr(str(a.planned))})` : '';
      const from = item.milestone === 'sortie' ? `sortie le ${dateFr(str(a.exitDate))}` : `entrée le ${dateFr(str(a.entryDate))}`;
      return `${from} : ${noun} entre le ${dateFr(item.windowStart)} et le ${dateFr(item.windowEnd)}${planned}`;
    }
    case 'justificatif-sortie': {
      const exit = EXIT_WORDS[str(a.exitType)] ?? 'sortie';
      const ref =
        a.reference === 'prevision'
          ? `${exit} prévue le ${dateFr(str(a.referenceDate))}`
          : `${exit} du ${dateFr(str(a.referenceDate))} (sans date prévisionnelle)`;
      return `${ref} : justificatif à recevoir au plus tard le ${dateFr(item.windowEnd)}`;
    }
    case 'entretiens-du-mois': {
      const expected = num(a.expected);
      const counted = num(a.counted);
      const match = (rule?.params as { match?: unknown } | undefined)?.match;
      const what = match ? describeMatch(match, expected) : expected > 1 ? 'attendus' : 'attendu';
      const of = expected > 1 ? `sur les ${expected} ${what}` : `sur 1 ${what}`;
      const planned = num(a.planned) > 0 ? ` ; ${plural(num(a.planned), 'RDV prévu', 'RDV prévus')}` : '';
      return `${periodLabel(str(a.period))} : ${counted} ${of} au ${dateFr(str(a.countedUntil))}, à compléter d'ici le ${dateFr(item.windowEnd)}${planned}`;
    }
    case 'perte-de-contact': {
      const count = num(a.count);
      const what = a.criterion === 'relances' ? plural(count, 'relance écrite', 'relances écrites') : plural(count, 'absence injustifiée', 'absences injustifiées');
      const when = item.dueDate
        ? `à la commission du ${dateFr(item.dueDate)}`
        : 'en commission (calendrier des commissions non configuré)';
      const resumed = a.contactResumed ? ` (contact repris le ${dateFr(str(a.contactResumed))})` : '';
      return `${what} du ${dateFr(str(a.first))} au ${dateFr(str(a.met))} : sortie à proposer ${when}${resumed}`;
    }
  }
}

function horizon(r: Pick<DueReport, 'asOf' | 'within'>): { start: ISODate; end: ISODate } {
  return { start: addDays(r.asOf, 1), end: addDays(r.asOf, r.within) };
}

export function dueJson(r: DueReport) {
  const rules = new Map(r.rules.map((x) => [x.id, x]));
  return {
    ...jsonHead(r),
    within: r.within,
    horizon: horizon(r),
    inputs: inputsJson(r),
    rules: r.rules.map((x) => ({
      id: x.id,
      kind: x.kind,
      item: x.item,
      status: x.status,
      reason: skipReasonText(x.skip),
      items: x.items,
    })),
    items: r.items.map((i) => ({
      kind: i.kind,
      rule: i.rule,
      participant: i.participant,
      referent: i.referent,
      dueDate: i.dueDate,
      windowStart: i.windowStart,
      windowEnd: i.windowEnd,
      milestone: i.milestone,
      label: dueLabel(i),
      message: dueMessage(i, rules.get(i.rule)),
      args: i.args,
      evidence: i.evidence.map((o) => resolveOrigin(r.inputs, o)),
    })),
  };
}

export function formatDueJson(r: DueReport): string {
  return `${JSON.stringify(dueJson(r), null, 2)}\n`;
}


export function formatDueTable(r: DueReport, opts: DueTableOptions): string {
  const c = makeStyle(opts.color);
  const out: string[] = [];
  const h = horizon(r);
  out.push(c.bold(reportTitle(r.ruleset, 'échéancier')));
  out.push(`${periodText(r.period)}, situation au ${dateFr(r.asOf)}`);
  out.push(`Échéances du ${dateFr(h.start)} au ${dateFr(h.end)} (${plural(r.within, 'jour')}), mois en cours et pertes de contact à présenter en commission`);

  const notRun = r.rules.filter((x) => x.status !== 'ran');
  if (notRun.length > 0) {
    out.push('');
    out.push(c.yellow('Règles non prises en compte :'));
    for (const x of notRun) {
      out.push(c.yellow(`  ${x.id} : ${x.status === 'off' ? 'désactivée' : (skipReasonText(x.skip) ?? 'non exécutée')}`));
    }
  }
  out.push('');

  if (r.items.length === 0) {
    out.push(`Aucune échéance du ${dateFr(h.start)} au ${dateFr(h.end)}.`);
    return `${out.join('\n')}\n`;
  }

  const groups = new Map<string, DueItem[]>();
  for (const i of r.items) {
    const k = i.referent ?? NO_REFERENT;
    const list = groups.get(k) ?? [];
    list.push(i);
    groups.set(k, list);
  }

  const kinds = Object.keys(KIND_SHORT).filter((k) => r.items.some((i) => i.kind === k)) as DueKind[];
  out.push(c.bold('Synthèse par référent'));
  const summary = plainTable(['Référent', ...kinds.map((k) => KIND_SHORT[k]), 'Total'], opts.color);
  for (const [ref, list] of groups) {
    summary.push([ref, ...kinds.map((k) => String(list.filter((i) => i.kind === k).length)), String(list.length)]);
  }
  out.push(summary.toString());

  const rules = new Map(r.rules.map((x) => [x.id, x]));
  for (const [ref, list] of groups) {
    out.push('');
    out.push(c.bold(`── ${ref} — ${plural(list.length, 'échéance')}`));
    const t = plainTable(['Échéance', 'Participant', 'Obligation', 'Détail', 'Règle'], opts.color);
    for (const i of list) {
      t.push([i.dueDate ? dateFr(i.dueDate) : '—', i.participant, dueLabel(i), dueMessage(i, rules.get(i.rule)), i.rule]);
    }
    out.push(t.toString());
  }
  out.push('');
  out.push(c.bold(`Total : ${plural(r.items.length, 'échéance')}, ${plural(groups.size, 'référent')}`));
  return `${out.join('\n')}\n`;
}
