/** The `rules` action (see rules.ts): loaded only when the command runs. */
import { stringify } from 'yaml';
import { UsageError } from '../engine/errors.js';
import { listRulesets, loadRuleset, resolveRuleset } from '../ruleset/index.js';
import type { ResolvedRuleset } from '../ruleset/index.js';
import { makeStyle } from '../report/style.js';
import { plainTable, severityText } from '../report/table.js';
import { dateFr } from '../report/words.js';
import { useColor, type CommandContext } from './io.js';
import type { RulesOptions } from './rules.js';

export async function runRules(
  rulesetId: string | undefined,
  ruleId: string | undefined,
  opts: RulesOptions,
  { io }: CommandContext,
): Promise<void> {
  const color = useColor(io, opts.color);
  if (!rulesetId) {
    const list = listRulesets();
    if (opts.format === 'json') return void io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    const t = plainTable(['Jeu', 'Intitulé', 'Période', 'Lots'], color);
    for (const r of list) {
      t.push([r.id, r.title, `${dateFr(r.period.start)} → ${dateFr(r.period.end)}`, r.lots.join(', ') || '—']);
    }
    io.stdout.write(`${t.toString()}\nDétail : plie-audit rules <jeu> [règle] [--lot <lot>]\n`);
    return;
  }
  const file = await loadRuleset(rulesetId, { cwd: io.cwd });
  const lots = Object.keys(file.lots ?? {});
  const lot = opts.lot ?? (lots.length ? lots[0] : null);
  const resolved = resolveRuleset(file, { lot });
  if (ruleId) return void io.stdout.write(describeRule(resolved, ruleId, opts.format, color));
  if (opts.format === 'json') return void io.stdout.write(`${JSON.stringify(resolved, null, 2)}\n`);
  const c = makeStyle(color);
  const t = plainTable(['Règle', 'Type', 'Gravité', 'Section du cahier'], color);
  for (const r of resolved.rules) t.push([r.id, r.kind, severityText(c, r.severity), r.source.section]);
  const lotLine = resolved.lot ? ` — ${resolved.lot}${resolved.lotTitle ? ` (${resolved.lotTitle})` : ''}` : '';
  const others = lots.filter((l) => l !== resolved.lot);
  io.stdout.write(
    `${c.bold(`${resolved.title} (${resolved.id}${lotLine})`)}\n` +
      `Période du ${dateFr(resolved.period.start)} au ${dateFr(resolved.period.end)}${resolved.etp !== null && resolved.etp !== undefined ? ` · ${resolved.etp} ETP` : ''}\n` +
      `${t.toString()}\n` +
      (others.length ? `Autres lots : ${others.join(', ')} (--lot).\n` : '') +
      `Détail d'une règle : plie-audit rules ${resolved.id} <règle>${resolved.lot ? ` --lot ${resolved.lot}` : ''}\n`,
  );
}

function describeRule(rs: ResolvedRuleset, ruleId: string, format: string, color: boolean): string {
  const rule = rs.rules.find((r) => r.id === ruleId);
  if (!rule) {
    throw new UsageError(
      `règle « ${ruleId} » absente du jeu ${rs.id}${rs.lot ? ` (lot ${rs.lot})` : ''} ; règles : ${rs.rules.map((r) => r.id).join(', ')}.`,
    );
  }
  if (format === 'json') return `${JSON.stringify(rule, null, 2)}\n`;
  const c = makeStyle(color);
  const lines = [
    c.bold(`${rule.id} — ${rs.id}${rs.lot ? ` (${rs.lot})` : ''}`),
    `Type : ${rule.kind} · gravité : ${severityText(c, rule.severity)} · ${rule.fidelity === 'exact' ? 'application littérale de la clause' : 'interprétation de la clause'}`,
    `Source : cahier ${rule.source.cahier}, ${rule.source.section}`,
    c.italic(`« ${rule.source.quote.replace(/\s+/g, ' ').trim()} »`),
  ];
  if (rule.interpretation) lines.push(`Interprétation : ${rule.interpretation.replace(/\s+/g, ' ').trim()}`);
  lines.push('Paramètres :', stringify(rule.params).replace(/^/gm, '  ').trimEnd());
  return `${lines.join('\n')}\n`;
}
