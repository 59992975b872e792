import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { buildGraph } from '../core/graph/buildGraph.ts';
import { initialViewState } from '../core/graph/viewState.ts';
import { loadInputs } from '../core/load/loadInputs.ts';
import { crossChecks, graphInputsOf } from './analyse.ts';
import { graphSessionOf } from './graphSession.ts';
import { loadSources } from './loadClient.ts';
import { analyseLoad, loadedData, readLoad, runLoad } from './loadPipeline.ts';
import type { LoadProgress, LoadSource } from './protocol.ts';
import { appPlatformFile, realWorldFile, sysdumpZip } from '../../test/paths.ts';
import { aggregateFileText } from '../core/flows/aggregateFile.ts';
import { carefulParserLoaded, unloadCarefulParserForTests } from '../core/load/carefulReader.ts';
import { lazyModuleMisses } from '../core/util/lazyModule.ts';
import { fflate } from '../core/load/sourceEntries.ts';
import { rareReaders } from '../core/load/rareInputs.ts';
import { tarArchive } from '../core/load/archiveTesting.ts';
import { ingestTexts } from '../core/flows/ingest.ts';
import { FlowAggregator } from '../core/flows/aggregate.ts';
import { flowSinkFor } from '../core/flows/sink.ts';
import { FlowLineParser } from '../core/hubble/lineParser.ts';

const fixture = (name: string): Buffer => readFileSync(appPlatformFile(name));
/** Blob parts must be backed by a plain ArrayBuffer (Node's Buffer type allows a shared one). */
const part = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);
const names = ['policies.yaml', 'inventory.yaml', 'flows.jsonl'];
const asFiles = (gzipFlows = false): LoadSource[] =>
  names.map((name) => {
    const bytes = fixture(name);
    return { kind: 'file', name, file: new Blob([part(gzipFlows && name === 'flows.jsonl' ? gzipSync(bytes) : bytes)]) };
  });

describe('runLoad on the app-platform fixture', () => {
  it('streams the files, aggregates the 223 flows and cross-checks them: the AUDIT flow is the only mismatch', async () => {
    const progress: LoadProgress[] = [];
    const data = await runLoad(asFiles(), {}, (p) => progress.push(p));
    expect(data.flowRecords).toBe(223);
    expect(data.flows?.totals.flows).toBe(223);
    expect(data.cluster.policies).toHaveLength(12);
    expect(data.engineError).toBeNull();
    expect(data.connectivity?.paths.length).toBeGreaterThan(0);
    expect([...(data.mismatches ?? new Map()).values()]).toEqual(['observed-allowed-predicted-denied']);
    expect(data.crossCheck?.['observed-allowed-predicted-denied']).toBe(1);
    expect(data.crossCheck?.['observed-denied-predicted-allowed']).toBe(0);
    // Progress: every phase in order, bytes up to the total, and the flows counted while reading.
    expect([...new Set(progress.map((p) => p.phase))]).toEqual(['reading', 'parsing', 'analysing']);
    const last = progress[progress.length - 1];
    expect(last?.bytesRead).toBe(last?.bytesTotal);
    expect(last?.flows).toBe(223);
    expect(last?.flowsPerSecond).toBeGreaterThan(0);
  });

  it('gives the same cluster, flows and mismatches as the whole-file loader, gzip or not', async () => {
    const whole = loadInputs(names.map((name) => ({ name, data: fixture(name) })));
    const streamed = await runLoad(asFiles(), {}, () => {});
    const gzipped = await runLoad(asFiles(true), {}, () => {});
    expect(streamed.cluster.workloads).toEqual(whole.cluster.workloads);
    expect(streamed.cluster.policies).toEqual(whole.cluster.policies);
    expect(streamed.flowRecords).toBe(whole.flowRecords);
    expect(gzipped.flows).toEqual(streamed.flows);
    expect(gzipped.mismatches).toEqual(streamed.mismatches);
  });

  it('is plain data: structuredClone gives a deep-equal copy (no functions, no class instances)', async () => {
    const data = await runLoad(asFiles(), {}, () => {});
    const copy = structuredClone(data);
    // toStrictEqual also compares prototypes: a class instance would come back as a plain object.
    expect(copy).toStrictEqual(data);
    // So is what the graph session sends back for a view.
    const model = buildGraph(graphInputsOf(data).inputs, initialViewState(data.cluster));
    expect(model.edges.some((e) => e.observed !== null && e.observed.flows > 0)).toBe(true);
    expect(structuredClone(model)).toStrictEqual(model);
  });
});

