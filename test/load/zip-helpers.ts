/** Hand-made ZIPs for tests, independent of the code under test. */
import zlib from 'node:zlib';

export interface ZipInput {
  name: string;
  data: string | Buffer;
  /** Deflate (default) or store. */
  store?: boolean;
}

/** An entry as written: its bytes (deflated or stored), and the sizes and CRC the headers declare. */
export interface RawZipEntry {
  name: string;
  body: Buffer;
  /** 8 = deflate, 0 = store. */
  method: number;
  crc: number;
  /** Uncompressed size written in both headers (a hostile file may lie). */
  declaredSize: number;
}

/** Local headers, central directory and end record around the entries, in their order. */
export function assembleZip(entries: RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.body.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.body.length, 20);
    central.writeUInt32LE(e.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A standard ZIP (local headers, central directory, end record) in the given entry order. */
export function makeZip(entries: ZipInput[]): Buffer {
  return assembleZip(
    entries.map((e) => {
      const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
      return {
        name: e.name,
        body: e.store ? raw : zlib.deflateRawSync(raw),
        method: e.store ? 0 : 8,
        crc: zlib.crc32(raw),
        declaredSize: raw.length,
      };
    }),
  );
}

interface CentralRecord {
  name: string;
  /** Offset of the central record in the buffer. */
  at: number;
  localOffset: number;
  compressedSize: number;
}

function centralRecords(zip: Buffer): CentralRecord[] {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: CentralRecord[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(p + 28);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    out.push({ name, at: p, localOffset: zip.readUInt32LE(p + 42), compressedSize: zip.readUInt32LE(p + 20) });
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return out;
}

function record(zip: Buffer, name: string): CentralRecord {
  const r = centralRecords(zip).find((c) => c.name === name);
  if (!r) throw new Error(`no entry ${name}`);
  return r;
}

/** Rewrites the sizes the central directory declares for one entry (data untouched). */
export function patchDeclaredSizes(zip: Buffer, name: string, sizes: { uncompressed?: number; compressed?: number }): Buffer {
  const out = Buffer.from(zip);
  const r = record(out, name);
  if (sizes.compressed !== undefined) out.writeUInt32LE(sizes.compressed, r.at + 20);
  if (sizes.uncompressed !== undefined) out.writeUInt32LE(sizes.uncompressed, r.at + 24);
  return out;
}

/** Offset and length of an entry's compressed bytes. */
export function entryData(zip: Buffer, name: string): { start: number; length: number } {
  const r = record(zip, name);
  const start = r.localOffset + 30 + zip.readUInt16LE(r.localOffset + 26) + zip.readUInt16LE(r.localOffset + 28);
  return { start, length: r.compressedSize };
}

/** Declared uncompressed sizes, by entry. */
export function declaredSizes(zip: Buffer): { name: string; uncompressed: number }[] {
  return centralRecords(zip).map((r) => ({ name: r.name, uncompressed: zip.readUInt32LE(r.at + 24) }));
}

export function entryNames(zip: Buffer): string[] {
  return centralRecords(zip).map((r) => r.name);
}
