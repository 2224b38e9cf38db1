/**
 * The bundled rule sets, parsed at build time. Parsing 30 kB of YAML (lunel-2019 extends
 * lunel-2018) took a tenth of a second at every run, a tenth of a typical PLIE's whole check. The
 * build stores each bundled file's parsed value with a hash of its text; a file whose text no
 * longer matches (edited since the build) is parsed as YAML again, so the cache is never stale.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../config/issues.js';

export interface ParsedCache {
  /** Bundled file name → hash of its text and its parsed value as JSON. */
  files: Record<string, { sha256: string; json: string }>;
}

export const PARSED_CACHE_FILE = 'parsed-rules.json';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** What the build writes: every .yaml/.yml of the bundled rules folder. */
export function buildParsedCache(rulesDir: string): ParsedCache {
  const files: ParsedCache['files'] = {};
  for (const name of readdirSync(rulesDir).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    const text = readFileSync(path.join(rulesDir, name), 'utf8').replace(/^\uFEFF/, '');
    files[name] = { sha256: sha256(text), json: JSON.stringify(parseYaml(text, name)) };
  }
  return { files };
}

let loaded: ParsedCache | null | undefined;

function cacheFile(): ParsedCache | null {
  if (loaded === undefined) {
    try {
      // `../ruleset/`: the same file from dist/ruleset/ and from dist/bundle/ (scripts/bundle.mjs).
      loaded = JSON.parse(readFileSync(new URL(`../ruleset/${PARSED_CACHE_FILE}`, import.meta.url), 'utf8')) as ParsedCache;
    } catch {
      // Running from the sources, or a build without the cache: YAML is parsed as before.
      loaded = null;
    }
  }
  return loaded;
}

/** The parsed value of a bundled file whose text is unchanged since the build (a fresh object), else undefined. */
export function cachedParse(name: string, text: string, cache: ParsedCache | null = cacheFile()): unknown {
  const hit = cache?.files[name];
  if (!hit || hit.sha256 !== sha256(text)) return undefined;
  return JSON.parse(hit.json) as unknown;
}
