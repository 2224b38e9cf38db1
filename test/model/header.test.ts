import { describe, expect, it } from 'vitest';
import type { Cell, RawRow } from '../../src/load/types.js';
import { InputError } from '../../src/load/types.js';
import { DATASETS } from '../../src/model/aliases.js';
import { detectHeader, mapHeader, suggest, unmetRequirements } from '../../src/model/header.js';
import type { DatasetName } from '../../src/model/types.js';

const where = { path: 'export.csv', sheet: null };

function rows(...lines: Cell[][]): RawRow[] {
  return lines.map((cells, i) => ({ cells, line: i + 1 }));
}

const split = (s: string): Cell[] => s.split(';').map((c) => (c === '' ? null : c));

function detectFrom(...lines: string[]) {
  return detectHeader(rows(...lines.map(split)), where);
}

function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no InputError thrown');
}

describe('header row among title rows', () => {
  it('skips the report title, period, edit date and filters', () => {
    const d = detectFrom(
      'Flux mensuel des affectations par référent de parcours',
      'Période du 01/01/2019 au 31/12/2019',
      'Édité le 05/01/2020 à 10:12',
      'Structure;PLIE Est Hérault',
      '',
      'Référent;N° dossier;Nom;Prénom;Mois;Statut',
      'Marie Dupont;P001;DUPONT;Jean;03/2019;En parcours',
    );
    expect(d.line).toBe(6);
    expect(d.index).toBe(5);
    expect(d.mapping.dataset.name).toBe('affectations');
    expect(d.mapping.columns.map((c) => [c.field.name, c.header])).toEqual([
      ['referent', 'Référent'],
      ['participantId', 'N° dossier'],
      ['lastName', 'Nom'],
      ['firstName', 'Prénom'],
      ['month', 'Mois'],
      ['status', 'Statut'],
    ]);
    expect(d.alsoFits).toEqual([]);
  });

  it('uses the line numbers the loader gives', () => {
    const d = detectHeader(
      [
        { cells: ['Agenda des collaborateurs'], line: 3 },
        { cells: ['Date', 'Référent', 'Type'], line: 5 },
      ],
      where,
    );
    expect(d.line).toBe(5);
    expect(d.index).toBe(1);
  });

  it('picks the row with the most matching cells, the first one on a tie', () => {
    const d = detectFrom(
      'Date;Référent;Type',
      'Date;Référent;Type;Durée;Présence',
      'Date;Référent;Type;Durée;Présence',
    );
    expect(d.line).toBe(2);
    expect(d.mapping.columns).toHaveLength(5);
  });

  it('ignores a row that matches many aliases but misses a required column', () => {
    const d = detectFrom('Durée;Présence;Modalité;Lieu;Thème', 'Date;Référent;Type');
    expect(d.line).toBe(2);
    expect(d.mapping.dataset.name).toBe('agenda');
  });

  it('only looks at the first 30 rows', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `Titre ${i + 1}`);
    const e = thrown(() => detectFrom(...lines, 'Date;Référent;Type'));
    expect(e.message).toContain('jeu de données non reconnu');
  });
});

