/** The `check` action (see check.ts): loaded only when the command runs. */
import { UsageError } from '../engine/errors.js';
import type { Prepared } from '../engine/prepare.js';
import type { AuditResult } from '../engine/result.js';
import { CHECK_FORMATS, checkExitCode, type CheckFormat, type CheckOptions } from './check.js';
import { collectGarbage } from './collect.js';
import { useColor, type CommandContext, type Io } from './io.js';
import { writeReport } from './output.js';
import { preparedWith, prepareFromCli } from './prepare.js';
import { createProgress, type Progress } from './progress.js';

/**
 * Formats that do not say themselves that a baseline or pseudonyms were applied: stderr says it
 * (csv has no place for it; the html report does not show it yet).
 */
const MUTE_FORMATS: ReadonlySet<string> = new Set<CheckFormat>(['csv', 'html']);

/** Baseline and pseudonyms, in the order that lets a pseudonymised report serve as baseline. */
async function postProcess(
  result: AuditResult,
  opts: CheckOptions,
  io: Io,
  data: Prepared['data'],
): Promise<AuditResult> {
  if (!opts.baseline && !opts.pseudonymize) return result;
  const { applyBaseline, readBaseline } = await import('../engine/baseline.js');
  const { makePseudonymizer, participantIdentifiers, PSEUDONYM_KEY_ENV, pseudonymizeResult } = await import('../engine/pseudonymize.js');
  const baseline = opts.baseline ? await readBaseline(opts.baseline, io.cwd) : null;
  const pseudo = opts.pseudonymize ? makePseudonymizer(io.env) : null;
  if (baseline?.pseudonymized && pseudo?.source !== 'PLIE_AUDIT_KEY') {
    throw new UsageError(
      `la référence « ${baseline.path} » est pseudonymisée : relancez avec --pseudonymize et la même clé dans la variable ${PSEUDONYM_KEY_ENV} pour comparer les participants.`,
    );
  }
  let out = result;
  if (baseline && !baseline.pseudonymized) out = applyBaseline(out, baseline);
  if (pseudo) out = pseudonymizeResult(out, pseudo, participantIdentifiers(data));
  if (baseline?.pseudonymized) out = applyBaseline(out, baseline);
  return out;
}

export async function runCheck(inputs: string[], opts: CheckOptions, { io, setCode }: CommandContext): Promise<void> {
  const progress = createProgress(io);
  try {
    const { result, content, rows } = await checkReport(inputs, opts, io, progress);
    progress?.done();
    collectGarbage(rows);
    await writeReport(content, opts.output, inputs, io.stdout);
    if (MUTE_FORMATS.has(opts.format) && (result.pseudonymized || result.baseline)) {
      const { baselineNote, pseudonymNote } = await import('../report/table.js');
      for (const note of [pseudonymNote(result), baselineNote(result)]) if (note) io.stderr.write(`${note}\n`);
    }
    setCode(checkExitCode(result, opts.maxWarnings));
  } finally {
    progress?.done();
  }
}

/**
 * The report, as its format makes it. A function of its own so that the prepared data (the
 * agenda's columns, the participants, the timelines: two thirds of the memory on a million rows)
 * can be collected once it returns, while a large report is written out.
 */
async function checkReport(inputs: string[], opts: CheckOptions, io: Io, progress: Progress | null) {
  const [prepared, { auditPrepared }] = await preparedWith(prepareFromCli(io, inputs, opts, progress), import('../engine/audit.js'));
  progress?.phase('Application des règles');
  const audited = auditPrepared(prepared);
  const result = await postProcess(audited, opts, io, prepared.data);
  const color = !opts.output && useColor(io, opts.color);
  const content = await CHECK_FORMATS[opts.format as CheckFormat](result, {
    opts,
    color,
    kpis: async () => (await import('../kpi/index.js')).kpiResult(prepared),
  });
  return { result, content, rows: prepared.data.agenda.length };
}
