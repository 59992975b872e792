import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { ingestTexts } from './ingest.ts';
import { aggregateFileText, AGGREGATE_FORMAT, emptyAggregate, mergeAggregates, parseAggregateFile } from './aggregateFile.ts';
import { isAggregateHead } from './savedAggregates.ts';
import { syntheticFlowLines } from '../synth/flows.ts';
import type { FlowAggregate } from './types.ts';
import { appPlatformAttributionDir, appPlatformFile } from '../../../test/paths.ts';

// Synthetic lines (drops, replies, attribution, DNS, node_status, lost_events), both fixtures, a bad line.
const synth: string[] = [];
for (const l of syntheticFlowLines({ seed: 5, tenants: 2, namespacesPerTenant: 1, workloadsPerNamespace: 3 })) {
  synth.push(l);
  if (synth.length === 300) break;
}
const fixtureLines = (path: string): string[] => readFileSync(path, 'utf8').trim().split('\n');
const pool = [...synth, ...fixtureLines(appPlatformFile('flows.jsonl')), ...fixtureLines(`${appPlatformAttributionDir}/flows.jsonl`), 'garbage'];

const SAMPLE = 3;
function agg(lines: readonly string[], name = 'flows.jsonl'): FlowAggregate {
  return ingestTexts([{ name, text: lines.map((l) => `${l}\n`).join('') }], { sampleSize: SAMPLE });
}

/** Through the file format and back, as the CLI reads it. */
function roundTrip(a: FlowAggregate): FlowAggregate {
  const r = parseAggregateFile(aggregateFileText(a, SAMPLE), 'part.json');
  if ('diagnostic' in r) throw new Error(r.diagnostic.message);
  return r.file.aggregate;
}

// Diagnostics name the file and line a bad line was in, which a split changes by design.
const comparable = (a: FlowAggregate): string => JSON.stringify({ ...a, diagnostics: a.diagnostics.map((d) => d.code).sort() });

describe('saved flow aggregates: exact merge', () => {
  it('merge(aggregate(a), aggregate(b)) equals aggregate(a ++ b) for random orders and splits (property)', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(pool, { minLength: pool.length, maxLength: pool.length }),
        fc.array(fc.integer({ min: 0, max: pool.length }), { minLength: 1, maxLength: 4 }),
        (lines, cuts) => {
          const at = [0, ...[...cuts].sort((x, y) => x - y), lines.length];
          const parts = at.slice(1).map((end, i) => roundTrip(agg(lines.slice(at[i], end), `part${i}.jsonl`)));
          expect(comparable(mergeAggregates(parts, SAMPLE))).toBe(comparable(agg(lines)));
        },
      ),
      // Each run aggregates the pool (1.4 MB) twice: 12 runs (were 25 random: 1.5 s CPU), the three chosen splits first (fast-check
      // counts them in numRuns), then 9 random: the pool in order with an empty first and last part; reversed (replies before
      // their requests) in halves; in order in five parts, the most a run makes. A failure reports its seed and path to replay it.
      { numRuns: 12, examples: [[pool, [0, pool.length]], [[...pool].reverse(), [Math.floor(pool.length / 2)]], [pool, [1, 2, 3, 4].map((i) => Math.floor((i * pool.length) / 5))]] },
    );
  });

  it('a reply whose request is in another part lands on the request edge, not among reply-only edges', () => {
    const replies = pool.filter((l) => l.includes('"is_reply":true'));
    const requests = pool.filter((l) => !l.includes('"is_reply":true'));
    expect(replies.length).toBeGreaterThan(0);
    const alone = agg(replies);
    expect(alone.replyOnlyEdges.length).toBeGreaterThan(0);
    const merged = mergeAggregates([alone, agg(requests)], SAMPLE);
    expect(comparable(merged)).toBe(comparable(agg([...replies, ...requests])));
    expect(merged.replyOnlyEdges.length).toBeLessThan(alone.replyOnlyEdges.length);
  });

  it('merging the empty aggregate changes nothing', () => {
    const a = agg(pool);
    expect(comparable(mergeAggregates([emptyAggregate(), a, emptyAggregate()], SAMPLE))).toBe(comparable(a));
  });
});

describe('saved flow aggregates: the file', () => {
  it('starts with its format and version, which is how inputs recognise it', () => {
    const text = aggregateFileText(agg(pool.slice(0, 20)));
    expect(text.startsWith(`{"format":"${AGGREGATE_FORMAT}","version":1,`)).toBe(true);
    expect(isAggregateHead(text.slice(0, 100))).toBe(true);
    expect(isAggregateHead(pool[0] as string)).toBe(false);
    expect(isAggregateHead('{"kind":"CiliumNetworkPolicy"}')).toBe(false);
  });

  it('refuses damaged files, other formats and other versions with a diagnostic', () => {
    const good = aggregateFileText(agg(pool.slice(0, 5)));
    const codes = [good.slice(0, 50), good.replace('"version":1', '"version":2'), '{"format":"other"}', `{"format":"${AGGREGATE_FORMAT}","version":1}`].map((t) => {
      const r = parseAggregateFile(t, 'x.json');
      return 'diagnostic' in r ? r.diagnostic.code : 'accepted';
    });
    expect(codes).toEqual(['flow-aggregate-json', 'flow-aggregate-version', 'flow-aggregate-format', 'flow-aggregate-shape']);
  });
});
