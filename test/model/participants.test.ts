import { describe, expect, it } from 'vitest';
import { splitFullName } from '../../src/model/mapper.js';
import { readDatasets } from '../../src/model/read.js';
import { csv } from './source.js';

describe('participants', () => {
  it('are built in load order from every row, attributes from affectations, sorties and étapes', async () => {
    const ds = await readDatasets([
      csv(
        `
N° dossier;Nom;Prénom;Référent;Mois;Statut;Sexe;BRSA;Date CER;Date d'orientation;Date d'entrée PLIE
P001;DUPONT;Jean;A;2019-03;En parcours;M;Oui;01/02/2019;10/01/2019;15/01/2019
P001;DUPONT;Jean;A;2019-04;En parcours;M;Oui;;;
`,
        { path: 'aff.csv' },
      ),
      csv("N° dossier;Type d'étape;Date de début;Commune;DELD\nP001;Emploi;01/05/2019;Lunel;Oui", { path: 'etapes.csv' }),
      csv('Date;Référent;Type;N° dossier\n12/03/2019;A;RDV;P001', { path: 'agenda.csv' }),
    ]);
    expect([...ds.participants.values()]).toEqual([
      {
        key: 'id:P001', id: 'P001', lastName: 'DUPONT', firstName: 'Jean',
        sex: 'M', birthDate: null, age: null, commune: 'Lunel', epci: null, qpv: null, brsa: true, cer: true, deld: true,
        th: null, educationLevel: null, healthStart: null, orientationDate: '2019-01-10', entryDate: '2019-01-15',
        // The agenda row (input 2) is not an origin: agenda rows are indexed per participant.
        origins: [{ input: 0, row: 2 }, { input: 0, row: 3 }, { input: 1, row: 2 }],
      },
    ]);
    expect(ds.issues).toEqual([]);
  });

  it('agenda rows add participants in order of first appearance, and a name a row left empty', async () => {
    const ds = await readDatasets([
      csv('N° dossier;Référent;Date début\nP002;A;01/02/2019', { path: 'aff.csv' }),
      csv('Date;Référent;Type;N° dossier;Nom;Prénom\n12/03/2019;A;RDV;P009;;\n13/03/2019;A;RDV;P002;DURAND;\n14/03/2019;A;RDV;P009;MARTIN;Léa\n15/03/2019;A;RDV;P002;DUBOIS;Paul', {
        path: 'agenda.csv',
      }),
    ]);
    expect([...ds.participants.values()].map((p) => [p.key, p.lastName, p.firstName, p.origins.length])).toEqual([
      ['id:P002', 'DURAND', 'Paul', 1],
      ['id:P009', 'MARTIN', 'Léa', 0],
    ]);
  });

  it('report a conflicting attribute once, with both origins and both values; the first value is kept', async () => {
    const ds = await readDatasets([
      csv('N° dossier;Référent;Date début;Date de naissance;Commune\nP001;Marie Dupont;01/02/2019;03/04/1980;Lunel\nP001;Marie Dupont;01/06/2019;03/04/1980;LUNEL', {
        path: 'aff.csv',
      }),
      csv('N° dossier;Date de sortie;Motif de sortie;Date de naissance\nP001;30/11/2019;CDI;04/03/1980\nP001;30/11/2019;CDI;04/03/1980', {
        path: 'sorties.csv',
      }),
    ]);
    expect(ds.participants.get('id:P001')!.birthDate).toBe('1980-04-03');
    expect(ds.participants.get('id:P001')!.commune).toBe('Lunel');
    expect(ds.issues).toEqual([
      {
        code: 'conflit-attribut', participant: 'id:P001', referent: null, date: null, field: 'birthDate',
        column: 'Date de naissance', args: { value: '1980-03-04', kept: '1980-04-03' },
        evidence: [{ input: 0, row: 2 }, { input: 1, row: 2 }], effect: 'kept',
      },
    ]);
  });

  it('a conflict inside one file names the affectation référent', async () => {
    const ds = await readDatasets([
      csv('N° dossier;Référent;Date début;BRSA\nP001;A;01/02/2019;Oui\nP001;B;01/06/2019;Non'),
    ]);
    expect(ds.issues.map((i) => [i.code, i.field, i.referent, i.args, i.evidence])).toEqual([
      ['conflit-attribut', 'brsa', 'B', { value: 'false', kept: 'true' }, [{ input: 0, row: 2 }, { input: 0, row: 3 }]],
    ]);
  });
});