describe('dataset recognition', () => {
  it.each<[DatasetName, string]>([
    ['agenda', 'Date;Référent;Type'],
    ['agenda', "Date du RDV;Collaborateur;Type d'événement;N° dossier;Durée (min)"],
    ['agenda', "Date de l'entretien;Intervenant;Type de contact;Nom;Prénom;Modalité;Présence"],
    ['agenda', "DATE DE L'ÉVÉNEMENT;AGENT;OBJET;HEURE DÉBUT;HEURE FIN"],
    ['agenda', 'date_rdv;conseiller;motif du rdv'.replace('date_rdv', 'Date de RDV')],
    ['affectations', "N° dossier;Référent de parcours;Date de début d'affectation;Date de fin d'affectation"],
    ['affectations', "Numéro de dossier;Conseiller;Date d'affectation;Lot"],
    ['affectations', 'Nom;Prénom;Accompagnateur;Mois;Situation'],
    ['affectations', 'Identifiant;Collaborateur;Mois de référence;Etat'],
    ['etapes', "N° dossier;Type d'étape;Date de début;Date de fin;Employeur"],
    ['etapes', 'Nom;Prénom;Catégorie;Date début;Type de contrat;% temps plein'],
    ['etapes', "Code participant;Axe;Date de début;Intitulé"],
    ['sorties', 'N° dossier;Date de sortie;Type de sortie;Motif de sortie'],
    ['sorties', 'Nom;Prénom;Date sortie;Motif'],
    ['sorties', 'ID participant;Date de sortie du dispositif;Nature de sortie'],
  ])('%s ← %s', (dataset, header) => {
    expect(detectFrom(header).mapping.dataset.name).toBe(dataset);
  });

  it('prefers the better-scoring dataset: affectations carrying exit columns stay affectations', () => {
    const d = detectFrom('N° dossier;Référent;Date début;Date fin;Date de sortie;Type de sortie;Motif de sortie');
    expect(d.mapping.dataset.name).toBe('affectations');
    expect(d.alsoFits).toEqual([]);
  });

  it('on equal scores, étapes beat affectations (and the other fit is reported)', () => {
    const d = detectFrom("N° dossier;Nom;Prénom;Référent;Type d'étape;Date de début;Date de fin");
    expect(d.mapping.dataset.name).toBe('etapes');
    expect(d.alsoFits).toEqual(['affectations']);
  });

  it('on equal scores, agenda beats affectations', () => {
    // agenda: participantId, referent, date, kind, attendance; affectations: participantId, referent, start, end, status.
    const d = detectFrom('Dossier;Référent;Date début;Date fin;Motif du RDV;Statut');
    expect(d.mapping.dataset.name).toBe('agenda');
    expect(d.alsoFits).toEqual(['affectations']);
  });

  it('sorties need the exit type or reason', () => {
    expect(unmetRequirements(DATASETS.sorties, new Set(['participantId', 'exitDate']))).toEqual([[['exitType'], ['exitReason']]]);
    expect(unmetRequirements(DATASETS.sorties, new Set(['fullName', 'exitDate', 'exitReason']))).toEqual([]);
  });
});

