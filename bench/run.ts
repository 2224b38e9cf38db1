/**
 * `npm run bench`: the built CLI (bin/plie-audit.js → dist/) on large synthetic exports, next to
 * the floors it cannot beat (csv-parse alone, exceljs's streaming reader alone), each in its own
 * Node process, Node start-up included. Prints wall time, rows per second, peak RSS, the ratio to
 * the floor, and the goals of issue #6; exits 1 when a goal is missed.
 *
 * Options: --only <name[,name]>  cases to run (typical, typical-quoted, csv-100k, csv-1m, xlsx-300k, startup)
 *          --repeat <n>          runs per measure (median time kept, and the highest peak RSS; default 3, the
 *                                large cases included: a single run of them swung by a fifth on this machine)
 *          --no-build            use dist/ as it is
 *          --regen               regenerate the data even when bench/out is up to date
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCase, type CaseSpec } from './generate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = path.join(root, 'bench', 'out');
const bin = path.join(root, 'bin', 'plie-audit.js');
/** Bump when generate.ts changes what it writes. */
const GENERATOR_VERSION = 3;
const MB = 1024 * 1024;

interface Goal {
  /** Max ratio to the floor. */
  ratio?: number;
  /** Max peak RSS, in MB. */
  rssMb?: number;
  /** Max wall time, in seconds. */
  wallS?: number;
}

interface BenchCase extends CaseSpec {
  repeat: number;
  goal: Goal | null;
}

const CASES: BenchCase[] = [
  { name: 'typical', participants: 500, agendaRows: 50_000, agendaFormat: 'csv', repeat: 3, goal: { wallS: 1 } },
  // The same agenda with every field quoted: read by csv-parse (csv-records.ts), for information.
  { name: 'typical-quoted', participants: 500, agendaRows: 50_000, agendaFormat: 'csv', quoteAll: true, repeat: 3, goal: null },
  { name: 'csv-100k', participants: 50_000, agendaRows: 100_000, agendaFormat: 'csv', repeat: 3, goal: null },
  { name: 'csv-1m', participants: 50_000, agendaRows: 1_000_000, agendaFormat: 'csv', repeat: 3, goal: { ratio: 1.5, rssMb: 250 } },
  { name: 'xlsx-300k', participants: 50_000, agendaRows: 300_000, agendaFormat: 'xlsx', repeat: 3, goal: { ratio: 1.3, rssMb: 300 } },
];

// ----- options -----

function parseArgs(argv: string[]): { only: Set<string> | null; repeat: number | null; build: boolean; regen: boolean } {
  const opts = { only: null as Set<string> | null, repeat: null as number | null, build: true, regen: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--only') opts.only = new Set((argv[++i] ?? '').split(','));
    else if (a === '--repeat') opts.repeat = Math.max(1, Number(argv[++i]) || 1);
    else if (a === '--no-build') opts.build = false;
    else if (a === '--regen') opts.regen = true;
    else {
      console.error(`option inconnue : ${a} (voir l'en-tête de bench/run.ts)`);
      process.exit(2);
    }
  }
  return opts;
}

// ----- measuring one child process -----

interface Measure {
  wallS: number;
  peakMb: number | null;
  /** User + system CPU seconds of the child (all its threads), when GNU time measured it. */
  cpuS: number | null;
  code: number | null;
  stderr: string;
  stdout: string;
}

