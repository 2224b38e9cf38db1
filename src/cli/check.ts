import type { Command } from 'commander';
import { auditPrepared } from '../engine/audit.js';
import { applyBaseline, readBaseline } from '../engine/baseline.js';
import { UsageError } from '../engine/errors.js';
import { makePseudonymizer, participantIdentifiers, PSEUDONYM_KEY_ENV, pseudonymizeResult } from '../engine/pseudonymize.js';
import type { AuditResult } from '../engine/result.js';
import { kpiResult } from '../kpi/index.js';
import type { KpiResult } from '../kpi/types.js';
import { formatCheckCsv } from '../report/csv.js';
import { formatCheckHtml } from '../report/html.js';
import { formatCheckJson } from '../report/json.js';
import { formatCheckJunit } from '../report/junit.js';
import { baselineNote, formatCheckTable, pseudonymNote } from '../report/table.js';
import { formatCheckXlsx } from '../report/xlsx.js';
import { useColor, type CommandContext, type Io } from './io.js';
import { addAuditOptions, formatOption, parseCount } from './options.js';
import { writeReport } from './output.js';
import { prepareFromCli, type ReportCliOptions } from './prepare.js';
import { createProgress } from './progress.js';

interface CheckOptions extends ReportCliOptions {
  explain?: boolean;
  maxWarnings?: number;
  baseline?: string;
  pseudonymize?: boolean;
}

export interface CheckFormatContext {
  opts: CheckOptions;
  color: boolean;
  /** The KPI of the same prepared data, computed only by the formats that show them. */
  kpis: () => KpiResult | null;
}

export type CheckFormatter = (r: AuditResult, c: CheckFormatContext) => string | Uint8Array | Promise<string | Uint8Array>;

/** Formatters keyed by name: the same map gives commander its choices. */
export const CHECK_FORMATS = {
  table: (r, c) => formatCheckTable(r, { color: c.color, explain: c.opts.explain, quiet: c.opts.quiet }),
  json: (r) => formatCheckJson(r),
  csv: (r) => formatCheckCsv(r),
  xlsx: (r, c) => formatCheckXlsx(r, c.kpis()),
  html: (r, c) => formatCheckHtml(r, c.kpis()),
  junit: (r) => formatCheckJunit(r),
} satisfies Record<string, CheckFormatter>;

export type CheckFormat = keyof typeof CHECK_FORMATS;

/**
 * Formats that do not say themselves that a baseline or pseudonyms were applied: stderr says it
 * (csv has no place for it; the html report does not show it yet).
 */
const MUTE_FORMATS: ReadonlySet<string> = new Set<CheckFormat>(['csv', 'html']);
/** Binary formats: never dumped on a terminal. */
const BINARY_FORMATS: ReadonlySet<string> = new Set<CheckFormat>(['xlsx']);

/** 0: no error and warnings ≤ --max-warnings; 1 otherwise. */
export function checkExitCode(result: AuditResult, maxWarnings: number | undefined): number {
  if (result.summary.error > 0) return 1;
  if (maxWarnings !== undefined && result.summary.warning > maxWarnings) return 1;
  return 0;
}

/** Baseline and pseudonyms, in the order that lets a pseudonymised report serve as baseline. */
async function postProcess(
  result: AuditResult,
  opts: CheckOptions,
  io: Io,
  identifiers: () => ReadonlySet<string>,
): Promise<AuditResult> {
  const baseline = opts.baseline ? await readBaseline(opts.baseline, io.cwd) : null;
  const pseudo = opts.pseudonymize ? makePseudonymizer(io.env) : null;
  if (baseline?.pseudonymized && pseudo?.source !== 'PLIE_AUDIT_KEY') {
    throw new UsageError(
      `la référence « ${baseline.path} » est pseudonymisée : relancez avec --pseudonymize et la même clé dans la variable ${PSEUDONYM_KEY_ENV} pour comparer les participants.`,
    );
  }
  let out = result;
  if (baseline && !baseline.pseudonymized) out = applyBaseline(out, baseline);
  if (pseudo) out = pseudonymizeResult(out, pseudo, identifiers());
  if (baseline?.pseudonymized) out = applyBaseline(out, baseline);
  return out;
}

export function registerCheck(program: Command, { io, setCode }: CommandContext): void {
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
      `remplacer numéros et noms des participants par un pseudonyme (clé : variable ${PSEUDONYM_KEY_ENV}, sinon aléatoire)`,
    )
    .action(async (inputs: string[], opts: CheckOptions) => {
      refuseBinaryOnTerminal(opts.format, opts.output, io);
      const progress = createProgress(io);
      try {
        const prepared = await prepareFromCli(io, inputs, opts, progress);
        progress?.phase('Application des règles');
        const result = await postProcess(auditPrepared(prepared), opts, io, () => participantIdentifiers(prepared.data));
        const color = !opts.output && useColor(io, opts.color);
        const content = await CHECK_FORMATS[opts.format as CheckFormat](result, {
          opts,
          color,
          kpis: () => kpiResult(prepared),
        });
        progress?.done();
        await writeReport(content, opts.output, inputs, io.stdout);
        if (MUTE_FORMATS.has(opts.format)) {
          for (const note of [pseudonymNote(result), baselineNote(result)]) if (note) io.stderr.write(`${note}\n`);
        }
        setCode(checkExitCode(result, opts.maxWarnings));
      } finally {
        progress?.done();
      }
    });
}

/** A workbook written on a terminal is noise: ask for -o (a pipe or a redirection is fine). */
export function refuseBinaryOnTerminal(format: string, output: string | undefined, io: Pick<Io, 'stdout'>): void {
  if (BINARY_FORMATS.has(format) && (!output || output === '-') && io.stdout.isTTY) {
    throw new UsageError(`le format ${format} est binaire : indiquez un fichier avec -o (par exemple -o rapport.${format}).`);
  }
}
