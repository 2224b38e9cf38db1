/**
 * `plie-audit check`: its options and formats. Only commander is loaded to declare them (help,
 * --version and the other commands stay quick); the audit itself is in check-run.ts, loaded when
 * the command runs, and each format loads its own reporter.
 */
import type { Command } from 'commander';
import type { AuditResult } from '../engine/result.js';
import { UsageError } from '../engine/errors.js';
import type { KpiResult } from '../kpi/types.js';
import type { CommandContext, Io } from './io.js';
import { addAuditOptions, formatOption, parseCount } from './options.js';
import type { ReportContent } from './output.js';
import type { ReportCliOptions } from './prepare.js';

/**
 * The variable holding the pseudonymisation key (engine/pseudonymize.ts's PSEUDONYM_KEY_ENV,
 * which a test keeps equal): the help text needs it before the engine is loaded.
 */
export const PSEUDONYM_KEY_VARIABLE = 'PLIE_AUDIT_KEY';

export interface CheckOptions extends ReportCliOptions {
  explain?: boolean;
  maxWarnings?: number;
  baseline?: string;
  pseudonymize?: boolean;
}

export interface CheckFormatContext {
  opts: CheckOptions;
  color: boolean;
  /** The KPI of the same prepared data, computed only by the formats that show them. */
  kpis: () => Promise<KpiResult | null>;
}

export type CheckFormatter = (r: AuditResult, c: CheckFormatContext) => ReportContent | Promise<ReportContent>;

/** Formatters keyed by name: the same map gives commander its choices. */
export const CHECK_FORMATS = {
  table: async (r, c) =>
    (await import('../report/table.js')).checkTableChunks(r, { color: c.color, explain: c.opts.explain, quiet: c.opts.quiet }),
  json: async (r) => (await import('../report/json.js')).checkJsonChunks(r),
  csv: async (r) => (await import('../report/csv.js')).checkCsvChunks(r),
  xlsx: async (r, c) => (await import('../report/xlsx.js')).formatCheckXlsx(r, await c.kpis()),
  html: async (r, c) => (await import('../report/html.js')).formatCheckHtml(r, await c.kpis()),
  junit: async (r) => (await import('../report/junit.js')).checkJunitChunks(r),
} satisfies Record<string, CheckFormatter>;

export type CheckFormat = keyof typeof CHECK_FORMATS;

/** Binary formats: never dumped on a terminal. */
const BINARY_FORMATS: ReadonlySet<string> = new Set<CheckFormat>(['xlsx']);

/** 0: no error and warnings ≤ --max-warnings; 1 otherwise. */
export function checkExitCode(result: AuditResult, maxWarnings: number | undefined): number {
  if (result.summary.error > 0) return 1;
  if (maxWarnings !== undefined && result.summary.warning > maxWarnings) return 1;
  return 0;
}

export function registerCheck(program: Command, context: CommandContext): void {
  const cmd = program
    .command('check')
    .description('vérifier les exports au regard du cahier des charges (code de sortie 0, 1 ou 2 pour la CI)')
    .argument('<entrées...>', 'fichiers (.csv, .txt, .xlsx, .xls) ou dossiers');
  addAuditOptions(cmd)
    .addOption(formatOption(Object.keys(CHECK_FORMATS)))
    .option('--max-warnings <n>', "code de sortie 1 au-delà de n avertissements", parseCount)
    .option('--explain', 'citer la clause du cahier et l’interprétation de chaque règle')
    .option(
      '--baseline <rapport.json>',
      'masquer (et compter) les violations déjà présentes dans un rapport JSON antérieur ; lister ses entrées résolues',
    )
    .option(
      '--pseudonymize',
      `remplacer numéros et noms des participants par un pseudonyme (clé : variable ${PSEUDONYM_KEY_VARIABLE}, sinon aléatoire)`,
    )
    .action(async (inputs: string[], opts: CheckOptions) => {
      refuseBinaryOnTerminal(opts.format, opts.output, context.io);
      const { runCheck } = await import('./check-run.js');
      await runCheck(inputs, opts, context);
    });
}

/** A workbook written on a terminal is noise: ask for -o (a pipe or a redirection is fine). */
export function refuseBinaryOnTerminal(format: string, output: string | undefined, io: Pick<Io, 'stdout'>): void {
  if (BINARY_FORMATS.has(format) && (!output || output === '-') && io.stdout.isTTY) {
    throw new UsageError(`le format ${format} est binaire : indiquez un fichier avec -o (par exemple -o rapport.${format}).`);
  }
}
