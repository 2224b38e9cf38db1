import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/load/types.js';
import { readDatasets } from '../../src/model/read.js';
import { csv, source } from './source.js';

async function rejection(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no InputError thrown');
}

describe('monthly-status affectations in a grouped report', () => {
  const flux = () =>
    csv(
      `
Flux mensuel des affectations par référent de parcours
Période du 01/01/2019 au 31/12/2019
Édité le 05/01/2020

Structure;Référent;N° dossier;Nom;Prénom;Mois;Statut;Date d'entrée PLIE
PLIE Est;Marie Dupont;;;;;;
;;P001;DUPONT;Jean;03/2019;En parcours;15/01/2019
;;P002;MARTIN;Léa;mars 2019;En veille;
;;;;;;;
Sous-total Marie Dupont;2;;;;;;
;Paul Martin;P003;DURAND;Luc;2019-03;Sorti;
;;P004;PETIT;Ana;Mars-19;En accompagnement;
Total général;4;;;;;;
Nombre de participants : 4;;;;;;;
`,
      { path: 'flux.csv' },
    );

  it('carries the référent and structure down, skips title, blank and total rows', async () => {
    const ds = await readDatasets([flux()]);
    expect(ds.affectations.map((a) => [a.origin.row, a.participantId, a.structure, a.referent, a.month, a.status])).toEqual([
      [7, 'P001', 'PLIE Est', 'Marie Dupont', '2019-03', 'parcours'],
      [8, 'P002', 'PLIE Est', 'Marie Dupont', '2019-03', 'veille'],
      [11, 'P003', 'PLIE Est', 'Paul Martin', '2019-03', 'sorti'],
      [12, 'P004', 'PLIE Est', 'Paul Martin', '2019-03', 'parcours'],
    ]);
    expect(ds.issues).toEqual([]);
  });

  it('reports how the table was read', async () => {
    const ds = await readDatasets([flux()]);
    expect(ds.inputs).toEqual([
      {
        path: 'flux.csv',
        sheet: null,
        container: 'csv',
        dataset: 'affectations',
        rows: 4,
        headerRow: 5,
        encoding: 'utf-8',
        delimiter: ';',
        // group label row 6, blank row 9, sous-total 10, total général 13, nombre de 14
        skippedRows: 5,
        warnings: ['7 cellule(s) vide(s) de « Structure », « Référent » complétée(s) par la valeur de la ligne précédente (rapport groupé).'],
        columns: {
          structure: 'Structure',
          referent: 'Référent',
          participantId: 'N° dossier',
          lastName: 'Nom',
          firstName: 'Prénom',
          month: 'Mois',
          status: 'Statut',
          entryDate: "Date d'entrée PLIE",
        },
        unmappedColumns: [],
        unmappedValues: {},
        affectationShape: 'mensuel',
      },
    ]);
    expect(ds.present).toEqual(new Set(['affectations']));
    expect(ds.fields.affectations).toEqual(
      new Set(['structure', 'referent', 'participantId', 'lastName', 'firstName', 'month', 'status', 'entryDate', 'participantKey']),
    );
    expect(ds.fields.agenda).toEqual(new Set());
  });

  it('does not carry values into rows that carry no data', async () => {
    const ds = await readDatasets([
      csv(`
Référent;N° dossier;Mois;Statut
Marie Dupont;P001;2019-03;En parcours
;;;
Marie Dupont;;;
;P002;2019-03;En parcours
`),
    ]);
    expect(ds.affectations.map((a) => [a.participantId, a.referent])).toEqual([
      ['P001', 'Marie Dupont'],
      ['P002', 'Marie Dupont'],
    ]);
    expect(ds.inputs[0]!.skippedRows).toBe(2);
  });

  it('never carries non-groupable columns', async () => {
    const ds = await readDatasets([
      csv(`
Référent;N° dossier;Mois;Statut
Marie Dupont;P001;2019-03;En parcours
;P002;2019-04;
`),
    ]);
    expect(ds.affectations.map((a) => [a.referent, a.status])).toEqual([
      ['Marie Dupont', 'parcours'],
      ['Marie Dupont', null],
    ]);
  });
});

