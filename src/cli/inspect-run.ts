/** The `inspect` action (see inspect.ts): loaded only when the command runs. */
import { loadConfig } from '../config/index.js';
import { configBesideInputs, inputsFrom } from '../engine/prepare.js';
import { openInputs } from '../load/index.js';
import { readDatasets } from '../model/read.js';
import { formatInspectTable, inspectJson } from '../report/inspect.js';
import type { InspectOptions } from './inspect.js';
import { useColor, type CommandContext } from './io.js';
import { writeReport } from './output.js';

export async function runInspect(inputs: string[], opts: InspectOptions, { io }: CommandContext): Promise<void> {
  const { config } = await loadConfig({
    path: opts.config ?? (await configBesideInputs(io.cwd, inputs)),
    cwd: io.cwd,
  });
  const sources = await openInputs(inputsFrom(io.cwd, inputs), {
    encoding: opts.encoding ?? config.encoding,
    delimiter: opts.delimiter ?? config.delimiter,
  });
  const data = await readDatasets(sources, { columns: config.columns, values: config.values });
  const text =
    opts.format === 'json'
      ? `${JSON.stringify(inspectJson(data), null, 2)}\n`
      : formatInspectTable(data, !opts.output && useColor(io, opts.color));
  await writeReport(text, opts.output, inputs, io.stdout);
}
