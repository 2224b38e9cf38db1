import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { CheckRegistry } from '../../src/ruleset/types.js';

const match = z
  .object({
    kinds: z.array(z.enum(['entretien', 'atelier'])).min(1),
    modes: z.array(z.enum(['physique', 'telephone'])).min(1).optional(),
    roles: z.array(z.enum(['cip', 'psychologue'])).min(1).optional(),
  })
  .strict();

/** Check kinds of our own, so these tests do not depend on the real registry being filled. */
export const fakeRegistry: CheckRegistry = {
  'fake-frequency': {
    params: z
      .object({
        min: z.number().int().min(1),
        window: z.enum(['month', 'quarter']).default('month'),
        match,
      })
      .strict(),
  },
  'fake-target': { params: z.object({ target: z.number().positive() }).strict() },
};

const here = path.dirname(fileURLToPath(import.meta.url));
export const BUNDLED = path.join(here, 'files', 'bundled');
export const CUSTOM = path.join(here, 'files', 'custom');

/** A scratch folder with the given files; returns its path. */
export function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'plie-ruleset-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The French message of the ConfigError thrown by fn (fails when nothing is thrown). */
export async function errorOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    if ((e as Error).name !== 'ConfigError') throw e;
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}
