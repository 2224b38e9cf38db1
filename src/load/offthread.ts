/**
 * Parsing a large table on a worker thread while the main thread maps the rows it has received.
 *
 * csv-parse and exceljs read one byte or one XML event at a time: on a million-row agenda they
 * are most of the wall time, and the mapping (cells → records) is most of the rest. On a worker
 * the two overlap, so loading takes about as long as parsing alone. Rows cross the thread
 * boundary in batches (repeated text sent once, see row-codec.ts), with a bounded number of batches in
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
import { RowDecoder, type EncodedRows } from './row-codec.js';
import { createSignal } from './signal.js';
import { InputError, type BatchedRows, type RawRow, type TableSource } from './types.js';

/** What the worker is asked to read: plain data (structured-cloneable). */
export type RowJob = ({ kind: 'csv' } & CsvRead) | { kind: 'xlsx'; file: string; plan: unknown; sheet: unknown };

/** A reading thread's failure, as it crosses to the main thread. */
export interface ErrorMessage {
  type: 'error';
  input: boolean;
  message: string;
  path: string;
  sheet: string | null;
}

/** Worker → main messages. */
export type RowMessage = { type: 'rows'; batch: EncodedRows } | { type: 'end'; warnings: string[] } | ErrorMessage;

/** An error thrown on a reading thread, as a message (an InputError stays one on arrival). */
export function errorMessage(err: unknown, file: string): ErrorMessage {
  const input = err instanceof InputError;
  return {
    type: 'error',
    input,
    message: input ? err.message : `${(err as Error)?.message ?? String(err)}`,
    path: input ? err.path : file,
    sheet: input ? err.sheet : null,
  };
}

function errorOf(m: ErrorMessage): Error {
  return m.input ? new InputError(m.message, m.path, m.sheet) : new Error(m.message);
}

/** Main → worker messages. */
export type ControlMessage = 'ack' | 'stop';

export const BATCH_ROWS = 1000;
/**
 * Batches a worker may read ahead of the mapping (they wait, deserialised, on the main heap).
 * A delimited file is now read ~3 times faster than it is mapped, so its batches in flight are
 * always full: 4 instead of 16 gave the million-row agenda a peak of 247-249 MB instead of
 * 251-258 (two runs each, same time).
 * exceljs is slower than the mapping, but a workbook agenda starts reading during start-up and
 * must not stall while a network's affectations are mapped: 16, as measured in session 5.
 */
export const MAX_BATCHES_IN_FLIGHT: Record<RowJob['kind'], number> = { csv: 4, xlsx: 16 };
/** Below this size a worker's start-up costs more than the overlap saves. */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;
/**
 * A worker's own heap is capped: a malformed file that would make the parser hoard memory fails
 * the read (a French error) instead of the machine.
 */
const WORKER_HEAP_MB = 768;
/**
 * The young generation is most of a reading thread's memory (its old generation stays under
 * 10 MB). For csv-parse, 32 MB reads the million-row agenda as fast as 64 (three interleaved runs
 * each; 16 cost ~1.5 s more CPU). exceljs makes more garbage per row: 32 MB cost it ~3 s of CPU on
 * 300 000 rows, so a workbook keeps 64.
 */
const WORKER_YOUNG_MB: Record<RowJob['kind'], number> = { csv: 32, xlsx: 64 };

// `../load/`: the same file from dist/load/ and from dist/bundle/ (scripts/bundle.mjs).
const workerUrl = new URL('../load/row-worker.js', import.meta.url);
let workerFileExists: boolean | null = null;

function workersAvailable(): boolean {
  if (process.env.PLIE_AUDIT_WORKERS === '0') return false;
  if (!import.meta.url.endsWith('.js')) return false;
  workerFileExists ??= existsSync(fileURLToPath(workerUrl));
  return workerFileExists;
}

/** A reading thread, its heap capped (see WORKER_HEAP_MB). */
function startReader(url: URL, workerData: RowJob): Worker {
  return new Worker(url, {
    workerData,
    // With only an old-generation cap, V8 sizes a worker's young generation from it, small:
    // the parsers' short-lived strings and cells then cost a third more time in scavenges.
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB[workerData.kind] },
    stdout: false,
    stderr: false,
  });
}

/** A reading thread's error as the audit reports it: out of memory is the file's fault. */
function readerFailure(file: string, err: Error & { code?: string }): Error {
  if (err.code !== 'ERR_WORKER_OUT_OF_MEMORY') return err;
  return new InputError(
    `${q(file)} : la lecture demande plus de ${WORKER_HEAP_MB} Mo de mémoire (fichier mal formé ou démesuré) : ` +
      `vérifiez l'export, ou découpez-le.`,
    file,
  );
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
export function offThreadRows(job: RowJob, onWarnings: (warnings: string[]) => void): BatchedRows {
  const worker = startReader(workerUrl, job);
  const decoder = new RowDecoder();
  const batches: EncodedRows[] = [];
  let current: RawRow[] | null = null;
  let index = 0;
  let ended = false;
  let failure: unknown = null;
  let closed = false;
  const signal = createSignal();
  const notify = signal.notify;

  worker.on('message', (m: RowMessage) => {
    if (m.type === 'rows') {
      decoder.learn(m.batch);
      batches.push(m.batch);
    } else if (m.type === 'end') {
      onWarnings(m.warnings);
      ended = true;
    } else {
      failure ??= errorOf(m);
    }
    notify();
  });
  worker.on('error', (err: Error & { code?: string }) => {
    failure ??= readerFailure(job.file, err);
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

  /** Whether a batch is at hand (current, with rows left), after waiting for one if needed. */
  const ready = async (): Promise<boolean> => {
    for (;;) {
      if (current !== null && index < current.length) return true;
      if (current !== null) {
        current = null;
        if (!closed) worker.postMessage('ack' satisfies ControlMessage);
      }
      const next = batches.shift();
      if (next !== undefined) {
        // Decoded only now: batches waiting in line stay compact.
        current = decoder.decode(next);
        index = 0;
        continue;
      }
      if (failure !== null) {
        close();
        throw failure;
      }
      if (ended || closed) {
        close();
        return false;
      }
      await signal.wait();
    }
  };

  return {
    async next(): Promise<IteratorResult<RawRow>> {
      if (!(await ready())) return done;
      return { value: current![index++]!, done: false };
    },
    async nextBatch(): Promise<RawRow[] | null> {
      if (!(await ready())) return null;
      const rows = index === 0 ? current! : current!.slice(index);
      index = current!.length;
      return rows;
    },
    async return(): Promise<IteratorResult<RawRow>> {
      close();
      return done;
    },
  };
}

/**
 * A table's rows read once: by `rows()`, on the main thread or on a worker (`offloaded`, null for
 * a small table), or started early by `prefetch` (worker tables only: on the main thread, reading
 * early would only delay the rest).
 */
export function onceRows(
  label: string,
  offloaded: (() => AsyncIterator<RawRow>) | null,
  inline: () => AsyncIterator<RawRow>,
): Pick<TableSource, 'rows' | 'prefetch' | 'abandon'> {
  let consumed = false;
  let early: AsyncIterator<RawRow> | null = null;
  return {
    rows(): AsyncIterable<RawRow> {
      if (consumed) throw new Error(`rows() déjà appelé pour ${label}`);
      consumed = true;
      const started = early;
      early = null;
      return { [Symbol.asyncIterator]: () => started ?? (offloaded ?? inline)() };
    },
    prefetch(): void {
      if (!consumed && early === null && offloaded !== null) early = offloaded();
    },
    abandon(): void {
      if (early === null) return;
      void early.return?.();
      early = null;
    },
  };
}
