/**
 * Worker entry (see offthread.ts): reads one table with the loader's own batch readers and posts
 * the rows in batches, waiting for acknowledgements when too many batches are in flight.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { csvBatches } from './csv.js';
import { BATCH_ROWS, errorMessage, MAX_BATCHES_IN_FLIGHT, type ControlMessage, type RowJob, type RowMessage } from './offthread.js';
import { createSignal } from './signal.js';
import type { Cell, RawRow } from './types.js';

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

  let cells: Cell[][] = [];
  let lines: number[] = [];
  const flush = async (): Promise<void> => {
    post({ type: 'rows', cells, lines });
    cells = [];
    lines = [];
    inFlight++;
    while (inFlight >= MAX_BATCHES_IN_FLIGHT[job.kind] && !stopped) await acked.wait();
  };
  try {
    const batches = await batchesOf(job, warnings);
    for (;;) {
      const batch = await batches.next();
      if (stopped || batch === null) break;
      for (const row of batch) {
        cells.push(row.cells);
        lines.push(row.line);
      }
      if (cells.length >= BATCH_ROWS) await flush();
      if (stopped) break;
    }
    if (stopped) {
      await batches.close();
    } else {
      if (cells.length > 0) post({ type: 'rows', cells, lines });
      post({ type: 'end', warnings });
    }
  } catch (err) {
    // Rows read before the failure still go out first, as they would on the main thread.
    if (cells.length > 0) post({ type: 'rows', cells, lines });
    post(errorMessage(err, job.file));
  } finally {
    // Lets the thread end once the messages above are delivered.
    port.unref();
  }
}

void main();
