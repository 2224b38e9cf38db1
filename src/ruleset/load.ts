/**
 * Rule set files: the bundled rules/*.yaml, or a custom file that may `extends` one of them.
 * Loading merges the `extends` chain, then validates every rule's params for every lot.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checks } from '../checks/index.js';
import { ConfigError } from '../config/errors.js';
import { PARSE_OPTIONS, describeValue, flattenIssues, issueLine, parseYaml, zodErrorLines } from '../config/issues.js';
import { displayPath } from '../config/load.js';
import { isPlainObject } from './merge.js';
import { cachedParse } from './parsed-cache.js';
import { removeRuleSchema, ruleSchema, rulesetFileStructureSchema } from './schema.js';
import type { CheckRegistry, RuleDef, RulesetFile, RulesetLot, RulesetSummary } from './types.js';
import { validateRuleset } from './validate.js';

export interface LoadRulesetOptions {
  /** Base of a relative custom path (default: process.cwd()). */
  cwd?: string;
  /** Folder of the bundled rule sets (default: the package's rules/). */
  rulesDir?: string;
  /** Check kinds used to validate params (default: the real registry). */
  registry?: CheckRegistry;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

let bundledDir: string | null = null;

/**
 * The package's rules/ folder: `../../rules` from this module, both from src/ruleset (tsx, vitest)
 * and from dist/ruleset (built); otherwise the nearest ancestor holding package.json and rules/.
 */
export function bundledRulesDir(): string {
  if (bundledDir) return bundledDir;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const direct = path.resolve(here, '../../rules');
  if (isDir(direct)) return (bundledDir = direct);
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && isDir(path.join(dir, 'rules'))) {
      return (bundledDir = path.join(dir, 'rules'));
    }
    if (path.dirname(dir) === dir) break;
  }
  return (bundledDir = direct);
}

const RULE_EXT = /\.ya?ml$/i;

function availableIds(rulesDir: string): string[] {
  if (!isDir(rulesDir)) return [];
  const ids = readdirSync(rulesDir)
    .filter((f) => RULE_EXT.test(f))
    .map((f) => f.replace(RULE_EXT, ''));
  return [...new Set(ids)].sort();
}

function looksLikePath(ref: string): boolean {
  return /[\\/]/.test(ref) || RULE_EXT.test(ref);
}

interface Ctx {
  rulesDir: string;
  cwd: string;
}

function nameOf(abs: string, ctx: Ctx): string {
  if (path.dirname(abs) === ctx.rulesDir) return `${path.basename(ctx.rulesDir)}/${path.basename(abs)}`;
  return displayPath(abs, ctx.cwd);
}

/** Finds a rule set: a bundled id, or a path relative to `baseDir`. `from` prefixes errors. */
function locate(ref: string, baseDir: string, ctx: Ctx, from: string | null): string {
  const prefix = from ? `${from} › extends : ` : '';
  const cap = (t: string) => (from ? t : t.charAt(0).toUpperCase() + t.slice(1));
  if (looksLikePath(ref)) {
    const abs = path.resolve(baseDir, ref);
    if (existsSync(abs) && statSync(abs).isFile()) return abs;
    throw new ConfigError(`${prefix}${cap('fichier')} de règles introuvable : ${ref}`, from ?? ref);
  }
  for (const ext of ['.yaml', '.yml']) {
    const abs = path.join(ctx.rulesDir, ref + ext);
    if (existsSync(abs)) return abs;
  }
  const ids = availableIds(ctx.rulesDir);
  throw new ConfigError(
    `${prefix}${cap('jeu')} de règles ${describeValue(ref)} inconnu ; jeux disponibles : ${ids.length ? ids.join(', ') : 'aucun'}`,
    from ?? ref,
  );
}

