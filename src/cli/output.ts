/** Where a report goes: stdout, or a file written atomically that is never one of the inputs. */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { rename, rm, writeFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../engine/errors.js';

/**
 * A report: text, bytes, or text in chunks (large reports are written as they are worded,
 * never held whole in memory).
 */
export type ReportContent = string | Uint8Array | Iterable<string>;

async function real(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return path.resolve(p);
  }
}

async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}

export async function writeReport(
  content: ReportContent,
  output: string | undefined,
  inputs: readonly string[],
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  if (!output || output === '-') {
    if (typeof content === 'string' || content instanceof Uint8Array) stdout.write(content);
    else await writeChunks(stdout, content);
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
    // A report that failed to word itself is a bug, not a file system problem.
    if (!(err as NodeJS.ErrnoException).syscall) throw err;
    throw new UsageError(`impossible d'écrire « ${output} » : ${(err as Error).message}`);
  }
}
