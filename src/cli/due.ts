/** `plie-audit due`: its options and formats; the échéancier is computed in due-run.ts, loaded when it runs. */
import type { Command } from 'commander';
import type { DueReport } from '../report/due.js';
import type { CommandContext } from './io.js';
import { addAuditOptions, formatOption, parseCount } from './options.js';
import type { ReportCliOptions } from './prepare.js';

export interface DueOptions extends ReportCliOptions {
  within: number;
}

type DueFormatter = (r: DueReport, color: boolean) => Promise<string>;

/** Formatters keyed by name: the same map gives commander its choices. */
export const DUE_FORMATS = {
  table: async (r, color) => (await import('../report/due.js')).formatDueTable(r, { color }),
  json: async (r) => (await import('../report/due.js')).formatDueJson(r),
} satisfies Record<string, DueFormatter>;

export const DEFAULT_WITHIN = 30;

export function registerDue(program: Command, context: CommandContext): void {
  const cmd = program
    .command('due')
    .description('échéancier par référent : premiers entretiens, bilans, revues, justificatifs, entretiens du mois, pertes de contact')
    .argument('<entrées...>', 'fichiers (.csv, .txt, .xlsx, .xls) ou dossiers');
  addAuditOptions(cmd)
    .addOption(formatOption(Object.keys(DUE_FORMATS)))
    .option('--within <jours>', 'nombre de jours couverts après la date de situation', parseCount, DEFAULT_WITHIN)
    .action(async (inputs: string[], opts: DueOptions) => {
      const { runDue } = await import('./due-run.js');
      await runDue(inputs, opts, context);
    });
}
