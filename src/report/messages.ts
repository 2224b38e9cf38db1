/**
 * Message templates: a violation (data) → one French sentence. The only place where findings
 * become words, so every reporter says the same thing.
 */
import type { RuleResult, Violation } from '../engine/result.js';
import { capitalize, dateFr, fieldLabel, formatNumber, KIND_LABELS, periodLabel, plural } from './words.js';

type Params = Record<string, unknown>;
type Template = (v: Violation, params: Params) => string;

const num = (x: unknown): number => (typeof x === 'number' ? x : Number(x ?? 0));
const str = (x: unknown): string => (x === null || x === undefined ? '' : String(x));

function when(v: Violation): string {
  if (v.period) return periodLabel(v.period);
  if (v.date) return `Le ${dateFr(v.date)}`;
  return '';
}

function prefix(v: Violation, text: string): string {
  const w = when(v);
  return w ? `${w} : ${text}` : capitalize(text);
}

/** « entretien physique individuel » from an eventMatch param. */
export function describeMatch(match: unknown, count = 1): string {
  const m = (match ?? {}) as { kinds?: string[]; modes?: string[]; formats?: string[]; roles?: string[] };
  const many = count > 1;
  const kinds = (m.kinds ?? ['entretien']).map((k) => (KIND_LABELS[k] ?? k) + (many && !k.endsWith('s') ? 's' : ''));
  const parts = [kinds.join(' ou ')];
  if (m.modes?.length === 1 && m.modes[0] === 'physique') parts.push(many ? 'physiques' : 'physique');
  else if (m.modes) parts.push(`(${m.modes.join(', ')})`);
  if (m.formats?.length === 1) parts.push(m.formats[0] + (many ? 's' : ''));
  else if (m.formats) parts.push(`${m.formats.join(' ou ')}${many ? 's' : ''}`);
  if (m.roles) parts.push(`avec ${m.roles.map((r) => (r === 'cip' ? 'le ou la CIP' : `le ou la ${r}`)).join(' ou ')}`);
  return parts.join(' ');
}

/** Kinds whose French label is feminine (« aucune validation de poursuite »). */
const FEMININE_KINDS = new Set(['poursuite', 'commission', 'relance', 'reunion-structure']);

/** A review rule's words, the same for each of its violations: worded once per rule. */
const REVIEW_WORDS = new WeakMap<Params, { kinds: string; none: string }>();

function reviewWords(p: Params): { kinds: string; none: string } {
  let words = typeof p === 'object' && p !== null ? REVIEW_WORDS.get(p) : undefined;
  if (words === undefined) {
    const eventKinds = (p.eventKinds as string[] | undefined) ?? ['bilan'];
    words = {
      kinds: eventKinds.map((k) => KIND_LABELS[k] ?? k).join(' ou '),
      none: eventKinds.every((k) => FEMININE_KINDS.has(k)) ? 'aucune' : 'aucun',
    };
    if (typeof p === 'object' && p !== null) REVIEW_WORDS.set(p, words);
  }
  return words;
}

const DATA_QUALITY: Record<string, (v: Violation) => string> = {
  'date-invalide': (v) =>
    `date invalide « ${str(v.args.value)} » (colonne « ${str(v.args.column)} ») : ligne écartée des règles`,
  'valeur-invalide': (v) =>
    `valeur non reconnue « ${str(v.args.value)} » (colonne « ${str(v.args.column)} ») : champ ignoré`,
  'champ-obligatoire-vide': (v) =>
    `colonne obligatoire « ${str(v.args.column)} » vide : ligne écartée des règles`,
  'participant-inconnu': (v) =>
    `l'agenda cite un participant absent des affectations (« ${str(v.args.value ?? v.participant)} ») : compté pour le référent seulement`,
  'conflit-attribut': (v) =>
    `« ${fieldLabel(str(v.args.field ?? v.args.attribute))} » diffère d'un fichier à l'autre (« ${str(v.args.first ?? v.args.kept)} » puis « ${str(v.args.second ?? v.args.other)} ») : première valeur retenue`,
  'identite-par-nom': (v) =>
    `pas de colonne d'identifiant : participants rapprochés par nom et prénom${v.args.value ? ` (${str(v.args.value)})` : ''}`,
  'identite-ambigue': (v) =>
    `rapprochement par nom ambigu (« ${str(v.args.value)} ») : aucun participant choisi`,
  'referents-multiples-mois': (v) =>
    `plusieurs référents le même mois${v.args.referents ? ` (${str(v.args.referents)})` : ''} : le dernier dans l'ordre du fichier est retenu`,
};

