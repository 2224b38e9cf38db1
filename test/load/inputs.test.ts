import { chmodSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandInputs, openInputs, parseEncodingOption } from '../../src/load/index.js';
import { collect, inputError, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

describe('inputs', () => {
  it('expands folders recursively, keeps known extensions, skips hidden files and Excel lock files, sorts by path', async () => {
    const root = path.join(tmp.dir, 'exports');
    tmp.file('exports/b.csv', 'x\n');
    tmp.file('exports/a/z.TXT', 'x\n');
    tmp.file('exports/a/y.tsv', 'x\n');
    tmp.file('exports/c.xls', '<table><tr><td>x</td></tr></table>');
    tmp.file('exports/.cache.csv', 'x\n');
    tmp.file('exports/.git/d.csv', 'x\n');
    tmp.file('exports/~$classeur.xlsx', 'lock');
    tmp.file('exports/notes.md', 'x');
    expect(await expandInputs([root])).toEqual(
      ['a/y.tsv', 'a/z.TXT', 'b.csv', 'c.xls'].map((f) => path.join(root, f)),
    );
    const explicit = tmp.file('exports/notes.md', 'a;b\n');
    // An explicit file is read whatever its extension; duplicates are read once.
    expect(await expandInputs([explicit, root, explicit])).toEqual([
      explicit,
      ...['a/y.tsv', 'a/z.TXT', 'b.csv', 'c.xls'].map((f) => path.join(root, f)),
    ]);
    const sources = await openInputs([root], {});
    expect(sources.map((s) => [path.relative(root, s.path), s.container])).toEqual([
      ['a/y.tsv', 'csv'],
      ['a/z.TXT', 'csv'],
      ['b.csv', 'csv'],
      ['c.xls', 'html'],
    ]);
  });

  it('refuses a path that does not exist', async () => {
    const missing = path.join(tmp.dir, 'absent.csv');
    const err = await inputError(() => openInputs([missing], {}));
    expect(err.message).toBe(`Le chemin « ${missing} » n'existe pas : vérifiez le nom du fichier ou du dossier.`);
    expect(err.path).toBe(missing);
  });

  it('refuses a folder without any export', async () => {
    const dir = path.join(tmp.dir, 'rien');
    tmp.file('rien/lisez-moi.md', 'x');
    expect((await inputError(() => openInputs([dir], {}))).message).toBe(
      `Le dossier « ${dir} » ne contient aucun fichier .csv, .txt, .tsv, .xlsx ou .xls : vérifiez le chemin.`,
    );
  });

  it('refuses an empty file, and a file holding only a BOM and blank lines', async () => {
    const empty = tmp.file('vide.csv', '');
    expect((await inputError(() => openInputs([empty], {}))).message).toBe(`« ${empty} » est un fichier vide : vérifiez l'export.`);
    const blank = tmp.file('blanc.csv', '\ufeff\r\n  \r\n');
    expect((await inputError(() => openInputs([blank], {}))).message).toBe(`« ${blank} » est un fichier vide : vérifiez l'export.`);
  });

  it('refuses a legacy .xls (OLE2) and says to re-save it as .xlsx', async () => {
    const file = tmp.file('ancien.xlsx', Buffer.concat([OLE2, Buffer.alloc(2048, 0), Buffer.from('Workbook', 'utf16le')]));
    const err = await inputError(() => openInputs([file], {}));
    expect(err.message).toBe(
      `« ${file} » est un classeur Excel 97-2003 (.xls) : réenregistrez-le au format Classeur Excel (.xlsx) ou CSV.`,
    );
  });

  it('recognises a password-protected workbook (OLE2 holding EncryptionInfo)', async () => {
    const file = tmp.file('protege.xlsx', Buffer.concat([OLE2, Buffer.alloc(3000, 0), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(100)]));
    const err = await inputError(() => openInputs([file], {}));
    expect(err.message).toBe(
      `« ${file} » : le classeur est protégé par mot de passe : ouvrez-le dans Excel et enregistrez une copie sans mot de passe ` +
        `(Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe, effacer le mot de passe), au format .xlsx.`,
    );
  });

  it('never modifies the inputs and opens them read-only', async () => {
    const file = tmp.file('lecture-seule.csv', 'a;b\n1;2\n');
    chmodSync(file, 0o444);
    const before = statSync(file);
    const [source] = await openInputs([file], {});
    await collect(source!);
    const after = statSync(file);
    expect(readFileSync(file, 'utf8')).toBe('a;b\n1;2\n');
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.mode).toBe(before.mode);
  });

  it('normalises encoding names and refuses unknown ones', () => {
    expect(['UTF8', 'latin1', 'cp1252', 'utf-16be'].map(parseEncodingOption)).toEqual(['utf-8', 'windows-1252', 'windows-1252', 'utf-16be']);
    expect(() => parseEncodingOption('constructor')).toThrow(
      'Encodage « constructor » non reconnu : utilisez utf-8, windows-1252, utf-16le ou utf-16be.',
    );
  });
});