describe('dated affectations', () => {
  it('reads start/end, veille, exits and attributes; shape "dates"', async () => {
    const ds = await readDatasets([
      csv(`
N° dossier;Référent;Lot;Date de début d'affectation;Date de fin d'affectation;Date début veille;Date fin veille;Date d'orientation;Date de sortie;Type de sortie;Motif de sortie;Sexe;Date de naissance;BRSA;Date CER;QPV;RQTH;Commune
P001;Marie Dupont;Lot 1;15/01/2019;;01/06/2019;31/07/2019;10/01/2019;30/11/2019;Positive;CDI;F;03/04/1980;Oui;12/02/2019;Non;X;Lunel
`),
    ]);
    expect(ds.inputs[0]!.affectationShape).toBe('dates');
    expect(ds.affectations).toEqual([
      {
        participantKey: 'id:P001', participantId: 'P001', lastName: null, firstName: null,
        sex: 'F', birthDate: '1980-04-03', age: null, commune: 'Lunel', epci: null, qpv: false, brsa: true, cer: true,
        deld: null, th: true, educationLevel: null, healthStart: null,
        referent: 'Marie Dupont', structure: null, lot: 'Lot 1', start: '2019-01-15', end: null, month: null, status: null,
        veilleStart: '2019-06-01', veilleEnd: '2019-07-31', orientationDate: '2019-01-10', entryDate: null,
        exitDate: '2019-11-30', exitType: 'positive', exitReason: 'CDI',
        origin: { input: 0, row: 2 },
      },
    ]);
    expect(ds.fields.affectations.has('cer')).toBe(true);
  });
});

