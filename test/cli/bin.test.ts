/**
 * The installed command itself (bin/plie-audit.js → dist/), as `npx plie-audit` runs it after
 * `npm ci`: a separate Node process, real exit codes, real stdout/stderr.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function bin(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/plie-audit.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/plie-audit.js', () => {
  beforeAll(() => {
    // dist/ is what npm ci builds (prepare); rebuild so the test sees the current sources.
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
  }, 120_000);

  it('every file the bundle finds beside itself exists (the reading thread, the parsed rule sets)', () => {
    // A wrong path would not fail: the CLI would read on the main thread, or parse the YAML again.
    const bundleDir = path.join(root, 'dist/bundle');
    const targets = new Set<string>();
    for (const f of readdirSync(bundleDir)) {
      const code = readFileSync(path.join(bundleDir, f), 'utf8');
      for (const m of code.matchAll(/new URL\((["`])(\.\.?\/[^"`]*)\1, import\.meta\.url\)/g)) {
        targets.add(m[2]!.replace('${PARSED_CACHE_FILE}', 'parsed-rules.json'));
      }
    }
    expect([...targets].sort()).toEqual(['../load/row-worker.js', '../ruleset/parsed-rules.json']);
    for (const t of targets) expect(existsSync(path.join(bundleDir, t)), t).toBe(true);
  });

  it('check fixtures/demo: the README quick start, exit 1 (the demo has planted errors)', () => {
    const r = bin(['check', 'fixtures/demo']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Synthèse par règle');
    expect(r.stdout).toMatch(/Total : \d+ erreurs/);
    expect(r.stderr).toBe('');
  });

  it('an unreadable input exits 2 with one French line and no stack trace', () => {
    const r = bin(['check', 'fixtures/absent.csv', '-r', 'lunel-2019', '-l', 'lot1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^plie-audit : .*fixtures\/absent\.csv/);
  });

  it('DEBUG=plie-audit adds the stack trace', () => {
    const r = bin(['check', 'fixtures/absent.csv', '-r', 'lunel-2019', '-l', 'lot1'], { DEBUG: 'plie-audit' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('--version', () => {
    expect(bin(['--version'])).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });
});

// ---------- what each command loads: start-up stays cheap ----------

/**
 * Logs every project file Node loads: ES modules through a loader hook, CommonJS ones (commander,
 * exceljs, cli-table3…) through Module._load.
 */
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.PLIE_LOADED, url + '\\n');
  return next(url, context);
}
`;
/** Runs the CLI from dist/cli/main.js, as the bin did before the bundle. */
const UNBUNDLED = (mainUrl: string): string => `const { main } = await import(${JSON.stringify(mainUrl)});
main(process.argv).then((code) => { process.exitCode = code; });
`;
const REGISTER = `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
register('./hooks.mjs', import.meta.url);
const Module = createRequire(import.meta.url)('node:module');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  const loaded = load.apply(this, arguments);
  try {
    const file = Module._resolveFilename(request, parent, isMain);
    if (path.isAbsolute(file)) appendFileSync(process.env.PLIE_LOADED, pathToFileURL(file).href + '\\n');
  } catch {}
  return loaded;
};
`;

describe('modules loaded by each command', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'plie-loaded-'));
    writeFileSync(path.join(dir, 'hooks.mjs'), HOOKS);
    writeFileSync(path.join(dir, 'register.mjs'), REGISTER);
    // The bin runs dist/bundle/ (scripts/bundle.mjs), whose chunks follow the lazy import()s of
    // dist/: which modules each command loads is asserted on dist/ itself, module by module.
    writeFileSync(path.join(dir, 'unbundled.mjs'), UNBUNDLED(pathToFileURL(path.join(root, 'dist/cli/main.js')).href));
    // Delimited text only: reading a workbook would load exceljs, rightly.
    mkdirSync(path.join(dir, 'export'));
    const files: Record<string, string> = {
      'plie-audit.yaml': 'ruleset: lunel-2019\nlot: lot1\n',
      'affectations.csv': "N° dossier;Référent;Date de début;Date d'orientation\nP1;Marie Dupont;01/03/2019;01/03/2019\n",
      'agenda.csv': 'N° dossier;Date du RDV;Collaborateur;Type de RDV;Modalité;Individuel/Collectif;Présence\nP1;05/03/2019;Marie Dupont;Congés;Physique;Individuel;Présent\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'export', name), text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Files loaded, relative to the repository ('node_modules/<package>' for a dependency). */
  function loaded(args: string[], entry = path.join(dir, 'unbundled.mjs')): { code: number | null; files: string[] } {
    const log = path.join(dir, `loaded-${path.basename(entry)}-${args.join('_').replace(/\W/g, '')}.txt`);
    writeFileSync(log, '');
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, entry, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, PLIE_LOADED: log },
    });
    const files = new Set<string>();
    for (const url of readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
      const rel = path.relative(root, fileURLToPath(url)).split(path.sep).join('/');
      if (rel.startsWith('..')) continue;
      const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel);
      files.add(pkg ? `node_modules/${pkg[1]}` : rel);
    }
    return { code: r.status, files: [...files].sort() };
  }

  /** What declaring the commands needs: commander and the command modules, nothing of the audit. */
  const DECLARATION = /^(node_modules\/commander|dist\/version\.js|dist\/cli\/(main|errors|io|options|check|inspect|rules|init|due|kpi)\.js|dist\/engine\/errors\.js|dist\/kpi\/types\.js|dist\/model\/dates\.js)$/;

  it.each([[['--version']], [['--help']], [['check', '--help']], [['kpi', '--help']]])('%j loads only commander and the command declarations', (args) => {
    const r = loaded(args);
    expect(r.code).toBe(0);
    expect(r.files).toContain('node_modules/commander');
    expect(r.files.filter((f) => !DECLARATION.test(f))).toEqual([]);
  });

  it('check in the table format loads no other report, no exceljs or cli-table3', () => {
    const r = loaded(['check', path.join(dir, 'export'), '--as-of', '2019-03-31']);
    expect(r.code).toBe(1);
    expect(r.files).toContain('dist/report/table.js');
    const unwanted = /^(node_modules\/(exceljs|cli-table3)|dist\/report\/(html|xlsx|junit|json|csv|kpi|due|inspect)\.js|dist\/cli\/(kpi|due|rules|init|inspect)-run\.js|dist\/kpi\/index\.js)$/;
    expect(r.files.filter((f) => unwanted.test(f))).toEqual([]);
  });

  it('the bin runs the bundle: --version loads no module of dist/ outside it, and no package', () => {
    const r = loaded(['--version'], path.join(root, 'bin/plie-audit.js'));
    expect(r.code).toBe(0);
    expect(r.files).toContain('dist/bundle/main.js');
    expect(r.files.filter((f) => f !== 'bin/plie-audit.js' && !f.startsWith('dist/bundle/'))).toEqual([]);
  });

  it('the bundled check loads neither exceljs nor cli-table3 for a table of delimited text', () => {
    const r = loaded(['check', path.join(dir, 'export'), '--as-of', '2019-03-31'], path.join(root, 'bin/plie-audit.js'));
    expect(r.code).toBe(1);
    expect(r.files.filter((f) => /^node_modules\/(exceljs|cli-table3)$/.test(f))).toEqual([]);
  });

  it('check -f json does not load the table report', () => {
    const r = loaded(['check', path.join(dir, 'export'), '--as-of', '2019-03-31', '-f', 'json']);
    expect(r.code).toBe(1);
    expect(r.files).toContain('dist/report/json.js');
    expect(r.files.filter((f) => /^dist\/report\/(table|grid|style)\.js$|^node_modules\/exceljs$/.test(f))).toEqual([]);
  });
});
