import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { memoryIo } from '../io.ts';
import { run } from './flows.ts';
import { AGGREGATE_FORMAT } from '../../core/flows/aggregateFile.ts';
import { appPlatformAttributionDir, appPlatformFile } from '../../../test/paths.ts';

async function flows(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo();
  const code = await run(args, { out: io.out, err: io.err, stdin: io.stdin, cwd });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const POLICIES = [appPlatformFile('policies.yaml'), appPlatformFile('inventory.yaml')];

/** Splits an export into three files at line boundaries, saves an aggregate of each, returns their paths. */
async function threeAggregates(exportPath: string, dir: string): Promise<string[]> {
  const lines = readFileSync(exportPath, 'utf8').split(/(?<=\n)/);
  const cuts = [0, Math.floor(lines.length / 3), Math.floor((2 * lines.length) / 3), lines.length];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const part = join(dir, `part${i}.jsonl`);
    writeFileSync(part, lines.slice(cuts[i], cuts[i + 1]).join(''));
    const saved = join(dir, `part${i}.agg.json`);
    const r = await flows([part, '--save-aggregate', saved], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Saved the aggregate of \d+ flows/);
    out.push(saved);
  }
  return out;
}

describe('flows --save-aggregate: three parts merged equal the whole export', () => {
  for (const [name, exportPath] of [
    ['app-platform', appPlatformFile('flows.jsonl')],
    ['app-platform-attribution', join(appPlatformAttributionDir, 'flows.jsonl')],
  ] as const) {
    it(`${name}: flows --json of the three aggregates plus policies equals the whole export's, every field`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'netpol-agg-'));
      const parts = await threeAggregates(exportPath, dir);
      const whole = await flows([exportPath, ...POLICIES, '--json'], dir);
      const merged = await flows([...parts, ...POLICIES, '--json'], dir);
      expect(merged.code).toBe(whole.code);
      const w = JSON.parse(whole.stdout) as { edges: { mismatch: boolean }[]; mismatches: number; diagnostics: unknown[] };
      expect(w.edges.length).toBeGreaterThan(10);
      expect(w.mismatches).toBeGreaterThan(0);
      expect(w.diagnostics).toEqual([]);
      expect(merged.stdout).toBe(whole.stdout);
      // The text table too (mismatches, likely causes, recorded policies).
      expect((await flows([...parts, ...POLICIES], dir)).stdout).toBe((await flows([exportPath, ...POLICIES], dir)).stdout);
      // Small: well under the export (figures in docs/flow-aggregates.md).
      const size = parts.reduce((s, p) => s + statSync(p).size, 0);
      expect(size).toBeLessThan(statSync(exportPath).size);
    });
  }

  it('mixes aggregates, raw exports and gzip, and an aggregate of aggregates is the same aggregate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-agg-'));
    const exportPath = appPlatformFile('flows.jsonl');
    const [a, b, c] = await threeAggregates(exportPath, dir);
    writeFileSync(join(dir, 'b.agg.json.gz'), gzipSync(readFileSync(b as string)));
    const mixed = await flows([a as string, join(dir, 'b.agg.json.gz'), join(dir, 'part2.jsonl'), ...POLICIES, '--json'], dir);
    const whole = await flows([exportPath, ...POLICIES, '--json'], dir);
    expect(mixed.stdout).toBe(whole.stdout);
    const all = join(dir, 'all.agg.json');
    expect((await flows([a as string, b as string, c as string, '--save-aggregate', all], dir)).code).toBe(0);
    const direct = join(dir, 'direct.agg.json');
    expect((await flows([exportPath, '--save-aggregate', direct], dir)).code).toBe(0);
    const strip = (p: string) => ({ ...(JSON.parse(readFileSync(p, 'utf8')) as { aggregate: { totals: object } }).aggregate });
    expect(strip(all)).toEqual(strip(direct));
    expect(readFileSync(direct, 'utf8').startsWith(`{"format":"${AGGREGATE_FORMAT}","version":1,`)).toBe(true);
  });

  it('a damaged or foreign-version aggregate is a diagnostic, the other inputs still count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-agg-'));
    const [a] = await threeAggregates(appPlatformFile('flows.jsonl'), dir);
    const text = readFileSync(a as string, 'utf8');
    writeFileSync(join(dir, 'cut.json'), text.slice(0, text.length / 2));
    writeFileSync(join(dir, 'v9.json'), text.replace('"version":1', '"version":9'));
    const r = await flows([join(dir, 'cut.json'), join(dir, 'v9.json'), join(dir, 'part1.jsonl'), '--json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { flows: number; diagnostics: { file: string; code: string }[] };
    expect(out.flows).toBeGreaterThan(0);
    expect(out.diagnostics.map((d) => d.code).sort()).toEqual(['flow-aggregate-json', 'flow-aggregate-version']);
  });

  it('--save-aggregate needs a file name; unknown options are refused by the one argument parser', async () => {
    expect((await flows(['x.jsonl', '--save-aggregate'], tmpdir())).code).toBe(2);
    expect((await flows(['x.jsonl', '--bogus'], tmpdir())).stderr).toContain('unknown option --bogus');
  });
});
