import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { syntheticFlowLines } from '../synth/flows.ts';
import { syntheticChurnFlowLines } from '../synth/churnFlows.ts';
import { FlowIngest } from './ingest.ts';
import type { FlowAggregate } from './types.ts';
import { appPlatformAttributionDir, appPlatformFile, hubbleFlowsDir, testDataDir } from '../../../test/paths.ts';


function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.jsonl?$/.test(n) ? [p] : [];
  });
}

const REAL = [...filesUnder(hubbleFlowsDir), appPlatformFile('flows.jsonl')];
/** Policy-verdict events with Cilium's attribution (`*_allowed_by`, `*_denied_by`) as Hubble prints them. */
const ATTRIBUTION = path.join(appPlatformAttributionDir, 'flows.jsonl');

function ingest(files: readonly { name: string; text: string }[], fastPath: boolean, sampleSize?: number): FlowAggregate {
  const i = new FlowIngest({ fastPath, maxDiagnostics: 1000, ...(sampleSize === undefined ? {} : { sampleSize }) });
  for (const f of files) {
    i.beginFile(f.name);
    i.pushText(f.text);
  }
  return i.finish();
}

/** The fast path (cached endpoints) and the reference (every line parsed whole) agree on everything. */
function same(files: readonly { name: string; text: string }[], sampleSize?: number): FlowAggregate {
  const fast = ingest(files, true, sampleSize);
  expect(fast).toEqual(ingest(files, false, sampleSize));
  return fast;
}

const NASTY = ['"source":{', ',"destination":{', '},"', '"pod_name":"', '{', '}', '"', '\\', '\u0001', '\\u0002', 'é', '😀', '\ud800', '\u2028'];

/** A real line with label, pod and namespace strings of both endpoints replaced by `s`. */
function poisoned(line: string, s: string, which: number): string {
  const v = JSON.parse(line) as { flow?: Record<string, Record<string, unknown> | undefined> };
  const flow = v.flow;
  if (!flow) return line;
  const ep = flow[which % 2 === 0 ? 'source' : 'destination'];
  if (!ep) return line;
  if (which % 3 === 0) ep['labels'] = [...((ep['labels'] as string[] | undefined) ?? []), `k8s:x=${s}`];
  else if (which % 3 === 1) ep['pod_name'] = `pod-${s}`;
  else ep['namespace'] = s;
  return JSON.stringify(v);
}

