/**
 * JUnit XML: checked by a strict XML 1.0 well-formedness parser (below, no dependency), then by
 * its structure: a testsuite, a testcase per rule, a failure per violation, skipped rules skipped.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/engine/audit.js';
import type { AuditResult } from '../../src/engine/result.js';
import { escapeXmlAttr, escapeXmlText, formatCheckJunit, xmlSafeText } from '../../src/report/junit.js';
import { violationMessage } from '../../src/report/messages.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demo = path.join(root, 'fixtures/demo');

// ---------- a strict XML 1.0 well-formedness parser (elements, attributes, text, entities) ----------

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME_START = /[A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NAME_CHAR = /[-.0-9\u00B7\u0300-\u036F\u203F-\u2040A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const LEGAL = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function parseXml(src: string): XmlElement {
  if (!LEGAL.test(src)) throw new Error('character not allowed in XML 1.0');
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${i}: ${JSON.stringify(src.slice(i, i + 30))}`);
  };
  const ws = () => {
    while (i < src.length && ' \t\r\n'.includes(src[i]!)) i++;
  };
  const name = (): string => {
    const start = i;
    if (!NAME_START.test(src[i] ?? '')) fail('name expected');
    i++;
    while (i < src.length && NAME_CHAR.test(src[i]!)) i++;
    return src.slice(start, i);
  };
  const reference = (): string => {
    // at '&'
    const end = src.indexOf(';', i);
    if (end < 0) fail('unterminated reference');
    const body = src.slice(i + 1, end);
    i = end + 1;
    if (/^#x[0-9A-Fa-f]+$/.test(body) || /^#[0-9]+$/.test(body)) {
      const cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      const ch = String.fromCodePoint(cp);
      if (!LEGAL.test(ch)) fail('reference to an illegal character');
      return ch;
    }
    if (!(body in ENTITIES)) fail(`undeclared entity &${body};`);
    return ENTITIES[body]!;
  };
  const misc = () => {
    for (;;) {
      ws();
      if (src.startsWith('<!--', i)) {
        const end = src.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (src.startsWith('<?', i) && !src.startsWith('<?xml ', i)) {
        const end = src.indexOf('?>', i);
        if (end < 0) fail('unterminated PI');
        i = end + 2;
      } else return;
    }
  };
  const element = (): XmlElement => {
    if (src[i] !== '<') fail('< expected');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      ws();
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('whitespace expected before attribute');
      const an = name();
      ws();
      if (src[i] !== '=') fail('= expected');
      i++;
      ws();
      const q = src[i];
      if (q !== '"' && q !== "'") fail('quoted value expected');
      i++;
      let value = '';
      while (src[i] !== q) {
        if (i >= src.length) fail('unterminated attribute');
        if (src[i] === '<') fail('< in attribute value');
        if (src[i] === '&') {
          value += reference();
        } else {
          // Attribute-value normalisation: a raw whitespace character reads as a space.
          value += ' \t\r\n'.includes(src[i]!) ? ' ' : src[i];
          i++;
        }
      }
      i++;
      if (an in el.attrs) fail(`duplicate attribute ${an}`);
      el.attrs[an] = value;
    }
    for (;;) {
      if (i >= src.length) fail(`unclosed <${el.name}>`);
      if (src.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        ws();
        if (src[i] !== '>') fail('> expected');
        i++;
        return el;
      }
      if (src.startsWith('<!--', i)) {
        const end = src.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (src.startsWith('<![CDATA[', i)) {
        const end = src.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        el.text += src.slice(i + 9, end);
        i = end + 3;
      } else if (src[i] === '<') {
        el.children.push(element());
      } else if (src[i] === '&') {
        el.text += reference();
      } else {
        if (src.startsWith(']]>', i)) fail(']]> in text');
        el.text += src[i++];
      }
    }
  };
  if (src.startsWith('<?xml', i)) {
    const end = src.indexOf('?>', i);
    if (end < 0) fail('unterminated XML declaration');
    if (!/^<\?xml version="1\.0"( encoding="UTF-8")?\?>$/.test(src.slice(i, end + 2))) fail('bad XML declaration');
    i = end + 2;
  }
  misc();
  const root = element();
  misc();
  if (i !== src.length) fail('content after the root element');
  return root;
}

const all = (el: XmlElement, name: string): XmlElement[] =>
  [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];

// ---------- the parser itself rejects what it must ----------

describe('parseXml (the well-formedness check used below)', () => {
  it.each([
    ['<a><b></a></b>', /closes/],
    ['<a x="1" x="2"/>', /duplicate/],
    ['<a>&nbsp;</a>', /undeclared/],
    ['<a>a < b</a>', /name expected/],
    ['<a x="<"/>', /< in attribute/],
    ['<a/><b/>', /after the root/],
    ['<a>\u0001</a>', /not allowed/],
    ['<a>&#1;</a>', /illegal character/],
    ['<a>', /unclosed/],
  ])('rejects %j', (xml, why) => {
    expect(() => parseXml(xml)).toThrow(why);
  });

  it('reads attributes, entities and nesting', () => {
    expect(parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a k="&quot;x&apos;&#10;"><b>1 &lt; 2 &amp; 3</b></a>\n')).toEqual({
      name: 'a', attrs: { k: '"x\'\n' }, text: '', children: [{ name: 'b', attrs: {}, text: '1 < 2 & 3', children: [] }],
    });
  });
});

// ---------- escaping ----------

describe('XML escaping', () => {
  it('text: & < >; attributes also quotes and line breaks', () => {
    expect(escapeXmlText('a & <b> "c" \'d\'')).toBe('a &amp; &lt;b&gt; "c" \'d\'');
    expect(escapeXmlAttr('a & <b> "c" \'d\'\n\t\r')).toBe('a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;&#10;&#9;&#13;');
  });

  it('drops characters XML 1.0 forbids, keeps the rest (accents, emoji, tab)', () => {
    expect(xmlSafeText('a\u0000b\u0001c\u001bd\uFFFEe\uD800f\tg é 😀')).toBe('abcdef\tg é 😀');
  });
});

// ---------- the report ----------

const SOURCE = { cahier: 'lunel-2019', section: 'Lot 1', quote: 'q' };
const ENTRETIENS = { match: { kinds: ['entretien'], modes: ['physique'], formats: ['individuel'] } };

function crafted(): AuditResult {
  const base = { milestone: null, expected: null, actual: null, args: {}, evidence: [] };
  return {
    tool: { name: 'plie-audit', version: '0.1.0' },
    ruleset: { id: 'lunel-2019', lot: 'lot1', title: "Lunel & Pays de l'Or", cahier: 'lunel-2019' },
    period: { start: '2019-01-01', end: '2019-12-31' },
    asOf: '2019-12-31',
    inputs: [],
    rules: [
      { id: 'entretiens-mensuels', kind: 'contact-frequency', severity: 'error', status: 'ran', skip: null, violations: 2, source: SOURCE, fidelity: null, interpretation: null, params: ENTRETIENS },
      { id: 'premier-entretien', kind: 'first-contact-delay', severity: 'error', status: 'ran', skip: null, violations: 0, source: SOURCE, fidelity: null, interpretation: null, params: {} },
      { id: 'revue-18-mois', kind: 'milestone-review', severity: 'error', status: 'skipped', skip: { code: 'champ-absent', dataset: 'agenda', field: 'kind' }, violations: 0, source: null, fidelity: null, interpretation: null, params: {} },
      { id: 'saisie', kind: 'entry-delay', severity: 'off', status: 'off', skip: null, violations: 0, source: null, fidelity: null, interpretation: null, params: {} },
      { id: 'donnees-invalides', kind: 'data-quality', severity: 'warning', status: 'ran', skip: null, violations: 1, source: null, fidelity: null, interpretation: null, params: {} },
    ],
    violations: [
      { ...base, rule: 'entretiens-mensuels', kind: 'contact-frequency', severity: 'error', participant: '<script>alert(1)</script>', referent: '=HYPERLINK("http://x","y")', period: '2019-03', date: null, expected: 2, actual: 1, evidence: [{ path: 'agenda.csv', sheet: null, row: 18 }, { path: 'agenda.csv', sheet: null, row: 25 }] },
      { ...base, rule: 'entretiens-mensuels', kind: 'contact-frequency', severity: 'error', participant: 'P2', referent: 'Ctrl\u0001\u001b', period: '2019-04', date: null, expected: 2, actual: 0 },
      { ...base, rule: 'donnees-invalides', kind: 'data-quality', severity: 'warning', participant: 'P3]]>', referent: null, period: null, date: '2019-05-06', args: { code: 'participant-inconnu', value: '</testcase>&' } },
    ],
    summary: { error: 2, warning: 1, info: 0, participants: 3, rulesRan: 3, rulesSkipped: 1 },
  };
}

describe('formatCheckJunit (crafted)', () => {
  let xml: string;
  let doc: XmlElement;
  beforeAll(() => {
    xml = formatCheckJunit(crafted());
    doc = parseXml(xml);
  });

  it('testsuites › one testsuite named after the rule set and lot, testcase counts', () => {
    expect(doc.name).toBe('testsuites');
    expect(doc.attrs).toEqual({ name: 'plie-audit', tests: '5', failures: '2', errors: '0', skipped: '2' });
    expect(doc.children.map((c) => c.name)).toEqual(['testsuite']);
    expect(doc.children[0]!.attrs).toEqual({ name: 'lunel-2019 lot1', tests: '5', failures: '2', errors: '0', skipped: '2' });
  });

  it('properties: period, situation, counts', () => {
    const props = all(doc, 'property').map((p) => [p.attrs.name, p.attrs.value]);
    expect(props).toEqual([
      ['titre', "Lunel & Pays de l'Or"],
      ['période', '2019-01-01/2019-12-31'],
      ['situation', '2019-12-31'],
      ['version', 'plie-audit 0.1.0'],
      ['erreurs', '2'],
      ['avertissements', '1'],
      ['infos', '0'],
    ]);
  });

  it('a testcase per rule; a failure per violation; skipped and disabled rules skipped', () => {
    const cases = all(doc, 'testcase').map((t) => ({
      classname: t.attrs.classname,
      name: t.attrs.name,
      children: t.children.map((c) => [c.name, c.attrs.type ?? null, c.attrs.message ?? null, c.text]),
    }));
    expect(cases).toEqual([
      {
        classname: 'lunel-2019',
        name: 'entretiens-mensuels',
        children: [
          ['failure', 'error', 'Mars 2019 : 1 entretien physique individuel sur les 2 attendus',
            'Référent : =HYPERLINK("http://x","y")\nParticipant : <script>alert(1)</script>\nLignes : agenda.csv : lignes 18, 25'],
          ['failure', 'error', 'Avril 2019 : 0 entretien physique individuel sur les 2 attendus', 'Référent : Ctrl\nParticipant : P2'],
        ],
      },
      { classname: 'lunel-2019', name: 'premier-entretien', children: [] },
      {
        classname: 'lunel-2019',
        name: 'revue-18-mois',
        children: [['skipped', null, "non exécutée : nécessite la colonne « type d'événement » de l'export agenda, absente des fichiers lus", '']],
      },
      { classname: 'lunel-2019', name: 'saisie', children: [['skipped', null, 'désactivée', '']] },
      {
        classname: 'lunel-2019',
        name: 'donnees-invalides',
        children: [
          ['failure', 'warning', "L'agenda cite un participant absent des affectations (« </testcase>& ») : compté pour le référent seulement", 'Participant : P3]]>'],
        ],
      },
    ]);
  });

  it('markup from the data is text, never elements', () => {
    expect(all(doc, 'script')).toEqual([]);
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('P3]]&gt;');
  });

  it('baseline and pseudonyms become properties; resolved entries a system-out line', () => {
    const r: AuditResult = {
      ...crafted(),
      baseline: { path: 'ref.json', hidden: 7, resolved: [{ rule: 'x', severity: null, participant: null, referent: null, period: null, date: null, message: null }] },
      pseudonymized: { keyed: 'PLIE_AUDIT_KEY' },
    };
    const d = parseXml(formatCheckJunit(r));
    expect(all(d, 'property').slice(7).map((p) => [p.attrs.name, p.attrs.value])).toEqual([
      ['référence', 'ref.json'],
      ['référence-masquées', '7'],
      ['référence-résolues', '1'],
      ['pseudonymisation', 'clé PLIE_AUDIT_KEY'],
    ]);
    expect(all(d, 'system-out').map((s) => s.text)).toEqual(['1 entrée de la référence ref.json ne correspond plus à aucune violation.']);
  });
});

describe('formatCheckJunit on the demo year', () => {
  let result: AuditResult;
  let doc: XmlElement;
  beforeAll(async () => {
    result = await audit({ inputs: [demo], cwd: root });
    doc = parseXml(formatCheckJunit(result));
  });

  it('well-formed, one testcase per rule, counts that add up', () => {
    const suite = doc.children[0]!;
    const cases = all(doc, 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual(result.rules.map((r) => r.id));
    const failing = result.rules.filter((r) => r.status === 'ran' && r.violations > 0).length;
    const skipped = result.rules.filter((r) => r.status !== 'ran').length;
    expect(suite.attrs).toEqual({
      name: 'lunel-2019 lot1',
      tests: String(result.rules.length),
      failures: String(failing),
      errors: '0',
      skipped: String(skipped),
    });
    expect(skipped).toBe(1);
  });

  it('one failure per violation, its message the report sentence, its type the severity', () => {
    const failures = all(doc, 'failure');
    expect(failures).toHaveLength(result.violations.length);
    const rules = new Map(result.rules.map((r) => [r.id, r]));
    const byRule = result.rules.flatMap((r) => result.violations.filter((v) => v.rule === r.id));
    expect(failures.map((f) => [f.attrs.type, f.attrs.message])).toEqual(
      byRule.map((v) => [v.severity, violationMessage(v, rules.get(v.rule))]),
    );
  });

  it('the skipped rule says why', () => {
    const skipped = all(doc, 'testcase').filter((c) => c.children.some((x) => x.name === 'skipped'));
    expect(skipped.map((c) => c.attrs.name)).toEqual(result.rules.filter((r) => r.status !== 'ran').map((r) => r.id));
    expect(skipped[0]!.children[0]!.attrs.message).toMatch(/^non exécutée : /);
  });
});
