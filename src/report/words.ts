/** French wording shared by every reporter: dates, months, field and kind labels. */
import type { SkipReason } from '../engine/result.js';
import type { Evidence } from '../model/types.js';

const MONTHS = [
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin',
  'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
];

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** '2019-03' → 'mars 2019' */
export function monthLabel(m: string): string {
  const idx = +m.slice(5, 7) - 1;
  return `${MONTHS[idx] ?? m.slice(5, 7)} ${m.slice(0, 4)}`;
}

/** Period labels already worded: a report repeats the same few periods on every line. */
const PERIOD_LABELS = new Map<string, string>();
const PERIOD_LABELS_MAX = 4096;

/** '2019-03' → 'Mars 2019'; '2019-01/2019-03' → 'Janvier à mars 2019'. */
export function periodLabel(p: string): string {
  let label = PERIOD_LABELS.get(p);
  if (label === undefined) {
    label = wordPeriod(p);
    if (PERIOD_LABELS.size >= PERIOD_LABELS_MAX) PERIOD_LABELS.clear();
    PERIOD_LABELS.set(p, label);
  }
  return label;
}

function wordPeriod(p: string): string {
  const [a, b] = p.split('/');
  if (!a) return p;
  if (!b) return capitalize(monthLabel(a));
  if (a.slice(0, 4) === b.slice(0, 4)) {
    return capitalize(`${MONTHS[+a.slice(5, 7) - 1]} à ${monthLabel(b)}`);
  }
  return capitalize(`${monthLabel(a)} à ${monthLabel(b)}`);
}

