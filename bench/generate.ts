/**
 * Synthetic exports for the benchmark: a network of PLIEs over 2019 (about 50 000 participants,
 * ~80 per référent), written the way Viesion writes them: a title block, French headers, dd/mm/yyyy
 * dates, UTF-8 with BOM and `;` for CSV; shared strings and date styles for XLSX. A few defects
 * (an impossible date, an empty référent) are planted so the data-quality path runs too.
 *
 * Deterministic: one seeded PRNG, drawn in a fixed order. Events are packed into one number each
 * (day, minute, participant) and sorted numerically, so a million rows never exist as objects.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { XlsxSheetWriter, type XlsxCell } from './xlsx-writer.js';

export interface CaseSpec {
  /** Folder name under bench/out. */
  name: string;
  participants: number;
  agendaRows: number;
  agendaFormat: 'csv' | 'xlsx';
  /** Every agenda field between quotes, as some exporters write them (CSV only). */
  quoteAll?: boolean;
}

const YEAR_START = Date.UTC(2019, 0, 1);
const DAY_MS = 86_400_000;
/** Days numbered from 2019-01-01 (negative before). */
const DAYS_IN_2019 = 365;
const PER_REFERENT = 80;

function rng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function dayParts(day: number): [number, number, number] {
  const d = new Date(YEAR_START + day * DAY_MS);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}
function fr(day: number): string {
  const [y, m, d] = dayParts(day);
  return `${pad2(d)}/${pad2(m)}/${y}`;
}
function iso(day: number): string {
  const [y, m, d] = dayParts(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}
const isWeekend = (day: number): boolean => {
  const w = new Date(YEAR_START + day * DAY_MS).getUTCDay();
  return w === 0 || w === 6;
};
/** Excel serial (1900 system) of a day numbered from 2019-01-01. */
const serial = (day: number): number => 43_466 + day;

const list = (s: string): string[] => s.split('|');
const FIRST = list(
  'Sophie|Nathalie|Fatima|Aïcha|Céline|Émilie|Sandrine|Laetitia|Chloé|Inès|Maëlle|Yasmina|Christelle|Valérie|Hélène|Jean|Karim|' +
    'Mohamed|Sébastien|Julien|Thierry|Kévin|Mickaël|Stéphane|Rachid|Loïc|Jérôme|François|Yannick|Mehdi|Hugo|Cédric|Bruno|Léa|Noémie',
);
const LAST = list(
  'Garcia|Martinez|Lopez|Moreau|Fabre|Roux|Bonnet|Girard|Mercier|Benamar|Chevalier|Pélissier|Castel|Sanchez|Fernandez|Perez|Vidal|' +
    "Bouzid|Cabrol|Estève|Azaïs|Guiraud|Combes|Rouquette|Ménard|Nguyen|Da Silva|Pereira|Ferrand|Boyer|Bertrand|Faure|André|N'Diaye",
);
const COMMUNES = list('Lunel|Lunel-Viel|Marsillargues|Mauguio|La Grande-Motte|Pérols|Béthune|Dijon|Chenôve|Talant|Quetigny|Bruay-la-Buissière');
const EPCIS = list("CC Pays de Lunel|Pays de l'Or Agglomération|Dijon Métropole|CA Béthune-Bruay");
const SUBJECTS = list(
  "Point sur la recherche d’emploi|Travail sur le CV et la lettre de motivation|Préparation d'un entretien d'embauche|" +
    'Point étape sur la formation|Démarches administratives (CAF, Pôle emploi)|Projet professionnel : métiers du soin|' +
    'Mobilité : financement du permis B|Levée des freins : garde d’enfants|Point sur l’immersion en entreprise|Suivi du plan d’actions|' +
    'Recherche de logement – orientation CCAS|Suivi dans l’emploi : point avec le participant|Contact employeur : bilan de la période d’essai',
);

/** Participant event kinds as « Type de RDV », with mode, format and weight (from the demo year). */
const KINDS: { type: string; mode: string; format: string; weight: number; attendance: boolean; minutes: number[] }[] = [
  { type: 'Entretien individuel', mode: 'Physique', format: 'Individuel', weight: 45, attendance: true, minutes: [30, 45, 60] },
  { type: 'SMS', mode: 'SMS', format: 'Individuel', weight: 22, attendance: false, minutes: [5] },
  { type: 'Contact téléphonique', mode: 'Téléphone', format: 'Individuel', weight: 14, attendance: true, minutes: [10, 15, 20] },
  { type: 'Atelier collectif', mode: 'Physique', format: 'Collectif', weight: 8, attendance: true, minutes: [120, 180] },
  { type: 'RDV physique', mode: 'Physique', format: 'Individuel', weight: 7, attendance: true, minutes: [45, 60] },
  { type: 'Relance écrite', mode: 'Courrier', format: 'Individuel', weight: 2, attendance: false, minutes: [10] },
  { type: 'Bilan BRSA', mode: 'Physique', format: 'Individuel', weight: 1, attendance: true, minutes: [60] },
  { type: 'Validation de poursuite', mode: 'Physique', format: 'Individuel', weight: 1, attendance: false, minutes: [30] },
];
const KIND_TOTAL = KINDS.reduce((n, k) => n + k.weight, 0);
const ATTENDANCE = ['Présent', 'Présent', 'Présent', 'Présent', 'Présent', 'Présent', 'Présent', 'Absent excusé', 'Absent non excusé', 'Annulé', ''];
const REFERENT_TIME = [
  { type: 'Commission PLIE', subject: 'Commission parcours PLIE', minutes: 180 },
  { type: 'Échange de pratiques', subject: 'Séance d’échange de pratiques', minutes: 180 },
  { type: "Réunion d'équipe", subject: "Réunion d'équipe", minutes: 90 },
  { type: 'Congés', subject: 'Congés annuels', minutes: 420 },
];

export const AGENDA_HEADERS = [
  'N° dossier', 'Date du RDV', 'Heure de début', 'Durée (min)', 'Collaborateur', 'Type de RDV', 'Modalité', 'Individuel/Collectif',
  'Présence', "Objet de l'entretien", 'Catégorie de temps', 'Date de saisie',
];
const AFFECTATION_HEADERS = [
  'N° dossier', 'Nom', 'Prénom', 'Référent de parcours', 'Structure', "Date de début d'affectation", "Date de fin d'affectation",
  "Date d'orientation", "Date d'entrée PLIE", 'Date début veille', 'Date fin veille', 'Date de sortie', 'Type de sortie', 'Motif de sortie',
  'Sexe', 'Date de naissance', 'Commune', 'EPCI', 'QPV', 'Bénéficiaire du RSA', 'CER en cours', 'DELD', 'RQTH',
];

interface Participant {
  id: string;
  referent: number;
  /** Assignment start, day number (may be before 2019). */
  start: number;
  /** Exit day in 2019, or -1. */
  exit: number;
}

function referentNames(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const base = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
    const round = Math.floor(i / (FIRST.length * LAST.length));
    out.push(round === 0 ? base : `${base} ${round + 1}`);
  }
  return out;
}