describe('agenda', () => {
  it('maps every field, with units and implied mode/format', async () => {
    const ds = await readDatasets([
      csv(`
Date;Heure début;Heure fin;Durée (h);Référent;Fonction;N° dossier;Type;Modalité;Nature du RDV;Présence;Objet de l'entretien;Catégorie de temps;Date de saisie;Émargement;Lieu
12/03/2019;9h00;10:30;1,5;Marie  Dupont;CIP;P001;Entretien individuel;Présentiel;;Honoré;Point emploi;Temps participant;13/03/2019 08:10;Oui;Lunel
13/03/2019;;;0,5;Marie Dupont;;P001;Entretien téléphonique;;;Absent excusé;;;;;
14/03/2019;;;2;Paul Martin;;;Congés;;;;;Temps agenda;;;
`),
    ]);
    expect(ds.agenda.toArray()).toEqual([
      {
        participantKey: 'id:P001', participantId: 'P001', lastName: null, firstName: null,
        date: '2019-03-12', startTime: '09:00', endTime: '10:30', durationMin: 90, referent: 'Marie Dupont', role: 'cip',
        kind: 'entretien', mode: 'physique', format: 'individuel', attendance: 'present', subject: 'Point emploi',
        timeCategory: 'participant', enteredAt: '2019-03-13', signed: true, location: 'Lunel', origin: { input: 0, row: 2 },
      },
      {
        participantKey: 'id:P001', participantId: 'P001', lastName: null, firstName: null,
        date: '2019-03-13', startTime: null, endTime: null, durationMin: 30, referent: 'Marie Dupont', role: null,
        kind: 'entretien', mode: 'telephone', format: null, attendance: 'absent-excuse', subject: null,
        timeCategory: null, enteredAt: null, signed: null, location: null, origin: { input: 0, row: 3 },
      },
      {
        participantKey: null, participantId: null, lastName: null, firstName: null,
        date: '2019-03-14', startTime: null, endTime: null, durationMin: 120, referent: 'Paul Martin', role: null,
        kind: 'conge', mode: null, format: null, attendance: null, subject: null,
        timeCategory: 'agenda', enteredAt: null, signed: null, location: null, origin: { input: 0, row: 4 },
      },
    ]);
    // The same référent spelling is one string (interned).
    expect(ds.agenda.get(0).referent).toBe(ds.agenda.get(1).referent);
    expect(ds.fields.agenda.has('durationMin')).toBe(true);
    expect(ds.participants.size).toBe(1);
  });

  it('a bare « Durée » reads integers as minutes and small decimals as hours', async () => {
    const ds = await readDatasets([
      csv(`
Date;Référent;Type;Durée
12/03/2019;A;RDV;45
12/03/2019;A;RDV;1,5
12/03/2019;A;RDV;1h15
`),
    ]);
    expect(ds.agenda.toArray().map((e) => e.durationMin)).toEqual([45, 90, 75]);
  });

  it('counts unmapped values; an approximate match is counted and warned about', async () => {
    const ds = await readDatasets([
      csv(`
Date;Référent;Type;Modalité
12/03/2019;A;Rencontre partenaire;Physique
13/03/2019;A;Rencontre partenaire;Physique
14/03/2019;A;Entretien individuel renforcé;Domicile du voisin
15/03/2019;A;__proto__;
16/03/2019;A;constructor;
`),
    ]);
    expect(ds.agenda.toArray().map((e) => [e.kind, e.format, e.mode])).toEqual([
      ['autre', null, 'physique'],
      ['autre', null, 'physique'],
      ['entretien', 'individuel', null],
      ['autre', null, null],
      ['autre', null, null],
    ]);
    const report = ds.inputs[0]!;
    expect(report.unmappedValues).toEqual({
      kind: Object.fromEntries([['Rencontre partenaire', 2], ['Entretien individuel renforcé', 1], ['__proto__', 1], ['constructor', 1]]),
      mode: { 'Domicile du voisin': 1 },
    });
    expect(report.unmappedValues.kind!['__proto__']).toBe(1);
    expect(Object.getPrototypeOf(report.unmappedValues.kind)).toBe(null);
    expect(Object.keys(report.unmappedValues.kind!)).toEqual(['Rencontre partenaire', 'Entretien individuel renforcé', '__proto__', 'constructor']);
    expect(report.warnings).toEqual([
      "Format individuel/collectif déduit du type d'événement pour 1 ligne(s) (ex. « Entretien individuel »).",
      'Valeur « Entretien individuel renforcé » (kind) rattachée à « entretien » par approximation (elle contient « entretien individuel ») : ' +
        'confirmez-la dans plie-audit.yaml (`values: { kind: { "Entretien individuel renforcé": entretien } }`).',
    ]);
    // An unknown mode is an invalid optional value: null, row kept, reported.
    expect(ds.issues).toEqual([
      {
        code: 'valeur-invalide', participant: null, referent: 'A', date: '2019-03-14', field: 'mode', column: 'Modalité',
        args: { value: 'Domicile du voisin' }, evidence: [{ input: 0, row: 4 }], effect: 'kept',
      },
    ]);
  });
});

