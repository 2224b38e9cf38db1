/** Writes schemas/*.schema.json from the zod schemas: `npx tsx scripts/gen-schemas.ts`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAllSchemas } from '../src/schemas.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schemas');
mkdirSync(dir, { recursive: true });
for (const [name, content] of Object.entries(renderAllSchemas())) {
  writeFileSync(path.join(dir, name), content);
  console.log(`schemas/${name}`);
}
