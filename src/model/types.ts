import type { AgendaStore } from './agenda-store.js';

/**
 * The canonical model every rule stands on. Dates are calendar days kept as 'YYYY-MM-DD'
 * strings (lexicographic order = chronological order, no time zone arithmetic).
 */

/** 'YYYY-MM-DD' */
export type ISODate = string;
/** 'YYYY-MM' */
export type MonthKey = string;

export type DatasetName = 'affectations' | 'agenda' | 'etapes' | 'sorties';
export const DATASET_NAMES: readonly DatasetName[] = ['affectations', 'agenda', 'etapes', 'sorties'];

/**
 * Where a record comes from. `input` indexes `Datasets.inputs` (path + sheet are stored once
 * there, not on each of a million rows); `row` is the row number the user sees (1-based).
 */
export interface Origin {
  input: number;
  row: number;
}

/** Where a record comes from, resolved for reports. */
export interface Evidence {
  path: string;
  sheet: string | null;
  row: number;
}

export type EventKind =
  | 'entretien'
  | 'contact'
  | 'atelier'
  | 'relance'
  | 'bilan'
  | 'poursuite'
  | 'commission'
  | 'conge'
  | 'reunion-structure'
  | 'point-etape'
  | 'autre';
export const EVENT_KINDS: readonly EventKind[] = [
  'entretien', 'contact', 'atelier', 'relance', 'bilan', 'poursuite', 'commission', 'conge',
  'reunion-structure', 'point-etape', 'autre',
];

export type EventMode = 'physique' | 'telephone' | 'visio' | 'mail' | 'courrier' | 'sms';
export type EventFormat = 'individuel' | 'collectif';
export type Attendance = 'present' | 'absent' | 'absent-excuse' | 'absent-non-excuse' | 'annule' | 'reporte';
export type TimeCategory = 'participant' | 'agenda';
export type Role = 'cip' | 'psychologue' | 'cesf' | 'autre';

export type AffectationStatus = 'parcours' | 'veille' | 'sorti';
export type ExitType = 'positive' | 'autre' | 'sans-suite';

export type StepCategory =
  | 'emploi'
  | 'formation'
  | 'iae'
  | 'contrat-aide'
  | 'atelier'
  | 'immersion'
  | 'creation'
  | 'diagnostic'
  | 'remobilisation'
  | 'autre';
export type ContractType =
  | 'cdi'
  | 'cdd'
  | 'interim'
  | 'cddi'
  | 'pec'
  | 'apprentissage'
  | 'professionnalisation'
  | 'autre';
export type StepStatus = 'prescrite' | 'en-cours' | 'realisee' | 'abandonnee' | 'refusee';

/** Participant attributes that may come from any dataset (mostly affectations). */
export interface ParticipantAttributes {
  sex?: 'F' | 'M' | null;
  birthDate?: ISODate | null;
  age?: number | null;
  commune?: string | null;
  epci?: string | null;
  qpv?: boolean | null;
  brsa?: boolean | null;
  /** CER in force ("CER", "CER en cours"; a "Date CER" counts as yes). */
  cer?: boolean | null;
  deld?: boolean | null;
  th?: boolean | null;
  educationLevel?: string | null;
  /** Start of the health track (lot2 psychologue). */
  healthStart?: ISODate | null;
}

/** Identity fields shared by every dataset that names a participant. */
export interface ParticipantRef {
  /**
   * The merge key: the id when present ('id:P000123'), else 'name:<normalised last>|<first>[|birth]'.
   * null when the row names no participant (agenda time).
   */
  participantKey: string | null;
  participantId: string | null;
  lastName: string | null;
  firstName: string | null;
}

