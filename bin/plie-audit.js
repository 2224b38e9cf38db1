#!/usr/bin/env node
import v8 from 'node:v8';

// V8 lets the old generation grow by half or more before it collects it again: on a million-row
// agenda the reading's and the audit's garbage then piled up to 60 MB above what was live (peak
// RSS 310 MB, 275 with this). Growth by a tenth costs no measurable time (major collections mark
// concurrently, on the other core). Set before anything is allocated; only where V8 is known to
// have the flag (an unknown flag is reported on stderr).
const v8Major = Number(process.versions.v8.split('.')[0]);
if (v8Major >= 11 && v8Major <= 13) v8.setFlagsFromString('--heap-growing-percent=10');

// dist/bundle/: dist/cli/main.js and what it imports, in a few files (scripts/bundle.mjs).
const { main } = await import('../dist/bundle/main.js');
main(process.argv).then((code) => {
  process.exitCode = code;
});