describe('runLoad: flow lines through the line fast path', () => {
  it('the load worker hands flow lines to the fast path as text (not parsed whole first), with the same flows as the parsed path', async () => {
    const parse = vi.spyOn(FlowLineParser.prototype, 'parse');
    try {
      const progress: LoadProgress[] = [];
      const data = await runLoad(asFiles(), {}, (p) => progress.push(p));
      const taken = parse.mock.results.filter((r) => r.type === 'return' && r.value !== null).length;
      expect(taken).toBe(223);
      // Flows taken as text are counted in the progress like parsed ones.
      expect(progress[progress.length - 1]?.flows).toBe(223);
      expect(data.flowRecords).toBe(223);
      // The reference: the same inputs through the loader's parse of every line.
      const aggregator = new FlowAggregator();
      loadInputs(names.map((name) => ({ name, data: fixture(name) })), { flowSink: flowSinkFor(aggregator, { fastPath: false }) });
      const flowsOf = (a: typeof data.flows | undefined) => (a == null ? null : { ...a, totals: { ...a.totals, bytes: 0 } });
      expect(flowsOf(data.flows)).toEqual(flowsOf(aggregator.result()));
    } finally {
      parse.mockRestore();
    }
  });
});

describe('runLoad diagnostics and excerpts', () => {
  it('reports a bad flow line and an invalid record with their lines, excerpted from a second pass over the file', async () => {
    const lines = fixture('flows.jsonl').toString('utf8').trimEnd().split('\n');
    lines.splice(4, 0, '{"flow": {"verdict": "FORWARDED", broken');
    lines.splice(9, 0, '{"flow": {"time": 42}}');
    const file = new Blob([part(gzipSync(`${lines.join('\n')}\n`))]);
    const data = await runLoad([{ kind: 'file', name: 'flows.jsonl.gz', file }], {}, () => {});
    expect(data.flowRecords).toBe(224);
    const bad = data.diagnostics.filter((d) => d.file === 'flows.jsonl.gz');
    expect(bad.map((d) => d.line)).toEqual([5, 10]);
    const excerpt = data.excerpts.get('flows.jsonl.gz');
    expect(excerpt?.get(5)).toContain('broken');
    expect(excerpt?.get(10)).toBe('{"flow": {"time": 42}}');
    expect(excerpt?.get(3)?.length).toBeGreaterThan(0);
  });

  it('excerpts the lines around a diagnostic inside an archive member, a nested one too, as for a plain file', async () => {
    const D = 'cilium-sysdump-20261120-091500';
    const bad = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ok, namespace: shop}\nspec: {podSelector: {}}\n---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: bad-port, namespace: shop}\nspec:\n  endpointSelector: {}\n  ingress: [{toPorts: [{ports: [{port: "99999"}]}]}]\n';
    const inner = gzipSync(tarArchive([{ name: `${D}/k8s-networkpolicies-20261120-091500.yaml`, data: bad }, { name: `${D}/logs-cilium-x-20261120-091500.log`, data: 'level=info\n' }]));
    for (const [name, bytes, member] of [
      ['dump.tar.gz', inner, `dump.tar.gz/${D}/k8s-networkpolicies-20261120-091500.yaml`],
      ['case.zip', zipSync({ 'first.txt': strToU8('x'), 'dump.tar.gz': new Uint8Array(inner) }), `case.zip/dump.tar.gz/${D}/k8s-networkpolicies-20261120-091500.yaml`],
    ] as const) {
      const data = await runLoad([{ kind: 'file', name, file: new Blob([part(bytes)]) }], {}, () => {});
      const port = data.diagnostics.find((d) => d.file === member && d.path.endsWith('.port'));
      expect(port?.line, JSON.stringify(data.diagnostics)).toBe(11);
      const excerpt = data.excerpts.get(member);
      expect(excerpt?.get(11)).toBe('  ingress: [{toPorts: [{ports: [{port: "99999"}]}]}]');
      expect(excerpt?.get(9)).toBe('spec:');
      expect(excerpt?.has(12)).toBe(false);
    }
  });

  it('excerpts lines in a later member of a gzip file when the native decompressor stops after the first, as Chromium\'s does (the excerpts were missing)', async () => {
    /** Chromium's DecompressionStream on `cat a.gz b.gz`: the first member's data, then "Failed to fetch". */
    const firstMemberOnly = (firstLen: number) =>
      class extends TransformStream<Uint8Array, Uint8Array> {
        constructor() {
          const seen: Uint8Array[] = [];
          let sent = false;
          super({
            transform(chunk, controller) {
              seen.push(chunk);
              const all = Buffer.concat(seen);
              if (all.length < firstLen) return;
              if (!sent) controller.enqueue(new Uint8Array(gunzipSync(all.subarray(0, firstLen))));
              sent = true;
              if (all.length > firstLen) controller.error(new TypeError('Failed to fetch'));
            },
            flush(controller) {
              if (!sent) controller.enqueue(new Uint8Array(gunzipSync(Buffer.concat(seen))));
            },
          });
        }
      };
    const ns = Array.from({ length: 6 }, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns${i}\n---\n`).join('');
    const bad = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: bad-port, namespace: shop}\nspec:\n  endpointSelector: {}\n  ingress: [{toPorts: [{ports: [{port: "99999"}]}]}]\n';
    const plain = [gzipSync(ns), gzipSync(bad)];
    // A tar.gz in two members, the member's file in the second.
    const tar = tarArchive([{ name: 'dump/namespaces.yaml', data: ns }, { name: 'dump/policies.yaml', data: bad }]);
    const cut = 512 + Math.ceil(ns.length / 512) * 512;
    const tarGz = [gzipSync(tar.subarray(0, cut)), gzipSync(tar.subarray(cut))];
    const at = ns.split('\n').length - 1 + 6;
    for (const [name, members, file, line] of [
      ['policies.yaml.gz', plain, 'policies.yaml.gz', at],
      ['dump.tar.gz', tarGz, 'dump.tar.gz/dump/policies.yaml', 6],
    ] as const) {
      vi.stubGlobal('DecompressionStream', firstMemberOnly(members[0]?.length ?? 0));
      try {
        const data = await runLoad([{ kind: 'file', name, file: new Blob([part(Buffer.concat(members))]) }], {}, () => {});
        const port = data.diagnostics.find((d) => d.file === file && d.path.endsWith('.port'));
        expect(port?.line, JSON.stringify(data.diagnostics)).toBe(line);
        expect(data.excerpts.get(file)?.get(line)).toBe('  ingress: [{toPorts: [{ports: [{port: "99999"}]}]}]');
        expect(data.excerpts.get(file)?.get(line - 2)).toBe('spec:');
      } finally {
        vi.unstubAllGlobals();
      }
    }
  });

  it('a flows-only load has flows and no cross-check (no policies to compare with)', async () => {
    const data = await runLoad([{ kind: 'text', name: 'flows.jsonl', text: fixture('flows.jsonl').toString('utf8') }], {}, () => {});
    expect(data.flows?.totals.flows).toBe(223);
    expect(data.crossCheck).toBeNull();
    expect(data.mismatches?.size).toBe(0);
    expect(data.diagnostics.filter((d) => d.code === 'unknown-endpoint')).toEqual([]);
  });

  it('a load without flows has flows null', async () => {
    const data = await runLoad([{ kind: 'text', name: 'inventory.yaml', text: fixture('inventory.yaml').toString('utf8') }], {}, () => {});
    expect(data.flows).toBeNull();
    expect(data.connectivity).not.toBeNull();
  });

  it('stops when cancelled', async () => {
    const c = new AbortController();
    c.abort(new Error('cancelled'));
    await expect(runLoad(asFiles(), {}, () => {}, c.signal)).rejects.toThrow('cancelled');
  });
});

describe('load stages (the worker sends the data before the engine when the engine cannot add to it)', () => {
  it('without flows, the data before the engine is runLoad\'s without the engine fields', async () => {
    const sources = (): LoadSource[] => asFiles().filter((s) => s.name !== 'flows.jsonl');
    const read = await readLoad(sources(), {}, () => {});
    expect(crossChecks(read.cluster, read.flows)).toBe(false);
    const early = await loadedData(read, null, 0, sources());
    const full = await runLoad(sources(), {}, () => {});
    const { connectivity, mismatches, crossCheck, engineError, engineMs, durationMs, ...rest } = full;
    expect({ ...early, durationMs: 0 }).toStrictEqual({ ...rest, durationMs: 0 });
    expect([connectivity === undefined, mismatches?.size, crossCheck, engineError, typeof engineMs, typeof durationMs]).toEqual([false, 0, null, null, 'number', 'number']);
    // The engine run afterwards gives what runLoad gives.
    const { analysis } = analyseLoad(read);
    expect(analysis.connectivity).toStrictEqual(connectivity);
    expect(analysis.diagnostics).toEqual([]);
  });

  it('with flows and policies the engine cross-checks, adding to the data: it runs first', async () => {
    const read = await readLoad(asFiles(), {}, () => {});
    expect(crossChecks(read.cluster, read.flows)).toBe(true);
    const { analysis, engineMs } = analyseLoad(read);
    const data = await loadedData(read, analysis, engineMs, asFiles());
    expect(data.crossCheck?.['observed-allowed-predicted-denied']).toBe(1);
    expect(data.mismatches?.size).toBe(1);
  });
});

describe('loadSources without Worker support', () => {
  it('runs the same pipeline on the main thread, without a graph session', async () => {
    const data = await loadSources(asFiles(), {}, {}, () => {
      throw new Error('no Worker support');
    });
    expect(data.flowRecords).toBe(223);
    expect(data.mismatches?.size).toBe(1);
    expect(graphSessionOf(data)).toBeNull();
  });
});

describe('readLoad: saved flow aggregates (flows --save-aggregate) load wherever exports do', () => {
  it('three aggregates of parts of the export (one gzipped) give the flows, mismatches and cross-check of the whole export', async () => {
    const lines = fixture('flows.jsonl').toString('utf8').split(/(?<=\n)/);
    const cuts = [0, 70, 150, lines.length];
    const parts: LoadSource[] = [0, 1, 2].map((i) => {
      const text = aggregateFileText(ingestTexts([{ name: `part${i}.jsonl`, text: lines.slice(cuts[i], cuts[i + 1]).join('') }]));
      const bytes = new TextEncoder().encode(text);
      return { kind: 'file', name: `part${i}.agg.json${i === 1 ? '.gz' : ''}`, file: new Blob([part(i === 1 ? gzipSync(bytes) : bytes)]) };
    });
    const whole = await runLoad(asFiles(), {}, () => {});
    const merged = await runLoad([...asFiles().filter((s) => s.name !== 'flows.jsonl'), ...parts], {}, () => {});
    expect(merged.diagnostics).toEqual(whole.diagnostics);
    // Bytes read are counted by the CLI's reader, not by the app's loader path; nothing else may differ.
    const flowsOf = (d: typeof whole) => ({ ...d.flows, totals: { ...d.flows?.totals, bytes: 0 } });
    expect(merged.flows?.totals.flows).toBe(223);
    expect(flowsOf(merged)).toEqual(flowsOf(whole));
    expect([...(merged.mismatches ?? new Map())]).toEqual([...(whole.mismatches ?? new Map())]);
    expect(merged.crossCheck).toEqual(whole.crossCheck);
    expect(merged.files.map((f) => f.gzip)).toEqual([false, false, false, true, false]);
  });

  it('a damaged aggregate is a diagnostic, not a policy file', async () => {
    const text = aggregateFileText(ingestTexts([{ name: 'f.jsonl', text: fixture('flows.jsonl').toString('utf8') }]));
    const data = await runLoad([{ kind: 'text', name: 'cut.agg.json', text: text.slice(0, 5000) }], {}, () => {});
    expect(data.diagnostics.map((d) => [d.file, d.code])).toEqual([['cut.agg.json', 'flow-aggregate-json']]);
    expect(data.flows).toBeNull();
  });
});

describe('readLoad: what the app adds to the loader', () => {
  it('names a flow known only by its identity number from a CiliumIdentity, and shows the notes of an opened folder', async () => {
    const first = JSON.parse(fixture('flows.jsonl').toString('utf8').split('\n')[0] as string) as { flow: { source: Record<string, unknown> } };
    const labels = first.flow.source['labels'] as string[];
    for (const k of ['labels', 'pod_name', 'workloads', 'namespace']) delete first.flow.source[k];
    const identity = { apiVersion: 'cilium.io/v2', kind: 'CiliumIdentity', metadata: { name: String(first.flow.source['identity']) }, 'security-labels': Object.fromEntries(labels.map((l) => l.split('='))) };
    const sources: LoadSource[] = [
      { kind: 'text', name: 'inventory.yaml', text: fixture('inventory.yaml').toString('utf8') },
      { kind: 'text', name: 'ciliumidentities.json', text: JSON.stringify(identity) },
      { kind: 'text', name: 'masked.jsonl', text: `${JSON.stringify(first)}\n` },
    ];
    const note = { file: 'dump', document: -1, line: 0, column: 0, path: '', severity: 'info' as const, code: 'folder-skipped', message: 'skipped 1 log' };
    const read = await readLoad(sources, { notes: [note] }, () => undefined);
    expect(read.flows?.edges.map((e) => e.source.key)).toEqual(['acme-web/Deployment/frontend']);
    expect(read.diagnostics).toContainEqual(note);
  });
});

describe('readLoad before the careful YAML parser is loaded (the browser: carefulYaml.ts)', () => {
  // A file the fast path declines (an anchor), a syntax error, flows, and plain files around them.
  const sources = (): LoadSource[] => [
    { kind: 'file', name: 'policies.yaml', file: new Blob([part(fixture('policies.yaml'))]) },
    { kind: 'text', name: 'odd.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: &n odd\n  labels: {tenant: *n}\n---\nkind: Namespace\nmetadata: {name: broken: yes}\n' },
    { kind: 'file', name: 'inventory.yaml', file: new Blob([part(fixture('inventory.yaml'))]) },
    { kind: 'file', name: 'flows.jsonl', file: new Blob([part(fixture('flows.jsonl'))]) },
  ];

  it('stops at the first need, loads it, reads again: the same result as with it from the start', async () => {
    const withIt = await readLoad(sources(), {}, () => {});
    const restore = unloadCarefulParserForTests();
    try {
      const misses = lazyModuleMisses();
      const phases: string[] = [];
      const read = await readLoad(sources(), {}, (p) => phases.push(`${p.phase} ${p.file ?? ''}`));
      expect(lazyModuleMisses()).toBeGreaterThan(misses);
      expect(carefulParserLoaded()).toBe(true);
      // The first pass stopped at odd.yaml: inventory.yaml was read once, in the second pass.
      expect(phases.filter((p) => p === 'reading inventory.yaml')).toHaveLength(1);
      expect(phases.filter((p) => p === 'reading odd.yaml')).toHaveLength(2);
      const { started: _a, reportAnalysing: _b, ...got } = read;
      const { started: _c, reportAnalysing: _d, ...want } = withIt;
      expect(got).toEqual(want);
      expect(read.diagnostics.some((d) => d.file === 'odd.yaml' && d.code === 'yaml-syntax' && d.line === 8)).toBe(true);
      expect(read.diagnostics.some((d) => d.code === 'internal-error')).toBe(false);
    } finally {
      restore();
    }
  });

  it('never refetches it for plain YAML: the fixture loads in one pass', async () => {
    const restore = unloadCarefulParserForTests();
    try {
      const misses = lazyModuleMisses();
      const read = await readLoad(asFiles(), {}, () => {});
      expect(lazyModuleMisses()).toBe(misses);
      expect(carefulParserLoaded()).toBe(false);
      expect(read.cluster.policies).toHaveLength(12);
    } finally {
      restore();
    }
  });
});

describe('readLoad before the archive decompressor is loaded (the browser: sourceEntries.ts fflate)', () => {
  const zip = (): LoadSource[] => [{ kind: 'file', name: 'sysdump.zip', file: new Blob([part(readFileSync(sysdumpZip))]) }];

  it('fetches it before reading a zip (no second pass), with the same result', async () => {
    const withIt = await readLoad(zip(), {}, () => {});
    const restore = fflate.unloadForTests();
    try {
      const misses = lazyModuleMisses();
      const read = await readLoad(zip(), {}, () => {});
      expect(lazyModuleMisses()).toBe(misses);
      expect(fflate.loaded()).toBe(true);
      const { started: _a, reportAnalysing: _b, ...got } = read;
      const { started: _c, reportAnalysing: _d, ...want } = withIt;
      expect(got).toEqual(want);
      expect(read.cluster.policies.length).toBeGreaterThan(0);
    } finally {
      restore();
    }
  });

  it('gzip inside a tar: a miss, then a second pass with it', async () => {
    const tar = tarArchive([{ name: 'dump/policies.yaml.gz', data: gzipSync(fixture('policies.yaml')) }]);
    const source = (): LoadSource[] => [{ kind: 'file', name: 'dump.tar', file: new Blob([part(tar)]) }];
    const withIt = await readLoad(source(), {}, () => {});
    const restore = fflate.unloadForTests();
    try {
      const misses = lazyModuleMisses();
      const read = await readLoad(source(), {}, () => {});
      expect(lazyModuleMisses()).toBeGreaterThan(misses);
      expect(read.cluster.policies).toHaveLength(12);
      expect(read.cluster.policies).toEqual(withIt.cluster.policies);
      expect(read.diagnostics).toEqual(withIt.diagnostics);
    } finally {
      restore();
    }
  });
});

describe('readLoad before the rare readers are loaded (the browser: core/load/rareInputs.ts)', () => {
  const bugtool = realWorldFile('sysdump-bugtool');
  const dir = 'cilium-bugtool-cilium-x7k2p-20261120-091500/cilium-bugtool-20261120-091502-abcd/cmd';
  const text = (rel: string): string => readFileSync(`${bugtool}/${rel}`, 'utf8');
  /** The unpacked sysdump: CiliumEndpoints and a CNP, the agent's endpoint list and policy repository. */
  const sysdump = (): LoadSource[] =>
    ['ciliumendpoints-20261120-091500.yaml', 'ciliumnetworkpolicies-20261120-091500.yaml', `${dir}/cilium-dbg-endpoint-list--o-json.md`, `${dir}/cilium-dbg-policy-get.md`].map((rel) => ({
      kind: 'file',
      name: rel,
      file: new Blob([text(rel)]),
    }));
  const same = (a: Awaited<ReturnType<typeof readLoad>>, b: Awaited<ReturnType<typeof readLoad>>): void => {
    const { started: _a, reportAnalysing: _b, ...got } = a;
    const { started: _c, reportAnalysing: _d, ...want } = b;
    expect(got).toEqual(want);
  };
  /**
   * Reads `source` with the rare readers loaded, then again without them: they are fetched, on a miss
   * and a second pass or ahead of the read (no miss), and the result is the same. Returns the second read.
   */
  const readWithoutThem = async (source: () => LoadSource[], fetched: 'on a miss' | 'ahead'): Promise<Awaited<ReturnType<typeof readLoad>>> => {
    const withIt = await readLoad(source(), {}, () => {});
    const restore = rareReaders.unloadForTests();
    try {
      const misses = lazyModuleMisses();
      const read = await readLoad(source(), {}, () => {});
      if (fetched === 'on a miss') expect(lazyModuleMisses()).toBeGreaterThan(misses);
      else expect(lazyModuleMisses()).toBe(misses);
      expect(rareReaders.loaded()).toBe(true);
      same(read, withIt);
      return read;
    } finally {
      restore();
    }
  };

  it('plain YAML, JSON and flows never need them: the fixture loads in one pass without them', async () => {
    const restore = rareReaders.unloadForTests();
    try {
      const misses = lazyModuleMisses();
      const read = await readLoad(asFiles(), {}, () => {});
      expect(lazyModuleMisses()).toBe(misses);
      expect(rareReaders.loaded()).toBe(false);
      expect(read.cluster.policies).toHaveLength(12);
    } finally {
      restore();
    }
  });

  it("a sysdump's agent outputs: a miss, then a second pass with them, with the same result", async () => {
    const read = await readWithoutThem(sysdump, 'on a miss');
    expect(read.diagnostics.some((d) => d.code === 'agent-endpoints')).toBe(true);
    expect(read.diagnostics.some((d) => d.code === 'internal-error')).toBe(false);
  });

  it("a Cilium policy's ICMP rules (their reader is a rare one): a miss, then a second pass with them, with the same result", async () => {
    const cnp = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ping, namespace: shop}\nspec:\n  endpointSelector: {}\n  ingress:\n  - icmps: [{fields: [{type: EchoRequest, family: IPv4}, {type: 128, family: IPv6}]}]\n';
    const read = await readWithoutThem(() => [{ kind: 'text', name: 'ping.yaml', text: cnp }], 'on a miss');
    expect(read.cluster.policies[0]?.rules[0]?.ingress[0]?.icmps).toMatchObject([
      { family: 'IPv4', type: 8 },
      { family: 'IPv6', type: 128 },
    ]);
  });

  it('a CiliumCIDRGroup (its reader is a rare one): a miss, then a second pass with it, with the same result', async () => {
    const group = 'apiVersion: cilium.io/v2alpha1\nkind: CiliumCIDRGroup\nmetadata: {name: partners}\nspec:\n  externalCIDRs:\n  - 203.0.113.0/24\n';
    const read = await readWithoutThem(() => [{ kind: 'text', name: 'groups.yaml', text: group }], 'on a miss');
    expect(read.cluster.cidrGroups).toMatchObject([{ name: 'partners', cidrs: ['203.0.113.0/24'] }]);
  });

  it('YAML after JSON lines (its reader is a rare one): a miss, then a second pass with it, with the same result', async () => {
    const flow = JSON.stringify({ flow: { verdict: 'FORWARDED', IP: { source: '10.0.0.1', destination: '10.0.0.2' }, source: {}, destination: {} } });
    const text = `${flow}\n${flow}\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n`;
    const read = await readWithoutThem(() => [{ kind: 'file', name: 'mixed.json', file: new Blob([text]) }], 'on a miss');
    expect(read.flowRecords).toBe(2);
    expect([...read.cluster.namespaces.keys()]).toEqual(['shop']);
  });

  it('a tar is seen coming: fetched before it is read (no second pass), with the same result', async () => {
    const tar = tarArchive([{ name: 'dump/policies.yaml', data: fixture('policies.yaml') }]);
    const read = await readWithoutThem(() => [{ kind: 'file', name: 'dump.tar', file: new Blob([part(tar)]) }], 'ahead');
    expect(read.cluster.policies).toHaveLength(12);
  });

  it('a .tar.gz is seen coming too (its gunzipped first bytes): fetched before it is read (was: a miss and a second read of the file), with the same result', async () => {
    const tarGz = gzipSync(tarArchive([{ name: 'dump/policies.yaml', data: fixture('policies.yaml') }]));
    const read = await readWithoutThem(() => [{ kind: 'file', name: 'dump.tar.gz', file: new Blob([part(tarGz)]) }], 'ahead');
    expect(read.cluster.policies).toHaveLength(12);
  });

  it('a gzip file that is no archive does not fetch them (flows.jsonl.gz)', async () => {
    const restore = rareReaders.unloadForTests();
    try {
      const read = await readLoad(asFiles(true), {}, () => {});
      expect(rareReaders.loaded()).toBe(false);
      expect(read.flowRecords).toBe(223);
    } finally {
      restore();
    }
  });

  it('two modules missing, needed by different files: passes repeat until none misses (was: the second pass missed the careful parser)', async () => {
    const sources = (): LoadSource[] => [
      ...sysdump(),
      { kind: 'text', name: 'odd.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: &n odd\n  labels: {tenant: *n}\n' },
    ];
    const withIt = await readLoad(sources(), {}, () => {});
    const restoreRare = rareReaders.unloadForTests();
    const restoreYaml = unloadCarefulParserForTests();
    try {
      const read = await readLoad(sources(), {}, () => {});
      expect(rareReaders.loaded()).toBe(true);
      expect(carefulParserLoaded()).toBe(true);
      same(read, withIt);
      expect(read.diagnostics.some((d) => d.code === 'internal-error')).toBe(false);
      expect(read.cluster.namespaces.has('odd')).toBe(true);
    } finally {
      restoreYaml();
      restoreRare();
    }
  });
});
