import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPlatformDir, malformedDir, npguardDir, realWorldDir, semanticsDir } from '../../../test/paths.ts';
import { generateCluster, synthPresets } from '../synth/cluster.ts';
import { seededRandom } from '../synth/seededRandom.ts';
import { Loader } from './loadInputs.ts';
import type { FileRecording } from './loader.ts';
import { textFactsOfBytes } from './textFacts.ts';

const enc = new TextEncoder();

interface Input {
  readonly name: string;
  readonly data: Uint8Array;
}

/** One load read on one thread: every file from its bytes. */
function plainLoad(inputs: readonly Input[], limits?: { maxDiagnosticsPerCode: number }): ReturnType<Loader['finish']> {
  const loader = new Loader(limits ? { limits } : {});
  for (const f of inputs) loader.addFile(f);
  return loader.finish();
}

/**
 * The same load with the files `recorded` says read by a recording Loader (the helper thread's),
 * its recording passed through a structured clone (what postMessage does) and taken over; the
 * others read from their scanned text, or their bytes. Counts the files taken over.
 */
function recordedLoad(inputs: readonly Input[], recorded: (i: number) => boolean, limits?: { maxDiagnosticsPerCode: number }): { result: ReturnType<Loader['finish']>; takenOver: number } {
  const loader = new Loader(limits ? { limits } : {});
  let takenOver = 0;
  inputs.forEach((f, i) => {
    const facts = textFactsOfBytes(f.data);
    if (facts === null) return loader.addFile(f);
    const recording = recorded(i) ? Loader.record(f.name, facts, limits ? { limits } : {}) : null;
    if (recording === null) return loader.addScanned(f.name, facts);
    takenOver++;
    loader.addRecorded(f.name, structuredClone(recording) as FileRecording);
  });
  return { result: loader.finish(), takenOver };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

const fixtureInputs = (): Input[] =>
  [...[appPlatformDir, malformedDir, realWorldDir, semanticsDir].flatMap(filesUnder).filter((f) => !f.endsWith('.expected.json')), ...filesUnder(npguardDir).filter((f) => f.endsWith('.json'))].map((f) => ({
    name: f.slice(f.lastIndexOf('/', f.lastIndexOf('/') - 1) + 1),
    data: readFileSync(f),
  }));

const list = (items: readonly string[]): string => `{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n${items.join(',\n')}\n  ],\n  "metadata": {"resourceVersion": ""}\n}\n`;
const pod = (name: string, port = '8080', ns = 'shop'): string =>
  `    {\n      "apiVersion": "v1",\n      "kind": "Pod",\n      "metadata": {"name": "${name}", "namespace": "${ns}", "labels": {"app": "${name}"}},\n      "spec": {"containers": [{"name": "c", "ports": [{"containerPort": ${port}}]}]},\n      "status": {"podIP": "10.0.0.1"}\n    }`;

describe('Loader.record / addRecorded', () => {
  it('takes over every fixture exactly as reading it here (each file alone, and all of them as one load)', () => {
    const inputs = fixtureInputs();
    expect(inputs.length).toBeGreaterThan(60);
    let takenOver = 0;
    for (const f of inputs) {
      const one = recordedLoad([f], () => true);
      takenOver += one.takenOver;
      expect(one.result, f.name).toStrictEqual(plainLoad([f]));
    }
    // Policies, flows and agent outputs are left to the load's Loader; inventory and broken files are taken over.
    expect(takenOver).toBeGreaterThan(20);
    expect(takenOver).toBeLessThan(inputs.length);
    const all = recordedLoad(inputs, () => true);
    expect(all.result).toStrictEqual(plainLoad(inputs));
    // Duplicates across files are found where the files meet, whichever thread read them.
    expect(all.result.diagnostics.some((d) => d.code === 'duplicate-object')).toBe(true);
    // Every fixture read twice, then all of them twice more: 4-17 s alone, over 30 s (the default limit) on a
    // 2-core machine shared with a browser run. The limit only guards against a hang; speed is measured by the bench.
  }, 120_000);

  it('keeps broken items, duplicates within and across files, skipped kinds and the per-code limit as the plain read does', () => {
    const a = list([pod('a'), pod('b', '70000'), '    "not an object"', pod('a', '"http"'), '    {"apiVersion": "v1", "kind": "Widget", "metadata": {"name": "w"}}', pod('c', '-1', '')]);
    const b = list([pod('b'), pod('d', '1e9'), '    {"kind": "Pod", "metadata": {"name": "e", "namespace": "shop"}}', '    {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "rs", "namespace": "shop"}, "spec": {"template": {"metadata": {"labels": {"app": "a"}}}}}']);
    const many = list(Array.from({ length: 80 }, (_, i) => pod(`p${i}`, '99999')));
    const inputs: Input[] = [
      { name: 'a.json', data: enc.encode(a) },
      { name: 'b.json', data: enc.encode(b) },
      { name: 'many.json', data: enc.encode(many) },
      { name: 'cut.json', data: enc.encode(a.slice(0, 300)) },
      { name: 'comma.json', data: enc.encode('{"apiVersion": "v1", "kind": "List", "items": [],}') },
      { name: 'stream.json', data: enc.encode(pod('s1') + '\n' + pod('a')) },
      { name: 'empty.json', data: enc.encode('  \n') },
      { name: 'pods.yaml', data: enc.encode('apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  namespace: shop\n---\nkind: [\n') },
      { name: 'cnp.yaml', data: enc.encode('apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: x\n  namespace: shop\nspec:\n  endpointSelector: {}\n') },
      { name: 'ds.json', data: enc.encode('{"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "cilium", "namespace": "kube-system"}, "spec": {"template": {"spec": {"containers": [{"name": "cilium-agent", "image": "quay.io/cilium/cilium:v1.16.3"}]}}}}') },
    ];
    for (const limits of [undefined, { maxDiagnosticsPerCode: 5 }]) {
      const plain = plainLoad(inputs, limits);
      const { result, takenOver } = recordedLoad(inputs, () => true, limits);
      expect(takenOver).toBe(8);
      expect(result).toStrictEqual(plain);
      const codes = new Set(plain.diagnostics.map((d) => d.code));
      if (limits) expect(plain.diagnostics.some((d) => d.file === 'many.json' && d.message.includes('75 more diagnostics of this kind'))).toBe(true);
      for (const code of ['duplicate-object', 'invalid-port', 'not-an-object', 'unknown-kind', 'truncated', 'json-syntax', 'empty-file']) expect(codes, code).toContain(code);
    }
  });

  it('gives the plain result whichever files are taken over (random splits of damaged synthetic clusters)', () => {
    const synth = generateCluster({ ...synthPresets['200'], format: 'json' });
    const rng = seededRandom(18);
    for (let round = 0; round < 4; round++) {
      // Damage a few places in a few files: values replaced, characters deleted, files cut short.
      const inputs: Input[] = synth.files.map((f) => {
        let text = f.data;
        if (rng.chance(0.5)) {
          for (let k = 0; k < 4; k++) {
            const at = rng.int(text.length);
            const what = rng.int(3);
            text = what === 0 ? text.slice(0, at) + '"x"' + text.slice(at + 1) : what === 1 ? text.slice(0, at) + text.slice(at + 1 + rng.int(20)) : text.slice(0, at) + '99999' + text.slice(at);
          }
        }
        if (rng.chance(0.1)) text = text.slice(0, rng.int(text.length));
        return { name: f.name, data: enc.encode(text) };
      });
      const split = inputs.map(() => rng.chance(0.5));
      const plain = plainLoad(inputs);
      const { result, takenOver } = recordedLoad(inputs, (i) => split[i] === true);
      expect(takenOver).toBeGreaterThan(0);
      expect(result, `round ${round}`).toStrictEqual(plain);
    }
  });

  it('leaves to the load what only it can read in order: policies, flows, agent outputs, the cilium DaemonSet', () => {
    const facts = (text: string): NonNullable<ReturnType<typeof textFactsOfBytes>> => textFactsOfBytes(enc.encode(text)) as NonNullable<ReturnType<typeof textFactsOfBytes>>;
    expect(Loader.record('cnp.yaml', facts('apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: x\n'), {})).toBeNull();
    expect(Loader.record('flows.json', facts('{"flow": {"verdict": "FORWARDED"}}\n{"flow": {"verdict": "DROPPED"}}\n'), {})).toBeNull();
    const ciliumDs = (image: string): string => `{"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "cilium", "namespace": "kube-system"}, "spec": {"template": {"spec": {"containers": [{"name": "cilium-agent", "image": "${image}"}]}}}}`;
    expect(Loader.record('ds.json', facts(ciliumDs('quay.io/cilium/cilium:v1.16.3')), {})).toBeNull();
    expect(Loader.record('ds.json', facts(ciliumDs('quay.io/cilium/cilium@sha256:0123')), {})).toBeNull();
    expect(Loader.record('pods.json', facts(list([pod('a')])), {})?.steps.length).toBeGreaterThan(0);
    const otherDs = '{"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "fluentd", "namespace": "logging"}, "spec": {"template": {"spec": {"containers": [{"name": "fluentd", "image": "fluent/fluentd:v1.16"}]}}}}';
    expect(Loader.record('ds.json', facts(otherDs), {})?.steps.length).toBeGreaterThan(0);
    // The agent's outputs with nothing but what the load keeps: an empty repository (its Revision line),
    // an identity list (text and JSON), GKE's override of cilium-config.
    expect(Loader.record('cmd/cilium-dbg-policy-get.md', facts('[]\nRevision: 1\n'), {})).toBeNull();
    expect(Loader.record('cmd/cilium-dbg-identity-list.md', facts('ID      LABELS\n1       reserved:host\n'), {})).toBeNull();
    expect(Loader.record('ids.json', facts('[{"id": 1, "labels": ["reserved:host"]}]'), {})).toBeNull();
    expect(Loader.record('cm.json', facts('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cilium-config-emergency-override"}, "data": {"enable-policy": "always"}}'), {})).toBeNull();
  });
});
