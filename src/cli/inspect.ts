/** `plie-audit inspect`: its options; the reading is in inspect-run.ts, loaded when it runs. */
import type { Command } from 'commander';
import type { Encoding } from '../load/types.js';
import type { CommandContext } from './io.js';
import { addReadOptions, formatOption } from './options.js';

export interface InspectOptions {
  config?: string;
  encoding?: Encoding;
  delimiter?: string;
  format: string;
  output?: string;
  color?: boolean;
}

export function registerInspect(program: Command, context: CommandContext): void {
  const cmd = program
    .command('inspect')
    .description('montrer comment chaque fichier ou feuille a été compris (format, en-tête, colonnes, valeurs)')
    .argument('<entrées...>', 'fichiers (.csv, .txt, .xlsx, .xls) ou dossiers');
  addReadOptions(cmd)
    .addOption(formatOption(['table', 'json']))
    .option('-o, --output <fichier>', 'écrire le résultat dans un fichier')
    .option('--no-color', 'sans couleur')
    .action(async (inputs: string[], opts: InspectOptions) => {
      const { runInspect } = await import('./inspect-run.js');
      await runInspect(inputs, opts, context);
    });
}
