import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadInputs } from '../load/loadInputs.ts';
import { syntheticFlowLines } from '../synth/flows.ts';
import { syntheticChurnFlowLines } from '../synth/churnFlows.ts';
import { FlowAggregator } from './aggregate.ts';
import { flowSinkFor } from './sink.ts';
import { appPlatformDir, appPlatformFile, hubbleFlowsDir } from '../../../test/paths.ts';


function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.jsonl?$/.test(n) ? [p] : [];
  });
}

/** The first `n` lines of a synthetic export (the generator is endless). */
function synth(seed: number, n: number): string[] {
  const out: string[] = [];
  for (const l of syntheticFlowLines({ seed })) {
    if (out.length >= n) break;
    out.push(l);
  }
  return out;
}

const REAL = [...filesUnder(hubbleFlowsDir), appPlatformFile('flows.jsonl')];

/** Everything a load says about flows: the aggregate, the loader's counts, diagnostics and cluster name. */
function load(files: readonly { name: string; data: string }[], fastPath: boolean) {
  const aggregator = new FlowAggregator({ maxDiagnostics: 1000 });
  const r = loadInputs(files, { flowSink: flowSinkFor(aggregator, { fastPath }) });
  return { aggregate: aggregator.result(), flowRecords: r.flowRecords, diagnostics: r.diagnostics, clusterName: r.cluster.name, sources: r.cluster.sources };
}

function same(files: readonly { name: string; data: string }[]) {
  const fast = load(files, true);
  expect(fast).toEqual(load(files, false));
  return fast;
}

describe('flowSinkFor: JSON lines taken as text by the line fast path', () => {
  it('every real export and the fixture load the same as through the loader’s parse', () => {
    for (const f of REAL) same([{ name: path.basename(f), data: readFileSync(f, 'utf8') }]);
  });

  it('the fixture with its inventory and policies: same flows, counts and cluster name', () => {
    const dir = appPlatformDir;
    const r = same(['policies.yaml', 'inventory.yaml', 'flows.jsonl'].map((n) => ({ name: n, data: readFileSync(path.join(dir, n), 'utf8') })));
    expect(r.flowRecords).toBe(223);
    // And the fast path did take them.
    const sink = flowSinkFor(new FlowAggregator());
    const text = readFileSync(path.join(dir, 'flows.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(text.filter((l, i) => sink.acceptText?.('flows.jsonl', i + 1, l) != null).length).toBe(223);
  });

  it('lines the loader does not classify as flows are left to it (kind or apiVersion beside a flow, bare and other records, broken lines)', () => {
    const [line = ''] = synth(3, 1);
    const v = JSON.parse(line) as Record<string, unknown>;
    const lines = [
      line,
      JSON.stringify({ kind: 'Pod', ...v }),
      JSON.stringify({ apiVersion: 'v1', ...v }),
      JSON.stringify({ apiversion: 'v1', ...v }),
      JSON.stringify({ kind: '', ...v }),
      JSON.stringify(v['flow']),
      '{"node_status":{"state":"NODE_CONNECTED"}}',
      '{"lost_events":{"num_events_lost":"3"}}',
      line.slice(0, line.length - 5),
      `${line.slice(0, -1)},"flow":{}}`,
      '[1,2]',
    ];
    const r = same([{ name: 'mixed.jsonl', data: lines.join('\n') }]);
    expect(r.flowRecords).toBeGreaterThan(0);
  });

  it('an export whose pods come and go, past the line parser’s first window (it rests: lines take the loader’s path), loads the same', () => {
    const lines: string[] = [];
    for (const l of syntheticChurnFlowLines({ namespaces: 6, nodes: 2, seed: 5 })) {
      lines.push(l);
      if (lines.length === 6000) break;
    }
    const a = same([{ name: 'churn.jsonl', data: lines.join('\n') }]);
    expect(a.aggregate.totals.flows).toBeGreaterThan(5000);
  });

  it('property: synthetic exports with any lines swapped for damaged ones load the same', () => {
    const base = synth(11, 60);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(59), fc.nat(400), fc.constantFrom('', '"kind":"X",', '{', '"', '\\u0001', 'é')), { maxLength: 8 }), (edits) => {
        const lines = [...base];
        for (const [i, at, s] of edits) {
          const l = lines[i] ?? '';
          const p = Math.min(at, l.length);
          lines[i] = s === '"kind":"X",' ? `{${s}${l.slice(1)}` : l.slice(0, p) + s + l.slice(p);
        }
        same([{ name: 'synth.jsonl', data: lines.join('\n') }]);
      }),
      { numRuns: 60 },
    );
  });
});
