/**
 * The échéancier (`plie-audit due`): obligations falling due in the days after the as-of date,
 * as data. Reporters (src/report/due.ts) do the wording.
 */
import type { Severity } from '../checks/types.js';
import type { SkipReason } from '../engine/result.js';
import type { ISODate, Origin } from '../model/types.js';

/**
 * What the référent has to prepare. `point-etape` covers milestone reviews that are neither a
 * BRSA bilan nor an 18-month review (Dijon's points d'étape every 5 months).
 */
export type DueKind =
  | 'premier-entretien'
  | 'bilan-brsa'
  | 'revue-18-mois'
  | 'point-etape'
  | 'justificatif-sortie'
  | 'entretiens-du-mois'
  | 'perte-de-contact';

/** Display order of the kinds when two items share référent, date and participant. */
export const DUE_KINDS: readonly DueKind[] = [
  'premier-entretien',
  'bilan-brsa',
  'revue-18-mois',
  'point-etape',
  'justificatif-sortie',
  'entretiens-du-mois',
  'perte-de-contact',
];

export type DueArgs = Record<string, string | number | boolean | null>;

export interface DueItem {
  kind: DueKind;
  /** Id of the rule the obligation (and its parameters) comes from. */
  rule: string;
  /** The id shown to users (Viesion id, else the merge key). */
  participant: string;
  referent: string | null;
  /**
   * The deadline (premier-entretien, justificatif-sortie), the anchor of a review window
   * (e + m months, or the exit date for the exit bilan), the last day of the month
   * (entretiens-du-mois), the next commission (perte-de-contact; null when none is configured).
   */
  dueDate: ISODate | null;
  /** The days in which the obligation can be met (inclusive). */
  windowStart: ISODate | null;
  windowEnd: ISODate | null;
  /** Months after entry, or 'sortie' for the exit bilan; null for other kinds. */
  milestone: number | 'sortie' | null;
  /** Template arguments (dates, counts) for the reporters. */
  args: DueArgs;
  evidence: Origin[];
}

/** The part of a resolved rule the échéancier reads. */
export interface DueRuleInput {
  id: string;
  kind: string;
  /** 'off' rules give no item; absent = on. */
  severity?: Severity | 'off';
  /** Validated again by the kind's schema (defaults applied), so raw YAML params work too. */
  params: unknown;
}

export interface DueOptions {
  /** Days after the as-of date covered by the échéancier. */
  within: number;
}

/** Which rules fed the échéancier, and why some did not (a skipped rule is never silent). */
export interface DueRuleStatus {
  id: string;
  /** The rule's check kind. */
  kind: string;
  item: DueKind;
  status: 'ran' | 'skipped' | 'off';
  skip: SkipReason | null;
  items: number;
  /** The params the items were computed with (reporters word the counted events from them). */
  params: unknown;
}

export interface DueResult {
  items: DueItem[];
  rules: DueRuleStatus[];
}