describe('row-level problems', () => {
  it('an invalid required date excludes the row with a date-invalide issue', async () => {
    const ds = await readDatasets([
      csv(`
Date;Référent;Type;N° dossier
31/02/2019;Marie Dupont;RDV;P001
01/03/2019;Marie Dupont;RDV;P001
`),
    ]);
    expect(ds.agenda.toArray().map((e) => e.origin.row)).toEqual([3]);
    expect(ds.inputs[0]!.rows).toBe(1);
    expect(ds.issues).toEqual([
      {
        code: 'date-invalide', participant: 'id:P001', referent: 'Marie Dupont', date: null, field: 'date', column: 'Date',
        args: { value: '31/02/2019' }, evidence: [{ input: 0, row: 2 }], effect: 'excluded',
      },
    ]);
  });

  it('an invalid optional value is set to null and the row kept', async () => {
    const ds = await readDatasets([
      csv(`
N° dossier;Référent;Date début;Date d'entrée PLIE;BRSA
P001;Marie Dupont;01/02/2019;30/02/2019;Peut-être
`),
    ]);
    expect(ds.affectations[0]!.entryDate).toBe(null);
    expect(ds.affectations[0]!.brsa).toBe(null);
    expect(ds.issues).toEqual([
      {
        code: 'valeur-invalide', participant: 'id:P001', referent: 'Marie Dupont', date: '2019-02-01', field: 'entryDate',
        column: "Date d'entrée PLIE", args: { value: '30/02/2019' }, evidence: [{ input: 0, row: 2 }], effect: 'kept',
      },
      {
        code: 'valeur-invalide', participant: 'id:P001', referent: 'Marie Dupont', date: '2019-02-01', field: 'brsa',
        column: 'BRSA', args: { value: 'Peut-être' }, evidence: [{ input: 0, row: 2 }], effect: 'kept',
      },
    ]);
    expect(ds.inputs[0]!.unmappedValues).toEqual({ brsa: { 'Peut-être': 1 } });
  });

  it('an empty required field excludes the row', async () => {
    const ds = await readDatasets([
      csv(`
N° dossier;Référent;Mois;Statut
P001;;2019-03;En parcours
;Marie Dupont;2019-03;En parcours
P003;Marie Dupont;;En parcours
`),
    ]);
    expect(ds.affectations).toEqual([]);
    expect(ds.issues.map((i) => [i.code, i.field, i.column, i.participant, i.evidence[0]!.row, i.effect])).toEqual([
      ['champ-obligatoire-vide', 'referent', 'Référent', 'id:P001', 2, 'excluded'],
      ['champ-obligatoire-vide', 'participantId', 'N° dossier', null, 3, 'excluded'],
      ['champ-obligatoire-vide', 'month', 'Mois', 'id:P003', 4, 'excluded'],
    ]);
  });

  it('an invalid month in a monthly file is a date-invalide', async () => {
    const ds = await readDatasets([
      csv(`
N° dossier;Référent;Mois;Statut
P001;A;Trimestre 1;En parcours
`),
    ]);
    expect(ds.issues.map((i) => [i.code, i.field, i.args.value, i.effect])).toEqual([['date-invalide', 'month', 'Trimestre 1', 'excluded']]);
  });

  it('caps detailed valeur-invalide issues per field and says so', async () => {
    const lines = ['Date;Référent;Type;Durée'];
    for (let i = 0; i < 205; i++) lines.push('12/03/2019;A;RDV;longtemps');
    const ds = await readDatasets([csv(lines.join('\n'))]);
    expect(ds.agenda).toHaveLength(205);
    expect(ds.issues).toHaveLength(200);
    expect(ds.inputs[0]!.warnings).toEqual(['205 valeurs invalides dans « Durée » ; seules les 200 premières sont détaillées.']);
  });
});

describe('étapes and sorties', () => {
  it('reads steps: planned end, droit commun, % temps plein, ACI by operator', async () => {
    const ds = await readDatasets([
      csv(`
N° dossier;Type d'étape;Type de contrat;Intitulé;Employeur;Date de début;Date fin réelle;Date fin prévue;% temps plein;Qualifiante;Droit commun;Clause d'insertion;Statut;Justificatif
P001;Emploi;CDD;Agent d'entretien;ACI Les Jardins;01/03/2019;;31/08/2019;80;Non;Non;Oui;En cours;05/03/2019
P001;Formation;;CAP cuisine;AFPA;01/09/2019;15/12/2019;;;Oui;Oui;;Réalisée;
`),
    ]);
    expect(ds.etapes).toEqual([
      {
        participantKey: 'id:P001', participantId: 'P001', lastName: null, firstName: null, category: 'emploi', contract: 'cdd',
        label: "Agent d'entretien", operator: 'ACI Les Jardins', start: '2019-03-01', end: '2019-08-31', weeklyHours: 28,
        qualifying: false, plie: true, clause: true, aci: true, status: 'en-cours', proofDate: '2019-03-05', origin: { input: 0, row: 2 },
      },
      {
        participantKey: 'id:P001', participantId: 'P001', lastName: null, firstName: null, category: 'formation', contract: null,
        label: 'CAP cuisine', operator: 'AFPA', start: '2019-09-01', end: '2019-12-15', weeklyHours: null,
        qualifying: true, plie: false, clause: null, aci: null, status: 'realisee', proofDate: null, origin: { input: 0, row: 3 },
      },
    ]);
    expect([...ds.fields.etapes].sort()).toEqual(
      ['aci', 'category', 'clause', 'contract', 'droitCommun', 'end', 'label', 'operator', 'participantId', 'participantKey',
        'plannedEnd', 'plie', 'proofDate', 'qualifying', 'start', 'status', 'weeklyHours'].sort(),
    );
  });

  it('reads exits; an empty exit date is kept as null, an invalid one excludes the row', async () => {
    const ds = await readDatasets([
      csv(`
N° dossier;Date de sortie;Type de sortie;Motif de sortie;Date de sortie prévisionnelle;Date de validation;Date de réception des justificatifs;Type de justificatif
P001;30/11/2019;Positive;CDI;31/12/2019;05/12/2019;10/12/2019;Certificat de travail
P002;;;Abandon;;;;
P003;32/11/2019;Autre;Déménagement;;;;
`),
    ]);
    expect(ds.sorties).toEqual([
      {
        participantKey: 'id:P001', participantId: 'P001', lastName: null, firstName: null, exitDate: '2019-11-30',
        exitType: 'positive', exitReason: 'CDI', forecastDate: '2019-12-31', commissionDate: '2019-12-05',
        proofDate: '2019-12-10', proofKind: 'Certificat de travail', origin: { input: 0, row: 2 },
      },
      {
        participantKey: 'id:P002', participantId: 'P002', lastName: null, firstName: null, exitDate: null,
        exitType: null, exitReason: 'Abandon', forecastDate: null, commissionDate: null,
        proofDate: null, proofKind: null, origin: { input: 0, row: 3 },
      },
    ]);
    expect(ds.issues.map((i) => [i.code, i.field, i.args.value, i.evidence[0]!.row])).toEqual([['date-invalide', 'exitDate', '32/11/2019', 4]]);
  });
});

