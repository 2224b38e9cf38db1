/** The `init` action (see init.ts): loaded only when the command runs. */
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderInitConfig } from '../config/index.js';
import { UsageError } from '../engine/errors.js';
import { loadRuleset } from '../ruleset/index.js';
import type { InitOptions } from './init.js';
import type { CommandContext } from './io.js';

export async function runInit(opts: InitOptions, { io }: CommandContext): Promise<void> {
  const file = await loadRuleset(opts.rules, { cwd: io.cwd });
  const lots = Object.keys(file.lots ?? {});
  if (lots.length && !opts.lot) {
    throw new UsageError(`le jeu ${file.id} a des lots : précisez --lot (${lots.join(', ')}).`);
  }
  if (opts.lot && !lots.includes(opts.lot)) {
    throw new UsageError(`lot « ${opts.lot} » inconnu pour ${file.id} ; lots : ${lots.join(', ') || 'aucun'}.`);
  }
  const target = path.resolve(io.cwd, opts.output);
  if (!opts.force && (await exists(target))) {
    throw new UsageError(`« ${opts.output} » existe déjà : ajoutez --force pour le remplacer.`);
  }
  await writeFile(target, renderInitConfig(file, opts.lot ?? null));
  io.stdout.write(`Configuration écrite dans ${opts.output} (${file.id}${opts.lot ? `, ${opts.lot}` : ''}). Complétez les ETP des référents.\n`);
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}