const TEMPLATES: Record<string, Template> = {
  'contact-frequency': (v, p) => {
    const n = num(v.actual);
    const label = describeMatch(p.match, 2);
    return prefix(v, `${n} ${n > 1 ? label : describeMatch(p.match, 1)} sur les ${str(v.expected)} attendus`);
  },
  'first-contact-delay': (v) => {
    const o = v.args.orientationDate ?? v.args.o ?? v.date;
    const since = o ? `orientation le ${dateFr(str(o))}` : 'orientation';
    return v.actual === null
      ? `${capitalize(since)} : aucun premier entretien individuel dans les ${str(v.expected)} jours`
      : `${capitalize(since)} : premier entretien individuel au bout de ${plural(num(v.actual), 'jour')} (${str(v.expected)} au plus)`;
  },
  'milestone-review': (v, p) => {
    const { kinds, none } = reviewWords(p);
    const window = v.args.windowStart && v.args.windowEnd
      ? ` entre le ${dateFr(str(v.args.windowStart))} et le ${dateFr(str(v.args.windowEnd))}`
      : '';
    if (v.milestone === 'sortie') {
      const exit = v.args.exitDate ?? v.date;
      return `Sortie${exit ? ` le ${dateFr(str(exit))}` : ''} sans ${kinds}${window}`;
    }
    const entry = v.args.entryDate ? ` (entrée le ${dateFr(str(v.args.entryDate))})` : '';
    return prefix(v, `${none} ${kinds} aux ${str(v.milestone)} mois de parcours${entry}${window}`);
  },
  'file-active': (v) =>
    prefix(v, `file active de ${plural(num(v.actual), 'participant')} pour un objectif de ${str(v.expected)}`),
  'caseload-max': (v) =>
    prefix(v, `file active de ${plural(num(v.actual), 'participant')} pour une capacité de ${str(v.expected)}`),
  'agenda-forbidden': (v) =>
    `« ${str(v.args.raw ?? KIND_LABELS[str(v.args.kind)] ?? v.args.kind)} » saisi dans l'agenda le ${dateFr(v.date)}`,
  'required-fields': (v) => {
    const missing = Array.isArray(v.args.missing) ? v.args.missing.map(fieldLabel) : [];
    return prefix(v, `${missing.length > 1 ? 'champs manquants' : 'champ manquant'} : ${missing.join(', ')}`);
  },
  'step-coverage': (v) =>
    v.args.days !== undefined && v.args.days !== null
      ? `Aucune étape du ${dateFr(str(v.args.from))} au ${dateFr(str(v.args.to))} (${plural(num(v.args.days), 'jour')}, ${str(v.expected)} au plus)`
      : prefix(v, 'aucune étape de parcours sur la période'),
  'early-step': (v) => {
    const from = v.args.anchorSource === 'diagnostic' ? 'la fin du diagnostic' : "l'entrée";
    const anchor = v.args.anchor ? ` (${dateFr(str(v.args.anchor))})` : '';
    return v.actual === null
      ? `Rien dans les ${str(v.expected)} jours suivant ${from}${anchor}`
      : `Au bout de ${plural(num(v.actual), 'jour')} après ${from}${anchor}, pour ${str(v.expected)} au plus`;
  },
  'referent-activity': (v, p) =>
    prefix(v, `${plural(num(v.actual), describeMatch(p.match, 1), describeMatch(p.match, 2))} animé(s) sur ${str(v.expected)} attendu(s)`),
  'entry-delay': (v) =>
    v.args.commission
      ? `Saisie le ${dateFr(str(v.args.enteredAt))}, après l'échéance du ${dateFr(str(v.args.deadline))} (vendredi midi avant la commission du ${dateFr(str(v.args.commission))})`
      : `Le ${dateFr(v.date)} : saisi le ${dateFr(str(v.args.enteredAt))}, ${plural(num(v.actual), 'jour')} après (${str(v.expected)} au plus)`,
  'exit-validity': (v) => {
    const reason = v.args.exitReason ? ` (« ${str(v.args.exitReason)} »)` : '';
    const why = Array.isArray(v.args.tried) ? v.args.tried.map((t) => exitFailure(String(t))).join(' ; ') : '';
    return `Sortie positive${v.date ? ` du ${dateFr(v.date)}` : ''}${reason} non justifiée par les étapes : ${why || 'aucun critère rempli'}`;
  },
  'exit-proof-delay': (v) => {
    const ref = v.args.reference === 'prevision' ? 'la date de sortie prévisionnelle' : 'la sortie';
    return v.args.proofDate
      ? `Justificatif reçu le ${dateFr(str(v.args.proofDate))}, après l'échéance du ${dateFr(str(v.args.deadline))} (${str(v.expected)} mois après ${ref})`
      : `Aucun justificatif reçu à l'échéance du ${dateFr(str(v.args.deadline))} (${str(v.expected)} mois après ${ref})`;
  },
  'loss-of-contact': (v) => {
    const what = v.args.kind === 'relances' ? 'relances écrites' : 'absences injustifiées';
    const pending = v.args.pending ? ' (moins d’un mois écoulé à la date de situation)' : '';
    return `${str(v.expected)} ${what} depuis le ${dateFr(str(v.args.first))}, critère atteint le ${dateFr(v.date)} : sortie à proposer en commission${pending}`;
  },
  'count-target': (v) => {
    const what: Record<string, string> = {
      'participants-accompagnes': 'participants accompagnés',
      'brsa-cer': 'participants BRSA sous CER',
      entrees: 'entrées',
    };
    return `${str(v.actual)} ${what[str(v.args.of)] ?? str(v.args.of)} pour un objectif de ${str(v.expected)}`;
  },
  'rate-target': (v) =>
    `Taux de sorties positives de ${formatNumber(num(v.actual), '%')} (${str(v.args.numerator)} sur ${str(v.args.denominator)}) pour un objectif de ${formatNumber(num(v.expected), '%')}`,
  eligibility: (v) => {
    if (v.args.reason === 'criteres-inconnus') return "Critères d'éligibilité non renseignés : éligibilité non vérifiable";
    if (v.args.reason === 'commune-inconnue') return 'Commune de résidence non renseignée';
    const missing = Array.isArray(v.args.missing) ? v.args.missing : [];
    const parts: string[] = [];
    if (missing.includes('critere')) parts.push("aucun critère d'éligibilité (DELD, BRSA, contrat aidé, TH, QPV, clause)");
    if (missing.includes('commune')) parts.push(`commune « ${str(v.args.commune)} » hors du territoire du PLIE`);
    return `À l'entrée : ${parts.join(' ; ')}`;
  },
  'data-quality': (v) => {
    const t = DATA_QUALITY[str(v.args.code)];
    return capitalize(t ? t(v) : str(v.args.code));
  },
};

