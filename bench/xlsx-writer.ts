/**
 * A minimal one-sheet XLSX writer for the benchmark: shared strings, date / time / date-time
 * styles, sizes in the local headers (no data descriptors), parts in the order a streaming reader
 * prefers (workbook, styles and shared strings before the sheet). The sheet XML is spooled to a
 * temporary file and deflated as a stream: a 300 000-row sheet is ~150 MB of XML.
 */
import { closeSync, createReadStream, openSync, rmSync, writeSync } from 'node:fs';
import zlib from 'node:zlib';

export type XlsxCell =
  | string
  | number
  /** A calendar day, numbered from 2019-01-01 (date style). */
  | { date: number }
  /** Minutes after midnight (time style). */
  | { time: number }
  /** Minutes from 2019-01-01 00:00 (date-time style). */
  | { dateTime: number };

const escapeXml = (s: string): string =>
  /[&<>"]/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : s;

function columnLetters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const CONTENT_TYPES =
  `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
  '</Types>';
const ROOT_RELS =
  `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '</Relationships>';
const WORKBOOK_RELS =
  `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
  '</Relationships>';
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="hh:mm"/>' +
  '<numFmt numFmtId="166" formatCode="dd/mm/yyyy hh:mm"/></numFmts>' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '</styleSheet>';

interface Written {
  name: string;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

export class XlsxSheetWriter {
  private readonly strings = new Map<string, number>();
  private readonly spool: string;
  private readonly spoolFd: number;
  private parts: string[] = [];
  private pending = 0;
  private row = 0;
  private readonly columns: string[] = [];

  constructor(
    private readonly path: string,
    private readonly sheetName: string,
    /** Day number → Excel serial. */
    private readonly serialOf: (day: number) => number,
  ) {
    this.spool = `${path}.sheet.tmp`;
    this.spoolFd = openSync(this.spool, 'w');
    this.write(`${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData>`);
  }

  private write(s: string): void {
    this.parts.push(s);
    this.pending += s.length;
    if (this.pending > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.spoolFd, this.parts.join(''));
    this.parts = [];
    this.pending = 0;
  }

  private shared(s: string): number {
    let i = this.strings.get(s);
    if (i === undefined) {
      i = this.strings.size;
      this.strings.set(s, i);
    }
    return i;
  }

  addRow(cells: readonly XlsxCell[]): void {
    const r = ++this.row;
    let xml = `<row r="${r}">`;
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!;
      const ref = `${(this.columns[c] ??= columnLetters(c + 1))}${r}`;
      if (typeof cell === 'string') {
        if (cell !== '') xml += `<c r="${ref}" t="s"><v>${this.shared(cell)}</v></c>`;
      } else if (typeof cell === 'number') {
        xml += `<c r="${ref}"><v>${cell}</v></c>`;
      } else if ('date' in cell) {
        xml += `<c r="${ref}" s="1"><v>${this.serialOf(cell.date)}</v></c>`;
      } else if ('time' in cell) {
        xml += `<c r="${ref}" s="2"><v>${cell.time / 1440}</v></c>`;
      } else {
        const day = Math.floor(cell.dateTime / 1440);
        xml += `<c r="${ref}" s="3"><v>${this.serialOf(day) + (cell.dateTime % 1440) / 1440}</v></c>`;
      }
    }
    this.write(`${xml}</row>`);
  }

  async finish(): Promise<void> {
    this.write('</sheetData></worksheet>');
    this.flush();
    closeSync(this.spoolFd);

    const sst: string[] = [`${XML_HEAD}<sst xmlns="${MAIN_NS}" count="${this.strings.size}" uniqueCount="${this.strings.size}">`];
    for (const s of this.strings.keys()) sst.push(`<si><t xml:space="preserve">${escapeXml(s)}</t></si>`);
    sst.push('</sst>');

    const fd = openSync(this.path, 'w');
    let offset = 0;
    const written: Written[] = [];
    const put = (buf: Buffer, at?: number): void => {
      writeSync(fd, buf, 0, buf.length, at ?? offset);
      if (at === undefined) offset += buf.length;
    };
    const small = (name: string, text: string): void => {
      const data = Buffer.from(text, 'utf8');
      const deflated = zlib.deflateRawSync(data, { level: 6 });
      const w: Written = { name, crc: zlib.crc32(data), compressed: deflated.length, size: data.length, offset };
      put(localHeader(w));
      put(deflated);
      written.push(w);
    };
    small('[Content_Types].xml', CONTENT_TYPES);
    small('_rels/.rels', ROOT_RELS);
    small(
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr/><sheets>` +
        `<sheet name="${escapeXml(this.sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    );
    small('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
    small('xl/styles.xml', STYLES);
    small('xl/sharedStrings.xml', sst.join(''));

    // The sheet: header with placeholder sizes, streamed deflate, header patched afterwards.
    const sheet: Written = { name: 'xl/worksheets/sheet1.xml', crc: 0, compressed: 0, size: 0, offset };
    put(localHeader(sheet));
    const deflate = zlib.createDeflateRaw({ level: 6 });
    const input = createReadStream(this.spool, { highWaterMark: 1 << 20 });
    input.on('data', (chunk) => {
      const b = chunk as Buffer;
      sheet.crc = zlib.crc32(b, sheet.crc);
      sheet.size += b.length;
    });
    input.pipe(deflate);
    for await (const chunk of deflate) {
      put(chunk as Buffer);
      sheet.compressed += (chunk as Buffer).length;
    }
    put(localHeader(sheet), sheet.offset);
    written.push(sheet);
    rmSync(this.spool);

    const cdStart = offset;
    for (const w of written) put(centralHeader(w));
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(written.length, 8);
    eocd.writeUInt16LE(written.length, 10);
    eocd.writeUInt32LE(offset - cdStart, 12);
    eocd.writeUInt32LE(cdStart, 16);
    put(eocd);
    closeSync(fd);
  }
}

function localHeader(w: Written): Buffer {
  const name = Buffer.from(w.name, 'utf8');
  const h = Buffer.alloc(30 + name.length);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(0, 6);
  h.writeUInt16LE(8, 8);
  h.writeUInt16LE(0, 10);
  h.writeUInt16LE(0x4f21, 12);
  h.writeUInt32LE(w.crc >>> 0, 14);
  h.writeUInt32LE(w.compressed, 18);
  h.writeUInt32LE(w.size, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  name.copy(h, 30);
  return h;
}

function centralHeader(w: Written): Buffer {
  const name = Buffer.from(w.name, 'utf8');
  const h = Buffer.alloc(46 + name.length);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(0, 8);
  h.writeUInt16LE(8, 10);
  h.writeUInt16LE(0, 12);
  h.writeUInt16LE(0x4f21, 14);
  h.writeUInt32LE(w.crc >>> 0, 16);
  h.writeUInt32LE(w.compressed, 20);
  h.writeUInt32LE(w.size, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE(w.offset, 42);
  name.copy(h, 46);
  return h;
}
