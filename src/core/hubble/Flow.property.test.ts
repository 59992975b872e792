import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import type { FlowRecord } from './Flow.ts';
import { parseFlowRecord } from './parseFlow.ts';
import { appPlatformFile } from '../../../test/paths.ts';

/** Real records (the app-platform export) as seeds for mutation. */
const fixture = appPlatformFile('flows.jsonl');
const SEEDS: unknown[] = readFileSync(fixture, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .slice(0, 60)
  .map((l) => JSON.parse(l) as unknown);

/** Every path (array of keys) to a value inside a JSON value. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

/** A deep copy of `v` with the value at `at` replaced (or deleted when `value` is undefined). */
function replaceAt(v: unknown, at: readonly (string | number)[], value: unknown): unknown {
  if (at.length === 0) return value;
  const [head, ...rest] = at as [string | number, ...(string | number)[]];
  if (Array.isArray(v)) {
    const copy = [...v];
    if (value === undefined && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = replaceAt(copy[Number(head)], rest, value);
    return copy;
  }
  const copy = { ...(v as Record<string, unknown>) };
  if (value === undefined && rest.length === 0) delete copy[head];
  else copy[head] = replaceAt(copy[head], rest, value);
  return copy;
}

/** Values Hubble never writes but a damaged or hostile export may hold. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    undefined,
    null,
    '',
    '<script>alert(1)</script>',
    '\u202Egnp.exe',
    -1,
    2 ** 53,
    Number.MAX_VALUE,
    '18446744073709551615',
    'NaN',
    '1e400',
    '__proto__',
    { __proto__: { polluted: true } },
    [],
    {},
    'x'.repeat(10_000),
  ),
);

function check(r: FlowRecord): void {
  expect(['flow', 'node_status', 'lost_events', 'event', 'invalid']).toContain(r.kind);
  if (r.kind === 'invalid') expect(r.message.length).toBeGreaterThan(0);
  if (r.kind === 'lost_events') expect(Number.isFinite(r.lost)).toBe(true);
}

describe('parseFlowRecord never throws (fast-check)', () => {
  it('on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => check(parseFlowRecord(v))),
      { numRuns: 500 },
    );
  });

  it('on objects with Hubble keys holding random values', () => {
    const keys = ['flow', 'node_status', 'lost_events', 'agent_event', 'debug_event', 'verdict', 'IP', 'source', 'destination', 'l4', 'l7', 'time', 'node_name', 'event_type', 'drop_reason_desc', 'is_reply', 'reply', 'destination_names', 'egress_allowed_by', 'ingress_denied_by', 'traffic_direction', 'Type'];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), oddValue, { maxKeys: 8 }), fc.boolean(), (o, wrap) => {
        check(parseFlowRecord(wrap ? { flow: o, time: o['time'], node_name: o['node_name'] } : o));
      }),
      { numRuns: 500 },
    );
  });

  it('on real records with one to three values replaced, deleted or retyped', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        fc.array(fc.tuple(fc.nat(), oddValue), { minLength: 1, maxLength: 3 }),
        (seed, edits) => {
          let v = seed;
          for (const [at, value] of edits) {
            const all = paths(v);
            v = replaceAt(v, all[at % all.length] ?? [], value);
          }
          check(parseFlowRecord(v));
          // What survived as a flow has the shape the aggregator relies on.
          const r = parseFlowRecord(v);
          if (r.kind === 'flow') {
            expect(Array.isArray(r.flow.source.labels)).toBe(true);
            expect(Array.isArray(r.flow.destination.labels)).toBe(true);
            expect(typeof r.flow.source.podName).toBe('string');
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('does not let a "__proto__" key pollute Object.prototype', () => {
    const line = '{"flow":{"verdict":"FORWARDED","__proto__":{"polluted":"yes"},"source":{"__proto__":{"polluted":"yes"},"labels":["k8s:a=b"]}}}';
    parseFlowRecord(JSON.parse(line));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
