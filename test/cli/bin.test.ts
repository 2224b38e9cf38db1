/**
 * The installed command itself (bin/plie-audit.js → dist/), as `npx plie-audit` runs it after
 * `npm ci`: a separate Node process, real exit codes, real stdout/stderr.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

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
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
  }, 120_000);

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
