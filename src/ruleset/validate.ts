import type { z } from 'zod';
import { ConfigError } from '../config/errors.js';
import { PARSE_OPTIONS, describeValue, flattenIssues, formatPath, type LocatedIssue } from '../config/issues.js';
import { deepMerge, writtenIn } from './merge.js';
import type { CheckRegistry, RuleDef, RulesetFile } from './types.js';

export function kindList(registry: CheckRegistry): string {
  const kinds = Object.keys(registry).sort();
  return kinds.length ? kinds.join(', ') : 'aucun (registre vide)';
}

export function unknownKindLine(rule: RuleDef, registry: CheckRegistry): string {
  return `${rule.file} › ${rule.id} › kind : type de contrôle ${describeValue(rule.kind)} inconnu ; types connus : ${kindList(registry)}`;
}

/** A rule's params for a lot: `params` with `lotParams[lot]` deep-merged over it. */
export function paramsForLot(rule: RuleDef, lot: string | null): Record<string, unknown> {
  const over = lot !== null && Object.hasOwn(rule.lotParams, lot) ? rule.lotParams[lot] : undefined;
  return over ? deepMerge(rule.params, over) : rule.params;
}

export function parseParams(
  schema: z.ZodType,
  raw: unknown,
): { ok: true; value: unknown } | { ok: false; issues: LocatedIssue[] } {
  const r = schema.safeParse(raw, PARSE_OPTIONS);
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: flattenIssues(r.error.issues) };
}

/**
 * Lots referenced by the rules exist, kinds are known, and params parse for every lot a rule
 * applies to. All problems are reported together.
 */
export function validateRuleset(file: RulesetFile, registry: CheckRegistry): void {
  const errors: string[] = [];
  const lotIds = file.lots ? Object.keys(file.lots) : [];
  const lotNames = lotIds.length ? `lots : ${lotIds.join(', ')}` : 'ce jeu de règles n’a pas de lots';

  for (const rule of file.rules) {
    const head = `${rule.file} › ${rule.id}`;
    let lotsOk = true;
    (rule.lots ?? []).forEach((lot, i) => {
      if (!lotIds.includes(lot)) {
        lotsOk = false;
        errors.push(`${head} › lots[${i}] : lot ${describeValue(lot)} inconnu ; ${lotNames}`);
      }
    });
    for (const lot of Object.keys(rule.lotParams)) {
      if (!lotIds.includes(lot)) {
        lotsOk = false;
        errors.push(`${head} › ${formatPath(['lotParams', lot])} : lot ${describeValue(lot)} inconnu ; ${lotNames}`);
      }
    }
    const def = Object.hasOwn(registry, rule.kind) ? registry[rule.kind] : undefined;
    if (!def) {
      errors.push(unknownKindLine(rule, registry));
      continue;
    }
    if (!lotsOk) continue;

    const targets: (string | null)[] = file.lots ? (rule.lots ?? lotIds) : [null];
    // A params error that shows for some lots only (because of lotParams) names those lots.
    const byLine = new Map<string, string[]>();
    for (const lot of targets) {
      const r = parseParams(def.params, paramsForLot(rule, lot));
      if (r.ok) continue;
      for (const iss of r.issues) {
        const fromLot = lot !== null && Object.hasOwn(rule.lotParams, lot) && writtenIn(rule.lotParams[lot], iss);
        const where = formatPath([...(fromLot ? ['lotParams', lot as string] : ['params']), ...iss.path]);
        const line = `${head} › ${where} : ${iss.message}`;
        const lots = byLine.get(line) ?? [];
        if (lot !== null && !fromLot) lots.push(lot);
        byLine.set(line, lots);
      }
    }
    for (const [line, lots] of byLine) {
      errors.push(lots.length > 0 && lots.length < targets.length ? `${line} (${lots.length > 1 ? 'lots' : 'lot'} ${lots.join(', ')})` : line);
    }
  }
  if (errors.length) throw new ConfigError(errors, file.file);
}