describe('identity by name', () => {
  it('a name-only file is keyed by normalised names, with one identite-par-nom issue per input', async () => {
    const ds = await readDatasets([
      csv('Nom;Prénom;Référent;Date début\nDupont;Jean-Pierre;A;01/02/2019\nDUPONT;Jean Pierre;A;01/03/2019\nMartin;Léa;A;01/02/2019', {
        path: 'aff.csv',
      }),
    ]);
    expect(ds.affectations.map((a) => a.participantKey)).toEqual(['name:dupont|jean pierre', 'name:dupont|jean pierre', 'name:martin|lea']);
    expect([...ds.participants.keys()]).toEqual(['name:dupont|jean pierre', 'name:martin|lea']);
    expect(ds.issues).toEqual([
      {
        code: 'identite-par-nom', participant: null, referent: null, date: null, field: 'lastName', column: 'Nom',
        args: { rows: 3, idColumn: 'non' }, evidence: [{ input: 0, row: 2 }], effect: 'kept',
      },
    ]);
  });

  it('adds the birth date to the key when present', async () => {
    const ds = await readDatasets([csv('Nom;Prénom;Date de naissance;Référent;Date début\nDupont;Jean;03/04/1980;A;01/02/2019')]);
    expect(ds.affectations[0]!.participantKey).toBe('name:dupont|jean|1980-04-03');
  });

  it('links name-only rows to the one id-keyed participant of that name', async () => {
    const ds = await readDatasets([
      csv('N° dossier;Nom;Prénom;Référent;Date début\nP001;DUPONT;Jean;A;01/02/2019\nP002;MARTIN;Léa;A;01/02/2019', { path: 'aff.csv' }),
      csv('Date;Référent;Type;Participant\n12/03/2019;A;RDV;DUPONT Jean\n13/03/2019;A;RDV;Martin Léa', { path: 'agenda.csv' }),
    ]);
    expect(ds.agenda.toArray().map((e) => [e.participantKey, e.participantId, e.lastName, e.firstName])).toEqual([
      ['id:P001', 'P001', 'DUPONT', 'Jean'],
      ['id:P002', 'P002', 'Martin', 'Léa'],
    ]);
    expect([...ds.participants.keys()]).toEqual(['id:P001', 'id:P002']);
    expect(ds.participants.get('id:P001')!.origins).toEqual([{ input: 0, row: 2 }]);
    expect(ds.issues.map((i) => i.code)).toEqual(['identite-par-nom']);
  });

  it('never guesses between two participants of the same name', async () => {
    const ds = await readDatasets([
      csv('N° dossier;Nom;Prénom;Référent;Date début\nP001;DUPONT;Jean;A;01/02/2019\nP009;Dupont;Jean;B;01/02/2019', { path: 'aff.csv' }),
      csv('Nom;Prénom;Date de sortie;Motif de sortie\nDupont;Jean;30/06/2019;CDI\nDupont;Jean;30/06/2019;CDI', { path: 'sorties.csv' }),
    ]);
    expect(ds.sorties.map((x) => x.participantKey)).toEqual(['name:dupont|jean', 'name:dupont|jean']);
    expect(ds.issues).toEqual([
      {
        code: 'identite-par-nom', participant: null, referent: null, date: null, field: 'lastName', column: 'Nom',
        args: { rows: 2, idColumn: 'non' }, evidence: [{ input: 1, row: 2 }], effect: 'kept',
      },
      {
        code: 'identite-ambigue', participant: 'name:dupont|jean', referent: null, date: null, field: 'lastName', column: null,
        args: { value: 'Dupont Jean', candidates: 'P001, P009', count: 2 },
        evidence: [{ input: 1, row: 2 }, { input: 0, row: 2 }, { input: 0, row: 3 }], effect: 'kept',
      },
    ]);
  });

  it('a birth date tells two namesakes apart', async () => {
    const ds = await readDatasets([
      csv('N° dossier;Nom;Prénom;Date de naissance;Référent;Date début\nP001;DUPONT;Jean;03/04/1980;A;01/02/2019\nP009;DUPONT;Jean;05/06/1990;B;01/02/2019'),
      csv('Nom;Prénom;Date de naissance;Date de sortie;Motif de sortie\nDupont;Jean;05/06/1990;30/06/2019;CDI'),
    ]);
    expect(ds.sorties[0]!.participantKey).toBe('id:P009');
    expect(ds.issues.map((i) => i.code)).toEqual(['identite-par-nom']);
  });

  it('links a name key without birth date to the one name+birth key', async () => {
    const ds = await readDatasets([
      csv('Nom;Prénom;Date de naissance;Référent;Date début\nDupont;Jean;03/04/1980;A;01/02/2019'),
      csv('Date;Référent;Type;Nom;Prénom\n12/03/2019;A;RDV;Dupont;Jean'),
    ]);
    expect(ds.agenda.get(0).participantKey).toBe('name:dupont|jean|1980-04-03');
    expect(ds.agenda.get(0).participantId).toBe(null);
    expect([...ds.participants.keys()]).toEqual(['name:dupont|jean|1980-04-03']);
  });

  it('a row with an empty id but names, in a file with ids, falls back to the name', async () => {
    const ds = await readDatasets([csv('N° dossier;Nom;Prénom;Référent;Date début\nP001;Dupont;Jean;A;01/02/2019\n;Dupont;Jean;A;01/03/2019')]);
    expect(ds.affectations.map((a) => a.participantKey)).toEqual(['id:P001', 'id:P001']);
    expect(ds.issues.map((i) => [i.code, i.field, i.args])).toEqual([['identite-par-nom', 'participantId', { rows: 1, idColumn: 'oui' }]]);
  });

  it('splits full names on the upper-case family name', () => {
    expect(splitFullName('DUPONT Jean')).toEqual(['DUPONT', 'Jean']);
    expect(splitFullName('DE LA FONTAINE Jean-Marie')).toEqual(['DE LA FONTAINE', 'Jean-Marie']);
    expect(splitFullName('Dupont, Jean')).toEqual(['Dupont', 'Jean']);
    expect(splitFullName('Dupont Jean Marie')).toEqual(['Dupont', 'Jean Marie']);
    expect(splitFullName('DUPONT JEAN')).toEqual(['DUPONT', 'JEAN']);
    expect(splitFullName('Dupont')).toEqual(['Dupont', null]);
  });
});

