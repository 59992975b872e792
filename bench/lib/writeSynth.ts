/**
 * Writes a generated cluster to a folder for manual use (load it in the app or the CLI):
 *
 *   npx tsx bench/lib/writeSynth.ts OUTDIR [--preset 200|1k|5k|20k] [--format yaml|json] [--seed N] [--PARAM N …]
 *
 * Any numeric field of SynthParams can be overridden (`--tenants 10 --cnps 50`). The core
 * generator has no file access; this is its Node shell.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCluster, synthPresets, defaultSynthParams, type SynthParams, type SynthPresetName, type SynthCluster } from '../../src/core/synth/cluster.ts';

export function writeSynth(outDir: string, params: Partial<SynthParams>): SynthCluster {
  const cluster = generateCluster(params);
  mkdirSync(outDir, { recursive: true });
  for (const f of cluster.files) writeFileSync(join(outDir, f.name), f.data);
  return cluster;
}

function parseArgs(argv: readonly string[]): { out: string; params: Partial<SynthParams> } | string {
  let out: string | null = null;
  let params: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) {
      out = a;
      continue;
    }
    const key = a.slice(2);
    const value = argv[++i];
    if (value === undefined) return `missing value for ${a}`;
    if (key === 'preset') {
      if (!(value in synthPresets)) return `unknown preset ${value}; presets: ${Object.keys(synthPresets).join(', ')}`;
      params = { ...synthPresets[value as SynthPresetName], ...params };
    } else if (key === 'format') {
      if (value !== 'yaml' && value !== 'json') return '--format is yaml or json';
      params['format'] = value;
    } else if (key in defaultSynthParams && typeof defaultSynthParams[key as keyof SynthParams] === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) return `${a} needs a number`;
      params[key] = n;
    } else return `unknown option ${a}`;
  }
  if (out === null) return 'usage: writeSynth.ts OUTDIR [--preset 200|1k|5k|20k] [--format yaml|json] [--seed N] [--tenants N …]';
  return { out, params: params as Partial<SynthParams> };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const parsed = parseArgs(process.argv.slice(2));
  if (typeof parsed === 'string') {
    console.error(parsed);
    process.exitCode = 2;
  } else {
    const c = writeSynth(resolve(parsed.out), parsed.params);
    console.log(`wrote ${c.files.length} files (${(c.counts.bytes / 1e6).toFixed(1)} MB) to ${parsed.out}: ${JSON.stringify(c.counts)}`);
  }
}
