/**
 * The JSON, CSV and JUnit reports written in chunks (a large audit is never one string in
 * memory): the chunks put together are the text the whole-document formatting gives.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/engine/audit.js';
import type { AuditResult, Violation } from '../../src/engine/result.js';
import { CHECK_CSV_HEADER, checkCsvChunks, csvDocument, formatCheckCsv, violationCells, type CsvCell } from '../../src/report/csv.js';
import { checkJson, checkJsonChunks, formatCheckJson } from '../../src/report/json.js';
import { checkJunitChunks, formatCheckJunit } from '../../src/report/junit.js';
import { dateFr } from '../../src/report/words.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demo = path.join(root, 'fixtures/demo');

let demoResult: AuditResult;
beforeAll(async () => {
  demoResult = await audit({ inputs: [demo], cwd: root });
}, 60_000);

/** The demo's violations `times` over: enough to cross every chunk boundary. */
function repeated(times: number): AuditResult {
  return { ...demoResult, violations: Array.from({ length: times }, () => demoResult.violations).flat() };
}

const jsonReference = (r: AuditResult): string => `${JSON.stringify(checkJson(r), null, 2)}\n`;

/** Text that JSON escapes or that could pass for the report's own layout. */
const awkward = fc.constantFrom('', 'a\nb', '  "violations": []', '"quoted"', '\u2028', 'é — « »', '\\', '\t', '{\n  }');

describe('checkJsonChunks', () => {
  it('one chunk, then the demo year: JSON.stringify(checkJson(r), null, 2) and a newline', () => {
    expect(formatCheckJson(demoResult)).toBe(jsonReference(demoResult));
    expect(formatCheckJson(demoResult).length).toBeGreaterThan(1000);
  });

  it('several batches of violations', () => {
    const r = repeated(12);
    expect(r.violations.length).toBeGreaterThan(2000);
    const chunks = [...checkJsonChunks(r)];
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(jsonReference(r));
    expect(JSON.parse(chunks.join('')).violations).toHaveLength(r.violations.length);
  });

  it('no violation, baseline and pseudonyms', () => {
    const none: AuditResult = { ...demoResult, violations: [] };
    expect(formatCheckJson(none)).toBe(jsonReference(none));
    const extra: AuditResult = {
      ...demoResult,
      baseline: { path: 'avant.json', hidden: 3, resolved: [{ rule: 'x', severity: 'error', participant: null, referent: 'R', period: null, date: '2019-01-02', message: 'm' }] },
      pseudonymized: { keyed: 'PLIE_AUDIT_KEY' },
    };
    expect(formatCheckJson(extra)).toBe(jsonReference(extra));
  });

  it('any text in the violations (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(awkward, awkward, fc.string()), { minLength: 1, maxLength: 30 }), (texts) => {
        const base = demoResult.violations[0]!;
        const violations: Violation[] = texts.map(([participant, referent, value]) => ({
          ...base,
          participant,
          referent,
          args: { value, list: [value, participant], empty: [], flag: true, n: -1.5 },
          evidence: [],
        }));
        const r: AuditResult = { ...demoResult, violations };
        expect(formatCheckJson(r)).toBe(jsonReference(r));
      }),
      { numRuns: 200 },
    );
  });
});

describe('checkCsvChunks', () => {
  /** The report as one document: a row of cells per violation. */
  function csvReference(r: AuditResult): string {
    const rules = new Map(r.rules.map((x) => [x.id, x]));
    const rows: CsvCell[][] = [[...CHECK_CSV_HEADER]];
    for (const v of r.violations) {
      const c = violationCells(v, rules.get(v.rule));
      rows.push([c.rule, c.severity, c.referent, c.participant, c.period, dateFr(c.date), c.milestone, c.expected, c.actual, c.message, c.evidence, c.clause]);
    }
    return csvDocument(rows);
  }

  it('the demo year, then several chunks: the same document', () => {
    expect(formatCheckCsv(demoResult)).toBe(csvReference(demoResult));
    const r = repeated(12);
    const chunks = [...checkCsvChunks(r)];
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.endsWith('\r\n')).toBe(true);
    expect(chunks.join('')).toBe(csvReference(r));
  });

  it('csvDocument: BOM, fields quoted and neutralised, CRLF', () => {
    expect(csvDocument([['a;b', '=1', 2.5, null], ['"x"', '', -1, undefined]])).toBe('\uFEFF"a;b";\'=1;2,5;\r\n"""x""";;-1;\r\n');
  });
});

describe('checkJunitChunks', () => {
  it('chunks of whole lines making one well-formed report', () => {
    const r = repeated(12);
    const chunks = [...checkJunitChunks(r)];
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
    const text = chunks.join('');
    expect(text).toBe(formatCheckJunit(r));
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(text.endsWith('  </testsuite>\n</testsuites>\n')).toBe(true);
    expect(text.match(/<failure /g)).toHaveLength(r.violations.length);
  });
});
