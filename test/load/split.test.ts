import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { findCut } from '../../src/load/split.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const cutOf = (s: string, delimiter = ';', rd: string[] = ['\n']) => {
  const b = bytes(s);
  return findCut(b, b.length, delimiter, rd);
};
/** The text after the cut. */
const after = (s: string, rd: string[] = ['\n']) => {
  const b = Buffer.from(s, 'utf8');
  const c = findCut(b, b.length, ';', rd);
  return c === null ? null : { rest: b.subarray(c.offset).toString('utf8'), line: c.line };
};

describe('findCut', () => {
  it('cuts after the first line break at or past the middle, and says which line comes next', () => {
    const text = 'a;b\n1;2\n3;4\n5;6\n7;8\n';
    expect(after(text)).toEqual({ rest: '5;6\n7;8\n', line: 4 });
  });

  it('skips line breaks inside a quoted field that spans the middle', () => {
    const text = 'a;b\n1;"x\ny\nz\nw"\n3;4\n5;6\n';
    // Bytes 0-19 hold the quoted field; the middle (byte 13) falls inside it.
    expect(after(text)).toEqual({ rest: '3;4\n5;6\n', line: 6 });
  });

  it('reads doubled quotes as one quote inside a quoted field', () => {
    const text = 'a;"he said ""hi""\nthere";c\n1;2\n3;4\n';
    expect(after(text)).toEqual({ rest: '1;2\n3;4\n', line: 3 });
  });

  it('does not cut a file with a quote outside the grammar (read in one piece)', () => {
    expect(cutOf('a;b\n1;2"\n3;4\n5;6\n7;8\n')).toBeNull();
    expect(cutOf('a;b\n1;"2"x\n3;4\n5;6\n7;8\n')).toBeNull();
  });

  it('with CRLF records, a lone LF in an unquoted field is not a boundary; CRLF counts one line', () => {
    const text = 'a;b\r\n1;2\r\n3;x\ny\r\n5;6\r\n7;8\r\n';
    expect(after(text, ['\r\n'])).toEqual({ rest: '5;6\r\n7;8\r\n', line: 5 });
  });

  it('counts a lone CR inside a quoted field as a line, as the reader does', () => {
    const text = 'a;"x\ry"\n1;2\n3;4\n5;6\n7;8\n';
    // « a;"x\ry" » takes lines 1-2: « 5;6 » is on line 5.
    expect(after(text)).toEqual({ rest: '5;6\n7;8\n', line: 5 });
  });

  it('skips a BOM at the start of the file', () => {
    const text = '\uFEFF"a";"b"\n"1";"2"\n"3";"4"\n"5";"6"\n';
    expect(after(text)).toEqual({ rest: '"3";"4"\n"5";"6"\n', line: 3 });
  });

  it('refuses mixed line endings, CR-only files, multi-character or quote delimiters', () => {
    const text = 'a;b\n1;2\n3;4\n5;6\n';
    expect(cutOf(text, ';', ['\r\n', '\n', '\r'])).toBeNull();
    expect(cutOf(text, ';', ['\r'])).toBeNull();
    expect(cutOf(text, ';;')).toBeNull();
    expect(cutOf(text, '"')).toBeNull();
  });

  it('has no cut when no line break follows the middle', () => {
    expect(cutOf('a\n1;2;3;4;5')).toBeNull();
  });

  it('the two parts parse to exactly the records of the whole (property)', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[a-zé0-9 ]{0,6}$/),
      fc.stringMatching(/^[a-z;\n"é]{0,8}$/).map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    const row = fc.array(field, { minLength: 1, maxLength: 4 }).map((fs) => fs.join(';'));
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 30 }), fc.boolean(), (rows, crlf) => {
        const eol = crlf ? '\r\n' : '\n';
        const text = rows.join(eol) + eol;
        const b = Buffer.from(text, 'utf8');
        const c = findCut(b, b.length, ';', [eol]);
        if (c === null) return;
        const opts = { delimiter: ';', relax_column_count: true, record_delimiter: [eol] };
        const whole = parse(b, opts);
        const first = parse(b.subarray(0, c.offset), opts);
        const second = parse(b.subarray(c.offset), opts);
        expect([...first, ...second]).toEqual(whole);
        // The line the second part starts on: 1 + line breaks before the cut, CRLF once.
        const before = b.subarray(0, c.offset).toString('utf8');
        expect(c.line).toBe(1 + before.split(/\r\n|\n|\r/).length - 1);
      }),
      { numRuns: 300 },
    );
  });
});
