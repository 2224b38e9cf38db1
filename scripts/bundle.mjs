// Part of `npm run build`, after tsc: bundles the main thread's code (dist/cli/main.js and the
// modules it imports, dependencies included) into dist/bundle/, which bin/plie-audit.js runs.
// Why: Node 20 resolves, reads and compiles each of ~120 modules of ours and ~400 of the
// dependencies one by one, and zod's index evaluates its ~50 locales. On the typical PLIE that
// start-up was ~0.17 s of a 1.4 s check (median of 10, interleaved). Lazy `import()`s stay lazy:
// they become chunks. Kept out of the bundle: exceljs (loaded only for a workbook, large CommonJS)
// and the reading thread (dist/load/row-worker.js, started from its own file).
// Modules of dist/ that find files next to themselves do it as `../<folder>/<file>` from
// import.meta.url, which is the same from dist/bundle/ as from their own folder.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const outdir = `${dist}bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${dist}cli/main.js`],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  chunkNames: 'chunk-[hash]',
  external: ['exceljs'],
  // Bundled CommonJS dependencies (commander, iconv-lite) call require(): ESM has none.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
