/**
 * Just enough ZIP to protect exceljs and to feed it a clean stream: read the central directory,
 * refuse zip bombs on the declared sizes, locate entry data, inflate small parts, and rebuild a
 * sequential ZIP stream holding only the parts we need, in the order exceljs needs them.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** The bytes are not a readable ZIP (truncated, corrupt, unsupported feature). Internal. */
export class ZipFormatError extends Error {}

/** Declared or actual sizes exceed our limits. Internal; `detail` is French. */
export class ZipBombError extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

export const MAX_TOTAL_UNCOMPRESSED = 1024 * 1024 * 1024;
export const MAX_RATIO = 200;
export const RATIO_CHECK_FROM = 50 * 1024 * 1024;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const EOCD_SIZE = 22;
const MAX_CENTRAL_DIRECTORY = 64 * 1024 * 1024;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new ZipFormatError('fin de fichier inattendue');
    done += bytesRead;
  }
  return buf;
}

function u64(buf: Buffer, offset: number): number {
  const v = buf.readBigUInt64LE(offset);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('taille ZIP64 hors limites');
  return Number(v);
}

export async function readCentralDirectory(fh: FileHandle, fileSize: number): Promise<ZipEntry[]> {
  if (fileSize < EOCD_SIZE) throw new ZipFormatError('trop court pour un ZIP');
  const tailLength = Math.min(fileSize, EOCD_SIZE + 0xffff + 20);
  const tailStart = fileSize - tailLength;
  const tail = await readAt(fh, tailStart, tailLength);

  let eocd = -1;
  for (let i = tailLength - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD && i + EOCD_SIZE + tail.readUInt16LE(i + 20) <= tailLength) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('répertoire central introuvable');

  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  const eocdPosition = tailStart + eocd;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== SIG_ZIP64_LOCATOR) {
      throw new ZipFormatError('enregistrement ZIP64 introuvable');
    }
    const z64Offset = u64(tail, locator + 8);
    if (z64Offset + 56 > eocdPosition) throw new ZipFormatError('enregistrement ZIP64 hors du fichier');
    const z64 = await readAt(fh, z64Offset, 56);
    if (z64.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw new ZipFormatError('enregistrement ZIP64 invalide');
    count = u64(z64, 32);
    cdSize = u64(z64, 40);
    cdOffset = u64(z64, 48);
  }
  if (cdOffset + cdSize > eocdPosition) throw new ZipFormatError('répertoire central hors du fichier');
  if (cdSize > MAX_CENTRAL_DIRECTORY) throw new ZipFormatError('répertoire central démesuré');

  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  while (entries.length < count) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) {
      throw new ZipFormatError('répertoire central tronqué');
    }
    const flags = cd.readUInt16LE(p + 8);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > cd.length) throw new ZipFormatError('répertoire central tronqué');
    const entry: ZipEntry = {
      name: cd.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength),
      flags,
      method: cd.readUInt16LE(p + 10),
      crc32: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      uncompressedSize: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
    };
    applyZip64Extra(entry, cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
    if (entry.localHeaderOffset + 30 > cdOffset) throw new ZipFormatError('entrée hors du fichier');
    entries.push(entry);
    p = end;
  }
  return entries;
}

function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = extra.readUInt16LE(p);
    const size = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const take = (): number => {
        if (q + 8 > p + 4 + size) throw new ZipFormatError('champ ZIP64 tronqué');
        const v = u64(extra, q);
        q += 8;
        return v;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = take();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = take();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = take();
      return;
    }
    p += 4 + size;
  }
}

const mb = (n: number): string => `${Math.round(n / (1024 * 1024)).toLocaleString('fr-FR')} Mo`;

/** Checks the sizes the directory declares; the streaming side also enforces them on real bytes. */
export function checkDeclaredSizes(entries: ZipEntry[]): void {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    const ratio = e.uncompressedSize / Math.max(e.compressedSize, 1);
    if (e.uncompressedSize > RATIO_CHECK_FROM && ratio > MAX_RATIO) {
      throw new ZipBombError(
        `l'élément « ${e.name} » décompressé dépasserait ${mb(e.uncompressedSize)} pour ` +
          `${Math.ceil(e.compressedSize / 1024).toLocaleString('fr-FR')} Ko compressés ` +
          `(taux de compression ${Math.round(ratio).toLocaleString('fr-FR')} pour 1)`,
      );
    }
  }
  if (total > MAX_TOTAL_UNCOMPRESSED) {
    throw new ZipBombError(`son contenu décompressé dépasserait ${mb(total)} (limite : 1 Gio)`);
  }
}