describe('XLSX-like cells', () => {
  it('reads numeric ids as text, serial dates in the workbook date system, date cells as text', async () => {
    const header = ['N° dossier', 'Référent', 'Date début', 'Date fin', 'Date de naissance'];
    const ds1900 = await readDatasets([source([header, [123, 'A', 43536, '2019-12-31', '1980-04-03 00:00']], { path: 'a.xlsx', sheet: 'Feuil1' })]);
    expect(ds1900.affectations.map((a) => [a.participantId, a.participantKey, a.start, a.end, a.birthDate])).toEqual([
      ['123', 'id:123', '2019-03-12', '2019-12-31', '1980-04-03'],
    ]);
    const ds1904 = await readDatasets([source([header, ['000123', 'A', 42074, null, null]], { path: 'a.xlsx', sheet: 'Feuil1', date1904: true })]);
    expect(ds1904.affectations.map((a) => [a.participantId, a.start])).toEqual([['000123', '2019-03-12']]);
    expect(ds1904.inputs[0]!.sheet).toBe('Feuil1');
    expect(ds1904.inputs[0]!.container).toBe('xlsx');
  });

  it('leaves out a sheet with no content at all, keeps input indexes dense', async () => {
    const ds = await readDatasets([
      source([[], [null, '']], { path: 'a.xlsx', sheet: 'Feuil2' }),
      source([['Date', 'Référent', 'Type'], ['12/03/2019', 'A', 'RDV']], { path: 'a.xlsx', sheet: 'Agenda' }),
    ]);
    expect(ds.inputs.map((i) => i.sheet)).toEqual(['Agenda']);
    expect(ds.agenda.get(0).origin).toEqual({ input: 0, row: 2 });
  });

  it('an empty CSV file is an InputError', async () => {
    const e = await rejection(readDatasets([source([], { path: 'vide.csv' })]));
    expect(e.path).toBe('vide.csv');
    expect(e.message).toContain('vide.csv : jeu de données non reconnu');
  });

  it('keeps the loader warnings first', async () => {
    const ds = await readDatasets([csv('Date;Référent;Type\n12/03/2019;A;RDV', { warnings: ['guillemet non fermé ligne 12'] })]);
    expect(ds.inputs[0]!.warnings).toEqual(['guillemet non fermé ligne 12']);
  });
});

