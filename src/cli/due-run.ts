/** The `due` action (see due.ts): loaded only when the command runs. */
import type { DueReport } from '../report/due.js';
import { DUE_FORMATS, type DueOptions } from './due.js';
import { useColor, type CommandContext } from './io.js';
import { writeReport } from './output.js';
import { preparedWith, prepareFromCli } from './prepare.js';

export async function runDue(inputs: string[], opts: DueOptions, { io, setCode }: CommandContext): Promise<void> {
  const [p, [{ planDue }, { resultHeader }]] = await preparedWith(
    prepareFromCli(io, inputs, opts),
    Promise.all([import('../due/compute.js'), import('../engine/audit.js')]),
  );
  const { items, rules } = planDue(p.ctx, p.ruleset, { within: opts.within });
  const report: DueReport = { ...resultHeader(p), within: opts.within, rules, items };
  const color = !opts.output && useColor(io, opts.color);
  const text = await DUE_FORMATS[opts.format as keyof typeof DUE_FORMATS](report, color);
  await writeReport(text, opts.output, inputs, io.stdout);
  // An échéancier lists work to come, not violations: it never fails a CI run.
  setCode(0);
}
