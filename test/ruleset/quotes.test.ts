/**
 * Meta-test of the declarative rule sets (rules/*.yaml): every rule quotes its cahier verbatim,
 * and every rule of rules.md §2 is present. Parses the YAML directly (not through src/ruleset)
 * so that it checks the files themselves, whatever the loader does.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rulesDir = path.join(repoRoot, 'rules');
const cahiersDir = path.resolve(repoRoot, '../shared/cahiers');
const haveCahiers = existsSync(cahiersDir);

/** The rule ids rules.md §2 lists per cahier (a file may add more). */
const EXPECTED_IDS: Record<string, string[]> = {
  'lunel-2018': [
    'entretiens-mensuels', 'entretiens-sante', 'premier-entretien', 'suivi-emploi', 'revue-18-mois',
    'bilans-brsa', 'sortie-positive-conforme', 'perte-de-contact', 'emargement', 'champs-entretien',
    'file-active', 'objectif-participants', 'taux-sorties-positives',
  ],
  'lunel-2019': [
    'entretiens-mensuels', 'entretiens-sante', 'premier-entretien', 'suivi-emploi', 'revue-18-mois',
    'bilans-brsa', 'sortie-positive-conforme', 'justificatifs-sortie', 'perte-de-contact',
    'agenda-interdits', 'saisie-avant-commission', 'champs-entretien', 'file-active',
    'objectif-participants', 'taux-sorties-positives',
  ],
  'lunel-2021': [
    'entretiens-mensuels', 'ateliers-bimestriels', 'orientation-psychologue', 'file-active',
    'saisie-sortie', 'objectif-participants', 'taux-sorties-positives', 'premier-entretien',
    'suivi-emploi', 'revue-18-mois', 'bilans-brsa', 'sortie-positive-conforme',
    'justificatifs-sortie', 'perte-de-contact', 'agenda-interdits', 'champs-entretien',
  ],
  'dijon-2018': [
    'entrees-par-etp', 'file-active', 'taux-sorties-positives', 'contact-mensuel',
    'points-etape-5-mois', 'sans-etape-3-mois', 'suivi-emploi', 'saisie-7-jours', 'emargement',
    'sortie-positive-conforme',
  ],
  'bethune-2022': [
    'entretien-mensuel', 'etape-trimestrielle', 'atelier-a-l-entree', 'premiere-etape',
    'eligibilite', 'cer-brsa', 'saisie-temps-reel', 'suivi-emploi', 'capacite', 'rdv-sur-site',
    'ateliers-annuels',
  ],
};

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

interface RawRule {
  id?: unknown;
  kind?: unknown;
  severity?: unknown;
  lots?: unknown;
  params?: unknown;
  lotParams?: unknown;
  source?: { cahier?: unknown; section?: unknown; quote?: unknown };
  fidelity?: unknown;
  interpretation?: unknown;
}

interface RawRuleset {
  id?: unknown;
  cahier?: unknown;
  lots?: Record<string, unknown> | null;
  rules?: RawRule[];
}

/** Collapse every whitespace run (line breaks, tabs, non-breaking spaces) to one space. */
const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();

const ruleFiles = existsSync(rulesDir)
  ? readdirSync(rulesDir).filter((f) => f.endsWith('.yaml')).sort()
  : [];

function load(file: string): RawRuleset {
  return parse(readFileSync(path.join(rulesDir, file), 'utf8')) as RawRuleset;
}

const cahierCache = new Map<string, string>();
function cahierText(id: string): string {
  let text = cahierCache.get(id);
  if (text === undefined) {
    text = fold(readFileSync(path.join(cahiersDir, `${id}.txt`), 'utf8'));
    cahierCache.set(id, text);
  }
  return text;
}

describe('rules/*.yaml', () => {
  it('has one file per cahier of rules.md §2', () => {
    const missing = Object.keys(EXPECTED_IDS).filter((id) => !ruleFiles.includes(`${id}.yaml`));
    expect(missing).toEqual([]);
  });

  for (const file of ruleFiles) {
    describe(file, () => {
      const rs = load(file);
      const rules = rs.rules ?? [];
      const fileId = file.replace(/\.yaml$/, '');
      const lotIds = Object.keys(rs.lots ?? {});

      it('is named after its id and names its cahier', () => {
        expect(rs.id).toBe(fileId);
        expect(typeof rs.cahier).toBe('string');
        expect(rules.length).toBeGreaterThan(0);
      });

      it('has unique kebab-case rule ids', () => {
        const ids = rules.map((r) => r.id);
        for (const id of ids) expect(typeof id === 'string' && KEBAB.test(id), String(id)).toBe(true);
        expect(new Set(ids).size).toBe(ids.length);
      });

      it('contains every rule id of rules.md §2 for this cahier', () => {
        const ids = new Set(rules.map((r) => r.id));
        const missing = (EXPECTED_IDS[fileId] ?? []).filter((id) => !ids.has(id));
        expect(missing).toEqual([]);
      });

      it('gives every rule a kind, a severity, a section, a quote and a fidelity', () => {
        for (const r of rules) {
          const where = String(r.id);
          expect(typeof r.kind === 'string' && r.kind.length > 0, where).toBe(true);
          expect(['error', 'warning', 'info'], where).toContain(r.severity);
          expect(typeof r.source?.section === 'string' && r.source.section.trim().length > 0, where).toBe(true);
          expect(typeof r.source?.quote === 'string' && r.source.quote.trim().length > 0, where).toBe(true);
          expect(['exact', 'interpretation'], where).toContain(r.fidelity);
        }
      });

      it('explains every fidelity: interpretation rule', () => {
        for (const r of rules) {
          if (r.fidelity !== 'interpretation') continue;
          expect(typeof r.interpretation === 'string' && r.interpretation.trim().length > 0, String(r.id)).toBe(true);
        }
      });

      it('refers only to declared lots', () => {
        for (const r of rules) {
          const where = String(r.id);
          const lots = (r.lots ?? []) as string[];
          for (const lot of lots) expect(lotIds, where).toContain(lot);
          for (const lot of Object.keys((r.lotParams ?? {}) as object)) {
            expect(lotIds, where).toContain(lot);
            if (lots.length > 0) expect(lots, where).toContain(lot);
          }
        }
      });

      describe.skipIf(!haveCahiers)(`verbatim quotes against ${cahiersDir} (skipped when that folder is absent)`, () => {
        it('quotes every clause verbatim (whitespace-folded) from its cahier', () => {
          const notFound: string[] = [];
          for (const r of rules) {
            const cahier = String(r.source?.cahier ?? rs.cahier);
            const quote = fold(String(r.source?.quote ?? ''));
            if (!existsSync(path.join(cahiersDir, `${cahier}.txt`))) notFound.push(`${String(r.id)}: no cahier ${cahier}`);
            else if (!cahierText(cahier).includes(quote)) notFound.push(`${String(r.id)}: « ${quote} »`);
          }
          expect(notFound).toEqual([]);
        });
      });
    });
  }
});