const EXIT_FAILURES: Record<string, string> = {
  'duree-insuffisante': 'durée insuffisante',
  'heures-insuffisantes': 'heures hebdomadaires insuffisantes',
  'heures-inconnues': 'heures hebdomadaires non renseignées',
  'aci-exclu': 'ACI exclu',
  'justificatif-absent': 'justificatif absent',
  'aucune-etape': 'aucune étape correspondante',
  'motif-non-conforme': 'motif de sortie non conforme',
  'age-inconnu': 'âge inconnu',
  'age-insuffisant': 'âge insuffisant',
};

/** « emploi-6-mois:duree-insuffisante+justificatif-absent » → « emploi-6-mois : durée insuffisante, justificatif absent » */
function exitFailure(t: string): string {
  const [pattern, codes] = t.split(':');
  const words = (codes ?? '').split('+').map((c) => EXIT_FAILURES[c] ?? c);
  return `${pattern} : ${words.join(', ')}`;
}

function generic(v: Violation): string {
  const parts: string[] = [];
  if (v.milestone !== null && v.milestone !== undefined) parts.push(`jalon ${str(v.milestone)}`);
  if (v.expected !== null || v.actual !== null) {
    parts.push(`attendu ${str(v.expected ?? '—')}, constaté ${v.actual === null ? 'aucun' : str(v.actual)}`);
  }
  const extra = Object.entries(v.args)
    .filter(([, x]) => x !== null && x !== undefined && x !== '')
    .map(([k, x]) => `${k} = ${Array.isArray(x) ? x.join(', ') : str(x)}`);
  if (extra.length) parts.push(extra.join(' ; '));
  return prefix(v, parts.join(' — ') || 'non conforme');
}

const NO_PARAMS: Params = Object.freeze({});

export function violationMessage(v: Violation, rule?: Pick<RuleResult, 'params'>): string {
  const template = TEMPLATES[v.kind];
  const params = (rule?.params ?? NO_PARAMS) as Params;
  return template ? template(v, params) : generic(v);
}
