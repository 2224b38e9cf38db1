import type { z } from 'zod';
import type {
  DataIssue,
  DatasetName,
  Datasets,
  ISODate,
  MonthKey,
  Origin,
  Timeline,
} from '../model/types.js';

export type Severity = 'error' | 'warning' | 'info';

/** Référent lines of the config: ETP and role are not in Viesion exports. */
export interface ReferentConfig {
  name: string;
  etp: number;
  role?: string | null;
  territory?: string | null;
  lot?: string | null;
}

/** What the checks may read besides the datasets; comes from plie-audit.yaml. */
export interface AuditConfig {
  referents: ReferentConfig[];
  commissions: ISODate[];
  communes: string[];
}

export type ConfigNeed = 'referents' | 'commissions' | 'communes';

export interface CheckContext {
  data: Datasets;
  /** One per participant key. */
  timelines: Map<string, Timeline>;
  period: { start: ISODate; end: ISODate };
  /** As-of date A: windows are evaluated when their last day ≤ A. */
  asOf: ISODate;
  config: AuditConfig;
  /** The lot being audited (null when the ruleset has no lots). */
  lot: string | null;
}

/**
 * A finding is data. No French sentence is built here: reporters turn `kind`/`rule` + `args`
 * into words.
 */
export interface Finding {
  participant: string | null;
  referent: string | null;
  /** 'YYYY-MM' for monthly windows, 'YYYY-MM/YYYY-MM' for longer windows, null otherwise. */
  period: MonthKey | string | null;
  date: ISODate | null;
  milestone: number | 'sortie' | null;
  expected: number | string | null;
  actual: number | string | null;
  /** Rows that justify the finding (those counted, or the ones that define the due window). */
  evidence: Origin[];
  /** Template arguments for the reporters (counts, missing fields, reasons…). */
  args: Record<string, string | number | boolean | null | string[]>;
  /** Per-finding severity override (e.g. a case-by-case exit is a warning, not an error). */
  severity?: Severity;
}

export interface CheckNeeds {
  datasets: DatasetName[];
  /** Canonical fields a rule reads, per dataset; a missing column skips the rule with a reason. */
  fields?: Partial<Record<DatasetName, string[]>>;
  config?: ConfigNeed[];
}

export interface CheckDefinition<P extends z.ZodType = z.ZodType> {
  kind: string;
  params: P;
  /** Static needs, or needs that depend on the params (e.g. a filter on a field). */
  needs: CheckNeeds | ((params: z.infer<P>) => CheckNeeds);
  /**
   * A French reason to skip the rule in this context (e.g. a period target before the period has
   * elapsed), or null to run it. Missing datasets/fields/config are handled from `needs`.
   */
  skipReason?(ctx: CheckContext, params: z.infer<P>): string | null;
  run(ctx: CheckContext, params: z.infer<P>): Finding[];
}

export function defineCheck<P extends z.ZodType>(def: CheckDefinition<P>): CheckDefinition<P> {
  return def;
}

export type { DataIssue };