/** Buffered writes to a file descriptor (one syscall per ~1 MB). */
class TextSink {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

function csvField(s: string): string {
  return /[;"\r\n]/.test(s) ? quoted(s) : s;
}

const quoted = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/**
 * Writes affectations.csv, the agenda (agenda.csv or agenda.xlsx) and plie-audit.yaml into
 * `dir`. Returns the number of agenda data rows written.
 */
export async function generateCase(spec: CaseSpec, dir: string): Promise<{ agendaRows: number }> {
  mkdirSync(dir, { recursive: true });
  const rnd = rng(0x2019 ^ spec.participants ^ (spec.agendaRows * 7));
  const int = (a: number, b: number): number => a + Math.floor(rnd() * (b - a + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  const nRef = Math.max(1, Math.ceil(spec.participants / PER_REFERENT));
  const refs = referentNames(nRef);
  const participants: Participant[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < spec.participants; i++) {
    // A permutation of 1..999 983 (prime): unique, scattered six-digit numbers.
    const id = String(((i * 7919) % 999_983) + 1).padStart(6, '0');
    ids.add(id);
    const ancien = rnd() < 0.7;
    const start = ancien ? -int(20, 700) : int(0, 320);
    const exit = rnd() < 0.12 ? Math.min(DAYS_IN_2019 - 10, Math.max(start, 0) + int(30, 300)) : -1;
    participants.push({ id, referent: i % nRef, start, exit: exit >= 0 && exit > Math.max(start, 0) ? exit : -1 });
  }
  if (ids.size !== participants.length) throw new Error('identifiants en double');

  // ----- affectations.csv (dated shape) -----
  {
    const fd = openSync(join(dir, 'affectations.csv'), 'w');
    const out = new TextSink(fd);
    out.write('\uFEFFFlux des affectations par référent de parcours\r\nPériode du 01/01/2019 au 31/12/2019\r\n\r\n');
    out.write(`${AFFECTATION_HEADERS.join(';')}\r\n`);
    for (const p of participants) {
      const female = rnd() < 0.53;
      const veille = p.exit < 0 && rnd() < 0.05 ? int(Math.max(p.start, 0) + 20, 300) : -1;
      const exitType = p.exit >= 0 ? (rnd() < 0.45 ? 'Positive' : 'Autre') : '';
      const reason = exitType === 'Positive' ? pick(['CDI', 'CDD ≥ 6 mois', 'Formation qualifiante']) : exitType ? pick(['Abandon', 'Déménagement', 'Santé']) : '';
      const brsa = rnd() < 0.3;
      const communeIdx = int(0, COMMUNES.length - 1);
      const row = [
        p.id,
        pick(LAST).toUpperCase(),
        pick(FIRST),
        refs[p.referent]!,
        `Structure ${1 + (p.referent % 40)}`,
        fr(p.start),
        p.exit >= 0 ? fr(p.exit) : '',
        fr(p.start - int(10, 40)),
        fr(p.start),
        veille >= 0 ? fr(veille) : '',
        veille >= 0 ? fr(Math.min(veille + int(30, 90), DAYS_IN_2019 - 1)) : '',
        p.exit >= 0 ? fr(p.exit) : '',
        exitType,
        reason,
        female ? 'Femme' : 'Homme',
        fr(-int(365 * 18, 365 * 60)),
        COMMUNES[communeIdx]!,
        EPCIS[communeIdx % EPCIS.length]!,
        rnd() < 0.2 ? 'Oui' : 'Non',
        brsa ? 'Oui' : 'Non',
        brsa && rnd() < 0.85 ? 'Oui' : 'Non',
        rnd() < 0.55 ? 'Oui' : 'Non',
        rnd() < 0.1 ? 'Oui' : 'Non',
      ];
      out.write(`${row.map(csvField).join(';')}\r\n`);
    }
    out.flush();
    closeSync(fd);
  }

  // ----- agenda events, packed: ((day * 1440 + minute) * who) ; who < participants = a participant, else a référent's own time -----
  const who = spec.participants + nRef;
  const referentShare = 0.04;
  const participantRows = Math.round(spec.agendaRows * (1 - referentShare));
  const packed = new Float64Array(spec.agendaRows);
  let n = 0;
  const perParticipant = participantRows / spec.participants;
  const activeDays = (p: Participant): [number, number] => [Math.max(p.start, 0), p.exit >= 0 ? p.exit : DAYS_IN_2019 - 1];
  const pushEvent = (day: number, person: number): void => {
    const minute = 8 * 60 + 15 * int(0, 36);
    packed[n++] = (day * 1440 + minute) * who + person;
  };
  // Counts that sum exactly to participantRows: a share per participant, the remainder spread.
  let remaining = participantRows;
  for (let i = 0; i < participants.length && remaining > 0; i++) {
    const count =
      i === participants.length - 1 ? remaining : Math.min(remaining, Math.round(perParticipant * (0.4 + 1.2 * rnd())));
    const [a, b] = activeDays(participants[i]!);
    for (let k = 0; k < count; k++) {
      let day = int(a, b);
      if (isWeekend(day)) day = day + 2 <= b ? day + 2 : Math.max(a, day - 2);
      pushEvent(day, i);
    }
    remaining -= count;
  }
  while (n < spec.agendaRows) {
    let day = int(0, DAYS_IN_2019 - 1);
    if (isWeekend(day)) day = Math.max(0, day - 2);
    pushEvent(day, spec.participants + int(0, nRef - 1));
  }
  packed.sort();

  const rows = (function* (): Generator<XlsxCell[] & { length: 12 }> {
    for (let i = 0; i < packed.length; i++) {
      const v = packed[i]!;
      const person = v % who;
      const stamp = (v - person) / who;
      const day = Math.floor(stamp / 1440);
      const minute = stamp % 1440;
      const saisieDay = Math.min(day + (rnd() < 0.8 ? 0 : int(1, 5)), DAYS_IN_2019 + 30);
      const saisieMinute = Math.min(minute + int(30, 240), 23 * 60 + 59);
      // One row in 5 000 carries a defect the audit must report, not choke on.
      const defect = rnd() < 0.0002 ? int(1, 2) : 0;
      const date: XlsxCell = defect === 1 ? '31/02/2019' : { date: day };
      if (person < spec.participants) {
        const p = participants[person]!;
        let w = rnd() * KIND_TOTAL;
        let kind = KINDS[0]!;
        for (const k of KINDS) {
          if ((w -= k.weight) < 0) {
            kind = k;
            break;
          }
        }
        let subject = pick(SUBJECTS);
        // Free text typed by the référent: a third of the rows say something of their own.
        if (rnd() < 0.33) subject = `${subject} – suite RDV du ${fr(Math.max(day - int(7, 40), -30))}`;
        yield [
          p.id,
          date,
          { time: minute },
          pick(kind.minutes),
          defect === 2 ? '' : refs[p.referent]!,
          kind.type,
          kind.mode,
          kind.format,
          kind.attendance ? pick(ATTENDANCE) : '',
          subject,
          'Temps participant',
          { dateTime: saisieDay * 1440 + saisieMinute },
        ] as XlsxCell[] & { length: 12 };
      } else {
        const r = REFERENT_TIME[int(0, REFERENT_TIME.length - 1)]!;
        yield [
          '',
          date,
          { time: minute },
          r.minutes,
          refs[person - spec.participants]!,
          r.type,
          '',
          '',
          '',
          r.subject,
          'Temps agenda',
          { dateTime: saisieDay * 1440 + saisieMinute },
        ] as XlsxCell[] & { length: 12 };
      }
    }
  })();

  const titles = ['Agenda des collaborateurs – temps participant et temps agenda', 'Période du 01/01/2019 au 31/12/2019'];
  if (spec.agendaFormat === 'csv') {
    const fd = openSync(join(dir, 'agenda.csv'), 'w');
    const out = new TextSink(fd);
    out.write(`\uFEFF${titles.join('\r\n')}\r\n${AGENDA_HEADERS.join(';')}\r\n`);
    for (const cells of rows) {
      let line = '';
      for (let c = 0; c < cells.length; c++) {
        const cell = cells[c]!;
        const text =
          typeof cell === 'string'
            ? csvField(cell)
            : typeof cell === 'number'
              ? String(cell)
              : 'date' in cell
                ? fr(cell.date)
                : 'time' in cell
                  ? `${pad2(Math.floor(cell.time / 60))}:${pad2(cell.time % 60)}`
                  : `${fr(Math.floor(cell.dateTime / 1440))} ${pad2(Math.floor((cell.dateTime % 1440) / 60))}:${pad2(cell.dateTime % 60)}`;
        const field = spec.quoteAll ? quoted(typeof cell === 'string' ? cell : text) : text;
        line += c === 0 ? field : `;${field}`;
      }
      out.write(`${line}\r\n`);
    }
    out.flush();
    closeSync(fd);
  } else {
    const writer = new XlsxSheetWriter(join(dir, 'agenda.xlsx'), 'Agenda', serial);
    writer.addRow([titles[0]!]);
    writer.addRow([titles[1]!]);
    writer.addRow(AGENDA_HEADERS);
    for (const cells of rows) writer.addRow(cells);
    await writer.finish();
  }

  writeFileSync(
    join(dir, 'plie-audit.yaml'),
    [
      '# Généré par bench/generate.ts : un réseau de PLIE fictif, année 2019.',
      'ruleset: lunel-2019',
      'lot: lot1',
      'period: { start: 2019-01-01, end: 2019-12-31 }',
      'referents:',
      ...refs.map((r, i) => `  - { name: "${r}", etp: 1.0, role: cip, territory: "${EPCIS[i % EPCIS.length]!.replace(/"/g, '\\"')}" }`),
      `commissions: [${Array.from({ length: 26 }, (_, k) => iso(9 + 14 * k)).join(', ')}]`,
      `communes: [${COMMUNES.map((c) => `"${c}"`).join(', ')}]`,
      'values:',
      '  kind: { "RDV physique": entretien, "Échange de pratiques": autre }',
      '',
    ].join('\n'),
  );
  return { agendaRows: spec.agendaRows };
}