interface ParsedFile {
  id: string | undefined;
  title: string | undefined;
  cahier: string | undefined;
  period: { start: string; end: string } | undefined;
  extends: string | null;
  lots: Record<string, RulesetLot> | null | undefined;
  kpiSnapshots: string[] | undefined;
  entries: ({ remove: true; id: string } | (Omit<RuleDef, 'source' | 'file'> & { source: Omit<RuleDef['source'], 'cahier'> & { cahier?: string } }))[];
}

function parseFile(abs: string, file: string, bundled: boolean): ParsedFile {
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file} : lecture impossible (${(e as NodeJS.ErrnoException).code ?? 'erreur'})`, file);
  }
  const clean = text.replace(/^\uFEFF/, '');
  const data = (bundled ? cachedParse(path.basename(abs), clean) : undefined) ?? parseYaml(clean, file);
  if (!isPlainObject(data)) {
    throw new ConfigError(`${file} : le fichier doit contenir des paires « clé: valeur » (id, title, rules…)`, file);
  }
  const r = rulesetFileStructureSchema.safeParse(data, PARSE_OPTIONS);
  const errors: string[] = r.success ? [] : zodErrorLines(file, r.error);
  const rawRules = Array.isArray(data.rules) ? data.rules : [];
  const entries: ParsedFile['entries'] = [];
  const firstIndex = new Map<string, number>();
  rawRules.forEach((raw, i) => {
    const label = isPlainObject(raw) && typeof raw.id === 'string' && raw.id ? raw.id : `rules[${i}]`;
    const isRemove = isPlainObject(raw) && Object.hasOwn(raw, 'remove');
    const parsed = (isRemove ? removeRuleSchema : ruleSchema).safeParse(raw, PARSE_OPTIONS);
    if (!parsed.success) {
      errors.push(...flattenIssues(parsed.error.issues).map((iss) => issueLine(file, [label], iss)));
      return;
    }
    const v = parsed.data;
    const first = firstIndex.get(v.id);
    if (first !== undefined) {
      errors.push(`${file} › ${v.id} : identifiant en double (rules[${first}] et rules[${i}])`);
      return;
    }
    firstIndex.set(v.id, i);
    if ('remove' in v) {
      entries.push({ id: v.id, remove: true });
      return;
    }
    entries.push({
      id: v.id,
      kind: v.kind,
      severity: v.severity,
      lots: v.lots ?? null,
      params: v.params ?? {},
      lotParams: v.lotParams ?? {},
      source: v.source,
      fidelity: v.fidelity,
      interpretation: v.interpretation ?? null,
    });
  });
  if (errors.length || !r.success) throw new ConfigError(errors, file);
  const f = r.data;
  return {
    id: f.id,
    title: f.title,
    cahier: f.cahier,
    period: f.period,
    extends: f.extends ?? null,
    lots:
      f.lots === undefined
        ? undefined
        : f.lots === null
          ? null
          : Object.fromEntries(
              Object.entries(f.lots).map(([k, l]) => [k, { title: l.title, etp: l.etp ?? null, period: l.period ?? null }]),
            ),
    kpiSnapshots: f.kpiSnapshots,
    entries,
  };
}

function loadChain(abs: string, ctx: Ctx, stack: string[]): RulesetFile {
  const file = nameOf(abs, ctx);
  if (stack.includes(abs)) {
    const names = [...stack.slice(stack.indexOf(abs)), abs].map((p) => nameOf(p, ctx));
    throw new ConfigError(`${file} : cycle dans « extends » : ${names.join(' → ')}`, file);
  }
  const bundled = path.dirname(abs) === ctx.rulesDir;
  const parsed = parseFile(abs, file, bundled);
  const fileId = path.basename(abs).replace(RULE_EXT, '');
  if (bundled && parsed.id !== undefined && parsed.id !== fileId) {
    throw new ConfigError(`${file} › id : ${describeValue(fileId)} attendu (le nom du fichier), reçu ${describeValue(parsed.id)}`, file);
  }

  let base: RulesetFile | null = null;
  if (parsed.extends) {
    base = loadChain(locate(parsed.extends, path.dirname(abs), ctx, file), ctx, [...stack, abs]);
  } else {
    const missing = (['title', 'cahier', 'period'] as const).filter((k) => parsed[k] === undefined);
    if (missing.length) {
      throw new ConfigError(
        missing.map((k) => `${file} › ${k} : champ requis (sauf quand le fichier étend un autre jeu de règles avec « extends »)`),
        file,
      );
    }
  }

  const cahier = (parsed.cahier ?? base?.cahier) as string;
  const rules: RuleDef[] = base ? [...base.rules] : [];
  const errors: string[] = [];
  for (const entry of parsed.entries) {
    const at = rules.findIndex((r) => r.id === entry.id);
    if ('remove' in entry) {
      if (!base) errors.push(`${file} › ${entry.id} : « remove » sans « extends » : aucune règle héritée à retirer`);
      else if (at < 0) errors.push(`${file} › ${entry.id} : aucune règle ${describeValue(entry.id)} à retirer dans « ${base.id} »`);
      else rules.splice(at, 1);
      continue;
    }
    const rule: RuleDef = { ...entry, source: { ...entry.source, cahier: entry.source.cahier ?? cahier }, file };
    // Same id as an inherited rule: replaced whole, keeping its place in the order.
    if (at >= 0) rules[at] = rule;
    else rules.push(rule);
  }
  if (errors.length) throw new ConfigError(errors, file);

  return {
    id: parsed.id ?? fileId,
    title: (parsed.title ?? base?.title) as string,
    cahier,
    period: (parsed.period ?? base?.period) as RulesetFile['period'],
    extends: parsed.extends,
    lots: parsed.lots !== undefined ? parsed.lots : (base?.lots ?? null),
    kpiSnapshots: parsed.kpiSnapshots ?? base?.kpiSnapshots ?? [],
    rules,
    path: abs,
    file,
    bundled,
  };
}

function contextOf(opts: LoadRulesetOptions): Ctx {
  return { rulesDir: path.resolve(opts.rulesDir ?? bundledRulesDir()), cwd: opts.cwd ?? process.cwd() };
}

/** Loads without validating params (structure, `extends`, `remove` only). */
export function readRuleset(idOrPath: string, opts: Omit<LoadRulesetOptions, 'registry'> = {}): RulesetFile {
  const ctx = contextOf(opts);
  return loadChain(locate(idOrPath, ctx.cwd, ctx, null), ctx, []);
}

/** Synchronous {@link loadRuleset}. */
export function loadRulesetSync(idOrPath: string, opts: LoadRulesetOptions = {}): RulesetFile {
  const file = readRuleset(idOrPath, opts);
  validateRuleset(file, opts.registry ?? checks);
  return file;
}

/**
 * A bundled id (`lunel-2019`) or a path to a custom YAML file (which may `extends` a bundled id).
 * Params of every rule are validated for every lot; errors name `file › rule › param`.
 */
export async function loadRuleset(idOrPath: string, opts: LoadRulesetOptions = {}): Promise<RulesetFile> {
  return loadRulesetSync(idOrPath, opts);
}

/** The bundled rule sets, sorted by id. */
export function listRulesets(opts: { rulesDir?: string } = {}): RulesetSummary[] {
  const ctx = contextOf(opts);
  return availableIds(ctx.rulesDir).map((id) => {
    const f = loadChain(locate(id, ctx.rulesDir, ctx, null), ctx, []);
    return {
      id: f.id,
      title: f.title,
      cahier: f.cahier,
      period: f.period,
      extends: f.extends,
      lots: Object.keys(f.lots ?? {}),
      lotDetails: Object.entries(f.lots ?? {}).map(([lot, l]) => ({ id: lot, title: l.title, etp: l.etp })),
      rules: f.rules.length,
      path: f.path,
    };
  });
}
