/**
 * Parsing a large table on a worker thread while the main thread maps the rows it has received.
 *
 * csv-parse and exceljs read one byte or one XML event at a time: on a million-row agenda they
 * are most of the wall time, and the mapping (cells → records) is most of the rest. On a worker
 * the two overlap, so loading takes about as long as parsing alone. Rows cross the thread
 * boundary in batches (structured clone of the cell arrays), with a bounded number of batches in
 * flight so that a fast parser cannot fill memory ahead of the mapper.
 *
 * The worker runs the very same row iterators as the main thread would (csv.ts, xlsx.ts); only
 * built code (dist/) uses it. From the TypeScript sources (tests), for small files, with
 * PLIE_AUDIT_WORKERS=0, or when a worker cannot start, rows are read on the main thread.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CsvRead } from './csv.js';
import { createSignal } from './signal.js';
import { InputError, type Cell, type RawRow } from './types.js';

/** What the worker is asked to read: plain data (structured-cloneable). */
export type RowJob = ({ kind: 'csv' } & CsvRead) | { kind: 'xlsx'; file: string; plan: unknown; sheet: unknown };

/** Worker → main messages. */
export type RowMessage =
  | { type: 'rows'; cells: Cell[][]; lines: number[] }
  | { type: 'end'; warnings: string[] }
  | { type: 'error'; input: boolean; message: string; path: string; sheet: string | null };

/** Main → worker messages. */
export type ControlMessage = 'ack' | 'stop';

export const BATCH_ROWS = 1000;
export const MAX_BATCHES_IN_FLIGHT = 32;
/** Below this size a worker's start-up costs more than the overlap saves. */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;
/**
 * A worker's own heap is capped: a malformed file that would make the parser hoard memory fails
 * the read (a French error) instead of the machine.
 */
const WORKER_HEAP_MB = 768;
const WORKER_YOUNG_MB = 64;

const workerUrl = new URL('./row-worker.js', import.meta.url);
let workerFileExists: boolean | null = null;

function workersAvailable(): boolean {
  if (process.env.PLIE_AUDIT_WORKERS === '0') return false;
  if (!import.meta.url.endsWith('.js')) return false;
  workerFileExists ??= existsSync(fileURLToPath(workerUrl));
  return workerFileExists;
}

/** Whether a table of this size should be parsed off the main thread. */
export function shouldOffload(file: string, bytes?: number): boolean {
  if (!workersAvailable()) return false;
  try {
    return (bytes ?? statSync(file).size) >= WORKER_MIN_BYTES;
  } catch {
    return false;
  }
}

const q = (p: string): string => `« ${p} »`;

/**
 * The rows of `job`, parsed on a worker. `onWarnings` receives the loader's late warnings (the
 * worker's copy of the source's warning list) before the iterator reports its end.
 */
export function offThreadRows(job: RowJob, onWarnings: (warnings: string[]) => void): AsyncIterator<RawRow> {
  const worker = new Worker(workerUrl, {
    workerData: job,
    // With only an old-generation cap, V8 sizes a worker's young generation from it, small:
    // the parsers' short-lived strings and cells then cost a third more time in scavenges.
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    stdout: false,
    stderr: false,
  });
  const batches: { cells: Cell[][]; lines: number[] }[] = [];
  let current: { cells: Cell[][]; lines: number[] } | null = null;
  let index = 0;
  let ended = false;
  let failure: unknown = null;
  let closed = false;
  const signal = createSignal();
  const notify = signal.notify;

  worker.on('message', (m: RowMessage) => {
    if (m.type === 'rows') batches.push({ cells: m.cells, lines: m.lines });
    else if (m.type === 'end') {
      onWarnings(m.warnings);
      ended = true;
    } else {
      failure ??= m.input ? new InputError(m.message, m.path, m.sheet) : new Error(m.message);
    }
    notify();
  });
  worker.on('error', (err: Error & { code?: string }) => {
    if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      failure ??= new InputError(
        `${q(job.file)} : la lecture demande plus de ${WORKER_HEAP_MB} Mo de mémoire (fichier mal formé ou démesuré) : ` +
          `vérifiez l'export, ou découpez-le.`,
        job.file,
      );
    } else {
      failure ??= err;
    }
    notify();
  });
  worker.on('exit', (code) => {
    if (!ended && !closed) failure ??= new Error(`lecture de ${job.file} interrompue (code ${code})`);
    notify();
  });

  const close = (): void => {
    if (closed) return;
    closed = true;
    // A graceful stop lets the worker close its file; terminate is the backstop.
    worker.postMessage('stop' satisfies ControlMessage);
    const timer = setTimeout(() => void worker.terminate(), 2000);
    timer.unref();
    worker.unref();
  };
  const done: IteratorReturnResult<undefined> = { value: undefined, done: true };

  return {
    async next(): Promise<IteratorResult<RawRow>> {
      for (;;) {
        if (current !== null && index < current.cells.length) {
          const row: RawRow = { cells: current.cells[index]!, line: current.lines[index]! };
          index++;
          return { value: row, done: false };
        }
        if (current !== null) {
          current = null;
          if (!closed) worker.postMessage('ack' satisfies ControlMessage);
        }
        const next = batches.shift();
        if (next !== undefined) {
          current = next;
          index = 0;
          continue;
        }
        if (failure !== null) {
          close();
          throw failure;
        }
        if (ended || closed) {
          close();
          return done;
        }
        await signal.wait();
      }
    },
    async return(): Promise<IteratorResult<RawRow>> {
      close();
      return done;
    },
  };
}
