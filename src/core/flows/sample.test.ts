import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Flow } from '../hubble/Flow.ts';
import { parseFlowRecord } from '../hubble/parseFlow.ts';
import { Sampler, sampleOf } from './sample.ts';
import type { FlowSample } from './types.ts';

/** A flow from a few fields; small domains so that priority, time and uuid tie often. */
function flow(verdict: string, time: string, uuid: string, summary: string): Flow {
  const r = parseFlowRecord({ flow: { time, uuid, verdict, Summary: summary, IP: { source: '10.0.0.1', destination: '10.0.0.2' } } });
  if (r.kind !== 'flow') throw new Error(`test flow did not parse: ${JSON.stringify(r)}`);
  return r.flow;
}

/** The definition the sampler implements: the N smallest by (priority, time, uuid, canonical text). */
function reference(flows: readonly Flow[], size: number): FlowSample[] {
  const key = (f: Flow) => {
    const v = f.verdict;
    return { p: v === 'DROPPED' || v === 'AUDIT' || v === 'ERROR' ? 0 : 1, t: f.time ?? '', u: f.uuid, c: JSON.stringify(sampleOf(f)) };
  };
  const cmp = (a: string, b: string) => (a === b ? 0 : a < b ? -1 : 1);
  return flows
    .map((f) => ({ k: key(f), s: sampleOf(f) }))
    .sort((a, b) => a.k.p - b.k.p || cmp(a.k.t, b.k.t) || cmp(a.k.u, b.k.u) || cmp(a.k.c, b.k.c))
    .slice(0, size)
    .map((x) => x.s);
}

const arbFlow = fc
  .tuple(
    fc.constantFrom('FORWARDED', 'DROPPED', 'AUDIT'),
    fc.constantFrom('2026-01-01T00:00:01Z', '2026-01-01T00:00:02Z', '2026-01-01T00:00:03Z'),
    fc.constantFrom('a', 'b'),
    fc.constantFrom('x', 'y', 'z', 'TCP Flags: SYN'),
  )
  .map(([v, t, u, s]) => flow(v, t, u, s));

describe('Sampler', () => {
  it('keeps the N smallest flows, ties broken by the canonical sample (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(arbFlow, { maxLength: 40 }), fc.integer({ min: 0, max: 6 }), (flows, size) => {
        const s = new Sampler(size);
        for (const f of flows) s.offer(f);
        expect(s.toPlain()).toEqual(reference(flows, size));
      }),
      { numRuns: 300 },
    );
  });

  it('builds a sample only for flows it keeps or that tie with a kept one', () => {
    const s = new Sampler(2);
    s.offer(flow('FORWARDED', '2026-01-01T00:00:01Z', 'a', 'first'));
    s.offer(flow('FORWARDED', '2026-01-01T00:00:02Z', 'a', 'second'));
    s.offer(flow('FORWARDED', '2026-01-01T00:00:03Z', 'a', 'later, rejected'));
    s.offer(flow('DROPPED', '2026-01-01T00:00:09Z', 'a', 'drop first'));
    expect(s.toPlain().map((x) => x.summary)).toEqual(['drop first', 'first']);
  });
});
