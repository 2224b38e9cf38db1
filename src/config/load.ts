import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from './errors.js';
import { PARSE_OPTIONS, parseYaml, zodErrorLines } from './issues.js';
import { configSchema, type Config } from './schema.js';

export const CONFIG_FILE_NAMES = ['plie-audit.yaml', 'plie-audit.yml'] as const;

/** How a file is named in messages: relative to the working directory when inside it. */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  return abs;
}

/** The configuration used when there is no plie-audit.yaml. */
export function defaultConfig(): Config {
  return configSchema.parse({});
}

/** Validates an already parsed config object (e.g. from the API); `file` names it in messages. */
export function parseConfig(data: unknown, file = 'plie-audit.yaml'): Config {
  const input = data === null || data === undefined ? {} : data;
  const r = configSchema.safeParse(input, PARSE_OPTIONS);
  if (!r.success) throw new ConfigError(zodErrorLines(file, r.error), file);
  return r.data;
}

function findConfig(cwd: string): string | null {
  for (const name of CONFIG_FILE_NAMES) {
    const p = path.join(cwd, name);
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return null;
}

/**
 * Reads plie-audit.yaml: the given path (relative to cwd), else plie-audit.yaml / .yml in cwd,
 * else the defaults (path null). Any problem is a ConfigError in French.
 */
export async function loadConfig(opts: { path?: string; cwd: string }): Promise<{ config: Config; path: string | null }> {
  let abs: string | null;
  if (opts.path !== undefined) {
    abs = path.resolve(opts.cwd, opts.path);
    if (!existsSync(abs) || !statSync(abs).isFile()) {
      throw new ConfigError(`Fichier de configuration introuvable : ${opts.path}`, opts.path);
    }
  } else {
    abs = findConfig(opts.cwd);
    if (abs === null) return { config: defaultConfig(), path: null };
  }
  const file = displayPath(abs, opts.cwd);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file} : lecture impossible (${(e as NodeJS.ErrnoException).code ?? 'erreur'})`, file);
  }
  return { config: parseConfigText(text, file), path: abs };
}

/** Parses the text of a plie-audit.yaml (a UTF-8 BOM is tolerated). */
export function parseConfigText(text: string, file = 'plie-audit.yaml'): Config {
  const data = parseYaml(text.replace(/^\uFEFF/, ''), file);
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new ConfigError(`${file} : le fichier doit contenir des paires « clé: valeur » (ruleset, lot, period…)`, file);
  }
  return parseConfig(data, file);
}

