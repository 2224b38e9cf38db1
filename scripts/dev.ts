/** Runs the CLI from the sources (no build): `npx tsx scripts/dev.ts check fixtures/demo`. */
import { main } from '../src/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
