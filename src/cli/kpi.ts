import { InvalidArgumentError, Option, type Command } from 'commander';
import { kpiResult } from '../kpi/index.js';
import { KPI_SPLITS, type KpiResult, type KpiSplit } from '../kpi/types.js';
import { formatKpiCsv } from '../report/csv.js';
import { formatKpiHtml } from '../report/html.js';
import { formatKpiJson, formatKpiTable } from '../report/kpi.js';
import { formatKpiXlsx } from '../report/xlsx.js';
import { refuseBinaryOnTerminal } from './check.js';
import { useColor, type CommandContext } from './io.js';
import { addAuditOptions, formatOption } from './options.js';
import { writeReport } from './output.js';
import { prepareFromCli, type ReportCliOptions } from './prepare.js';
import { createProgress } from './progress.js';

interface KpiCliOptions extends ReportCliOptions {
  by?: KpiSplit;
  minCell?: number;
}

type KpiFormatter = (r: KpiResult, o: KpiCliOptions, color: boolean) => string | Uint8Array | Promise<string | Uint8Array>;

/** Formatters keyed by name: the same map gives commander its choices. */
export const KPI_FORMATS = {
  table: (r, o, color) => formatKpiTable(r, { color, minCell: o.minCell }),
  json: (r, o) => formatKpiJson(r, { minCell: o.minCell }),
  csv: (r, o) => formatKpiCsv(r, { minCell: o.minCell }),
  xlsx: (r, o) => formatKpiXlsx(r, { minCell: o.minCell }),
  html: (r, o) => formatKpiHtml(r, { minCell: o.minCell }),
} satisfies Record<string, KpiFormatter>;

export function parseMinCell(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`« ${value} » : nombre entier ≥ 1 attendu (pratique INSEE : 3).`);
  }
  return n;
}

export function registerKpi(program: Command, { io, setCode }: CommandContext): void {
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
      refuseBinaryOnTerminal(opts.format, opts.output, io);
      const progress = createProgress(io);
      try {
        const prepared = await prepareFromCli(io, inputs, opts, progress);
        progress?.phase('Calcul des indicateurs');
        const result = kpiResult(prepared, { by: opts.by });
        const color = !opts.output && useColor(io, opts.color);
        const content = await KPI_FORMATS[opts.format as keyof typeof KPI_FORMATS](result, opts, color);
        progress?.done();
        await writeReport(content, opts.output, inputs, io.stdout);
        setCode(0);
      } finally {
        progress?.done();
      }
    });
}
