import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadInputs } from '../load/loadInputs.ts';
import { FlowAggregator } from './aggregate.ts';
import { ingestTexts } from './ingest.ts';
import { flowSinkFor } from './sink.ts';
import { mergeAggregates } from './aggregateFile.ts';
import { realWorldFile } from '../../../test/paths.ts';

/**
 * Hubble exporter files written with aggregationOptions (cilium/cilium pkg/hubble/exporter/aggregator.go):
 * one record per group of flows, `flow.aggregate` counting them by direction. Each record stands
 * for that many flows, never for one.
 */
const NAME = 'exporter-aggregated/events.log';
const TEXT = readFileSync(realWorldFile(NAME), 'utf8');

function load(fastPath: boolean) {
  const aggregator = new FlowAggregator();
  const r = loadInputs([{ name: NAME, data: TEXT }], { flowSink: flowSinkFor(aggregator, { fastPath }) });
  return { r, a: aggregator.result() };
}

describe('Hubble exporter aggregate records (flow.aggregate)', () => {
  it('count as the flows they stand for, by direction, in totals, edges, verdicts, drop reasons and timelines', () => {
    const { a } = load(true);
    expect(a.totals.flows).toBe(94);
    expect(a.totals.aggregated).toEqual({ records: 3, flows: 93 });
    expect(a.totals.byVerdict).toEqual({ FORWARDED: 82, DROPPED: 12 });
    expect(a.totals.byDropReason).toEqual({ POLICY_DENIED: 12 });
    const api = a.edges.find((e) => e.destination.key.includes('api') && e.port === 8080);
    expect(api).toMatchObject({ flows: 79, directions: { INGRESS: 38, EGRESS: 41 }, verdicts: { FORWARDED: 79 }, flags: { syn: 79, synAck: 0, fin: 0, rst: 0 } });
    expect(api?.timeline?.buckets.reduce((n, b) => n + b.flows, 0)).toBe(79);
    const smtp = a.edges.find((e) => e.port === 25);
    expect(smtp).toMatchObject({ flows: 12, verdicts: { DROPPED: 12 }, drops: { POLICY_DENIED: 12 }, byDirection: { EGRESS: { policyDrops: 12 } } });
    const masked = a.edges.find((e) => e.protocol === 'NONE');
    expect(masked).toMatchObject({ flows: 3, directions: { TRAFFIC_DIRECTION_UNKNOWN: 3 } });
  });

  it('the line fast path, the loader\'s parse and the exports reader (flows CLI) agree', () => {
    expect(load(true).a).toEqual(load(false).a);
    const streamed = ingestTexts([{ name: NAME, text: TEXT }]);
    expect(streamed.totals).toEqual({ ...load(true).a.totals, bytes: streamed.totals.bytes });
  });

  it('the load report counts 94 Hubble flows in the file and says 3 records were aggregates', () => {
    for (const fastPath of [true, false]) {
      const { r } = load(fastPath);
      expect(r.cluster.sources[0]?.counts).toEqual({ HubbleFlow: 94 });
      expect(r.flowRecords).toBe(94);
      const note = r.diagnostics.find((d) => d.code === 'hubble-aggregated');
      expect(note).toMatchObject({ file: NAME, line: 1, severity: 'info' });
      expect(note?.message).toContain('3 records');
      expect(note?.message).toContain('93 flows');
    }
  });

  it('merged saved aggregates keep the count of aggregate records', () => {
    const one = load(true).a;
    expect(mergeAggregates([one, one]).totals.aggregated).toEqual({ records: 6, flows: 186 });
  });

  it('one aggregate record is named in the singular', () => {
    const line = TEXT.split('\n').find((l) => l.includes('"aggregate"')) ?? '';
    const r = loadInputs([{ name: 'one.log', data: line + '\n' }], { flowSink: flowSinkFor(new FlowAggregator(), { fastPath: true }) });
    const note = r.diagnostics.find((d) => d.code === 'hubble-aggregated');
    expect(note?.message).toMatch(/^1 record is a Hubble exporter aggregate \(first on line 1;/);
    expect(note?.message).toContain('counted as the 78 flows it stands for, not as 1.');
  });
});
