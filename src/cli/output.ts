/** Where a report goes: stdout, or a file written atomically that is never one of the inputs. */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../engine/errors.js';

async function real(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return path.resolve(p);
  }
}

export async function writeReport(
  content: string | Uint8Array,
  output: string | undefined,
  inputs: readonly string[],
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  if (!output || output === '-') {
    stdout.write(content);
    return;
  }
  const target = await real(output);
  for (const input of inputs) {
    const src = await real(input);
    if (target === src || target.startsWith(src + path.sep)) {
      throw new UsageError(
        `refus d'écrire le rapport dans « ${output} » : c'est un fichier d'entrée (ou il est dans un dossier d'entrée). Choisissez un autre chemin avec -o.`,
      );
    }
  }
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, content);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new UsageError(`impossible d'écrire « ${output} » : ${(err as Error).message}`);
  }
}
