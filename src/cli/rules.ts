/** `plie-audit rules`: its arguments and options; the listing is in rules-run.ts, loaded when it runs. */
import type { Command } from 'commander';
import type { CommandContext } from './io.js';
import { formatOption } from './options.js';

export interface RulesOptions {
  lot?: string;
  format: string;
  color?: boolean;
}

export function registerRules(program: Command, context: CommandContext): void {
  program
    .command('rules')
    .description('lister les jeux de règles, leurs règles, paramètres, gravité et la clause citée')
    .argument('[jeu]', 'id du jeu de règles (ex. lunel-2019) ou fichier YAML')
    .argument('[règle]', "id d'une règle du jeu")
    .option('-l, --lot <lot>', 'lot (ou fiche) dont afficher les paramètres')
    .addOption(formatOption(['table', 'json']))
    .option('--no-color', 'sans couleur')
    .action(async (rulesetId: string | undefined, ruleId: string | undefined, opts: RulesOptions) => {
      const { runRules } = await import('./rules-run.js');
      await runRules(rulesetId, ruleId, opts, context);
    });
}