export interface Affectation extends ParticipantRef, ParticipantAttributes {
  participantKey: string;
  referent: string;
  structure: string | null;
  lot: string | null;
  /** Dated shape: start/end of the assignment. */
  start: ISODate | null;
  end: ISODate | null;
  /** Monthly shape: the month of the row and the participant's status that month. */
  month: MonthKey | null;
  status: AffectationStatus | null;
  veilleStart: ISODate | null;
  veilleEnd: ISODate | null;
  orientationDate: ISODate | null;
  entryDate: ISODate | null;
  exitDate: ISODate | null;
  exitType: ExitType | null;
  exitReason: string | null;
  /** « Date de saisie » of the row, when the export has one (entry-delay, commission variant). */
  enteredAt?: ISODate | null;
  origin: Origin;
}

export interface AgendaEvent extends ParticipantRef {
  date: ISODate;
  startTime: string | null;
  endTime: string | null;
  /** Minutes; null when the column is absent or the cell empty. */
  durationMin: number | null;
  referent: string;
  role: Role | null;
  kind: EventKind;
  mode: EventMode | null;
  format: EventFormat | null;
  attendance: Attendance | null;
  subject: string | null;
  timeCategory: TimeCategory | null;
  enteredAt: ISODate | null;
  signed: boolean | null;
  location: string | null;
  origin: Origin;
}

export interface Step extends ParticipantRef {
  participantKey: string;
  category: StepCategory;
  contract: ContractType | null;
  label: string | null;
  operator: string | null;
  start: ISODate;
  end: ISODate | null;
  weeklyHours: number | null;
  qualifying: boolean | null;
  /** true = étape PLIE, false = droit commun. */
  plie: boolean | null;
  clause: boolean | null;
  aci: boolean | null;
  status: StepStatus | null;
  proofDate: ISODate | null;
  origin: Origin;
}

export interface Exit extends ParticipantRef {
  participantKey: string;
  exitDate: ISODate | null;
  exitType: ExitType | null;
  exitReason: string | null;
  forecastDate: ISODate | null;
  commissionDate: ISODate | null;
  proofDate: ISODate | null;
  proofKind: string | null;
  /** « Date de saisie » of the row, when the export has one (entry-delay, commission variant). */
  enteredAt?: ISODate | null;
  origin: Origin;
}

export interface Participant extends ParticipantAttributes {
  key: string;
  id: string | null;
  lastName: string | null;
  firstName: string | null;
  orientationDate: ISODate | null;
  entryDate: ISODate | null;
  /**
   * Every affectation, étape and sortie row that named this participant, in load order. Agenda
   * rows are not listed (a million origins for nothing): the agenda is indexed per participant.
   */
  origins: Origin[];
}

/** How one table (file or sheet) was understood: what `inspect` prints. */
export interface InputReport {
  path: string;
  sheet: string | null;
  container: 'csv' | 'xlsx' | 'html';
  dataset: DatasetName;
  /** Data rows kept (title, header, blank and total rows excluded). */
  rows: number;
  /** 1-based. */
  headerRow: number;
  encoding: string | null;
  delimiter: string | null;
  skippedRows: number;
  warnings: string[];
  /** field → header as written in the file. */
  columns: Record<string, string>;
  unmappedColumns: string[];
  /** field → raw value → count, for values no alias recognised. */
  unmappedValues: Record<string, Record<string, number>>;
  /** Monthly-status affectations ('mensuel') or dated ones ('dates'); null for other datasets. */
  affectationShape?: 'dates' | 'mensuel' | null;
}

/**
 * A row-level problem (rule `donnees-invalides`): the row is left out of the rules.
 * Data, not prose: `code` selects the French template in the reporters.
 */
export interface DataIssue {
  code:
    | 'date-invalide'
    | 'valeur-invalide'
    | 'champ-obligatoire-vide'
    | 'participant-inconnu'
    | 'conflit-attribut'
    | 'identite-par-nom'
    | 'identite-ambigue'
    | 'referents-multiples-mois';
  participant: string | null;
  referent: string | null;
  date: ISODate | null;
  /** The field concerned (canonical name) and the column as written in the file. */
  field: string | null;
  column: string | null;
  /** The offending raw value(s) and any other template arguments. */
  args: Record<string, string | number | null>;
  evidence: Origin[];
  /** Whether the row was dropped from the rules ('excluded') or kept ('kept'). */
  effect: 'excluded' | 'kept';
}