/** '2019-03-05' → '05/03/2019' */
export function dateFr(d: string | null | undefined): string {
  if (!d) return '';
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

/** A file as reports name it: « affectations.xlsx [Flux] », or the path alone. */
export function fileLabel(f: { path: string; sheet: string | null }): string {
  return f.sheet ? `${f.path} [${f.sheet}]` : f.path;
}

/** « agenda.csv : lignes 18, 25 ; affectations.xlsx [Flux] : ligne 7 » (files in order of appearance). */
export function evidenceText(evidence: readonly Evidence[]): string {
  if (evidence.length === 1) {
    const e = evidence[0]!;
    return `${fileLabel(e)} : ligne ${e.row}`;
  }
  // Evidence usually comes file by file: a run of one file needs no map lookup per row.
  const groups = new Map<string, number[]>();
  let lastFile: string | null = null;
  let lastRows: number[] = [];
  for (const e of evidence) {
    const k = fileLabel(e);
    if (k !== lastFile) {
      lastFile = k;
      let rows = groups.get(k);
      if (rows === undefined) groups.set(k, (rows = []));
      lastRows = rows;
    }
    lastRows.push(e.row);
  }
  const parts: string[] = [];
  for (const [file, rows] of groups) {
    let sorted = true;
    for (let i = 1; i < rows.length && sorted; i++) sorted = rows[i - 1]! <= rows[i]!;
    if (!sorted) rows.sort((a, b) => a - b);
    // Sorted, so a repeated row is next to its twin.
    let n = 0;
    for (let i = 0; i < rows.length; i++) if (i === 0 || rows[i] !== rows[n - 1]) rows[n++] = rows[i]!;
    rows.length = n;
    parts.push(`${file} : ${n > 1 ? 'lignes' : 'ligne'} ${rows.join(', ')}`);
  }
  return parts.join(' ; ');
}

/** Where findings, items or figures with no référent are grouped. */
export const NO_REFERENT = '(sans référent)';

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n > 1 ? pluralForm : singular}`;
}

export const FIELD_LABELS: Record<string, string> = {
  participantId: 'n° de dossier',
  lastName: 'nom',
  firstName: 'prénom',
  referent: 'référent',
  structure: 'structure',
  lot: 'lot',
  start: 'date de début',
  end: 'date de fin',
  month: 'mois',
  status: 'statut',
  veilleStart: 'début de veille',
  veilleEnd: 'fin de veille',
  orientationDate: "date d'orientation",
  entryDate: "date d'entrée",
  exitDate: 'date de sortie',
  exitType: 'type de sortie',
  exitReason: 'motif de sortie',
  date: 'date',
  startTime: 'heure de début',
  endTime: 'heure de fin',
  durationMin: 'durée',
  duration: 'durée',
  role: 'fonction',
  kind: "type d'événement",
  mode: 'modalité',
  format: 'individuel/collectif',
  attendance: 'présence',
  subject: 'nature / objet',
  timeCategory: 'catégorie de temps',
  enteredAt: 'date de saisie',
  signed: 'émargement',
  location: 'lieu',
  category: "type d'étape",
  contract: 'type de contrat',
  label: 'intitulé',
  operator: 'employeur / organisme',
  weeklyHours: 'durée hebdomadaire',
  qualifying: 'qualifiante',
  plie: 'étape PLIE',
  clause: 'clause sociale',
  aci: 'ACI',
  proofDate: 'date du justificatif',
  proofKind: 'type de justificatif',
  forecastDate: 'date de sortie prévisionnelle',
  commissionDate: 'date de validation',
  healthStart: 'début du suivi santé',
  brsa: 'BRSA',
  cer: 'CER',
  sex: 'sexe',
  birthDate: 'date de naissance',
  commune: 'commune',
  epci: 'EPCI',
  qpv: 'QPV',
  deld: 'DELD',
  th: 'TH / RQTH',
};

export function fieldLabel(f: string): string {
  return FIELD_LABELS[f] ?? f;
}

export const KIND_LABELS: Record<string, string> = {
  entretien: 'entretien',
  contact: 'contact',
  atelier: 'atelier collectif',
  relance: 'relance',
  bilan: 'bilan',
  poursuite: 'validation de poursuite',
  commission: 'commission',
  conge: 'congés',
  'reunion-structure': 'réunion de structure',
  'point-etape': "point d'étape",
  autre: 'autre',
};

export const DATASET_LABELS: Record<string, string> = {
  affectations: 'affectations (flux mensuel des affectations par référent)',
  agenda: 'agenda (entretiens)',
  etapes: 'étapes de parcours',
  sorties: 'sorties',
};

const CONFIG_LABELS: Record<string, string> = {
  referents: "ETP des référents non configurés (clé `referents:` de plie-audit.yaml)",
  commissions: 'calendrier des commissions non configuré (clé `commissions:` de plie-audit.yaml)',
  communes: 'communes membres non configurées (clé `communes:` de plie-audit.yaml)',
};

export function skipReasonText(s: SkipReason | null): string | null {
  if (!s) return null;
  switch (s.code) {
    case 'dataset-absent':
      return `nécessite l'export ${DATASET_LABELS[s.dataset] ?? s.dataset}, absent des fichiers lus`;
    case 'champ-absent':
      return `nécessite la colonne « ${fieldLabel(s.field)} » de l'export ${s.dataset}, absente des fichiers lus`;
    case 'config-absente':
      return CONFIG_LABELS[s.key] ?? `configuration « ${s.key} » absente`;
    case 'check':
      return s.text;
  }
}

export const SEVERITY_LABELS = { error: 'erreur', warning: 'avertissement', info: 'info', off: 'désactivée' } as const;
export const STATUS_LABELS = { ran: 'exécutée', skipped: 'non exécutée', off: 'désactivée' } as const;

/** French number: « 1 234,5 », « 16,3 % » (non-breaking space as thousands separator). */
export function formatNumber(v: number | null, unit?: string): string {
  if (v === null) return '—';
  const [int, dec] = String(Math.abs(v)).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const text = `${v < 0 ? '−' : ''}${grouped}${dec ? `,${dec}` : ''}`;
  return unit === '%' ? `${text} %` : text;
}
