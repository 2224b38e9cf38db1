/** The audit options every reading command shares, turned into one `prepare()` call. */
import { prepare, type Prepared } from '../engine/prepare.js';
import type { Encoding } from '../load/types.js';
import { collectGarbage } from './collect.js';
import type { Io } from './io.js';
import type { Progress } from './progress.js';

export interface AuditCliOptions {
  config?: string;
  rules?: string;
  lot?: string;
  asOf?: string;
  encoding?: Encoding;
  delimiter?: string;
}

/** The options of addAuditOptions(), as commander hands them to a reading command. */
export interface ReportCliOptions extends AuditCliOptions {
  format: string;
  output?: string;
  color?: boolean;
  quiet?: boolean;
}

/**
 * A command's prepare() and its computing modules, loaded while the inputs are read (the rules'
 * and indicators' modules are ~0.1 s of schemas). prepare's error, when both fail, is the one
 * reported, as when the modules were loaded first.
 */
export async function preparedWith<M>(preparing: Promise<Prepared>, loading: Promise<M>): Promise<[Prepared, M]> {
  loading.catch(() => undefined);
  const prepared = await preparing;
  return [prepared, await loading];
}

export function prepareFromCli(
  io: Io,
  inputs: string[],
  opts: AuditCliOptions,
  progress: Progress | null = null,
): Promise<Prepared> {
  return prepare({
    inputs,
    cwd: io.cwd,
    config: opts.config,
    rules: opts.rules,
    lot: opts.lot,
    asOf: opts.asOf,
    encoding: opts.encoding,
    delimiter: opts.delimiter,
    ...(progress ? { onProgress: (rows: number, file: string) => progress.rows(rows, file) } : {}),
    onRead: (data) => collectGarbage(data.agenda.length),
  });
}