describe('__proto__ and friends', () => {
  it('headers and values named like Object.prototype members are plain data', async () => {
    const ds = await readDatasets([
      csv(`
Date;__proto__;Référent;constructor;Type;toString
12/03/2019;x;A;y;RDV;z
`),
    ]);
    expect(ds.agenda).toHaveLength(1);
    expect(ds.inputs[0]!.unmappedColumns).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.keys(ds.inputs[0]!.columns)).toEqual(['date', 'referent', 'kind']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('config may map a field to a __proto__ header and a __proto__ value', async () => {
    const ds = await readDatasets(
      [
        csv(`
Date;Référent;__proto__;toString
12/03/2019;A;constructor;Oui
`),
      ],
      {
        columns: JSON.parse('{"agenda": {"kind": "__proto__", "signed": "toString"}}'),
        values: JSON.parse('{"kind": {"constructor": "bilan"}}'),
      },
    );
    expect(ds.agenda.toArray().map((e) => [e.kind, e.signed])).toEqual([['bilan', true]]);
    expect(ds.inputs[0]!.columns).toEqual({ date: 'Date', referent: 'Référent', kind: '__proto__', signed: 'toString' });
  });
});

describe('config', () => {
  it('columns: force a header, which may be written differently (case, accents)', async () => {
    const ds = await readDatasets(
      [
        csv(`
Date RDV;Référent;Type;Nature RDV
12/03/2019;A;RDV;Physique
`),
      ],
      { columns: { agenda: { date: 'DATE rdv', mode: 'Nature RDV' } } },
    );
    expect(ds.agenda.toArray().map((e) => [e.date, e.mode])).toEqual([['2019-03-12', 'physique']]);
    expect(ds.inputs[0]!.columns).toEqual({ date: 'Date RDV', referent: 'Référent', kind: 'Type', mode: 'Nature RDV' });
  });

  it('columns: durationMin is accepted for duration', async () => {
    const ds = await readDatasets([csv('Date;Référent;Type;Temps (minutes)\n12/03/2019;A;RDV;40')], {
      columns: { agenda: { durationMin: 'Temps (minutes)' } },
    });
    expect(ds.agenda.get(0).durationMin).toBe(40);
  });

  it('columns: an absent header is an InputError naming it', async () => {
    const e = await rejection(
      readDatasets([csv('Date;Référent;Type\n12/03/2019;A;RDV', { path: 'agenda.csv' })], {
        columns: { agenda: { kind: 'Type de RDV Viesion' } },
      }),
    );
    expect(e.message).toBe(
      'agenda.csv : la colonne « Type de RDV Viesion » indiquée dans plie-audit.yaml (columns.agenda.kind) est introuvable (jeu « agenda »). ' +
        'Colonnes trouvées (ligne 1) : « Date », « Référent », « Type ». Corrigez l\'en-tête dans plie-audit.yaml ou retirez cette ligne.',
    );
  });

  it('columns: unknown datasets and fields are refused', async () => {
    const e1 = await rejection(readDatasets([], { columns: { rdv: { date: 'x' } } as never }));
    expect(e1.message).toBe('plie-audit.yaml : columns.rdv : jeu de données inconnu (jeux possibles : affectations, agenda, etapes, sorties).');
    expect(e1.path).toBe('plie-audit.yaml');
    const e2 = await rejection(readDatasets([], { columns: { agenda: { typ: 'x' } } }));
    expect(e2.message).toMatch(/^plie-audit\.yaml : columns\.agenda\.typ : champ inconnu \(champs possibles : date, startTime, endTime, duration, /);
  });

  it('values: overrides win over default aliases, for enums, booleans and text', async () => {
    const ds = await readDatasets(
      [
        csv(`
Date;Référent;Type;Présence;Émargement
12/03/2019;M. DUPONT;RDV physique;Excusé;Signé
12/03/2019;Marie Dupont;Bilan;Présent;Oui
`),
      ],
      {
        values: {
          kind: { 'RDV physique': 'bilan', Bilan: 'poursuite' },
          attendance: { 'excusé': 'absent-non-excuse' },
          signed: { 'Signé': 'oui' },
          referent: { 'M. DUPONT': 'Marie Dupont' },
        },
      },
    );
    expect(ds.agenda.toArray().map((e) => [e.referent, e.kind, e.mode, e.attendance, e.signed])).toEqual([
      ['Marie Dupont', 'bilan', null, 'absent-non-excuse', true],
      ['Marie Dupont', 'poursuite', null, 'present', true],
    ]);
    expect(ds.inputs[0]!.unmappedValues).toEqual({});
  });

  it('values: status applies to affectation and étape statuses alike', async () => {
    const ds = await readDatasets(
      [
        csv('N° dossier;Référent;Mois;Statut\nP1;A;2019-03;Suivi renforcé'),
        csv("N° dossier;Type d'étape;Date de début;Statut\nP1;Emploi;01/03/2019;Lancée"),
      ],
      { values: { status: { 'Suivi renforcé': 'parcours', 'Lancée': 'en-cours' } } },
    );
    expect(ds.affectations[0]!.status).toBe('parcours');
    expect(ds.etapes[0]!.status).toBe('en-cours');
  });

  it('values: an impossible canonical value or field is refused', async () => {
    const e1 = await rejection(readDatasets([], { values: { kind: { RDV: 'entretin' } } }));
    expect(e1.message).toBe(
      'plie-audit.yaml : values.kind.« RDV » : « entretin » n\'est pas une valeur possible (valeurs possibles : ' +
        'entretien, contact, atelier, relance, bilan, poursuite, commission, conge, reunion-structure, point-etape, autre).',
    );
    const e2 = await rejection(readDatasets([], { values: { date: { hier: '2019-01-01' } } }));
    expect(e2.message).toMatch(/^plie-audit\.yaml : values\.date : champ inconnu ou sans valeurs à traduire/);
  });
});

describe('unrecognised inputs', () => {
  it('an unrecognised file is an InputError naming it', async () => {
    const e = await rejection(readDatasets([csv('Indicateur;Valeur\nEntrées;120', { path: 'bilan.csv' })]));
    expect(e.path).toBe('bilan.csv');
    expect(e.message).toMatch(/^bilan\.csv : jeu de données non reconnu \(ni affectations, ni agenda, ni étapes, ni sorties\)\. Colonnes trouvées \(ligne 1\) : « Indicateur », « Valeur »\./);
  });

  it('a missing required column suggests the closest header', async () => {
    const e = await rejection(readDatasets([csv('Date RDV;Référent;Type\n12/03/2019;A;RDV', { path: 'agenda.csv' })]));
    expect(e.message).toBe(
      'agenda.csv : colonne obligatoire « Date » introuvable (jeu « agenda »). Colonnes trouvées (ligne 1) : « Date RDV », « Référent », « Type ». ' +
        'Colonnes attendues : « Date », « Référent », « Type ». Vouliez-vous dire « Date RDV » ? ' +
        'Ajoutez `columns: { agenda: { date: "Date RDV" } }` dans plie-audit.yaml.',
    );
  });
});

describe('mode and format implied by the kind', () => {
  it('fill only empty cells, make the field available, and are reported', async () => {
    const ds = await readDatasets([
      csv(`
Date;Référent;Type
12/03/2019;A;Entretien téléphonique
13/03/2019;A;Entretien physique
14/03/2019;A;Atelier collectif
15/03/2019;A;Bilan
`),
    ]);
    expect(ds.agenda.toArray().map((e) => [e.kind, e.mode, e.format])).toEqual([
      ['entretien', 'telephone', null],
      ['entretien', 'physique', null],
      ['atelier', null, null],
      ['bilan', null, null],
    ]);
    expect(ds.fields.agenda.has('mode')).toBe(true);
    expect(ds.fields.agenda.has('format')).toBe(false);
    expect(ds.inputs[0]!.warnings).toEqual(["Modalité déduite du type d'événement pour 2 ligne(s) (ex. « Entretien téléphonique » → téléphone)."]);
  });

  it('never override a mode column', async () => {
    const ds = await readDatasets([csv('Date;Référent;Type;Modalité\n12/03/2019;A;Entretien téléphonique;Visio')]);
    expect(ds.agenda.get(0).mode).toBe('visio');
    expect(ds.inputs[0]!.warnings).toEqual([]);
  });
});
