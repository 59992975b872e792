/**
 * `npm run bench [-- GROUP…]`: runs every benchmark group (or the named ones) and merges the
 * figures into bench/results.json (one object of named figures `{median, unit, runs}`).
 * Each group is a module `bench/<group>.ts` exporting `run(): Promise<void>`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const groups = ['ingest', 'engine', 'whatif', 'render', 'bundle', 'policy', 'readability', 'customer'];

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((g) => !groups.includes(g));
  if (unknown.length > 0) {
    // Options are read by each group as `--name=value`; a value after a space reads as a group name.
    const hint = process.argv.slice(2).some((a) => /^--[\w-]+$/.test(a)) ? ' (options take their value after "=", e.g. --runs=3)' : '';
    console.error(`bench: unknown group(s) ${unknown.join(', ')}; groups: ${groups.join(', ')}${hint}`);
    process.exitCode = 2;
    return;
  }
  const selected = asked.length > 0 ? asked : groups;
  for (const g of selected) {
    const file = join(here, `${g}.ts`);
    if (!existsSync(file)) {
      console.error(`bench: group '${g}' is not written yet (bench/${g}.ts missing)`);
      if (asked.length > 0) process.exitCode = 2;
      continue;
    }
    console.log(`\n== bench ${g}`);
    const mod = (await import(pathToFileURL(file).href)) as { run?: () => Promise<void> };
    if (typeof mod.run !== 'function') throw new Error(`bench/${g}.ts must export run()`);
    await mod.run();
  }
}

await main();
