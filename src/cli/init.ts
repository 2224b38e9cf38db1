/** `plie-audit init`: its options; the file is written by init-run.ts, loaded when it runs. */
import type { Command } from 'commander';
import type { CommandContext } from './io.js';

export interface InitOptions {
  rules: string;
  lot?: string;
  output: string;
  force?: boolean;
}

export function registerInit(program: Command, context: CommandContext): void {
  program
    .command('init')
    .description('écrire un plie-audit.yaml commenté pour un jeu de règles et un lot')
    .requiredOption('-r, --rules <id>', 'jeu de règles (voir plie-audit rules)')
    .option('-l, --lot <lot>', 'lot (ou fiche)')
    .option('-o, --output <fichier>', 'fichier à écrire', 'plie-audit.yaml')
    .option('--force', 'remplacer un fichier existant')
    .action(async (opts: InitOptions) => {
      const { runInit } = await import('./init-run.js');
      await runInit(opts, context);
    });
}
