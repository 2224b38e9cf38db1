/** The commented plie-audit.yaml written by `plie-audit init`. */
import type { ResolvedRuleset, RulesetFile } from '../ruleset/types.js';

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function formatEtp(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

/** Placeholder référent lines whose ETP add up to the lot's (1.0 each, the remainder last). */
function etpPlaceholders(etp: number | null): number[] {
  if (etp === null || !(etp > 0)) return [1, 0.6];
  const out: number[] = [];
  let left = Math.round(etp * 100) / 100;
  while (left > 1 && out.length < 9) {
    out.push(1);
    left = Math.round((left - 1) * 100) / 100;
  }
  if (left > 0) out.push(left);
  return out;
}

interface RuleLine {
  id: string;
  severity: string;
  kind: string;
  section: string;
}

export function renderInitConfig(ruleset: ResolvedRuleset | RulesetFile, lot: string | null): string {
  const isResolved = 'lotTitle' in ruleset;
  const lots = isResolved ? null : ruleset.lots;
  const lotDef = lot !== null && lots && Object.hasOwn(lots, lot) ? lots[lot] : undefined;
  const lotTitle = isResolved ? ruleset.lotTitle : (lotDef?.title ?? null);
  const etp = isResolved ? ruleset.etp : (lotDef?.etp ?? null);
  const period = isResolved ? ruleset.period : (lotDef?.period ?? ruleset.period);
  const rules: RuleLine[] = ruleset.rules
    .filter((r) => isResolved || lot === null || r.lots === null || r.lots.includes(lot))
    .map((r) => ({ id: r.id, severity: r.severity, kind: r.kind, section: r.source.section }));

  const out: string[] = [];
  const add = (...lines: string[]) => out.push(...lines);

  add(
    '# plie-audit.yaml — configuration de l’audit',
    `# Jeu de règles : ${oneLine(ruleset.title)} (cahier ${ruleset.cahier})`,
    '# Les lignes commençant par # sont des commentaires : retirez le # pour activer un exemple.',
    '',
    '# Jeu de règles fourni (plie-audit rules pour la liste) ou chemin d’un fichier de règles',
    `ruleset: ${ruleset.id}`,
    '',
  );

  if (lot !== null) {
    add(`# Lot audité${lotTitle ? ` : ${oneLine(lotTitle)}` : ''}${etp !== null ? ` (${formatEtp(etp)} ETP)` : ''}`, `lot: ${lot}`, '');
  } else if (lots && Object.keys(lots).length > 0) {
    add('# Lot audité, à choisir parmi :');
    for (const [id, l] of Object.entries(lots)) {
      add(`#   ${id} : ${oneLine(l.title)}${l.etp !== null ? ` (${formatEtp(l.etp)} ETP)` : ''}`);
    }
    add(`# lot: ${Object.keys(lots)[0]}`, '');
  }

  add(
    '# Période auditée (par défaut celle du jeu de règles)',
    `period: { start: ${period.start}, end: ${period.end} }`,
    '',
    '# Référents : l’ETP et le rôle ne figurent pas dans les exports Viesion.',
    '# Écrivez les noms comme dans les exports. Rôles : cip, psychologue, cesf, autre.',
    etp !== null
      ? `# Sans cette liste, la file active est contrôlée pour l’ensemble du lot (${formatEtp(etp)} ETP).`
      : '# Sans cette liste, la file active est contrôlée pour l’ensemble du lot.',
    '# referents:',
  );
  etpPlaceholders(etp).forEach((e, i) => {
    add(`#   - { name: "Référent ${i + 1}", etp: ${formatEtp(e)}, role: cip }`);
  });

  add(
    '',
    '# Dates des commissions (contrôle de la saisie avant commission)',
    `# commissions: [${period.start}]`,
    '',
    '# Communes membres du PLIE (contrôle de l’éligibilité)',
    '# communes: ["Commune 1", "Commune 2"]',
    '',
    '# En-têtes propres à vos exports, par jeu de données (affectations, agenda, etapes, sorties)',
    '# columns:',
    '#   agenda: { kind: "Type de RDV" }',
    '',
    '# Valeurs propres à vos exports, par champ : « valeur de l’export » → valeur reconnue',
    '# values:',
    '#   kind: { "RDV physique": entretien }',
    '',
    '# Encodage et séparateur des fichiers texte (détectés sinon)',
    '# encoding: windows-1252',
    '# delimiter: ";"',
    '',
    '# Règles (sévérités actuelles ci-dessous) : par identifiant, off, info, warning ou error,',
    '# ou { severity: warning, params: { … } } pour changer des paramètres',
    '# rules:',
  );
  const width = Math.max(0, ...rules.map((r) => r.id.length + 2 + r.severity.length));
  for (const r of rules) {
    const head = `${r.id}: ${r.severity}`;
    add(`#   ${head.padEnd(width)}   # ${r.kind} — ${oneLine(r.section)}`);
  }
  return `${out.join('\n')}\n`;
}
