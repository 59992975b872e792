/**
 * bench/results.json: one object of named figures, each `{ median, unit, runs }`. Every bench
 * group merges its figures in (other groups' figures are kept), so `npm run bench -- engine`
 * updates only the engine's names.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Figure {
  readonly median: number;
  readonly unit: string;
  readonly runs: number;
}

export const resultsPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'results.json');

/** The figures now in bench/results.json ({} when absent or unreadable). */
export function readFigures(path: string = resultsPath): Record<string, Figure> {
  if (!existsSync(path)) return {};
  try {
    const v: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Figure>) : {};
  } catch {
    return {};
  }
}

/** Merges `figures` into bench/results.json (names sorted, so diffs stay readable). */
export function recordFigures(figures: Readonly<Record<string, Figure>>, path: string = resultsPath): void {
  const all: Record<string, Figure> = { ...readFigures(path), ...figures };
  const sorted = Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k] as Figure]));
  writeFileSync(path, `${JSON.stringify(sorted, null, 2)}\n`);
  for (const [name, f] of Object.entries(figures)) console.log(`  ${name.padEnd(40)} ${String(f.median).padStart(10)} ${f.unit}  (median of ${f.runs})`);
}

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
