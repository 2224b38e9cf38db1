/** The `kpi` action (see kpi.ts): loaded only when the command runs. */
import { useColor, type CommandContext } from './io.js';
import { KPI_FORMATS, type KpiCliOptions } from './kpi.js';
import { writeReport } from './output.js';
import { preparedWith, prepareFromCli } from './prepare.js';
import { createProgress } from './progress.js';

export async function runKpi(inputs: string[], opts: KpiCliOptions, { io, setCode }: CommandContext): Promise<void> {
  const progress = createProgress(io);
  try {
    const [prepared, { kpiResult }] = await preparedWith(prepareFromCli(io, inputs, opts, progress), import('../kpi/index.js'));
    progress?.phase('Calcul des indicateurs');
    const result = kpiResult(prepared, { by: opts.by });
    const color = !opts.output && useColor(io, opts.color);
    const content = await KPI_FORMATS[opts.format as keyof typeof KPI_FORMATS](result, opts, color);
    progress?.done();
    await writeReport(content, opts.output, inputs, io.stdout);
    setCode(0);
  } finally {
    progress?.done();
  }
}