describe('FlowIngest fast path equals the full path', () => {
  it.each(REAL.map((f) => [path.relative(testDataDir, f), f]))('on %s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const a = same([{ name: 'f.jsonl', text }]);
    expect(a.totals.flows + a.totals.skipped.total).toBeGreaterThan(0);
  });

  it('on the attribution fixture (policy-verdict events with *_allowed_by / *_denied_by), whole and with policy_log added', () => {
    const text = readFileSync(ATTRIBUTION, 'utf8');
    const a = same([{ name: 'attribution.jsonl', text }]);
    expect(a.edges.some((e) => e.policies.length > 0)).toBe(true);
    // policy_log as Cilium 1.18+ writes it, after the attribution lists: texts, an empty text, and a bad value.
    const lines = text.trim().split('\n');
    const logged = lines.map((l, i) => {
      if (i % 7 === 0) return l.replace('"Summary":', '"policy_log":[7],"Summary":');
      return i % 3 === 0 ? l.replace('}]},"node_name"', `}],"policy_log":[${i % 2 === 0 ? `"tenant-${i % 5}"` : '""'}]},"node_name"`) : l;
    });
    const b = same([{ name: 'logged.jsonl', text: logged.join('\n') }]);
    expect(b.edges.some((e) => (e.policyLog ?? []).length > 0)).toBe(true);
    expect(b.totals.skipped.invalid).toBeGreaterThan(0);
  });

  it('on a synthetic export (drops, replies, DNS, world peers, node_status, lost_events)', () => {
    const lines: string[] = [];
    for (const l of syntheticFlowLines({ seed: 7 })) {
      lines.push(l);
      if (lines.length === 4000) break;
    }
    const a = same([{ name: 's.jsonl', text: lines.join('\n') }], 5);
    expect(a.edges.length).toBeGreaterThan(50);
    // Reading the same file twice (cache warm) still agrees.
    same([
      { name: 'a.jsonl', text: lines.join('\n') },
      { name: 'b.jsonl', text: lines.slice(0, 500).join('\r\n') },
    ]);
  });

  it('on an export whose pods come and go (IPs reused by later pods, StatefulSet restarts, CronJob runs)', () => {
    const lines: string[] = [];
    for (const l of syntheticChurnFlowLines({ namespaces: 6, nodes: 2, seed: 11 })) {
      lines.push(l);
      if (lines.length === 5000) break;
    }
    const a = same([{ name: 'churn.jsonl', text: lines.join('\n') }], 4);
    // One IP seen as two pods of different workloads: each edge names its own workload.
    const byIp = new Map<string, Set<string>>();
    for (const e of a.edges) for (const ip of e.source.evidence.ips) byIp.set(ip, (byIp.get(ip) ?? new Set()).add(e.source.key));
    expect([...byIp.values()].filter((s) => s.size > 1).length).toBeGreaterThan(10);
  });

  it('on a long export whose pods come and go, where the line parser rests (lines parsed whole in between)', () => {
    const lines: string[] = [];
    for (const l of syntheticChurnFlowLines({ namespaces: 6, nodes: 2, seed: 5 })) {
      lines.push(l);
      if (lines.length === 6000) break;
    }
    const text = lines.join('\n');
    const i = new FlowIngest({ sampleSize: 4 });
    i.beginFile('churn.jsonl');
    i.pushText(text);
    const fast = i.finish();
    // Fewer than 60% of the endpoints found whole in the first 512 lines: the cache is not asked again for 16 windows of 4096 lines.
    const stats = i.endpointCache();
    expect(stats?.lookups).toBe(2 * 512);
    expect(stats?.hits).toBeLessThan(0.9 * (stats?.lookups ?? 0));
    expect(fast.totals.flows).toBeGreaterThan(5000);
    expect(fast).toEqual(ingest([{ name: 'churn.jsonl', text }], false, 4));
  });

  it('attributes an IP reused by a later pod to that pod, not to the one cached for the IP', () => {
    const ep = (pod: string, app: string) =>
      `{"ID":12,"identity":${app === 'cart' ? 30001 : 30002},"namespace":"shop","labels":["k8s:app=${app}"],"pod_name":"${pod}","workloads":[{"name":"${app}","kind":"Deployment"}]}`;
    const dst = '{"identity":30003,"namespace":"shop","labels":["k8s:app=db"],"pod_name":"db-0","workloads":[{"name":"db","kind":"StatefulSet"}]}';
    const line = (src: string, t: string) =>
      `{"flow":{"time":"2026-11-20T09:0${t}:00.000000000Z","verdict":"FORWARDED","IP":{"source":"10.0.1.5","destination":"10.0.2.7","ipVersion":"IPv4"},"l4":{"TCP":{"source_port":40000,"destination_port":5432}},"source":${src},"destination":${dst},"Type":"L3_L4","is_reply":false},"node_name":"n"}`;
    const text = [line(ep('cart-5f6d-a1b2c', 'cart'), '1'), line(ep('cart-5f6d-a1b2c', 'cart'), '2'), line(ep('orders-7c8d-x9y8z', 'orders'), '3')].join('\n');
    const a = same([{ name: 'reuse.jsonl', text }]);
    expect(a.edges.map((e) => [e.source.key, e.flows, e.source.evidence.ips])).toEqual([
      ['shop/Deployment/cart', 2, ['10.0.1.5']],
      ['shop/Deployment/orders', 1, ['10.0.1.5']],
    ]);
  });

  it('on real lines with adversarial strings in their endpoints and damaged lines, in any order (fast-check)', () => {
    const base = readFileSync(appPlatformFile('flows.jsonl'), 'utf8').trim().split('\n').slice(0, 80);
    const lineArb = fc.oneof(
      fc.constantFrom(...base),
      fc.tuple(fc.constantFrom(...base), fc.constantFrom(...NASTY), fc.nat()).map(([l, s, w]) => poisoned(l, s, w)),
      fc.tuple(fc.constantFrom(...base), fc.nat(), fc.constantFrom(...NASTY, ',', ' ', '0')).map(([l, at, ins]) => {
        const i = at % l.length;
        return l.slice(0, i) + ins + l.slice(i);
      }),
      fc.tuple(fc.constantFrom(...base), fc.nat(), fc.nat({ max: 8 })).map(([l, at, n]) => {
        const i = at % l.length;
        return l.slice(0, i) + l.slice(i + n);
      }),
    );
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 40 }), (lines) => {
        same([{ name: 'p.jsonl', text: lines.join('\n') }], 3);
      }),
      { numRuns: 200 },
    );
  });
});
