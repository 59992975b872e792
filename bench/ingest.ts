/**
 * Ingest benchmark: our streaming parse + aggregate of a Hubble export against plain `JSON.parse`
 * of the same lines and against jq counting the same edges, plus peak memory as the file grows.
 *
 *   npx tsx bench/ingest.ts [--size-mb 200] [--runs 5] [--jq-runs 3] [--rss-mb 100,400,1000] [--no-jq]
 *                           [--many-mb 400] [--many-runs 3] [--many-jq-runs 1]
 *   npm run bench -- ingest [same options]
 *
 * Two exports, generated deterministically under bench/out/ (git-ignored) and reused:
 * - `ingest.*`: src/core/synth/flows.ts, about 165 distinct endpoints (the endpoint cache of the
 *   line parser always hits after the first lines).
 * - `ingest.manyEndpoints.*`: src/core/synth/churnFlows.ts, a big cluster whose pods come and go:
 *   over 50,000 distinct pods, IPs reused by later pods, CronJob runs with their own identities
 *   (`--many-mb 0` skips it).
 * Every measured pass runs in a child process (fresh heap, its own max RSS), reading the file from
 * disk in 1 MiB chunks, as jq does. Throughput (MB = 10^6 bytes) is file size over the CPU time
 * of the child (`process.cpuUsage()`, user + system, all its threads, GC included) from the first
 * read to the result: on a machine shared with other jobs wall-clock swings several-fold from run
 * to run while CPU time does not. Wall-clock medians are recorded too (`….wall.MBps`).
 * Each round runs ours, the `JSON.parse` baselines and jq one after the other, the order reversed
 * every other round, so load from other processes hits all of them alike; ratios are medians of
 * the per-round ratios (one run each of the two sides, back to back). The 1-minute load average
 * before each run is recorded (`ingest.loadAverage1m`).
 * Two `JSON.parse` baselines: plain code decoding each 1 MiB chunk whole (`ingest.jsonParse.MBps`,
 * the issue's reference), and one decoding in 64 KiB pieces as our line splitter does
 * (`ingest.jsonParse.decode64k.MBps`): small strings avoid V8's large-object space and its full
 * GCs, which makes plain `JSON.parse` itself about 1.4x faster. Both ratios are recorded.
 * bench/README.md (section ingest) defines every figure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { syntheticFlowLines } from '../src/core/synth/flows.ts';
import { ChurnFlowExport, type ChurnStats } from '../src/core/synth/churnFlows.ts';
import { FlowIngest } from '../src/core/flows/ingest.ts';
import { median, recordFigures, type Figure } from './lib/results.ts';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');
const CHUNK = 1024 * 1024;
/** Decoding granularity of the baseline, as src/core/flows/lineSplitter.ts decodes. */
const DECODE_PIECE = 64 * 1024;
/** Bump when a generator changes, so stale exports are not reused. */
const GENERATOR_VERSION = 4;
const CHURN_GENERATOR_VERSION = 1;

interface Options {
  readonly sizeMB: number;
  readonly runs: number;
  readonly jqRuns: number;
  readonly rssMB: readonly number[];
  readonly jq: boolean;
  readonly manyMB: number;
  readonly manyRuns: number;
  readonly manyJqRuns: number;
}

function options(argv: readonly string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i < 0) return undefined;
    const a = argv[i] as string;
    return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
  };
  const num = (name: string, dflt: number, zeroOk = false) => {
    const v = get(name);
    const n = v === undefined ? dflt : Number(v);
    if (!Number.isFinite(n) || n < 0 || (n === 0 && !zeroOk)) throw new Error(`${name} needs a positive number`);
    return n;
  };
  return {
    sizeMB: num('--size-mb', 200),
    runs: num('--runs', 5),
    jqRuns: num('--jq-runs', 3, true),
    rssMB: (get('--rss-mb') ?? '100,400,1000').split(',').map(Number).filter((n) => n > 0),
    jq: !argv.includes('--no-jq'),
    manyMB: num('--many-mb', 400, true),
    manyRuns: num('--many-runs', 3),
    manyJqRuns: num('--many-jq-runs', 1, true),
  };
}

