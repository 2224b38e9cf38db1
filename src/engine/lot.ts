/**
 * An export may cover several lots (« Lot », « Action », « Fiche action » column): a lot's audit
 * keeps the participants with an affectation to that lot. Lot labels are free text in Viesion, so
 * a label is matched to a lot id by its words and number (« Lot 1 » = lot1, « Fiche action n°2 »
 * = fiche2); when no label matches any lot of the rule set, nothing is filtered and the report
 * says so.
 */
import { normalize } from '../model/normalize.js';
import type { Datasets } from '../model/types.js';

export type LotFilter =
  | { applied: true; lot: string; kept: number; removed: number }
  | { applied: false; reason: 'sans-colonne' | 'libelles-inconnus'; labels: string[] };

function lotPattern(id: string): RegExp | null {
  const m = /^([a-z]+)0*(\d+)$/.exec(id.toLowerCase());
  if (!m) return null;
  return new RegExp(`(^|\\s)${m[1]}\\D{0,20}?0*${m[2]}(?!\\d)`);
}

export function lotOf(label: string | null, lots: readonly string[]): string | null {
  if (!label) return null;
  const text = normalize(label);
  for (const id of lots) {
    if (text.replace(/\s+/g, '') === id.toLowerCase()) return id;
    if (lotPattern(id)?.test(text)) return id;
  }
  return null;
}

export function restrictToLot(data: Datasets, lot: string, lots: readonly string[]): LotFilter {
  if (!data.fields.affectations.has('lot')) return { applied: false, reason: 'sans-colonne', labels: [] };
  const labels = new Set<string>();
  const inLot = new Set<string>();
  const elsewhere = new Set<string>();
  for (const a of data.affectations) {
    if (!a.lot) continue;
    labels.add(a.lot);
    const id = lotOf(a.lot, lots);
    if (id === lot) inLot.add(a.participantKey);
    else if (id !== null) elsewhere.add(a.participantKey);
  }
  if (inLot.size === 0 && elsewhere.size === 0) {
    return { applied: false, reason: 'libelles-inconnus', labels: [...labels].sort() };
  }
  // Participants only seen in other lots leave the audit, with every row that names them.
  const removed = new Set([...elsewhere].filter((k) => !inLot.has(k)));
  data.affectations = data.affectations.filter((a) => {
    if (removed.has(a.participantKey)) return false;
    const id = lotOf(a.lot, lots);
    return id === null || id === lot;
  });
  const keep = <T extends { participantKey: string | null }>(rows: T[]) =>
    rows.filter((r) => r.participantKey === null || !removed.has(r.participantKey));
  const agenda = data.agenda;
  data.agenda = agenda.filter((i) => {
    const k = agenda.participantKey(i);
    return k === null || !removed.has(k);
  });
  data.etapes = keep(data.etapes);
  data.sorties = keep(data.sorties);
  data.issues = data.issues.filter((i) => i.participant === null || !removed.has(i.participant));
  for (const k of removed) data.participants.delete(k);
  return { applied: true, lot, kept: inLot.size, removed: removed.size };
}
