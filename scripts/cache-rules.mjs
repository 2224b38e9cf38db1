// Part of `npm run build`, after tsc: writes the bundled rule sets, parsed, beside the compiled
// loader (see src/ruleset/parsed-cache.ts).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildParsedCache, PARSED_CACHE_FILE } from '../dist/ruleset/parsed-cache.js';

const rulesDir = fileURLToPath(new URL('../rules', import.meta.url));
const out = fileURLToPath(new URL(`../dist/ruleset/${PARSED_CACHE_FILE}`, import.meta.url));
writeFileSync(out, JSON.stringify(buildParsedCache(rulesDir)));
