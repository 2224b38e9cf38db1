/**
 * Worker entry (see offthread.ts): reads one table with the loader's own batch readers and posts
 * the rows in batches, waiting for acknowledgements when too many batches are in flight.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { csvBatches } from './csv.js';
import { BATCH_ROWS, errorMessage, MAX_BATCHES_IN_FLIGHT, type ControlMessage, type RowJob, type RowMessage } from './offthread.js';
import { createSignal } from './signal.js';
import { RowEncoder } from './row-codec.js';
import type { RawRow } from './types.js';

/**
 * The job's rows, a batch at a time (sizes vary: whatever the parser had ready). The workbook
 * reader is loaded only for a workbook: a CSV worker starts parsing sooner without it.
 */
async function batchesOf(job: RowJob, warnings: string[]): Promise<{ next(): Promise<RawRow[] | null>; close(): Promise<void> }> {
  if (job.kind === 'csv') {
    const b = csvBatches(job);
    return { next: () => b.next(BATCH_ROWS), close: async () => b.close() };
  }
  const { xlsxSheetRowBatches } = await import('./xlsx.js');
  const it = xlsxSheetRowBatches(job.file, job.plan, job.sheet, warnings);
  return {
    next: async () => {
      const r = await it.next();
      return r.done ? null : r.value;
    },
    close: async () => {
      await it.return(undefined);
    },
  };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const job = workerData as RowJob;
  const warnings: string[] = [];
  let stopped = false;
  let inFlight = 0;
  const acked = createSignal();
  port.on('message', (m: ControlMessage) => {
    if (m === 'ack') inFlight--;
    else stopped = true;
    acked.notify();
  });
  const post = (m: RowMessage): void => port.postMessage(m);
  const encoder = new RowEncoder(job.kind === 'csv');
  const postRows = (): void => {
    port.postMessage({ type: 'rows', batch: encoder.take() } satisfies RowMessage);
  };

  const flush = async (): Promise<void> => {
    postRows();
    inFlight++;
    while (inFlight >= MAX_BATCHES_IN_FLIGHT[job.kind] && !stopped) await acked.wait();
  };
  try {
    const batches = await batchesOf(job, warnings);
    for (;;) {
      const batch = await batches.next();
      if (stopped || batch === null) break;
      for (const row of batch) encoder.add(row);
      if (encoder.rows >= BATCH_ROWS) await flush();
      if (stopped) break;
    }
    if (stopped) {
      await batches.close();
    } else {
      if (encoder.rows > 0) postRows();
      post({ type: 'end', warnings });
    }
  } catch (err) {
    // Rows read before the failure still go out first, as they would on the main thread.
    if (encoder.rows > 0) postRows();
    post(errorMessage(err, job.file));
  } finally {
    // Lets the thread end once the messages above are delivered.
    port.unref();
  }
}

void main();
