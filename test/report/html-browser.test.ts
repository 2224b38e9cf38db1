/**
 * The HTML reports in a real browser: headless Debian Chromium opens the demo's reports from
 * disk and must log no error or warning, request nothing but the file itself, run no script, and
 * produce a screenshot (left in os.tmpdir(), path printed). Where Chromium is missing the test
 * installs it with apt-get once (root on Debian only, 5 minutes at most), and otherwise skips,
 * saying why. A control page with a planted error proves the console check is not blind.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, pngSize, renderInChromium, type ChromiumStatus } from '../../scripts/html-browser-check.js';
import { auditPrepared } from '../../src/engine/audit.js';
import { prepare } from '../../src/engine/prepare.js';
import { kpiResult } from '../../src/kpi/index.js';
import { formatCheckHtml, formatKpiHtml } from '../../src/report/html.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demo = path.join(root, 'fixtures/demo');
const out = path.join(os.tmpdir(), 'plie-audit-html-browser');

/** What the page holds once rendered: scripts, active elements, charts and their points. */
const PROBE = `JSON.stringify({
  lang: document.documentElement.lang,
  title: document.title,
  scripts: document.scripts.length,
  active: document.querySelectorAll('img,iframe,object,embed,link,form,input,[src]').length,
  handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
  charts: document.querySelectorAll('svg.fa').length,
  points: [...document.querySelectorAll('svg.fa')].map((s) => s.querySelectorAll('circle').length),
  chartWidth: Math.round(document.querySelector('svg.fa')?.getBoundingClientRect().width ?? 0),
  text: document.body.innerText,
})`;

interface Probe {
  lang: string;
  title: string;
  scripts: number;
  active: number;
  handlers: number;
  charts: number;
  points: number[];
  chartWidth: number;
  text: string;
}

let chromium: ChromiumStatus = { path: null, reason: 'non vérifié', installed: false };

beforeAll(async () => {
  chromium = await ensureChromium(300_000);
  if (!chromium.path) console.warn(`[html-browser] test sauté : ${chromium.reason}`);
  else if (chromium.installed) console.warn(`[html-browser] Chromium installé par apt-get : ${chromium.path}`);
  mkdirSync(out, { recursive: true });
}, 330_000);

function expectPng(file: string, width: number, minBytes: number): void {
  const png = readFileSync(file);
  const size = pngSize(png);
  expect(size?.width).toBe(width);
  expect(size!.height).toBeGreaterThan(1000);
  expect(png.length).toBeGreaterThan(minBytes);
}

