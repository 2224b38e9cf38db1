import type { Command } from 'commander';
import { planDue } from '../due/compute.js';
import { resultHeader } from '../engine/audit.js';
import { prepareFromCli, type ReportCliOptions } from './prepare.js';
import { formatDueJson, formatDueTable, type DueReport } from '../report/due.js';
import { useColor, type CommandContext } from './io.js';
import { addAuditOptions, formatOption, parseCount } from './options.js';
import { writeReport } from './output.js';

interface DueOptions extends ReportCliOptions {
  within: number;
}

type DueFormatter = (r: DueReport, color: boolean) => string;

/** Formatters keyed by name: the same map gives commander its choices. */
export const DUE_FORMATS = {
  table: (r, color) => formatDueTable(r, { color }),
  json: (r) => formatDueJson(r),
} satisfies Record<string, DueFormatter>;

export const DEFAULT_WITHIN = 30;

export function registerDue(program: Command, { io, setCode }: CommandContext): void {
  const cmd = program
    .command('due')
    .description('échéancier par référent : premiers entretiens, bilans, revues, justificatifs, entretiens du mois, pertes de contact')
    .argument('<entrées...>', 'fichiers (.csv, .txt, .xlsx, .xls) ou dossiers');
  addAuditOptions(cmd)
    .addOption(formatOption(Object.keys(DUE_FORMATS)))
    .option('--within <jours>', 'nombre de jours couverts après la date de situation', parseCount, DEFAULT_WITHIN)
    .action(async (inputs: string[], opts: DueOptions) => {
      const p = await prepareFromCli(io, inputs, opts);
      const { items, rules } = planDue(p.ctx, p.ruleset, { within: opts.within });
      const report: DueReport = { ...resultHeader(p), within: opts.within, rules, items };
      const color = !opts.output && useColor(io, opts.color);
      const text = DUE_FORMATS[opts.format as keyof typeof DUE_FORMATS](report, color);
      await writeReport(text, opts.output, inputs, io.stdout);
      // An échéancier lists work to come, not violations: it never fails a CI run.
      setCode(0);
    });
}
