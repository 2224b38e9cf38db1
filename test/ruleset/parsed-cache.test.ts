import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/config/issues.js';
import { buildParsedCache, cachedParse } from '../../src/ruleset/parsed-cache.js';

const rulesDir = path.resolve(import.meta.dirname, '../../rules');

describe('bundled rule sets parsed at build time', () => {
  const cache = buildParsedCache(rulesDir);

  it('hold every bundled file, parsed exactly as the YAML reader parses it', () => {
    expect(Object.keys(cache.files)).toEqual(['bethune-2022.yaml', 'dijon-2018.yaml', 'lunel-2018.yaml', 'lunel-2019.yaml', 'lunel-2021.yaml']);
    const text = readFileSync(path.join(rulesDir, 'lunel-2019.yaml'), 'utf8');
    expect(cachedParse('lunel-2019.yaml', text, cache)).toEqual(parseYaml(text, 'lunel-2019.yaml'));
  });

  it('are ignored for a file edited since the build, and for unknown files', () => {
    const text = readFileSync(path.join(rulesDir, 'dijon-2018.yaml'), 'utf8');
    expect(cachedParse('dijon-2018.yaml', `${text}\n# modifié`, cache)).toBeUndefined();
    expect(cachedParse('autre.yaml', text, cache)).toBeUndefined();
    expect(cachedParse('dijon-2018.yaml', text, null)).toBeUndefined();
  });

  it('give a fresh object on every read (the loader may change it)', () => {
    const text = readFileSync(path.join(rulesDir, 'dijon-2018.yaml'), 'utf8');
    const a = cachedParse('dijon-2018.yaml', text, cache) as { rules: unknown[] };
    a.rules.length = 0;
    expect((cachedParse('dijon-2018.yaml', text, cache) as { rules: unknown[] }).rules.length).toBeGreaterThan(0);
  });

  it('the build parses whatever rules folder it is given', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plie-rules-'));
    writeFileSync(path.join(dir, 'x.yaml'), 'id: x\n');
    expect(buildParsedCache(dir).files['x.yaml']!.json).toBe('{"id":"x"}');
  });
});
