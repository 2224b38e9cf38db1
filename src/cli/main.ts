/**
 * The commander program. Every command returns an exit code; errors meant for the user are one
 * French sentence on stderr (exit 2), a stack trace only with DEBUG=plie-audit.
 */
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../version.js';
import { errorMessage, isUserError } from './errors.js';
import { registerCheck } from './check.js';
import { registerInspect } from './inspect.js';
import { registerRules } from './rules.js';
import { registerInit } from './init.js';
import { registerDue } from './due.js';
import { registerKpi } from './kpi.js';
import type { Io } from './io.js';
import { defaultIo } from './io.js';

export const EXIT = { ok: 0, violations: 1, failure: 2 } as const;

/** Commander speaks English; the few words it prints itself are translated here. */
function frenchHelp(text: string): string {
  return text
    .replace(/^Usage:/gm, 'Usage :')
    .replace(/\[command\]/g, '[commande]')
    .replace(/^Options:/gm, 'Options :')
    .replace(/^Commands:/gm, 'Commandes :')
    .replace(/^Arguments:/gm, 'Arguments :')
    .replace(/\bdefault:/g, 'défaut :')
    .replace(/\bchoices:/g, 'valeurs :');
}

const COMMANDER_MESSAGES: Record<string, (e: CommanderError) => string> = {
  'commander.unknownOption': (e) => `option inconnue ${quoted(e.message)} : voir plie-audit --help.`,
  'commander.unknownCommand': (e) => `commande inconnue ${quoted(e.message)} : voir plie-audit --help.`,
  'commander.missingArgument': (e) => `argument manquant ${quoted(e.message)} : voir plie-audit <commande> --help.`,
  'commander.optionMissingArgument': (e) => `valeur manquante pour l'option ${quoted(e.message)}.`,
  'commander.invalidArgument': (e) => `valeur invalide : ${e.message.replace(/^error: /, '')}`,
  'commander.excessArguments': () => `trop d'arguments : voir plie-audit <commande> --help.`,
  'commander.missingMandatoryOptionValue': (e) => `option obligatoire manquante ${quoted(e.message)}.`,
};

function quoted(message: string): string {
  const m = /'([^']+)'/.exec(message);
  return m ? `« ${m[1]} »` : '';
}

export function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('plie-audit')
    .description("Audit de conformité des exports Viesion (PLIE) au regard du cahier des charges")
    .version(VERSION, '-V, --version', 'afficher la version')
    .helpOption('-h, --help', "afficher l'aide")
    .helpCommand('help [commande]', "afficher l'aide d'une commande")
    .configureOutput({
      writeOut: (s) => io.stdout.write(frenchHelp(s)),
      writeErr: (s) => io.stderr.write(frenchHelp(s)),
      // Errors are printed by run() in French.
      outputError: () => {},
    })
    .exitOverride()
    .showHelpAfterError(false);

  const context = { io, setCode };
  registerCheck(program, context);
  registerInspect(program, context);
  registerRules(program, context);
  registerKpi(program, context);
  registerDue(program, context);
  registerInit(program, context);
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({
      writeOut: (s) => io.stdout.write(frenchHelp(s)),
      writeErr: (s) => io.stderr.write(frenchHelp(s)),
      outputError: () => {},
    });
    cmd.helpOption('-h, --help', "afficher l'aide");
  }
  return program;
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      // Help shown because no command was given: a usage error.
      if (err.code === 'commander.help') return EXIT.failure;
      const translate = COMMANDER_MESSAGES[err.code];
      io.stderr.write(`plie-audit : ${translate ? translate(err) : err.message.replace(/^error: /, '')}\n`);
      return EXIT.failure;
    }
    if (isUserError(err)) {
      io.stderr.write(`plie-audit : ${errorMessage(err)}\n`);
      if (io.debug) io.stderr.write(`${(err as Error).stack}\n`);
      return EXIT.failure;
    }
    io.stderr.write(
      `plie-audit : erreur interne inattendue (${(err as Error)?.message ?? String(err)}). ` +
        'Relancez avec DEBUG=plie-audit pour le détail et signalez-la.\n',
    );
    if (io.debug) io.stderr.write(`${(err as Error)?.stack}\n`);
    return EXIT.failure;
  }
}

export { Option };
