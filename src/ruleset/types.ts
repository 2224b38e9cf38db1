import type { z } from 'zod';
import type { Severity } from '../checks/types.js';
import type { Period } from '../config/schema.js';
import type { Fidelity } from './schema.js';

export type { Period };

/** What the loader needs from a check kind: its param schema. The real registry is `checks`. */
export type CheckRegistry = Readonly<Record<string, { params: z.ZodType }>>;

export interface RuleSource {
  cahier: string;
  section: string;
  quote: string;
}

/** A rule as written in a rule set file (after `extends` is applied), params not yet parsed. */
export interface RuleDef {
  id: string;
  kind: string;
  severity: Severity;
  /** The lots it applies to; null = all. */
  lots: string[] | null;
  params: Record<string, unknown>;
  lotParams: Record<string, Record<string, unknown>>;
  source: RuleSource;
  fidelity: Fidelity;
  interpretation: string | null;
  /** The file that defines it, as named in messages (`rules/lunel-2019.yaml`). */
  file: string;
}

export interface RulesetLot {
  title: string;
  etp: number | null;
  period: Period | null;
}

/** A rule set file with its `extends` chain merged in, params validated for every lot. */
export interface RulesetFile {
  id: string;
  title: string;
  cahier: string;
  period: Period;
  /** The parent as written in the file (null when none). */
  extends: string | null;
  /** null when the rule set has no lots. */
  lots: Record<string, RulesetLot> | null;
  kpiSnapshots: string[];
  rules: RuleDef[];
  /** Absolute path of the file. */
  path: string;
  /** The file as named in messages. */
  file: string;
  /** A file of the bundled rules/ folder. */
  bundled: boolean;
}

export interface ResolvedRule {
  id: string;
  kind: string;
  severity: Severity | 'off';
  /** Parsed by the kind's zod schema (defaults applied), lot params and config overrides merged in. */
  params: unknown;
  source: RuleSource;
  fidelity: Fidelity;
  interpretation: string | null;
  lots: string[] | null;
}

export interface ResolvedRuleset {
  id: string;
  title: string;
  cahier: string;
  lot: string | null;
  lotTitle: string | null;
  etp: number | null;
  period: Period;
  kpiSnapshots: string[];
  rules: ResolvedRule[];
}

export interface RulesetSummary {
  id: string;
  title: string;
  cahier: string;
  period: Period;
  extends: string | null;
  /** Lot ids (empty when the rule set has no lots). */
  lots: string[];
  lotDetails: { id: string; title: string; etp: number | null }[];
  /** Number of rules (inherited ones included). */
  rules: number;
  path: string;
}
