/** Where reports go: text, bytes or chunks, on stdout or in a file written atomically. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PSEUDONYM_KEY_VARIABLE } from '../../src/cli/check.js';
import { writeReport } from '../../src/cli/output.js';
import { UsageError } from '../../src/engine/errors.js';
import { PSEUDONYM_KEY_ENV } from '../../src/engine/pseudonymize.js';
import { Capture } from './harness.js';

/** A stream that holds writes back (returns false) until drained, as a slow pipe does. */
class SlowPipe extends Writable {
  text = '';
  constructor() {
    super({ highWaterMark: 4 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    setImmediate(cb);
  }
}

function* chunks(): Generator<string> {
  yield 'ligne 1\n';
  yield 'ligne 2 — é\n';
  yield 'fin\n';
}

describe('writeReport', () => {
  it('chunks on stdout, in order, waiting for the stream to drain', async () => {
    const out = new SlowPipe();
    await writeReport(chunks(), undefined, [], out);
    expect(out.text).toBe('ligne 1\nligne 2 — é\nfin\n');
    const capture = new Capture();
    await writeReport(chunks(), '-', [], capture);
    expect(capture.text).toBe('ligne 1\nligne 2 — é\nfin\n');
  });

  it('chunks into a file: written whole, no temporary file left', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plie-output-'));
    const target = path.join(dir, 'rapport.txt');
    await writeReport(chunks(), target, [path.join(dir, 'entrees')], new Capture());
    expect(readFileSync(target, 'utf8')).toBe('ligne 1\nligne 2 — é\nfin\n');
    expect(readdirSync(dir)).toEqual(['rapport.txt']);
  });

  it('a report that fails while being worded is not mistaken for a file system error', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plie-output-'));
    function* failing(): Generator<string> {
      yield 'début\n';
      throw new Error('bogue');
    }
    await expect(writeReport(failing(), path.join(dir, 'r.txt'), [], new Capture())).rejects.toThrow(/^bogue$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an unwritable path is a French usage error', async () => {
    const err = await writeReport('x', '/nonexistent-dir-plie/r.txt', [], new Capture()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/^impossible d'écrire « \/nonexistent-dir-plie\/r\.txt » : /);
  });
});

describe('check help text', () => {
  it('names the same key variable as the engine', () => {
    expect(PSEUDONYM_KEY_VARIABLE).toBe(PSEUDONYM_KEY_ENV);
  });
});
