/**
 * load → model → context: the common first half of `check`, `kpi` and `due`.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AuditConfig, CheckContext } from '../checks/types.js';
import type { Config } from '../config/index.js';
import { openInputs } from '../load/index.js';
import type { Encoding, TableSource } from '../load/types.js';
import { readDatasets } from '../model/read.js';
import { buildTimelines } from '../model/timeline.js';
import type { Datasets, ISODate } from '../model/types.js';
import type { ResolvedRuleset } from '../ruleset/index.js';
import { UsageError } from './errors.js';
import { restrictToLot, type LotFilter } from './lot.js';

export interface PrepareOptions {
  inputs: string[];
  cwd: string;
  config?: string;
  rules?: string;
  lot?: string;
  asOf?: ISODate;
  encoding?: Encoding;
  delimiter?: string;
  /** Injected for reproducible tests; defaults to the real calendar day. */
  today?: ISODate;
  /**
   * Rows read so far over all inputs, called every PROGRESS_EVERY rows and at the end of each
   * table (a progress display: the loader streams, nothing else knows the count before the end).
   */
  onProgress?: (rows: number, file: string) => void;
  /** Called once every input is read, before the timelines are built (the reading's garbage is then at its largest). */
  onRead?: (data: Datasets) => void;
}

export { PROGRESS_EVERY } from '../model/read.js';

export interface Prepared {
  config: Config;
  configPath: string | null;
  ruleset: ResolvedRuleset;
  data: Datasets;
  ctx: CheckContext;
  /** How the affectations' lot column narrowed the audit (null: the rule set has no lots). */
  lotFilter: LotFilter | null;
}

export function todayISO(): ISODate {
  const d = new Date();
  const m = d.getMonth() + 1;
  const day = d.getDate();
  return `${d.getFullYear()}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

export async function prepare(opts: PrepareOptions): Promise<Prepared> {
  const configFile = opts.config ?? (await configBesideInputs(opts.cwd, opts.inputs));
  const inputs = inputsFrom(opts.cwd, opts.inputs);
  // The inputs are sniffed, and the first two start on their reading threads, while the
  // configuration and the rule set load (a network's config is ~0.25 s of YAML): with the command
  // line's encoding and delimiter, kept unless the configuration sets others. Errors keep their
  // order: a configuration error is reported before an input error.
  const started: TableSource[] = [];
  const early = openInputs(inputs, { encoding: opts.encoding, delimiter: opts.delimiter }, (s, i) => {
    if (i >= 2) return;
    s.prefetch?.();
    started.push(s);
  });
  early.catch(() => undefined);
  // Also when a later input fails to open: the first ones are already reading.
  const abandonEarly = async (): Promise<void> => {
    await early.catch(() => undefined);
    for (const s of started) s.abandon?.();
  };
  try {
    return await prepareWith(opts, configFile, inputs, early, abandonEarly);
  } catch (err) {
    await abandonEarly();
    throw err;
  }
}

async function prepareWith(
  opts: PrepareOptions,
  configFile: string | undefined,
  inputs: string[],
  early: Promise<TableSource[]>,
  abandonEarly: () => Promise<void>,
): Promise<Prepared> {
  // Loaded here, not with this module: their schemas take ~0.2 s to build, time in which the
  // inputs are already being sniffed and read (see prepare).
  const [{ loadConfig }, { loadRuleset, resolveRuleset }] = await Promise.all([
    import('../config/index.js'),
    import('../ruleset/index.js'),
  ]);
  const { config, path: configPath } = await loadConfig({ path: configFile, cwd: opts.cwd });
  const rulesetId = opts.rules ?? config.ruleset;
  // A custom rules file named in the config is relative to the config file, on the command line to cwd.
  const rulesCwd = !opts.rules && configPath ? path.dirname(configPath) : opts.cwd;
  if (!rulesetId) {
    throw new UsageError(
      'aucun jeu de règles choisi : passez --rules <id> (voir `plie-audit rules`) ou écrivez `ruleset:` dans plie-audit.yaml (`plie-audit init`).',
    );
  }
  const file = await loadRuleset(rulesetId, { cwd: rulesCwd });
  const { [DATA_QUALITY_OVERRIDE]: _dq, ...overrides } = config.rules ?? {};
  // The config's lot belongs to the config's rule set: when --rules picks another one, it only
  // applies if that rule set has a lot of the same name.
  const configLot = config.lot && Object.hasOwn(file.lots ?? {}, config.lot) ? config.lot : null;
  const ruleset = resolveRuleset(file, {
    lot: opts.lot ?? configLot,
    overrides,
    period: config.period ?? undefined,
  });

  const encoding = opts.encoding ?? (config.encoding as Encoding | undefined);
  const delimiter = opts.delimiter ?? config.delimiter ?? undefined;
  let sources: TableSource[];
  if (encoding === opts.encoding && delimiter === opts.delimiter) {
    sources = await early;
  } else {
    await abandonEarly();
    sources = await openInputs(inputs, { encoding, delimiter });
  }
  const data = await readDatasets(
    sources,
    { columns: config.columns, values: config.values },
    opts.onProgress ? { onProgress: opts.onProgress } : {},
  );
  opts.onRead?.(data);
  const lotFilter = ruleset.lot ? restrictToLot(data, ruleset.lot, Object.keys(file.lots ?? {})) : null;
  const { timelines, issues } = buildTimelines(data);
  for (const issue of issues) data.issues.push(issue);

  const asOf = opts.asOf ?? minISO(ruleset.period.end, opts.today ?? todayISO());
  const auditConfig: AuditConfig = {
    referents: (config.referents ?? []).filter((r) => !ruleset.lot || !r.lot || r.lot === ruleset.lot),
    commissions: config.commissions ?? [],
    communes: config.communes ?? [],
  };
  const ctx: CheckContext = {
    data,
    timelines,
    period: ruleset.period,
    asOf,
    config: auditConfig,
    lot: ruleset.lot,
  };
  return { config, configPath, ruleset, data, ctx, lotFilter };
}

const CONFIG_NAMES = ['plie-audit.yaml', 'plie-audit.yml'];

/**
 * Without --config, the working directory's plie-audit.yaml wins; failing that, the one inside
 * the input folder, so that `plie-audit check exports/` audits a folder that carries its own
 * configuration (as fixtures/demo does).
 */
export async function configBesideInputs(cwd: string, inputs: readonly string[]): Promise<string | undefined> {
  for (const dir of [cwd, ...inputs.map((i) => path.resolve(cwd, i))]) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      try {
        if ((await stat(candidate)).isFile()) return candidate;
      } catch {
        // not there: try the next place
      }
    }
  }
  return undefined;
}

/**
 * Inputs are relative to the command's working directory; the loader opens them relative to the
 * process's. Both are the same in a shell; an embedding (or a test) may set another cwd.
 */
export function inputsFrom(cwd: string, inputs: readonly string[]): string[] {
  if (path.resolve(cwd) === process.cwd()) return [...inputs];
  return inputs.map((i) => (path.isAbsolute(i) ? i : path.resolve(cwd, i)));
}

/** The data-quality rule is built in, not in the YAML files: its config override is read here. */
export const DATA_QUALITY_OVERRIDE = 'donnees-invalides';

function minISO(a: ISODate, b: ISODate): ISODate {
  return a < b ? a : b;
}
