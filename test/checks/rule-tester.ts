/**
 * RuleTester for check kinds (after ESLint's): per kind, `valid` cases must give no finding and
 * `invalid` cases exactly the listed findings (same count, same order; each listed key compared
 * exactly, unlisted keys ignored). Params go through the kind's zod schema, as when a rule file
 * loads; datasets come from test/helpers/build.ts and timelines from the model.
 *
 *   ruleTester(contactFrequency, {
 *     valid: [{ name: '…', data: { affectations: […], agenda: […] }, params: { min: 2, … } }],
 *     invalid: [{ name: '…', data, params, findings: [{ participant: 'P1', period: '2019-03', actual: 1 }] }],
 *   });
 */
import { describe, expect, it } from 'vitest';
import { buildTimelines } from '../../src/model/timeline.js';
import type { DatasetName, ISODate, Origin } from '../../src/model/types.js';
import type { AuditConfig, CheckContext, CheckDefinition, Finding } from '../../src/checks/types.js';
import { buildDatasets, type BuildInput } from '../helpers/build.js';

export interface Case {
  name: string;
  data: BuildInput;
  /** Raw params, as written in YAML: validated (and defaulted) by the kind's schema. */
  params: unknown;
  /** Default: 2019-01-01 → 2019-12-31. */
  period?: { start: ISODate; end: ISODate };
  /** Default: the period's end. */
  asOf?: ISODate;
  config?: Partial<AuditConfig>;
  lot?: string | null;
  /** When set, the kind's skipReason must return exactly this (and the check is not run). */
  skipReason?: string;
  only?: boolean;
}

export interface InvalidCase extends Case {
  findings: Partial<Finding>[];
}

export interface BadParamsCase {
  name: string;
  params: unknown;
}

export const DEFAULT_PERIOD = { start: '2019-01-01', end: '2019-12-31' } as const;

const INPUT_INDEX: Record<DatasetName, number> = { affectations: 0, agenda: 1, etapes: 2, sorties: 3 };

/** The origin of the n-th row of a built dataset: rows are numbered from 2 in creation order. */
export function row(dataset: DatasetName, line: number): Origin {
  return { input: INPUT_INDEX[dataset], row: line };
}

/** Shorthands: rows of each dataset by their 1-based position in the BuildInput list. */
export const aff = (i: number): Origin => row('affectations', i + 1);
export const ev = (i: number): Origin => row('agenda', i + 1);
export const st = (i: number): Origin => row('etapes', i + 1);
export const so = (i: number): Origin => row('sorties', i + 1);

/** The context a case runs in (exported for kinds that need hand-written assertions). */
export function contextFor(c: Omit<Case, 'name' | 'params'>): CheckContext {
  const data = buildDatasets(c.data);
  const { timelines, issues } = buildTimelines(data);
  data.issues.push(...issues);
  const period = c.period ?? { ...DEFAULT_PERIOD };
  return {
    data,
    timelines,
    period,
    asOf: c.asOf ?? period.end,
    config: { referents: [], commissions: [], communes: [], ...c.config },
    lot: c.lot ?? null,
  };
}

export function parseParams<P>(check: CheckDefinition, params: unknown): P {
  return check.params.parse(params) as P;
}

/** Runs one case: params validated, datasets and timelines built, findings returned. */
export function runCase(check: CheckDefinition, c: Omit<Case, 'name'>): Finding[] {
  const params = parseParams(check, c.params);
  return check.run(contextFor(c), params);
}

/** Keeps, in each actual finding, only the keys the expected finding lists. */
function project(actual: Finding[], expected: Partial<Finding>[]): unknown[] {
  return actual.map((f, i) => {
    const want = expected[i];
    if (!want) return f;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(want)) out[k] = (f as unknown as Record<string, unknown>)[k];
    return out;
  });
}

export function ruleTester(
  check: CheckDefinition,
  cases: { valid: Case[]; invalid: InvalidCase[]; badParams?: BadParamsCase[] },
): void {
  describe(check.kind, () => {
    const test = (c: Case) => (c.only ? it.only : it);
    describe('valid', () => {
      for (const c of cases.valid) {
        test(c)(c.name, () => {
          if (c.skipReason !== undefined) {
            const params = parseParams(check, c.params);
            expect(check.skipReason?.(contextFor(c), params) ?? null).toBe(c.skipReason);
            return;
          }
          const params = parseParams(check, c.params);
          const ctx = contextFor(c);
          expect(check.skipReason?.(ctx, params) ?? null).toBeNull();
          expect(check.run(ctx, params)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        test(c)(c.name, () => {
          const params = parseParams(check, c.params);
          const ctx = contextFor(c);
          expect(check.skipReason?.(ctx, params) ?? null).toBeNull();
          const got = check.run(ctx, params);
          expect(project(got, c.findings)).toEqual(c.findings);
        });
      }
    });
    if (cases.badParams?.length) {
      describe('bad params', () => {
        for (const c of cases.badParams ?? []) {
          it(c.name, () => {
            expect(check.params.safeParse(c.params).success).toBe(false);
          });
        }
      });
    }
  });
}