async function writeLines(path: string, lines: Iterable<string>, target: number): Promise<void> {
  const out = createWriteStream(path);
  let bytes = 0;
  let batch: string[] = [];
  const flush = async () => {
    const text = `${batch.join('\n')}\n`;
    batch = [];
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  for (const line of lines) {
    batch.push(line);
    bytes += Buffer.byteLength(line) + 1;
    if (batch.length === 2000) await flush();
    if (bytes >= target) break;
  }
  if (batch.length > 0) await flush();
  await new Promise<void>((r) => out.end(r));
}

/** bench/out/hubble-synth-v4-200MB.jsonl, generated once (~1.5 kB lines, seed 42). */
async function exportOf(sizeMB: number): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `hubble-synth-v${GENERATOR_VERSION}-${sizeMB}MB.jsonl`);
  const target = sizeMB * 1e6;
  if (existsSync(path) && statSync(path).size >= target) return path;
  process.stdout.write(`  generating ${sizeMB} MB synthetic export… `);
  await writeLines(path, syntheticFlowLines({ seed: 42 }), target);
  console.log('done');
  return path;
}

/** bench/out/hubble-churn-v1-400MB.jsonl (~1.8 kB lines, seed 42) and what it holds (…stats.json). */
async function churnExportOf(sizeMB: number): Promise<{ path: string; stats: ChurnStats }> {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `hubble-churn-v${CHURN_GENERATOR_VERSION}-${sizeMB}MB.jsonl`);
  const statsPath = `${path}.stats.json`;
  const target = sizeMB * 1e6;
  if (existsSync(path) && statSync(path).size >= target && existsSync(statsPath)) {
    return { path, stats: JSON.parse(readFileSync(statsPath, 'utf8')) as ChurnStats };
  }
  process.stdout.write(`  generating ${sizeMB} MB many-endpoints export… `);
  const gen = new ChurnFlowExport({ seed: 42 });
  await writeLines(path, gen.lines(), target);
  const stats = gen.stats();
  writeFileSync(statsPath, `${JSON.stringify(stats)}\n`);
  console.log('done');
  return { path, stats };
}

interface ChildResult {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly bytes: number;
  readonly lines: number;
  readonly edges: number;
  readonly maxRssMB: number;
  /** Endpoint texts looked up in the line parser's cache, and found there (ingest only). */
  readonly cacheLookups: number;
  readonly cacheHits: number;
  /** Endpoints not found whole but built from a cached shape (no text parsed). */
  readonly cacheShapeHits: number;
}

