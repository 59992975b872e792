import { describe, expect, it } from 'vitest';
import { parseFlowRecord } from '../hubble/parseFlow.ts';
import { ChurnFlowExport, syntheticChurnFlowLines } from './churnFlows.ts';

const SMALL = { namespaces: 4, nodes: 2, seed: 9 } as const;

function take(gen: Iterable<string>, n: number): string[] {
  const out: string[] = [];
  for (const l of gen) {
    out.push(l);
    if (out.length === n) break;
  }
  return out;
}

describe('synthetic export with pod churn', () => {
  it('gives the same lines for the same options, other lines for another seed', () => {
    expect(take(syntheticChurnFlowLines(SMALL), 300)).toEqual(take(syntheticChurnFlowLines(SMALL), 300));
    expect(take(syntheticChurnFlowLines({ ...SMALL, seed: 10 }), 300)).not.toEqual(take(syntheticChurnFlowLines(SMALL), 300));
  });

  it('writes Hubble flow records that parse without a diagnostic', () => {
    for (const l of take(syntheticChurnFlowLines(SMALL), 2000)) {
      const r = parseFlowRecord(JSON.parse(l));
      expect(r.kind).toBe('flow');
    }
  });

  it('has pods come and go: new pods keep appearing, and freed IPs name later pods', () => {
    const gen = new ChurnFlowExport(SMALL);
    const podsByIp = new Map<string, Set<string>>();
    const pods = new Set<string>();
    const seenAt: number[] = [];
    take(gen.lines(), 6000).forEach((l, i) => {
      const flow = (JSON.parse(l) as { flow: { IP: { source: string; destination: string }; source: { pod_name?: string; namespace?: string }; destination: { pod_name?: string; namespace?: string } } }).flow;
      for (const [ep, ip] of [
        [flow.source, flow.IP.source],
        [flow.destination, flow.IP.destination],
      ] as const) {
        if (ep.pod_name === undefined) continue;
        const pod = `${ep.namespace}/${ep.pod_name}`;
        if (!pods.has(pod)) seenAt.push(i);
        pods.add(pod);
        podsByIp.set(ip, (podsByIp.get(ip) ?? new Set()).add(pod));
      }
    });
    // Still finding new pods in the last thousand lines: churn, not a fixed population.
    expect(seenAt.filter((i) => i >= 5000).length).toBeGreaterThan(100);
    const reused = [...podsByIp.values()].filter((s) => s.size > 1).length;
    expect(reused).toBeGreaterThan(20);
    expect(gen.stats()).toMatchObject({ lines: 6000, pods: pods.size, reusedIps: reused });
  });
});