/** Offset of the entry's compressed bytes, checked against the file. */
export async function entryDataOffset(fh: FileHandle, entry: ZipEntry, fileSize: number): Promise<number> {
  const header = await readAt(fh, entry.localHeaderOffset, 30);
  if (header.readUInt32LE(0) !== SIG_LOCAL) throw new ZipFormatError(`en-tête local invalide (${entry.name})`);
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + entry.compressedSize > fileSize) throw new ZipFormatError(`données tronquées (${entry.name})`);
  if (entry.flags & 0x1) throw new ZipFormatError(`élément chiffré (${entry.name})`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipFormatError(`méthode de compression ${entry.method} non prise en charge (${entry.name})`);
  }
  return start;
}

/** Whole content of a small entry (rels, workbook.xml…), inflated with a hard output cap. */
export async function readSmallEntry(
  fh: FileHandle,
  entry: ZipEntry,
  fileSize: number,
  maxBytes = 32 * 1024 * 1024,
): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes) throw new ZipBombError(`l'élément « ${entry.name} » dépasserait ${mb(maxBytes)}`);
  const start = await entryDataOffset(fh, entry, fileSize);
  const raw = await readAt(fh, start, entry.compressedSize);
  if (entry.method === 0) return raw;
  try {
    return zlib.inflateRawSync(raw, { maxOutputLength: Math.max(entry.uncompressedSize, 1) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ZipBombError(`l'élément « ${entry.name} » décompressé dépasse la taille déclarée`);
    }
    throw new ZipFormatError(`données compressées invalides (${entry.name})`);
  }
}

async function* readRange(fh: FileHandle, start: number, length: number, chunk = 1024 * 1024): AsyncGenerator<Buffer> {
  let done = 0;
  while (done < length) {
    const n = Math.min(chunk, length - done);
    const buf = Buffer.allocUnsafe(n);
    const { bytesRead } = await fh.read(buf, 0, n, start + done);
    if (bytesRead === 0) throw new ZipFormatError('fin de fichier inattendue');
    done += bytesRead;
    yield bytesRead === n ? buf : buf.subarray(0, bytesRead);
  }
}

/** Streams an entry's inflated bytes (the caller may stop early). */
export async function* inflateEntry(fh: FileHandle, entry: ZipEntry, dataStart: number, chunkSize?: number): AsyncGenerator<Buffer> {
  const compressed = readRange(fh, dataStart, entry.compressedSize);
  if (entry.method === 0) {
    yield* compressed;
    return;
  }
  const inflater = zlib.createInflateRaw(chunkSize === undefined ? {} : { chunkSize });
  const source = Readable.from(compressed, { objectMode: false });
  source.on('error', (err) => inflater.destroy(err));
  source.pipe(inflater);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } finally {
    source.destroy();
    inflater.destroy();
  }
}

/** A part of the rebuilt ZIP: either literal bytes (stored) or an entry's compressed bytes copied as is. */
export type ZipPart =
  | { name: string; data: Buffer }
  | { name: string; entry: ZipEntry; dataStart: number };

function localHeader(name: string, method: number, crc: number, compressed: number, uncompressed: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const h = Buffer.alloc(30 + nameBytes.length);
  h.writeUInt32LE(SIG_LOCAL, 0);
  h.writeUInt16LE(20, 4);
  // Bit 11 (UTF-8 names) only: clearing bit 3 means the sizes below are authoritative, so the
  // unzipper never has to hunt for a data-descriptor signature inside compressed data.
  h.writeUInt16LE(0x0800, 6);
  h.writeUInt16LE(method, 8);
  h.writeUInt16LE(0, 10);
  h.writeUInt16LE(0x21, 12);
  h.writeUInt32LE(crc >>> 0, 14);
  h.writeUInt32LE(compressed, 18);
  h.writeUInt32LE(uncompressed, 22);
  h.writeUInt16LE(nameBytes.length, 26);
  h.writeUInt16LE(0, 28);
  nameBytes.copy(h, 30);
  return h;
}

/** A sequential ZIP holding `parts` in order, followed by an (empty) end-of-directory record. */
export async function* rebuildZip(fh: FileHandle, parts: ZipPart[]): AsyncGenerator<Buffer> {
  for (const part of parts) {
    if ('data' in part) {
      yield localHeader(part.name, 0, zlib.crc32(part.data), part.data.length, part.data.length);
      yield part.data;
    } else {
      const e = part.entry;
      yield localHeader(part.name, e.method, e.crc32, e.compressedSize, e.uncompressedSize);
      yield* readRange(fh, part.dataStart, e.compressedSize);
    }
  }
  const eocd = Buffer.alloc(EOCD_SIZE);
  eocd.writeUInt32LE(SIG_EOCD, 0);
  yield eocd;
}