/** Child side: one measured pass over `file`, result as one JSON line on stdout. */
async function child(mode: string, file: string): Promise<void> {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  let bytes = 0;
  let lines = 0;
  let edges = 0;
  let cacheLookups = 0;
  let cacheHits = 0;
  let cacheShapeHits = 0;
  const stream = createReadStream(file, { highWaterMark: CHUNK });
  if (mode === 'ingest') {
    const ingest = new FlowIngest();
    ingest.beginFile(file);
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      bytes += b.byteLength;
      ingest.pushBytes(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    }
    const agg = ingest.finish();
    lines = agg.totals.flows + agg.totals.skipped.total;
    edges = agg.edges.length;
    const cache = ingest.endpointCache();
    cacheLookups = cache?.lookups ?? 0;
    cacheHits = cache?.hits ?? 0;
    cacheShapeHits = cache?.shapeHits ?? 0;
  } else {
    // The baseline: the same chunks decoded and split at newlines, each line given to JSON.parse, nothing
    // else. `jsonparse`: each 1 MiB chunk decoded whole (plain code). `jsonparse64k`: decoded in the same
    // 64 KiB pieces as our line splitter (a 1 MiB string lands in V8's large-object space and costs
    // full GCs): a tuned baseline, so that decoding granularity is not counted as parsing speed.
    const piece = mode === 'jsonparse64k' ? DECODE_PIECE : CHUNK;
    const decoder = new TextDecoder();
    let rest = '';
    let sink = 0;
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      bytes += b.byteLength;
      for (let off = 0; off < b.byteLength; off += piece) {
        const text = rest + decoder.decode(new Uint8Array(b.buffer, b.byteOffset + off, Math.min(piece, b.byteLength - off)), { stream: true });
        let start0 = 0;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start0)) {
          if (nl > start0) {
            const v: unknown = JSON.parse(text.slice(start0, nl));
            if (v !== null) sink++;
          }
          start0 = nl + 1;
        }
        rest = text.slice(start0);
      }
    }
    if (rest.trim() !== '') sink += JSON.parse(rest) === null ? 0 : 1;
    lines = sink;
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  const result: ChildResult = { seconds, cpuSeconds, bytes, lines, edges, maxRssMB, cacheLookups, cacheHits, cacheShapeHits };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(mode: string, file: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) reject(new Error(`bench child ${mode} exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as ChildResult);
    });
  });
}

/**
 * The jq a support engineer would write for the same question: request flows counted by source
 * workload (else pod, name or IP), destination, destination port and verdict, streaming (`-n` +
 * `inputs` + `reduce`, so jq never holds the file either).
 */
export const JQ_PROGRAM =
  'reduce (inputs | select(.flow) | .flow | select(.is_reply != true)) as $f ({}; ' +
  '((($f.source.namespace // "") + "/" + ($f.source.workloads[0].name // $f.source.pod_name // ($f.source_names[0] // $f.IP.source // "?"))) + "|" + ' +
  '(($f.destination.namespace // "") + "/" + ($f.destination.workloads[0].name // $f.destination.pod_name // ($f.destination_names[0] // $f.IP.destination // "?"))) + "|" + ' +
  '(($f.l4.TCP.destination_port // $f.l4.UDP.destination_port // $f.l4.SCTP.destination_port // 0) | tostring) + "|" + ($f.verdict // "VERDICT_UNKNOWN")) as $k | .[$k] += 1)';

/** jq's wall-clock and CPU seconds (CPU from /usr/bin/time when installed, else wall-clock). */
function runJq(file: string): Promise<{ seconds: number; cpuSeconds: number }> {
  const timed = existsSync('/usr/bin/time');
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const p = timed
      ? spawn('/usr/bin/time', ['-f', 'cpu %U %S', 'jq', '-n', '-c', JQ_PROGRAM, file], { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn('jq', ['-n', '-c', JQ_PROGRAM, file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) return reject(new Error(`jq exited with ${code}: ${err}`));
      const m = /cpu ([\d.]+) ([\d.]+)/.exec(err);
      resolve({ seconds, cpuSeconds: m ? Number(m[1]) + Number(m[2]) : seconds });
    });
  });
}

const fig = (values: readonly number[], unit: string, digits = 1): Figure => ({ median: Number(median(values).toFixed(digits)), unit, runs: values.length });

type Pass = 'ingest' | 'jsonparse' | 'jsonparse64k' | 'jq';

interface Round {
  readonly results: Partial<Record<Pass, { seconds: number; cpuSeconds: number; child?: ChildResult }>>;
  readonly load: number;
}

/**
 * `runs` rounds over `file`; each runs `passes` back to back (jq only in the first `jqRuns`
 * rounds), in reverse order every other round.
 */
async function rounds(file: string, runs: number, passes: readonly Pass[], jqRuns: number): Promise<Round[]> {
  const bytes = statSync(file).size;
  const out: Round[] = [];
  const mbps = (s: number) => (bytes / 1e6 / s).toFixed(1);
  for (let i = 0; i < runs; i++) {
    const load = loadavg()[0] ?? 0;
    const order = passes.filter((p) => p !== 'jq' || i < jqRuns);
    if (i % 2 === 1) order.reverse();
    const results: Round['results'] = {};
    for (const p of order) {
      if (p === 'jq') results.jq = await runJq(file);
      else {
        const c = await runChild(p, file);
        results[p] = { seconds: c.seconds, cpuSeconds: c.cpuSeconds, child: c };
      }
    }
    out.push({ results, load });
    const parts = order.map((p) => {
      const r = results[p] as { seconds: number; cpuSeconds: number; child?: ChildResult };
      const c = r.child;
      const pct = (n: number) => `${((100 * n) / Math.max(1, c?.cacheLookups ?? 0)).toFixed(1)} %`;
      const extra = p === 'ingest' && c ? `, ${c.edges} edges, endpoint cache hits ${pct(c.cacheHits)}, built from a cached shape ${pct(c.cacheShapeHits)}` : '';
      return `${p} ${mbps(r.cpuSeconds)} MB/s CPU (${r.cpuSeconds.toFixed(2)} s; ${mbps(r.seconds)} wall${extra})`;
    });
    console.log(`  run ${i + 1} (load ${load.toFixed(1)}): ${parts.join('; ')}`);
  }
  return out;
}

/** Per-round values of one pass (rounds where it ran). */
function series(rs: readonly Round[], p: Pass, f: (r: { seconds: number; cpuSeconds: number; child?: ChildResult }) => number): number[] {
  return rs.flatMap((r) => (r.results[p] === undefined ? [] : [f(r.results[p])]));
}

/** Per-round ratio of two passes' CPU throughput (a / b), rounds where both ran. */
function ratios(rs: readonly Round[], a: Pass, b: Pass): number[] {
  return rs.flatMap((r) => {
    const x = r.results[a];
    const y = r.results[b];
    return x === undefined || y === undefined ? [] : [y.cpuSeconds / x.cpuSeconds];
  });
}

/** Share of endpoint lookups found whole (`hits`) or that had to be parsed (`parsed`); the same on every run. */
function cacheRate(rs: readonly Round[], what: 'hits' | 'parsed'): Figure {
  const c = rs.find((r) => r.results.ingest?.child)?.results.ingest?.child as ChildResult;
  const n = what === 'hits' ? c.cacheHits : c.cacheLookups - c.cacheHits - c.cacheShapeHits;
  return { median: Number((n / Math.max(1, c.cacheLookups)).toFixed(3)), unit: 'ratio', runs: 1 };
}

export async function run(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const o = options(argv);
  const haveJq = o.jq && spawnSync('jq', ['--version']).status === 0;
  if (!haveJq) console.log('  jq not run (--no-jq or jq missing)');
  const file = await exportOf(o.sizeMB);
  const bytes = statSync(file).size;
  const MB = (s: number) => bytes / 1e6 / s;
  console.log(`  export: ${file} (${(bytes / 1e6).toFixed(0)} MB), load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const main = await rounds(file, o.runs, haveJq ? ['ingest', 'jsonparse', 'jsonparse64k', 'jq'] : ['ingest', 'jsonparse', 'jsonparse64k'], o.jqRuns);
  const ours = series(main, 'ingest', (r) => MB(r.cpuSeconds));
  const figures: Record<string, Figure> = {
    'ingest.parseAggregate.MBps': fig(ours, 'MB/s'),
    'ingest.parseAggregate.cpu.s': fig(series(main, 'ingest', (r) => r.cpuSeconds), 's', 3),
    'ingest.jsonParse.MBps': fig(series(main, 'jsonparse', (r) => MB(r.cpuSeconds)), 'MB/s'),
    'ingest.parseAggregate.wall.MBps': fig(series(main, 'ingest', (r) => MB(r.seconds)), 'MB/s'),
    'ingest.jsonParse.wall.MBps': fig(series(main, 'jsonparse', (r) => MB(r.seconds)), 'MB/s'),
    'ingest.parseAggregateVsJsonParse.ratio': fig(ratios(main, 'ingest', 'jsonparse'), 'x', 2),
    'ingest.jsonParse.decode64k.MBps': fig(series(main, 'jsonparse64k', (r) => MB(r.cpuSeconds)), 'MB/s'),
    'ingest.parseAggregateVsJsonParseDecode64k.ratio': fig(ratios(main, 'ingest', 'jsonparse64k'), 'x', 2),
    'ingest.endpointCacheHitRate.ratio': cacheRate(main, 'hits'),
    'ingest.endpointParseRate.ratio': cacheRate(main, 'parsed'),
    [`ingest.peakRssMB.${o.sizeMB}MB`]: fig(series(main, 'ingest', (r) => r.child?.maxRssMB ?? 0), 'MB', 0),
  };
  if (haveJq && o.jqRuns > 0) {
    figures['ingest.jq.MBps'] = fig(series(main, 'jq', (r) => MB(r.cpuSeconds)), 'MB/s');
    figures['ingest.jq.wall.MBps'] = fig(series(main, 'jq', (r) => MB(r.seconds)), 'MB/s');
    figures['ingest.parseAggregateVsJq.ratio'] = fig(ratios(main, 'ingest', 'jq'), 'x', 2);
  }
  const loads = main.map((r) => r.load);
  if (o.manyMB > 0) {
    const many = await churnExportOf(o.manyMB);
    const mBytes = statSync(many.path).size;
    const mMB = (s: number) => mBytes / 1e6 / s;
    console.log(
      `  many-endpoints export: ${many.path} (${(mBytes / 1e6).toFixed(0)} MB, ${many.stats.lines} lines, ${many.stats.pods} distinct pods, ` +
        `${many.stats.reusedIps} IPs reused by another pod), load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`,
    );
    const m = await rounds(many.path, o.manyRuns, haveJq ? ['ingest', 'jsonparse', 'jq'] : ['ingest', 'jsonparse'], o.manyJqRuns);
    loads.push(...m.map((r) => r.load));
    const p = 'ingest.manyEndpoints';
    Object.assign(figures, {
      [`${p}.endpoints`]: { median: many.stats.pods, unit: 'pods', runs: 1 },
      [`${p}.reusedIps`]: { median: many.stats.reusedIps, unit: 'IPs', runs: 1 },
      [`${p}.endpointCacheHitRate.ratio`]: cacheRate(m, 'hits'),
      [`${p}.endpointParseRate.ratio`]: cacheRate(m, 'parsed'),
      [`${p}.parseAggregate.MBps`]: fig(series(m, 'ingest', (r) => mMB(r.cpuSeconds)), 'MB/s'),
      [`${p}.parseAggregate.cpu.s`]: fig(series(m, 'ingest', (r) => r.cpuSeconds), 's', 3),
      [`${p}.parseAggregate.wall.MBps`]: fig(series(m, 'ingest', (r) => mMB(r.seconds)), 'MB/s'),
      [`${p}.jsonParse.MBps`]: fig(series(m, 'jsonparse', (r) => mMB(r.cpuSeconds)), 'MB/s'),
      [`${p}.jsonParse.cpu.s`]: fig(series(m, 'jsonparse', (r) => r.cpuSeconds), 's', 3),
      [`${p}.jsonParse.wall.MBps`]: fig(series(m, 'jsonparse', (r) => mMB(r.seconds)), 'MB/s'),
      [`${p}.parseAggregateVsJsonParse.ratio`]: fig(ratios(m, 'ingest', 'jsonparse'), 'x', 2),
      [`${p}.peakRssMB`]: fig(series(m, 'ingest', (r) => r.child?.maxRssMB ?? 0), 'MB', 0),
    });
    if (haveJq && o.manyJqRuns > 0) {
      figures[`${p}.jq.MBps`] = fig(series(m, 'jq', (r) => mMB(r.cpuSeconds)), 'MB/s');
      figures[`${p}.parseAggregateVsJq.ratio`] = fig(ratios(m, 'ingest', 'jq'), 'x', 2);
    }
  }
  figures['ingest.loadAverage1m'] = fig(loads, 'load', 1);
  // Peak memory as the file grows: one child per size; flat means it does not depend on file size.
  for (const mb of o.rssMB) {
    if (mb === o.sizeMB) continue;
    const f = await exportOf(mb);
    const r = await runChild('ingest', f);
    const name = mb >= 1000 && mb % 1000 === 0 ? `${mb / 1000}GB` : `${mb}MB`;
    figures[`ingest.peakRssMB.${name}`] = { median: Math.round(r.maxRssMB), unit: 'MB', runs: 1 };
    console.log(`  ${name}: peak RSS ${r.maxRssMB.toFixed(0)} MB, ${(r.bytes / 1e6 / r.cpuSeconds).toFixed(1)} MB/s CPU, ${r.edges} edges`);
  }
  recordFigures(figures);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') await child(argv[1] ?? 'ingest', argv[2] ?? '');
  else await run(argv);
}