describe('column mapping', () => {
  it('keeps the best alias when two columns name one field, the other is reported', () => {
    const m = mapHeader(split("Date;Référent;Type;Commentaire;Objet de l'entretien"), DATASETS.agenda);
    expect(m.columns.find((c) => c.field.name === 'subject')?.header).toBe("Objet de l'entretien");
    expect(m.duplicates).toEqual([{ col: 3, header: 'Commentaire', field: 'subject', keptHeader: "Objet de l'entretien" }]);
    expect(m.unmapped).toEqual([{ col: 3, header: 'Commentaire' }]);
  });

  it('treats __proto__, constructor and toString headers as plain data', () => {
    const m = mapHeader(split('Date;__proto__;Référent;constructor;Type;toString;hasOwnProperty'), DATASETS.agenda);
    expect(m.columns.map((c) => c.field.name)).toEqual(['date', 'referent', 'kind']);
    expect(m.unmapped.map((u) => u.header)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
  });

  it('config overrides win over aliases', () => {
    const overrides = new Map([['kind', 'Type de RDV Viesion'], ['subject', '__proto__']]);
    const m = mapHeader(split('Date;Référent;Type;Type de RDV Viesion;__proto__'), DATASETS.agenda, overrides);
    expect(m.columns.map((c) => [c.field.name, c.header, c.priority])).toEqual([
      ['date', 'Date', 0],
      ['referent', 'Référent', 0],
      ['kind', 'Type de RDV Viesion', -1],
      ['subject', '__proto__', -1],
    ]);
    expect(m.unmapped.map((u) => u.header)).toEqual(['Type']);
    expect(m.missingOverrides).toEqual([]);
  });

  it('reads numeric header cells as text', () => {
    const m = mapHeader(['Date', 'Référent', 'Type', 2019], DATASETS.agenda);
    expect(m.unmapped).toEqual([{ col: 3, header: '2019' }]);
  });
});

describe('errors', () => {
  it('a missing required column names the file, found and expected columns, and suggests the closest header', () => {
    const e = thrown(() =>
      detectHeader(rows(split('Date RDV;Référent;Type;N° dossier'), split('12/03/2019;Marie Dupont;RDV;P1')), {
        path: 'agenda.csv',
        sheet: null,
      }),
    );
    expect(e.path).toBe('agenda.csv');
    expect(e.sheet).toBe(null);
    expect(e.message).toBe(
      'agenda.csv : colonne obligatoire « Date » introuvable (jeu « agenda »). ' +
        'Colonnes trouvées (ligne 1) : « Date RDV », « Référent », « Type », « N° dossier ». ' +
        'Colonnes attendues : « Date », « Référent », « Type ». ' +
        'Vouliez-vous dire « Date RDV » ? ' +
        'Ajoutez `columns: { agenda: { date: "Date RDV" } }` dans plie-audit.yaml.',
    );
  });

  it('names the sheet and the alternatives of a requirement', () => {
    const e = thrown(() =>
      detectHeader(rows(split('Titre'), split('N° dossier;Référent;Lot;Nom')), { path: 'flux.xlsx', sheet: 'Affectations' }),
    );
    expect(e.sheet).toBe('Affectations');
    expect(e.message).toBe(
      'flux.xlsx (feuille « Affectations ») : colonne obligatoire « Date de début d\'affectation » ou « Mois » introuvable (jeu « affectations »). ' +
        'Colonnes trouvées (ligne 2) : « N° dossier », « Référent », « Lot », « Nom ». ' +
        'Colonnes attendues : « Référent », « Date de début d\'affectation » ou « Mois », « N° dossier » ou « Nom » + « Prénom » ou « Participant ». ' +
        'Ajoutez `columns: { affectations: { start: "…" } }` dans plie-audit.yaml.',
    );
  });

  it('an unrecognised table lists what was found and what each dataset needs', () => {
    const e = thrown(() => detectFrom('Bilan annuel', 'Indicateur;Valeur', 'Entrées;120'));
    expect(e.message).toBe(
      'export.csv : jeu de données non reconnu (ni affectations, ni agenda, ni étapes, ni sorties). ' +
        'Colonnes trouvées (ligne 2) : « Indicateur », « Valeur ». ' +
        'Colonnes attendues — affectations : « Référent », « Date de début d\'affectation » ou « Mois », « N° dossier » ou « Nom » + « Prénom » ou « Participant » ; ' +
        'agenda : « Date », « Référent », « Type » ; ' +
        'étapes : « N° dossier » ou « Nom » + « Prénom » ou « Participant », « Type d\'étape », « Date de début » ; ' +
        'sorties : « N° dossier » ou « Nom » + « Prénom » ou « Participant », « Date de sortie », « Type de sortie » ou « Motif de sortie ». ' +
        'Indiquez les en-têtes de ce fichier dans plie-audit.yaml (`columns:`) ou vérifiez qu\'il s\'agit bien d\'un export Viesion.',
    );
  });

  it('an empty table says so', () => {
    const e = thrown(() => detectHeader(rows([], [null, '  ']), where));
    expect(e.message).toContain('export.csv : jeu de données non reconnu');
    expect(e.message).toContain('aucune ligne non vide dans les 30 premières lignes');
  });

  it('a configured header absent from the file is named', () => {
    const overrides = new Map([['agenda' as DatasetName, new Map([['kind', 'Type de RDV Viesion']])]]);
    const e = thrown(() => detectHeader(rows(split('Date;Référent;Type')), where, overrides));
    expect(e.message).toBe(
      'export.csv : la colonne « Type de RDV Viesion » indiquée dans plie-audit.yaml (columns.agenda.kind) est introuvable (jeu « agenda »). ' +
        'Colonnes trouvées (ligne 1) : « Date », « Référent », « Type ». Corrigez l\'en-tête dans plie-audit.yaml ou retirez cette ligne.',
    );
  });

  it('suggest() finds nothing when no header is close', () => {
    const m = mapHeader(split('Référent;Type;Zzz'), DATASETS.agenda);
    expect(suggest(m, [['date']])).toBe(null);
  });
});

describe('three-way tie', () => {
  it('a header fitting étapes, agenda and affectations equally goes to étapes, the others reported', () => {
    const d = detectFrom('Dossier;Référent;Date début;Date fin;Type;Statut');
    expect(d.mapping.dataset.name).toBe('etapes');
    expect(d.alsoFits).toEqual(['agenda', 'affectations']);
  });
});