export interface Datasets {
  inputs: InputReport[];
  participants: Map<string, Participant>;
  affectations: Affectation[];
  /** Column store (a million rows would not fit as objects): iterate it, or index it per participant. */
  agenda: AgendaStore;
  etapes: Step[];
  sorties: Exit[];
  issues: DataIssue[];
  /** Which datasets were present in the inputs at all (a rule lacking one is skipped). */
  present: Set<DatasetName>;
  /** Canonical fields present per dataset (a column was mapped), for rules' `needs.fields`. */
  fields: Record<DatasetName, Set<string>>;
}

export function resolveOrigin(inputs: readonly InputReport[], origin: Origin): Evidence {
  const input = inputs[origin.input];
  return { path: input?.path ?? '?', sheet: input?.sheet ?? null, row: origin.row };
}

/** One assignment period of a participant to a référent, after both affectation shapes are unified. */
export interface AssignmentSpan {
  referent: string;
  lot: string | null;
  start: ISODate;
  /** Inclusive; null = still assigned. */
  end: ISODate | null;
  /** File order across all inputs (load order), used to break ties. */
  order: number;
  origin: Origin;
}

export interface DateSpan {
  start: ISODate;
  /** Inclusive; null = open. */
  end: ISODate | null;
  origins: Origin[];
}

/**
 * A participant's parcours as day states (rules.md §3). Every rule stands on this.
 */
export interface Timeline {
  participant: Participant;
  /** Date d'entrée PLIE, else the first assignment start. */
  entryDate: ISODate | null;
  orientationDate: ISODate | null;
  /** From a sortie row, or an affectation carrying an exit; the participant is not exited ON this day. */
  exitDate: ISODate | null;
  exitOrigins: readonly Origin[];
  assignments: readonly AssignmentSpan[];
  veille: readonly DateSpan[];
  /** Maximal runs of `emploi` steps that overlap or touch (next start ≤ previous end + 1 day). */
  employmentSpells: readonly DateSpan[];
  isAssigned(d: ISODate): boolean;
  isExited(d: ISODate): boolean;
  isVeille(d: ISODate): boolean;
  /** assigned, not exited, not en veille. */
  isActive(d: ISODate): boolean;
  isEmployed(d: ISODate): boolean;
  /** The employment spell covering d, if any. */
  spellOn(d: ISODate): DateSpan | null;
  /**
   * The assignment that decides a finding's référent on day d: among those covering d, the one
   * that started last, then last in file order; when none covers d, the one that started last on
   * or before d (same tie-break). null when none started on or before d.
   */
  assignmentOn(d: ISODate): AssignmentSpan | null;
  /** Assignments covering d (for file-active per référent). */
  assignmentsOn(d: ISODate): AssignmentSpan[];
  /*
   * Whole-range questions (start and end inclusive), answered from the day states merged into
   * ranges instead of day by day: checks ask them for every participant and window. An empty
   * range (start > end) has no day: "some day" is false, "every day" is true.
   */
  /** Some day of [start, end] not exited and, with excludeVeille, not en veille (assignment not asked). */
  someDayNotExited(start: ISODate, end: ISODate, excludeVeille: boolean): boolean;
  /** The last day of [start, end] not exited, or null. */
  lastDayNotExited(start: ISODate, end: ISODate): ISODate | null;
  /** Every day of [start, end] assigned and not exited (veille allowed). */
  isAccompaniedThroughout(start: ISODate, end: ISODate): boolean;
  /** Every day of [start, end] active (isActive). */
  isActiveThroughout(start: ISODate, end: ISODate): boolean;
  /** The maximal runs of active days within [start, end], in date order. */
  activeRuns(start: ISODate, end: ISODate): { start: ISODate; end: ISODate }[];
  /** Every day of [start, end] en emploi. */
  isEmployedThroughout(start: ISODate, end: ISODate): boolean;
  /** Some day of [start, end] en emploi. */
  isEmployedOnSomeDay(start: ISODate, end: ISODate): boolean;
}