const TIME_BIN = '/usr/bin/time';
const hasGnuTime = ((): boolean => {
  if (!existsSync(TIME_BIN)) return false;
  const r = spawnSync(TIME_BIN, ['-f', '%M %U %S', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+ [\d.]+ [\d.]+\s*$/.test(r.stderr.trim().split('\n').pop() ?? '');
})();

/** Peak RSS without GNU time: VmHWM (the kernel's high-water mark) polled until the process ends. */
function pollHwm(pid: number, onPeak: (kb: number) => void): () => void {
  const read = (): void => {
    try {
      const m = /VmHWM:\s+(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) onPeak(Number(m[1]));
    } catch {
      // gone
    }
  };
  read();
  const timer = setInterval(read, 10);
  return () => clearInterval(timer);
}

/** Runs `node <args>` in `cwd`; stdout goes to `stdoutFile` (or is captured when null). */
function measure(args: string[], stdoutFile: string | null, cwd = root): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const timeFile = path.join(os.tmpdir(), `plie-bench-${process.pid}-${Math.random().toString(36).slice(2)}.time`);
    const command = hasGnuTime ? TIME_BIN : process.execPath;
    const argv = hasGnuTime ? ['-f', '%M %U %S', '-o', timeFile, process.execPath, ...args] : args;
    const outFd = stdoutFile ? openSync(stdoutFile, 'w') : null;
    const start = process.hrtime.bigint();
    const child = spawn(command, argv, {
      cwd,
      stdio: ['ignore', outFd ?? 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    let peakKb = 0;
    const stop = hasGnuTime ? () => undefined : pollHwm(child.pid!, (kb) => (peakKb = Math.max(peakKb, kb)));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - start) / 1e9;
      stop();
      if (outFd !== null) closeSync(outFd);
      let cpuS: number | null = null;
      if (hasGnuTime) {
        try {
          // A child that exits non-zero adds a "Command exited…" line before ours.
          const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
          const [kb, user, sys] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
          peakKb = kb ?? 0;
          cpuS = (user ?? 0) + (sys ?? 0);
          rmSync(timeFile, { force: true });
        } catch {
          peakKb = 0;
        }
      }
      resolve({ wallS, peakMb: peakKb > 0 ? peakKb / 1024 : null, cpuS, code, stderr, stdout });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function medianOrNull(xs: (number | null)[]): number | null {
  const known = xs.filter((x): x is number => x !== null);
  return known.length === 0 ? null : median(known);
}

// ----- data -----

async function ensureData(c: BenchCase, regen: boolean): Promise<string> {
  const dir = path.join(outRoot, c.name);
  const stampFile = path.join(dir, '.stamp');
  const stamp = JSON.stringify({ v: GENERATOR_VERSION, p: c.participants, n: c.agendaRows, f: c.agendaFormat, ...(c.quoteAll ? { q: true } : {}) });
  if (!regen && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  const t = process.hrtime.bigint();
  process.stdout.write(`  génération de ${c.name} (${c.agendaRows.toLocaleString('fr-FR')} lignes d'agenda, ${c.agendaFormat})… `);
  await generateCase(c, dir);
  writeFileSync(stampFile, stamp);
  process.stdout.write(`${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s\n`);
  return dir;
}

// ----- results -----

interface Row {
  label: string;
  command: string;
  rows: number;
  wallS: number;
  cpuS: number | null;
  peakMb: number | null;
  floorS: number | null;
  floorLabel: string;
  goal: Goal | null;
  code: number | null;
}

const fmtS = (s: number): string => `${s.toFixed(2)} s`;
const fmtMb = (mb: number | null): string => (mb === null ? '?' : `${Math.round(mb)} Mo`);
const fmtRate = (rows: number, s: number): string => (rows > 0 ? `${Math.round(rows / s).toLocaleString('fr-FR')}` : '—');

function goalText(g: Goal | null): string {
  if (!g) return '—';
  const parts: string[] = [];
  if (g.wallS !== undefined) parts.push(`≤ ${g.wallS} s`);
  if (g.ratio !== undefined) parts.push(`≤ ${g.ratio}× plancher`);
  if (g.rssMb !== undefined) parts.push(`≤ ${g.rssMb} Mo`);
  return parts.join(', ');
}

function met(r: Row): boolean | null {
  const g = r.goal;
  if (!g) return null;
  if (r.code !== 0 && r.code !== 1) return false;
  if (g.wallS !== undefined && r.wallS > g.wallS) return false;
  if (g.ratio !== undefined && (r.floorS === null || r.wallS / r.floorS > g.ratio)) return false;
  if (g.rssMb !== undefined && (r.peakMb === null || r.peakMb > g.rssMb)) return false;
  return true;
}

function printTable(rows: Row[]): void {
  const header = ['cas', 'commande', 'temps', 'CPU', 'lignes/s', 'RSS max', 'plancher', 'ratio', 'objectif', 'atteint ?'];
  const body = rows.map((r) => {
    const m = met(r);
    return [
      r.label,
      r.command,
      fmtS(r.wallS),
      r.cpuS === null ? '?' : fmtS(r.cpuS),
      fmtRate(r.rows, r.wallS),
      fmtMb(r.peakMb),
      r.floorS === null ? '—' : `${fmtS(r.floorS)} (${r.floorLabel})`,
      r.floorS === null ? '—' : `${(r.wallS / r.floorS).toFixed(2)}×`,
      goalText(r.goal),
      m === null ? '' : m ? 'oui' : 'NON',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

// ----- main -----

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const wanted = (name: string): boolean => opts.only === null || opts.only.has(name);

  console.log(`plie-audit bench — Node ${process.version}, ${os.cpus().length} cœurs, ${Math.round(os.totalmem() / MB / 1024)} Go`);
  console.log(`RSS max mesuré par ${hasGnuTime ? '/usr/bin/time -f %M' : 'relevé de VmHWM dans /proc/<pid>/status'}`);
  if (opts.build) {
    process.stdout.write('  npm run build… ');
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      encoding: 'utf8',
    });
    const cache = r.status === 0 ? spawnSync(process.execPath, [path.join(root, 'scripts/cache-rules.mjs')], { cwd: root, encoding: 'utf8' }) : r;
    if (r.status !== 0 || cache.status !== 0) {
      console.log('échec');
      console.error(cache.stdout, cache.stderr);
      console.error(r.stdout, r.stderr);
      process.exit(2);
    }
    console.log('ok');
  }
  mkdirSync(outRoot, { recursive: true });

  const results: Row[] = [];
  const failures: string[] = [];

  if (wanted('startup')) {
    const n = opts.repeat ?? 5;
    const bare: number[] = [];
    const version: Measure[] = [];
    for (let i = 0; i < n; i++) {
      bare.push((await measure(['-e', '0'], null)).wallS);
      version.push(await measure([bin, '--version'], null));
    }
    results.push({
      label: 'démarrage',
      command: '--version',
      rows: 0,
      wallS: median(version.map((m) => m.wallS)),
      cpuS: medianOrNull(version.map((m) => m.cpuS)),
      peakMb: version[version.length - 1]!.peakMb,
      floorS: median(bare),
      floorLabel: 'node -e 0',
      goal: null,
      code: 0,
    });
  }

  for (const c of CASES) {
    if (!wanted(c.name)) continue;
    const dir = await ensureData(c, opts.regen);
    const agenda = path.join(dir, c.agendaFormat === 'csv' ? 'agenda.csv' : 'agenda.xlsx');
    const sizeMb = statSync(agenda).size / MB;
    console.log(`  ${c.name} : ${path.relative(root, agenda)} (${sizeMb.toFixed(0)} Mo), ${c.participants.toLocaleString('fr-FR')} participants`);
    const repeat = opts.repeat ?? c.repeat;
    const floorArgs = [path.join(root, 'bench', c.agendaFormat === 'csv' ? 'floor-csv.mjs' : 'floor-xlsx.mjs'), agenda];
    const floors: Measure[] = [];
    const runs: Record<'check' | 'kpi', Measure[]> = { check: [], kpi: [] };
    // Floor and commands interleaved: a machine shared with other work drifts less between them.
    for (let i = 0; i < repeat; i++) {
      const f = await measure(floorArgs, null);
      if (f.code !== 0) failures.push(`${c.name} plancher : code ${f.code} ${f.stderr.trim()}`);
      floors.push(f);
      for (const cmd of ['check', 'kpi'] as const) {
        // The report goes beside the data folder: inside, it would be read as an input.
        const m = await measure([bin, cmd, dir], path.join(outRoot, `${c.name}.${cmd}.out`), dir);
        if (m.code !== 0 && m.code !== 1) failures.push(`${c.name} ${cmd} : code ${m.code} ${m.stderr.trim().slice(0, 500)}`);
        runs[cmd].push(m);
      }
    }
    const floorS = median(floors.map((f) => f.wallS));
    const floorLabel = c.agendaFormat === 'csv' ? 'csv-parse' : 'exceljs';
    results.push({
      label: c.name,
      command: 'plancher',
      rows: c.agendaRows,
      wallS: floorS,
      cpuS: medianOrNull(floors.map((f) => f.cpuS)),
      peakMb: Math.max(...floors.map((f) => f.peakMb ?? 0)) || null,
      floorS: null,
      floorLabel,
      goal: null,
      code: 0,
    });
    for (const cmd of ['check', 'kpi'] as const) {
      const ms = runs[cmd];
      results.push({
        label: c.name,
        command: cmd,
        rows: c.agendaRows,
        wallS: median(ms.map((m) => m.wallS)),
        cpuS: medianOrNull(ms.map((m) => m.cpuS)),
        peakMb: Math.max(...ms.map((m) => m.peakMb ?? 0)) || null,
        floorS,
        floorLabel,
        goal: cmd === 'check' ? c.goal : null,
        code: ms[ms.length - 1]!.code,
      });
    }
  }

  console.log('');
  printTable(results);
  console.log('');
  console.log('Objectifs (issue #6) : CSV 1 M lignes, check ≤ 1,5× csv-parse seul et ≤ 250 Mo ; XLSX 300 000 lignes,');
  console.log('check ≤ 1,3× exceljs (lecture en flux) seul et ≤ 300 Mo ; PLIE type (50 000 lignes, 500 participants), check ≤ 1 s.');
  console.log('Temps mesurés de bout en bout (démarrage de Node compris), médiane des répétitions ; kpi et csv-100k : pour information.');
  console.log("CPU : temps utilisateur + système du processus, tous fils d'exécution compris (les gros fichiers sont lus sur un fil à part).");
  for (const f of failures) console.error(`ÉCHEC ${f}`);
  const missed = results.filter((r) => met(r) === false);
  if (missed.length > 0) console.log(`Objectifs non atteints : ${missed.map((r) => `${r.label} ${r.command}`).join(', ')}`);
  process.exitCode = failures.length > 0 || missed.length > 0 ? 1 : 0;
}

await main();