describe('unknown participants in the agenda', () => {
  it('are reported once per participant, rows kept', async () => {
    const ds = await readDatasets([
      csv('N° dossier;Référent;Date début\nP001;Marie Dupont;01/02/2019', { path: 'aff.csv' }),
      csv(
        'Date;Référent;Type;N° dossier\n12/03/2019;Marie Dupont;RDV;P001\n13/03/2019;Marie Dupont;RDV;P404\n14/03/2019;Paul Martin;RDV;P404\n15/03/2019;Paul Martin;Congés;',
        { path: 'agenda.csv' },
      ),
    ]);
    expect(ds.agenda).toHaveLength(4);
    expect(ds.agenda.get(1).participantKey).toBe('id:P404');
    expect(ds.issues).toEqual([
      {
        code: 'participant-inconnu', participant: 'id:P404', referent: 'Marie Dupont', date: '2019-03-13', field: 'participantId',
        column: 'N° dossier', args: { value: 'P404', rows: 2 }, evidence: [{ input: 1, row: 3 }, { input: 1, row: 4 }], effect: 'kept',
      },
    ]);
  });

  it('are not reported when only the agenda was given', async () => {
    const ds = await readDatasets([csv('Date;Référent;Type;N° dossier\n13/03/2019;Marie Dupont;RDV;P404')]);
    expect(ds.issues).toEqual([]);
    expect([...ds.participants.keys()]).toEqual(['id:P404']);
  });
});
