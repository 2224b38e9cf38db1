/** What an audit produces: data only, worded by the reporters. */
import type { Finding, Severity } from '../checks/types.js';
import type { Evidence, InputReport, ISODate } from '../model/types.js';
import type { LotFilter } from './lot.js';

export type RuleStatus = 'ran' | 'skipped' | 'off';

export interface RuleSource {
  cahier: string;
  section: string;
  quote: string;
}

export interface RuleResult {
  id: string;
  kind: string;
  severity: Severity | 'off';
  status: RuleStatus;
  /** Why a rule was skipped: data, worded by the reporters. */
  skip: SkipReason | null;
  violations: number;
  source: RuleSource | null;
  fidelity: 'exact' | 'interpretation' | null;
  interpretation: string | null;
  params: unknown;
}

export type SkipReason =
  | { code: 'dataset-absent'; dataset: string }
  | { code: 'champ-absent'; dataset: string; field: string }
  | { code: 'config-absente'; key: string }
  | { code: 'check'; text: string };

export interface Violation extends Omit<Finding, 'evidence' | 'severity'> {
  rule: string;
  kind: string;
  severity: Severity;
  evidence: Evidence[];
}

export interface AuditSummary {
  error: number;
  warning: number;
  info: number;
  participants: number;
  rulesRan: number;
  rulesSkipped: number;
  /** --baseline: violations hidden because the earlier report already had them. */
  baselined?: number;
}

/** A violation of the earlier report (--baseline), as that report gave it. */
export interface BaselineEntry {
  rule: string;
  severity: Severity | null;
  participant: string | null;
  referent: string | null;
  period: string | null;
  date: ISODate | null;
  message: string | null;
}

/** What --baseline did: how many violations it hid, and which of its entries match nothing any more. */
export interface BaselineOutcome {
  path: string;
  hidden: number;
  resolved: BaselineEntry[];
}

/** --pseudonymize: where the key came from ('aléatoire': drawn for this run, not reproducible). */
export type PseudonymKeySource = 'PLIE_AUDIT_KEY' | 'aléatoire';

export interface AuditResult {
  tool: { name: 'plie-audit'; version: string };
  ruleset: { id: string; lot: string | null; title: string; cahier: string };
  period: { start: ISODate; end: ISODate };
  asOf: ISODate;
  inputs: InputReport[];
  rules: RuleResult[];
  violations: Violation[];
  summary: AuditSummary;
  baseline?: BaselineOutcome;
  pseudonymized?: { keyed: PseudonymKeySource };
  /** How the affectations' lot column narrowed the audit (null: the rule set has no lots). */
  lotFilter?: LotFilter | null;
}

/** The built-in data-quality rule: row-level problems found while reading the exports. */
export const DATA_QUALITY_RULE = 'donnees-invalides';
