import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import { configBesideInputs, inputsFrom } from '../engine/prepare.js';
import { openInputs } from '../load/index.js';
import { readDatasets } from '../model/read.js';
import { formatInspectTable, inspectJson } from '../report/inspect.js';
import { useColor, type CommandContext } from './io.js';
import { addReadOptions, formatOption } from './options.js';
import { writeReport } from './output.js';

export function registerInspect(program: Command, { io }: CommandContext): void {
  const cmd = program
    .command('inspect')
    .description('montrer comment chaque fichier ou feuille a été compris (format, en-tête, colonnes, valeurs)')
    .argument('<entrées...>', 'fichiers (.csv, .txt, .xlsx, .xls) ou dossiers');
  addReadOptions(cmd)
    .addOption(formatOption(['table', 'json']))
    .option('-o, --output <fichier>', 'écrire le résultat dans un fichier')
    .option('--no-color', 'sans couleur')
    .action(async (inputs: string[], opts) => {
      const { config } = await loadConfig({
        path: opts.config ?? (await configBesideInputs(io.cwd, inputs)),
        cwd: io.cwd,
      });
      const sources = await openInputs(inputsFrom(io.cwd, inputs), {
        encoding: opts.encoding ?? config.encoding,
        delimiter: opts.delimiter ?? config.delimiter,
      });
      const data = await readDatasets(sources, { columns: config.columns, values: config.values });
      const text =
        opts.format === 'json'
          ? `${JSON.stringify(inspectJson(data), null, 2)}\n`
          : formatInspectTable(data, !opts.output && useColor(io, opts.color));
      await writeReport(text, opts.output, inputs, io.stdout);
    });
}
