/**
 * The cahier's objectives, read from the ruleset's target rules (file-active, count-target,
 * rate-target) so that `kpi` and `check` never disagree on a figure's goal. Params go through the
 * kinds' own schemas: a hand-built ruleset (tests, library users) gets the same defaults.
 */
import { countTargetParams, type CountTargetParams } from '../checks/count-target.js';
import { etpTarget, fileActiveParams, lotReferents, type FileActiveParams } from '../checks/file-active.js';
import { normalizeName } from '../checks/context.js';
import { rateTargetParams, type RateTargetParams } from '../checks/rate-target.js';
import type { CheckContext, ReferentConfig } from '../checks/types.js';
import type { KpiRuleset } from './types.js';

export interface Targets {
  fileActive: FileActiveParams | null;
  participants: CountTargetParams | null;
  brsaCer: CountTargetParams | null;
  entrees: CountTargetParams | null;
  rate: RateTargetParams | null;
  /** Configured référents of the audited lot, by normalised name. */
  referents: Map<string, ReferentConfig>;
  /** Σ ETP of the configured référents (null when none is configured). */
  configuredEtp: number | null;
  ruleset: KpiRuleset;
  lot: string | null;
}

function firstParams<T>(ruleset: KpiRuleset, kind: string, parse: (p: unknown) => T | null, accept: (p: T) => boolean = () => true): T | null {
  for (const r of ruleset.rules) {
    if (r.kind !== kind) continue;
    const p = parse(r.params);
    if (p !== null && accept(p)) return p;
  }
  return null;
}

const safe =
  <T>(schema: { safeParse(x: unknown): { success: true; data: T } | { success: false } }) =>
  (x: unknown): T | null => {
    const r = schema.safeParse(x);
    return r.success ? r.data : null;
  };

export function readTargets(ctx: CheckContext, ruleset: KpiRuleset): Targets {
  const count = (of: CountTargetParams['of']) =>
    firstParams(ruleset, 'count-target', safe<CountTargetParams>(countTargetParams), (p) => p.of === of);
  const refs = lotReferents(ctx);
  const referents = new Map(refs.map((r) => [normalizeName(r.name), r]));
  return {
    fileActive: firstParams(ruleset, 'file-active', safe<FileActiveParams>(fileActiveParams)),
    participants: count('participants-accompagnes'),
    brsaCer: count('brsa-cer'),
    entrees: count('entrees'),
    rate: firstParams(ruleset, 'rate-target', safe<RateTargetParams>(rateTargetParams)),
    referents,
    configuredEtp: refs.length > 0 ? Math.round(refs.reduce((s, r) => s + r.etp, 0) * 1e9) / 1e9 : null,
    ruleset,
    lot: ctx.lot,
  };
}


/**
 * Monthly file-active target of the audited lot: the pool figure when the cahier gives one
 * (Lunel 2018/2019 lot 2: 80 in total); in a ruleset with lots, perEtp × the lot's ETP (the
 * contractual figure, whatever the staffing); without lots (Dijon), perEtp × Σ configured ETP,
 * else perEtp × the rule's fallback ETP.
 */
export function fileActiveLotTarget(t: Targets): number | null {
  const p = t.fileActive;
  if (!p) return null;
  if (p.total !== undefined) return p.total;
  const etp = t.lot !== null ? (p.etp ?? t.ruleset.etp ?? t.configuredEtp) : (t.configuredEtp ?? p.etp ?? t.ruleset.etp);
  return etp === null || etp === undefined ? null : etpTarget(p.perEtp, etp);
}

/** perEtp × the référent's configured ETP; null for a référent absent from the config. */
export function fileActiveReferentTarget(t: Targets, referent: string | null): number | null {
  const p = t.fileActive;
  const r = configuredReferent(t, referent);
  if (!p || !r) return null;
  return etpTarget(p.perEtp, r.etp);
}

/** The ETP a per-ETP count objective is measured against for the lot. */
export function lotEtp(t: Targets, p: CountTargetParams | null): number | null {
  return t.configuredEtp ?? p?.etp ?? t.ruleset.etp ?? null;
}

/** A count objective for the lot: the target, or target × ETP when the cahier sets it per ETP. */
export function countLotTarget(t: Targets, p: CountTargetParams | null): number | null {
  if (!p) return null;
  if (!p.perEtp) return p.target;
  const etp = lotEtp(t, p);
  return etp === null ? null : etpTarget(p.target, etp);
}

/** A per-ETP count objective for one configured référent; null otherwise (lot-level objectives). */
export function countReferentTarget(t: Targets, p: CountTargetParams | null, referent: string | null): number | null {
  if (!p || !p.perEtp) return null;
  const r = configuredReferent(t, referent);
  return r ? etpTarget(p.target, r.etp) : null;
}

/** The config line of a référent named as in the data or the config (case, accents, spacing aside). */
export function configuredReferent(t: Targets, referent: string | null): ReferentConfig | undefined {
  return referent === null ? undefined : t.referents.get(normalizeName(referent));
}

/** The positive-exit objective as a percentage (0.16 → 16). */
export function rateTargetPct(t: Targets): number | null {
  return t.rate ? Math.round(t.rate.target * 100 * 1e9) / 1e9 : null;
}

export function rateDenominator(t: Targets): RateTargetParams['denominator'] {
  return t.rate?.denominator ?? 'sorties';
}
