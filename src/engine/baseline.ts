/**
 * --baseline: an earlier `check --format json` report whose violations are known backlog. Lets a
 * PLIE adopt the tool on a year that already has findings: those are hidden (and counted), only
 * new ones fail the run, and backlog entries that no longer match anything are listed as resolved.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UsageError } from './errors.js';
import type { AuditResult, BaselineEntry, Violation } from './result.js';

export interface Baseline {
  /** As the user gave it (reports name it so). */
  path: string;
  entries: BaselineEntry[];
  /** The earlier report was itself pseudonymised: its participants are hashes. */
  pseudonymized: boolean;
}

const nullableString = z.string().nullable().optional();

/**
 * Only what matching needs is checked: a report of a later tool version (extra fields) or one
 * produced with --baseline itself still serves.
 */
const baselineFileSchema = z.object({
  schemaVersion: z.literal(1),
  violations: z.array(
    z.object({
      rule: z.string().min(1),
      severity: z.enum(['error', 'warning', 'info']).nullable().optional(),
      participant: nullableString,
      referent: nullableString,
      period: nullableString,
      date: nullableString,
      message: nullableString,
    }),
  ),
  pseudonymized: z.object({ keyed: z.string() }).nullable().optional(),
});

const HOW_TO =
  'produisez-le avec `plie-audit check <exports> --format json -o reference.json` (sans --baseline, pour que tous les constats y figurent).';

export function parseBaseline(text: string, file: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new UsageError(`la référence « ${file} » n'est pas un fichier JSON lisible : ${HOW_TO}`);
  }
  const head = json as { schemaVersion?: unknown } | null;
  if (head && typeof head === 'object' && 'schemaVersion' in head && head.schemaVersion !== 1) {
    throw new UsageError(
      `la référence « ${file} » est un rapport de schemaVersion ${String(head.schemaVersion)}, or seule la version 1 est lue : ${HOW_TO}`,
    );
  }
  const parsed = baselineFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? ` (champ « ${issue.path.join('.')} »)` : '';
    throw new UsageError(`la référence « ${file} » n'est pas un rapport \`plie-audit check --format json\`${where} : ${HOW_TO}`);
  }
  return {
    path: file,
    pseudonymized: Boolean(parsed.data.pseudonymized),
    entries: parsed.data.violations.map((v) => ({
      rule: v.rule,
      severity: v.severity ?? null,
      participant: v.participant ?? null,
      referent: v.referent ?? null,
      period: v.period ?? null,
      date: v.date ?? null,
      message: v.message ?? null,
    })),
  };
}

export async function readBaseline(file: string, cwd: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'fichier introuvable' : code === 'EISDIR' ? "c'est un dossier" : (err as Error).message;
    throw new UsageError(`impossible de lire la référence « ${file} » (${why}) : vérifiez le chemin passé à --baseline.`);
  }
  return parseBaseline(text, file);
}

/**
 * Same violation: same rule, same person (the participant, or the référent for référent-level
 * findings), same period and same date. Severity, counts and message may change between runs
 * (a month with 1 interview then 0 is still the same backlog item).
 */
export function baselineKey(v: Pick<Violation, 'rule' | 'participant' | 'referent' | 'period' | 'date'>): string {
  return [v.rule, v.participant ?? v.referent ?? '', v.period ?? '', v.date ?? ''].join('\u0000');
}

/**
 * Hides the violations the baseline already had, one baseline entry per violation (two identical
 * keys in the baseline hide at most two today), and recounts the summary and the rules, so that
 * the exit code only reflects what is new.
 */
export function applyBaseline(result: AuditResult, baseline: Baseline): AuditResult {
  const pending = new Map<string, BaselineEntry[]>();
  for (const e of baseline.entries) {
    const k = baselineKey(e);
    const list = pending.get(k);
    if (list) list.push(e);
    else pending.set(k, [e]);
  }
  const kept: Violation[] = [];
  const hiddenByRule = new Map<string, number>();
  for (const v of result.violations) {
    const list = pending.get(baselineKey(v));
    if (list && list.length > 0) {
      list.shift();
      hiddenByRule.set(v.rule, (hiddenByRule.get(v.rule) ?? 0) + 1);
    } else {
      kept.push(v);
    }
  }
  const hidden = result.violations.length - kept.length;
  const resolved = baseline.entries.filter((e) => pending.get(baselineKey(e))?.includes(e));

  const summary = { ...result.summary, error: 0, warning: 0, info: 0, baselined: hidden };
  for (const v of kept) summary[v.severity]++;
  return {
    ...result,
    rules: result.rules.map((r) => (hiddenByRule.has(r.id) ? { ...r, violations: r.violations - hiddenByRule.get(r.id)! } : r)),
    violations: kept,
    summary,
    baseline: { path: baseline.path, hidden, resolved },
  };
}
