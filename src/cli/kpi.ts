/** `plie-audit kpi`: its options and formats; the computation is in kpi-run.ts, loaded when it runs. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { KPI_SPLITS, type KpiResult, type KpiSplit } from '../kpi/types.js';
import { refuseBinaryOnTerminal } from './check.js';
import type { CommandContext } from './io.js';
import { addAuditOptions, formatOption } from './options.js';
import type { ReportContent } from './output.js';
import type { ReportCliOptions } from './prepare.js';

export interface KpiCliOptions extends ReportCliOptions {
  by?: KpiSplit;
  minCell?: number;
}

type KpiFormatter = (r: KpiResult, o: KpiCliOptions, color: boolean) => ReportContent | Promise<ReportContent>;

/** Formatters keyed by name: the same map gives commander its choices. */
export const KPI_FORMATS = {
  table: async (r, o, color) => (await import('../report/kpi.js')).formatKpiTable(r, { color, minCell: o.minCell }),
  json: async (r, o) => (await import('../report/kpi.js')).formatKpiJson(r, { minCell: o.minCell }),
  csv: async (r, o) => (await import('../report/csv.js')).formatKpiCsv(r, { minCell: o.minCell }),
  xlsx: async (r, o) => (await import('../report/xlsx.js')).formatKpiXlsx(r, { minCell: o.minCell }),
  html: async (r, o) => (await import('../report/html.js')).formatKpiHtml(r, { minCell: o.minCell }),
} satisfies Record<string, KpiFormatter>;

export function parseMinCell(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`« ${value} » : nombre entier ≥ 1 attendu (pratique INSEE : 3).`);
  }
  return n;
}

export function registerKpi(program: Command, context: CommandContext): void {
  const cmd = program
    .command('kpi')
    .description(
      'indicateurs quantitatifs du cahier des charges et objectifs, par mois / référent / lot, à la date --as-of (bilans intermédiaires : 31/05, 30/09)',
    )
    .argument('<entrées...>', 'fichiers (.csv, .txt, .xlsx, .xls) ou dossiers');
  addAuditOptions(cmd)
    .addOption(formatOption(Object.keys(KPI_FORMATS)))
    .addOption(new Option('--by <découpage>', 'détailler par mois, référent ou lot').choices(KPI_SPLITS as string[]))
    .option(
      '--min-cell <n>',
      'masquer les effectifs de la typologie inférieurs à n (secret statistique, pratique INSEE : 3) pour un rapport diffusé hors du PLIE',
      parseMinCell,
    )
    .action(async (inputs: string[], opts: KpiCliOptions) => {
      refuseBinaryOnTerminal(opts.format, opts.output, context.io);
      const { runKpi } = await import('./kpi-run.js');
      await runKpi(inputs, opts, context);
    });
}