describe('HTML reports in headless Chromium', () => {
  it('the console check catches an error, an exception and a failed load (control)', async (ctx) => {
    if (!chromium.path) ctx.skip(chromium.reason ?? undefined);
    const page = path.join(out, 'control.html');
    writeFileSync(
      page,
      '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head><body><p>x</p>' +
        '<img src="file:///nonexistent/plie-audit.png">' +
        "<script>console.error('erreur plantée'); undefinedFunction();</script></body></html>",
    );
    const r = await renderInChromium(chromium.path!, page, path.join(out, 'control.png'));
    expect(r.problems.map((e) => `${e.level} ${e.source}`)).toEqual(
      expect.arrayContaining(['error console-api', 'error exception', 'error network']),
    );
    expect(r.problems.find((e) => e.source === 'console-api')!.text).toBe('erreur plantée');
    expect(r.requests).toContain('file:///nonexistent/plie-audit.png');
  }, 90_000);

  describe('the demo', () => {
    let check: string;
    let kpi: string;
    beforeAll(async () => {
      if (!chromium.path) return;
      const p = await prepare({ inputs: [demo], cwd: root, config: path.join(demo, 'plie-audit.yaml') });
      const kpis = kpiResult(p, { by: 'referent' });
      check = path.join(out, 'controle.html');
      kpi = path.join(out, 'indicateurs.html');
      writeFileSync(check, formatCheckHtml(auditPrepared(p), kpis));
      writeFileSync(kpi, formatKpiHtml(kpis, { minCell: 3 }));
    }, 60_000);

    it('check report: renders with no console error, no request, no script; screenshot', async (ctx) => {
      if (!chromium.path) ctx.skip(chromium.reason ?? undefined);
      const shot = path.join(out, 'controle.png');
      const r = await renderInChromium(chromium.path!, check, shot, { evaluate: PROBE });
      console.info(`[html-browser] capture : ${shot} (${r.width}×${r.height})`);
      expect(r.problems).toEqual([]);
      expect(r.requests).toEqual([pathToFileURL(check).href]);
      const probe = JSON.parse(r.value as string) as Probe;
      expect(probe.lang).toBe('fr');
      expect(probe.scripts).toBe(0);
      expect(probe.active).toBe(0);
      expect(probe.handlers).toBe(0);
      expect(probe.charts).toBe(5);
      expect(probe.points).toEqual([12, 12, 12, 12, 12]);
      expect(probe.chartWidth).toBe(360);
      expect(probe.text).toContain('Synthèse');
      expect(probe.text).toContain('Violations par référent');
      expect(probe.text).toContain('Clauses du cahier citées');
      expect(r.width).toBe(1280);
      expectPng(shot, 1280, 50_000);
    }, 120_000);

    it('kpi report: renders with no console error, no request; screenshot', async (ctx) => {
      if (!chromium.path) ctx.skip(chromium.reason ?? undefined);
      const shot = path.join(out, 'indicateurs.png');
      const r = await renderInChromium(chromium.path!, kpi, shot, { evaluate: PROBE });
      console.info(`[html-browser] capture : ${shot} (${r.width}×${r.height})`);
      expect(r.problems).toEqual([]);
      expect(r.requests).toEqual([pathToFileURL(kpi).href]);
      const probe = JSON.parse(r.value as string) as Probe;
      expect(probe.scripts).toBe(0);
      expect(probe.charts).toBe(5);
      expect(probe.text).toContain('Indicateurs de la période');
      expectPng(shot, 1280, 30_000);
    }, 120_000);
  });

  it('hostile names stay text in the browser: nothing runs, nothing loads', async (ctx) => {
    if (!chromium.path) ctx.skip(chromium.reason ?? undefined);
    const dir = path.join(out, 'hostile');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'affectations.csv'),
      [
        "N° dossier;Nom;Prénom;Référent;Date de début d'affectation;Date d'orientation;Date d'entrée PLIE",
        `"<script>console.error('xss')</script>";A;B;"<img src=x onerror=console.error('xss')>";01/01/2019;01/01/2019;01/01/2019`,
        `"=HYPERLINK(""http://127.0.0.1:9/"",""x"")";C;D;"<svg onload=console.error('xss')>";01/01/2019;01/01/2019;01/01/2019`,
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'agenda.csv'),
      [
        'N° dossier;Date du RDV;Durée (min);Collaborateur;Type de RDV;Modalité;Individuel/Collectif;Présence;Objet',
        `"<script>console.error('xss')</script>";25/01/2019;45;"<img src=x onerror=console.error('xss')>";Entretien individuel;Physique;Individuel;Présent;"<b onmouseover=console.error('xss')>Suivi</b>"`,
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'plie-audit.yaml'), 'ruleset: lunel-2019\nlot: lot1\n');
    const p = await prepare({ inputs: [dir], cwd: dir, asOf: '2019-02-28' });
    const page = path.join(out, 'hostile.html');
    writeFileSync(page, formatCheckHtml(auditPrepared(p), kpiResult(p, { by: 'referent' })));
    const r = await renderInChromium(chromium.path!, page, path.join(out, 'hostile.png'), { evaluate: PROBE });
    expect(r.problems).toEqual([]);
    expect(r.requests).toEqual([pathToFileURL(page).href]);
    const probe = JSON.parse(r.value as string) as Probe;
    expect(probe.scripts).toBe(0);
    expect(probe.active).toBe(0);
    expect(probe.handlers).toBe(0);
    expect(probe.text).toContain("<img src=x onerror=console.error('xss')>");
    expect(probe.text).toContain("<script>console.error('xss')</script>");
    expect(probe.text).toContain("<svg onload=console.error('xss')>");
    expect(probe.text).toContain('=HYPERLINK("http://127.0.0.1:9/","x")');
  }, 120_000);
});
