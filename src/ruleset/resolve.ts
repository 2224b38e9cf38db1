import { checks } from '../checks/index.js';
import { ConfigError } from '../config/errors.js';
import { describeValue, formatPath } from '../config/issues.js';
import type { Config, Period } from '../config/schema.js';
import { deepMerge, writtenIn } from './merge.js';
import type { CheckRegistry, ResolvedRule, ResolvedRuleset, RulesetFile } from './types.js';
import { paramsForLot, parseParams, unknownKindLine } from './validate.js';

export interface ResolveOptions {
  lot?: string | null;
  /** `rules:` of plie-audit.yaml. */
  overrides?: Config['rules'];
  /** Overrides the lot's and the rule set's period. */
  period?: Period | null;
  /** The config file as named in messages (default plie-audit.yaml). */
  configFile?: string;
  /** Check kinds (default: the real registry). */
  registry?: CheckRegistry;
}

function lotChoices(file: RulesetFile): string {
  return Object.entries(file.lots ?? {})
    .map(([id, l]) => `${id} (${l.title})`)
    .join(', ');
}

/**
 * The rules that apply to one lot, with severities and params after the config overrides.
 * Rules of other lots are left out; rules turned `off` stay, with severity 'off'.
 */
export function resolveRuleset(file: RulesetFile, opts: ResolveOptions = {}): ResolvedRuleset {
  const registry = opts.registry ?? checks;
  const configFile = opts.configFile ?? 'plie-audit.yaml';
  const lot = opts.lot ?? null;
  const hasLots = file.lots !== null && Object.keys(file.lots).length > 0;

  if (hasLots && lot === null) {
    throw new ConfigError(
      `Le jeu de règles « ${file.id} » est découpé en lots : choisissez-en un avec --lot ou « lot: » dans ${configFile} (lots : ${lotChoices(file)})`,
      configFile,
    );
  }
  if (lot !== null && !hasLots) {
    throw new ConfigError(
      `Le jeu de règles « ${file.id} » n’a pas de lots : retirez --lot ou « lot: » (reçu ${describeValue(lot)})`,
      configFile,
    );
  }
  const lotDef = lot !== null && file.lots && Object.hasOwn(file.lots, lot) ? file.lots[lot] : undefined;
  if (lot !== null && !lotDef) {
    throw new ConfigError(
      `Lot ${describeValue(lot)} inconnu dans le jeu de règles « ${file.id} » ; lots : ${lotChoices(file)}`,
      configFile,
    );
  }

  const overrides = opts.overrides ?? {};
  const errors: string[] = [];
  const known = new Set(file.rules.map((r) => r.id));
  for (const id of Object.keys(overrides)) {
    if (!known.has(id)) {
      errors.push(
        `${configFile} › ${formatPath(['rules', id])} : règle ${describeValue(id)} inconnue dans le jeu de règles « ${file.id} » ; règles : ${[...known].join(', ')}`,
      );
    }
  }

  const rules: ResolvedRule[] = [];
  for (const rule of file.rules) {
    if (lot !== null && rule.lots !== null && !rule.lots.includes(lot)) continue;
    const def = Object.hasOwn(registry, rule.kind) ? registry[rule.kind] : undefined;
    if (!def) {
      errors.push(unknownKindLine(rule, registry));
      continue;
    }
    const ov = Object.hasOwn(overrides, rule.id) ? overrides[rule.id] : undefined;
    const severity = typeof ov === 'string' ? ov : (ov?.severity ?? rule.severity);
    const overParams = typeof ov === 'object' && ov.params ? ov.params : null;
    let raw = paramsForLot(rule, lot);
    if (overParams) raw = deepMerge(raw, overParams);
    const parsed = parseParams(def.params, raw);
    if (!parsed.ok) {
      for (const iss of parsed.issues) {
        // A whole-params problem (a refinement at the root) is blamed on the override when there is one.
        const fromConfig = overParams !== null && (iss.path.length === 0 && !iss.keys ? true : writtenIn(overParams, iss));
        const fromLot = !fromConfig && lot !== null && Object.hasOwn(rule.lotParams, lot) && writtenIn(rule.lotParams[lot], iss);
        const where = formatPath([...(fromLot ? ['lotParams', lot as string] : ['params']), ...iss.path]);
        errors.push(`${fromConfig ? configFile : rule.file} › ${rule.id} › ${where} : ${iss.message}`);
      }
      continue;
    }
    rules.push({
      id: rule.id,
      kind: rule.kind,
      severity,
      params: parsed.value,
      source: { ...rule.source },
      fidelity: rule.fidelity,
      interpretation: rule.interpretation,
      lots: rule.lots ? [...rule.lots] : null,
    });
  }
  if (errors.length) throw new ConfigError(errors, configFile);

  return {
    id: file.id,
    title: file.title,
    cahier: file.cahier,
    lot,
    lotTitle: lotDef?.title ?? null,
    etp: lotDef?.etp ?? null,
    period: opts.period ?? lotDef?.period ?? file.period,
    kpiSnapshots: [...file.kpiSnapshots],
    rules,
  };
}
