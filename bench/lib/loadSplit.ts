/**
 * The two-thread load of a synthetic cluster, one thread at a time, in Node: what the load
 * worker does (its own files, taking over the helper's recordings, `finish`, the clone for the
 * page) and what the helper does (decode, scan, `Loader.record`, the clone of its answer), each
 * step timed (thread CPU = wall time here: one thread, GC helper threads left out). Not a bench
 * group: it records no figures; it says where the load worker's time goes.
 *
 *   npx tsx bench/lib/loadSplit.ts [--preset 20k] [--rounds 3]
 */
import { serialize, deserialize } from 'node:v8';
import { generateCluster, synthPresets, type SynthPresetName } from '../../src/core/synth/cluster.ts';
import { Loader } from '../../src/core/load/loadInputs.ts';
import type { FileRecording } from '../../src/core/load/loader.ts';
import { textFactsOfBytes } from '../../src/core/load/textFacts.ts';
import { helperReads } from '../../src/workers/loadPipeline.ts';
import type { LoadSource } from '../../src/workers/protocol.ts';

const argv = process.argv.slice(2);
const value = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const preset = (value('--preset') ?? '20k') as SynthPresetName;
const rounds = Number(value('--rounds') ?? 3);

const synth = generateCluster({ ...synthPresets[preset], format: 'json' });
const enc = new TextEncoder();
const files = synth.files.map((f) => ({ name: f.name, data: enc.encode(f.data) }));
const sources: LoadSource[] = files.map((f) => ({ kind: 'file', name: f.name, file: new Blob([f.data]) }) as LoadSource);
const split = helperReads(sources);

function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const v = f();
  return [v, performance.now() - t];
}

for (let round = 0; round < rounds; round++) {
  const t: Record<string, number> = {};
  const add = (k: string, ms: number): void => void (t[k] = (t[k] ?? 0) + ms);
  // The helper's answers, made first (on the other thread in the app).
  const answers = files.map((f, i) => {
    if (i === 0) return null;
    const [facts, scanMs] = timed(() => textFactsOfBytes(f.data));
    add('helper.scan', scanMs);
    if (facts === null || !split[i]) return { facts, bytes: null };
    const [rec, recMs] = timed(() => Loader.record(f.name, facts, {}));
    add('helper.record', recMs);
    if (rec === null) return { facts, bytes: null };
    const [bytes, serMs] = timed(() => serialize(rec));
    add('helper.serialize', serMs);
    add('recording.MB', bytes.length / 1e6);
    return { facts: null, bytes };
  });
  const loader = new Loader({});
  files.forEach((f, i) => {
    const a = answers[i];
    if (a?.bytes) {
      const [rec, desMs] = timed(() => deserialize(a.bytes as Buffer) as FileRecording);
      add('load.deserialize', desMs);
      add('load.addRecorded', timed(() => loader.addRecorded(f.name, rec))[1]);
    } else if (a?.facts) {
      const facts = a.facts;
      add('load.own', timed(() => loader.addScanned(f.name, facts))[1]);
    }
    else add('load.own', timed(() => loader.addFile(f))[1]);
  });
  const [result, finishMs] = timed(() => loader.finish());
  add('load.finish', finishMs);
  const [page, serMs] = timed(() => serialize({ cluster: result.cluster, diagnostics: result.diagnostics }));
  add('load.cloneForPage', serMs);
  add('page.MB', page.length / 1e6);
  add('page.deserialize', timed(() => deserialize(page))[1]);
  const load = ['load.own', 'load.deserialize', 'load.addRecorded', 'load.finish', 'load.cloneForPage'].reduce((n, k) => n + (t[k] ?? 0), 0);
  console.log(`round ${round + 1}: load worker ${load.toFixed(0)} ms: ` + Object.entries(t).map(([k, v]) => `${k} ${v.toFixed(k.endsWith('MB') ? 1 : 0)}`).join(', '));
}
