import type { Command } from 'commander';
import { audit } from '../engine/audit.js';
import type { AuditResult } from '../engine/result.js';
import { formatCheckJson } from '../report/json.js';
import { formatCheckTable } from '../report/table.js';
import { useColor, type CommandContext } from './io.js';
import { addAuditOptions, formatOption, parseCount } from './options.js';
import { writeReport } from './output.js';

interface CheckOptions {
  config?: string;
  rules?: string;
  lot?: string;
  asOf?: string;
  format: string;
  output?: string;
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  delimiter?: string;
  color?: boolean;
  quiet?: boolean;
  explain?: boolean;
  maxWarnings?: number;
}

type CheckFormatter = (r: AuditResult, o: CheckOptions, color: boolean) => string;

/** Formatters keyed by name: the same map gives commander its choices. */
export const CHECK_FORMATS = {
  table: (r, o, color) => formatCheckTable(r, { color, explain: o.explain, quiet: o.quiet }),
  json: (r) => formatCheckJson(r),
} satisfies Record<string, CheckFormatter>;

/** 0: no error and warnings ≤ --max-warnings; 1 otherwise. */
export function checkExitCode(result: AuditResult, maxWarnings: number | undefined): number {
  if (result.summary.error > 0) return 1;
  if (maxWarnings !== undefined && result.summary.warning > maxWarnings) return 1;
  return 0;
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
    .action(async (inputs: string[], opts: CheckOptions) => {
      const result = await audit({
        inputs,
        cwd: io.cwd,
        config: opts.config,
        rules: opts.rules,
        lot: opts.lot,
        asOf: opts.asOf,
        encoding: opts.encoding,
        delimiter: opts.delimiter,
      });
      const color = !opts.output && useColor(io, opts.color);
      const text = CHECK_FORMATS[opts.format as keyof typeof CHECK_FORMATS](result, opts, color);
      await writeReport(text, opts.output, inputs, io.stdout);
      setCode(checkExitCode(result, opts.maxWarnings));
    });
}
