/**
 * Opens an HTML report in headless Debian Chromium, as a reader would, and tells what the page
 * said: console messages, uncaught exceptions, the browser's own log (failed loads, CSP
 * violations) and every request it made; then saves a full-page screenshot.
 *
 * Chromium is driven over --remote-debugging-pipe (the DevTools protocol on fds 3 and 4), not by
 * reading --enable-logging output: that log gives no level (console.log and console.error print
 * alike) and says nothing of failed loads, which the protocol's Log domain reports.
 *
 *   npx tsx scripts/html-browser-check.ts rapport.html [capture.png]
 *
 * Exit code 1 when the page logged an error or a warning, or asked for anything but itself.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Debian's chromium package; CHROMIUM_PATH, when set, is the only place looked at. */
export function findChromium(): string | null {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((c) => existsSync(c)) ?? null;
}

export interface ChromiumStatus {
  path: string | null;
  /** Why there is no browser (French, for the skip message); null when there is one. */
  reason: string | null;
  installed: boolean;
}

interface RunResult {
  code: number | null;
  output: string;
  timedOut: boolean;
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    let output = '';
    const keep = (b: Buffer) => {
      output = (output + b.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, output: String(err), timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

/** A failed install is not retried for a day: without network every test run would wait. */
const FAILED_MARKER = path.join(os.tmpdir(), 'plie-audit-chromium-install-failed');
const DAY_MS = 24 * 3600 * 1000;

/**
 * The browser, installed with apt-get when missing and we are root on Debian (once: a failure
 * leaves a marker for a day). PLIE_AUDIT_NO_BROWSER_INSTALL=1 forbids the install.
 */
export async function ensureChromium(timeoutMs = 300_000): Promise<ChromiumStatus> {
  const found = findChromium();
  if (found) return { path: found, reason: null, installed: false };
  const none = (reason: string): ChromiumStatus => ({ path: null, reason, installed: false });
  if (process.env.CHROMIUM_PATH) return none(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} : fichier introuvable.`);
  if (process.env.PLIE_AUDIT_NO_BROWSER_INSTALL) {
    return none('Chromium absent (/usr/bin/chromium) et installation interdite par PLIE_AUDIT_NO_BROWSER_INSTALL.');
  }
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
    return none('Chromium absent (/usr/bin/chromium) et pas d’apt-get pour l’installer : installez le paquet chromium.');
  }
  if (process.getuid?.() !== 0) {
    return none('Chromium absent (/usr/bin/chromium) : installez-le (`sudo apt-get install chromium`), le test ne tente l’installation qu’en root.');
  }
  try {
    const { mtimeMs } = statSync(FAILED_MARKER);
    if (Date.now() - mtimeMs < DAY_MS) {
      return none(`Chromium absent : l’installation a échoué il y a moins d’un jour (supprimez ${FAILED_MARKER} pour réessayer).`);
    }
  } catch {
    // no marker: try
  }
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1000, deadline - Date.now());
  const install = () => run('apt-get', ['install', '-y', '-o', 'DPkg::Lock::Timeout=60', 'chromium'], left());
  let r = await install();
  if (r.code !== 0 && !r.timedOut) {
    // Package lists absent or stale on a fresh machine.
    const u = await run('apt-get', ['update'], left());
    if (!u.timedOut) r = await install();
  }
  const path_ = findChromium();
  if (r.code === 0 && path_) return { path: path_, reason: null, installed: true };
  writeFileSync(FAILED_MARKER, `${new Date().toISOString()}\n${r.output}`);
  const why = r.timedOut ? `délai de ${Math.round(timeoutMs / 1000)} s dépassé` : `apt-get a échoué (code ${r.code})`;
  const tail = r.output.trim().split('\n').slice(-2).join(' / ');
  return none(`Chromium absent et installation impossible : ${why}${tail ? ` — ${tail}` : ''}.`);
}

export interface ConsoleEntry {
  /** 'error' | 'warning' | 'info' | 'log' | 'debug' | 'verbose' … */
  level: string;
  /** console-api, exception, or the Log domain's source (network, security, violation…). */
  source: string;
  text: string;
}

export interface BrowserCheck {
  /** Every message the page produced, whatever its level. */
  console: ConsoleEntry[];
  /** Those of level error or warning. */
  problems: ConsoleEntry[];
  /** Every URL the page requested (the report itself included). */
  requests: string[];
  screenshot: string;
  screenshotBytes: number;
  /** Page size in CSS pixels. */
  width: number;
  height: number;
  /** The value of `evaluate`, when given. */
  value: unknown;
}

export interface RenderOptions {
  width?: number;
  /** Screenshot height cap (CSS px): the full page up to this. */
  maxHeight?: number;
  /** A JavaScript expression evaluated in the page after load (DevTools, not the page's CSP). */
  evaluate?: string;
  /** Capture only this band of the page (to look at a part of a long report). */
  clip?: { y: number; height: number };
  timeoutMs?: number;
}

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/** Loads `file` in a fresh headless Chromium profile and reports what happened. */
export async function renderInChromium(
  chromium: string,
  file: string,
  screenshot: string,
  opts: RenderOptions = {},
): Promise<BrowserCheck> {
  const width = opts.width ?? 1280;
  const maxHeight = opts.maxHeight ?? 16_000;
  const profile = mkdtempSync(path.join(os.tmpdir(), 'plie-audit-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--hide-scrollbars',
    '--mute-audio',
    `--user-data-dir=${profile}`,
    '--remote-debugging-pipe',
    'about:blank',
  ];
  const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;

  const pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  const waiters: { method: string; resolve: () => void }[] = [];
  const entries: ConsoleEntry[] = [];
  const requests: string[] = [];
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));

  const onEvent = (m: CdpMessage) => {
    const p = (m.params ?? {}) as Record<string, any>;
    switch (m.method) {
      case 'Runtime.consoleAPICalled': {
        const text = ((p.args ?? []) as { value?: unknown; description?: string }[])
          .map((a) => (a.value !== undefined ? String(a.value) : (a.description ?? '')))
          .join(' ');
        const level = p.type === 'warning' ? 'warning' : p.type === 'error' || p.type === 'assert' ? 'error' : String(p.type);
        entries.push({ level, source: 'console-api', text });
        break;
      }
      case 'Runtime.exceptionThrown': {
        const d = p.exceptionDetails ?? {};
        entries.push({ level: 'error', source: 'exception', text: d.exception?.description ?? d.text ?? 'exception' });
        break;
      }
      case 'Log.entryAdded': {
        const e = p.entry ?? {};
        entries.push({ level: String(e.level), source: String(e.source), text: `${e.text ?? ''}${e.url ? ` (${e.url})` : ''}` });
        break;
      }
      case 'Network.requestWillBeSent':
        requests.push(String(p.request?.url ?? ''));
        break;
    }
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i]!.method === m.method) waiters.splice(i, 1)[0]!.resolve();
    }
  };

  let buf = Buffer.alloc(0);
  fromBrowser.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    let end: number;
    while ((end = buf.indexOf(0)) >= 0) {
      const m = JSON.parse(buf.subarray(0, end).toString('utf8')) as CdpMessage;
      buf = buf.subarray(end + 1);
      if (m.id !== undefined) {
        const w = pending.get(m.id);
        pending.delete(m.id);
        if (m.error) w?.reject(new Error(m.error.message));
        else w?.resolve(m.result ?? {});
      } else onEvent(m);
    }
  });

  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Record<string, any>>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  const waitFor = (method: string) => new Promise<void>((resolve) => waiters.push({ method, resolve }));

  const work = async (): Promise<BrowserCheck> => {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    const s = sessionId as string;
    await Promise.all([
      send('Runtime.enable', {}, s),
      send('Log.enable', {}, s),
      send('Page.enable', {}, s),
      send('Network.enable', {}, s),
    ]);
    await send('Emulation.setDeviceMetricsOverride', { width, height: 900, deviceScaleFactor: 1, mobile: false }, s);
    const loaded = waitFor('Page.loadEventFired');
    const nav = await send('Page.navigate', { url: pathToFileURL(path.resolve(file)).href }, s);
    if (nav.errorText) throw new Error(`navigation : ${nav.errorText}`);
    await loaded;
    const metrics = await send('Page.getLayoutMetrics', {}, s);
    const size = (metrics.cssContentSize ?? metrics.contentSize) as { width: number; height: number };
    const height = Math.min(Math.ceil(size.height), maxHeight);
    await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false }, s);
    const shot = await send(
      'Page.captureScreenshot',
      {
        format: 'png',
        captureBeyondViewport: true,
        clip: opts.clip ? { x: 0, y: opts.clip.y, width, height: opts.clip.height, scale: 1 } : { x: 0, y: 0, width, height, scale: 1 },
      },
      s,
    );
    const png = Buffer.from(shot.data as string, 'base64');
    writeFileSync(screenshot, png);
    let value: unknown = undefined;
    if (opts.evaluate) {
      const r = await send('Runtime.evaluate', { expression: opts.evaluate, returnByValue: true }, s);
      if (r.exceptionDetails) throw new Error(`évaluation : ${JSON.stringify(r.exceptionDetails)}`);
      value = r.result?.value;
    }
    // Late messages (a lazily loaded resource) arrive within a tick or two of load.
    await new Promise((r) => setTimeout(r, 200));
    return {
      console: [...entries],
      problems: entries.filter((e) => e.level === 'error' || e.level === 'warning'),
      requests: [...requests],
      screenshot,
      screenshotBytes: png.length,
      width: Math.ceil(size.width),
      height: Math.ceil(size.height),
      value,
    };
  };

  const timeoutMs = opts.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Chromium n’a pas répondu en ${timeoutMs / 1000} s`)), timeoutMs);
        child.on('close', (code) => reject(new Error(`Chromium s’est arrêté (code ${code}) : ${stderr.slice(-600)}`)));
        child.on('error', (err) => reject(err));
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null) {
      try {
        toBrowser.write(`${JSON.stringify({ id: nextId++, method: 'Browser.close', params: {} })}\0`);
      } catch {
        // pipe already closed
      }
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(profile, { recursive: true, force: true });
  }
}

/** A PNG's width and height from its IHDR chunk, or null when it is not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | null {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(sig) || png.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function cli(argv: string[]): Promise<number> {
  const [file, out] = argv;
  if (!file) {
    process.stderr.write('usage : npx tsx scripts/html-browser-check.ts rapport.html [capture.png]\n');
    return 2;
  }
  const chromium = findChromium();
  if (!chromium) {
    process.stderr.write('Chromium introuvable (/usr/bin/chromium) : apt-get install chromium.\n');
    return 2;
  }
  const shot = out ?? path.join(os.tmpdir(), `${path.basename(file, path.extname(file))}.png`);
  const r = await renderInChromium(chromium, file, shot);
  const self = pathToFileURL(path.resolve(file)).href;
  const foreign = r.requests.filter((u) => u !== self);
  for (const e of r.console) process.stdout.write(`[${e.level}] ${e.source} : ${e.text}\n`);
  for (const u of foreign) process.stdout.write(`[requête] ${u}\n`);
  process.stdout.write(`capture : ${shot} (${r.screenshotBytes} octets, page ${r.width}×${r.height})\n`);
  return r.problems.length || foreign.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
