/** Shared set-up for the échéancier tests: hand-made datasets, Lunel 2019 rule params. */
import type { AuditConfig } from '../../src/checks/types.js';
import { computeDue, planDue } from '../../src/due/compute.js';
import type { DueItem, DueResult, DueRuleInput } from '../../src/due/types.js';
import type { DatasetName, ISODate } from '../../src/model/types.js';
import { buildDatasets, type BuildInput } from '../helpers/build.js';
import { contextFor } from '../checks/rule-tester.js';

/** The params of rules/lunel-2019.yaml (lot1), written out so each test reads on its own. */
export const RULES = {
  premier: {
    id: 'premier-entretien',
    kind: 'first-contact-delay',
    severity: 'error',
    params: { maxDays: 15, retryDays: 15, match: { kinds: ['entretien'], formats: ['individuel'] } },
  },
  mensuels: {
    id: 'entretiens-mensuels',
    kind: 'contact-frequency',
    severity: 'error',
    params: { min: 2, window: 'month', state: 'accompagnement', match: { kinds: ['entretien'], modes: ['physique'], formats: ['individuel'] } },
  },
  suiviEmploi: {
    id: 'suivi-emploi',
    kind: 'contact-frequency',
    severity: 'error',
    params: { min: 1, window: 'month', state: 'emploi', maxMonthsInState: 6, match: { kinds: ['entretien', 'contact'] } },
  },
  revue: {
    id: 'revue-18-mois',
    kind: 'milestone-review',
    severity: 'error',
    params: { milestones: [18], eventKinds: ['poursuite'], toleranceMonths: 1 },
  },
  bilans: {
    id: 'bilans-brsa',
    kind: 'milestone-review',
    severity: 'error',
    params: { milestones: [5, 11, 17], eventKinds: ['bilan'], toleranceMonths: 1, population: { brsa: true, cer: true }, onExit: true },
  },
  justificatifs: { id: 'justificatifs-sortie', kind: 'exit-proof-delay', severity: 'error', params: { maxMonths: 3 } },
  perte: { id: 'perte-de-contact', kind: 'loss-of-contact', severity: 'info', params: { count: 2, within: 'month' } },
} satisfies Record<string, DueRuleInput>;

const ALL: DatasetName[] = ['affectations', 'agenda', 'etapes', 'sorties'];

/** Every canonical field of every dataset, as when each export has all its columns. */
const FULL_FIELDS = buildDatasets({
  affectations: [{ participant: 'X', brsa: false, cer: false, healthStart: null }],
  agenda: [{ participant: 'X', date: '2019-01-01' }],
  etapes: [{ participant: 'X', start: '2019-01-01' }],
  sorties: [{ participant: 'X' }],
}).fields;

export interface DueCase {
  data: BuildInput;
  asOf: ISODate;
  within?: number;
  rules: DueRuleInput[];
  config?: Partial<AuditConfig>;
  /** Default true: every dataset present with all its columns, even when the case gives no row. */
  complete?: boolean;
}

function ctxOf(c: DueCase) {
  const ctx = contextFor({ data: c.data, asOf: c.asOf, config: c.config });
  if (c.complete ?? true) {
    for (const ds of ALL) {
      ctx.data.present.add(ds);
      ctx.data.fields[ds] = new Set([...FULL_FIELDS[ds], ...ctx.data.fields[ds]]);
    }
  }
  return ctx;
}

export function due(c: DueCase): DueItem[] {
  return computeDue(ctxOf(c), { rules: c.rules }, { within: c.within ?? 30 });
}

export function plan(c: DueCase): DueResult & { ctx: ReturnType<typeof ctxOf> } {
  const ctx = ctxOf(c);
  return { ...planDue(ctx, { rules: c.rules }, { within: c.within ?? 30 }), ctx };
}

/** Keeps only the listed keys of each item (order of items kept). */
export function pick<K extends keyof DueItem>(items: DueItem[], keys: K[]): Pick<DueItem, K>[] {
  return items.map((i) => Object.fromEntries(keys.map((k) => [k, i[k]])) as Pick<DueItem, K>);
}
