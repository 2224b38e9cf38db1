/**
 * JUnit XML for CI dashboards (GitLab, Jenkins, Azure…): a testsuite for the rule set (and lot),
 * a testcase per rule, a <failure> per violation; skipped and disabled rules are <skipped>, never
 * passing. `failures` / `skipped` count testcases, as JUnit consumers expect (tests − failures −
 * skipped = rules that passed), not violations.
 */
import type { AuditResult, RuleResult, Violation } from '../engine/result.js';
import { violationMessage } from './messages.js';
import { evidenceText, plural, skipReasonText } from './words.js';

/** Characters XML 1.0 forbids anywhere (C0 controls but TAB/LF/CR, lone surrogates, U+FFFE/FFFF). */
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text from the exports may hold control characters that would make the XML unreadable. */
export function xmlSafeText(s: string): string {
  return s.replace(XML_ILLEGAL, '');
}

export function escapeXmlText(s: string): string {
  return xmlSafeText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also keep their quotes and line breaks (an XML parser would fold raw ones into spaces). */
export function escapeXmlAttr(s: string): string {
  return escapeXmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`)
    .join('');
}

function failureBody(v: Violation): string {
  const lines: string[] = [];
  if (v.referent) lines.push(`Référent : ${v.referent}`);
  if (v.participant) lines.push(`Participant : ${v.participant}`);
  if (v.evidence.length) lines.push(`Lignes : ${evidenceText(v.evidence)}`);
  return lines.join('\n');
}

function skipMessage(r: RuleResult): string {
  if (r.status === 'off') return 'désactivée';
  return `non exécutée : ${skipReasonText(r.skip) ?? 'raison inconnue'}`;
}

/** Lines per chunk of the streamed report. */
const CHUNK_LINES = 2000;

/** The JUnit report in chunks of whole lines (the same text as formatCheckJunit). */
export function* checkJunitChunks(result: AuditResult): Generator<string, void, undefined> {
  const byRule = new Map<string, Violation[]>();
  for (const v of result.violations) {
    const list = byRule.get(v.rule);
    if (list) list.push(v);
    else byRule.set(v.rule, [v]);
  }
  const suiteName = result.ruleset.lot ? `${result.ruleset.id} ${result.ruleset.lot}` : result.ruleset.id;
  const tests = result.rules.length;
  const skipped = result.rules.filter((r) => r.status !== 'ran').length;
  const failures = result.rules.filter((r) => r.status === 'ran' && (byRule.get(r.id)?.length ?? 0) > 0).length;
  const counts = { tests, failures, errors: 0, skipped };

  const props: [string, string][] = [
    ['titre', result.ruleset.title],
    ['période', `${result.period.start}/${result.period.end}`],
    ['situation', result.asOf],
    ['version', `${result.tool.name} ${result.tool.version}`],
    ['erreurs', String(result.summary.error)],
    ['avertissements', String(result.summary.warning)],
    ['infos', String(result.summary.info)],
  ];
  if (result.baseline) {
    props.push(['référence', result.baseline.path]);
    props.push(['référence-masquées', String(result.baseline.hidden)]);
    props.push(['référence-résolues', String(result.baseline.resolved.length)]);
  }
  if (result.pseudonymized) {
    props.push(['pseudonymisation', result.pseudonymized.keyed === 'PLIE_AUDIT_KEY' ? 'clé PLIE_AUDIT_KEY' : 'clé aléatoire, non reproductible']);
  }

  let out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attrs({ name: 'plie-audit', ...counts })}>`);
  out.push(`  <testsuite${attrs({ name: suiteName, ...counts })}>`);
  out.push('    <properties>');
  for (const [name, value] of props) out.push(`      <property${attrs({ name, value })}/>`);
  out.push('    </properties>');
  for (const r of result.rules) {
    const head = `    <testcase${attrs({ classname: result.ruleset.id, name: r.id })}`;
    const found = byRule.get(r.id) ?? [];
    if (r.status !== 'ran') {
      out.push(`${head}>`);
      out.push(`      <skipped${attrs({ message: skipMessage(r) })}/>`);
      out.push('    </testcase>');
    } else if (found.length === 0) {
      out.push(`${head}/>`);
    } else {
      out.push(`${head}>`);
      for (const v of found) {
        const body = failureBody(v);
        const open = `      <failure${attrs({ message: violationMessage(v, r), type: v.severity })}`;
        out.push(body ? `${open}>${escapeXmlText(body)}</failure>` : `${open}/>`);
        if (out.length >= CHUNK_LINES) {
          out.push('');
          yield out.join('\n');
          out = [];
        }
      }
      out.push('    </testcase>');
    }
  }
  if (result.baseline && result.baseline.resolved.length > 0) {
    out.push(
      `    <system-out>${escapeXmlText(
        `${plural(result.baseline.resolved.length, 'entrée', 'entrées')} de la référence ${result.baseline.path} ne correspond${result.baseline.resolved.length > 1 ? 'ent' : ''} plus à aucune violation.`,
      )}</system-out>`,
    );
  }
  out.push('  </testsuite>');
  out.push('</testsuites>', '');
  yield out.join('\n');
}

export function formatCheckJunit(result: AuditResult): string {
  return [...checkJunitChunks(result)].join('');
}
