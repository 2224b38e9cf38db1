/** Options shared by the commands that read exports (cli.md "Common options"). */
import { Command, InvalidArgumentError, Option } from 'commander';
import { isISODate } from '../model/dates.js';
import type { Encoding } from '../load/types.js';

export const ENCODINGS: readonly Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

export function parseDateOption(value: string): string {
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  const iso = fr ? `${fr[3]}-${fr[2]}-${fr[1]}` : value;
  if (!isISODate(iso)) {
    throw new InvalidArgumentError(`« ${value} » n'est pas une date valide (AAAA-MM-JJ ou JJ/MM/AAAA).`);
  }
  return iso;
}

export function parseEncoding(value: string): Encoding {
  const v = value.toLowerCase().replace(/^(cp|win)-?1252$|^latin-?1$|^iso-?8859-?1$/, 'windows-1252').replace(/^utf8$/, 'utf-8');
  if (!(ENCODINGS as string[]).includes(v)) {
    throw new InvalidArgumentError(`encodage « ${value} » inconnu ; valeurs : ${ENCODINGS.join(', ')}.`);
  }
  return v as Encoding;
}

export function parseDelimiter(value: string): string {
  const v = value === 'tab' || value === '\\t' ? '\t' : value;
  if (v.length !== 1) throw new InvalidArgumentError(`séparateur « ${value} » invalide : un seul caractère (; , tab).`);
  return v;
}

export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`« ${value} » : nombre entier positif attendu.`);
  return n;
}

export function addReadOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <fichier>', "fichier de configuration (défaut : plie-audit.yaml du dossier courant, sinon du dossier d'entrée)")
    .option('--encoding <encodage>', `forcer l'encodage des fichiers texte (${ENCODINGS.join(', ')})`, parseEncoding)
    .option('--delimiter <car>', 'forcer le séparateur des fichiers texte (; , tab)', parseDelimiter);
}

export function addAuditOptions(cmd: Command): Command {
  return addReadOptions(cmd)
    .option('-r, --rules <id|fichier>', 'jeu de règles (id livré ou fichier YAML), sinon celui de la configuration')
    .option('-l, --lot <lot>', 'lot (ou fiche) à auditer')
    .option('--as-of <date>', "date de situation (défaut : fin de période ou aujourd'hui)", parseDateOption)
    .option('-o, --output <fichier>', 'écrire le rapport dans un fichier plutôt que sur la sortie standard')
    .option('--no-color', 'sans couleur')
    .option('-q, --quiet', 'ne lister que les erreurs');
}

export function formatOption(choices: readonly string[]): Option {
  return new Option('-f, --format <format>', 'format du rapport').choices(choices as string[]).default('table');
}
