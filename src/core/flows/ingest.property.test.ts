import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { FlowIngest } from './ingest.ts';
import { LineSplitter } from './lineSplitter.ts';
import type { FlowAggregate } from './types.ts';
import { appPlatformFile } from '../../../test/paths.ts';

const fixture = appPlatformFile('flows.jsonl');
const LINES = readFileSync(fixture, 'utf8').trim().split('\n').slice(0, 40);

/** Byte-level damage: insert, delete and overwrite at random offsets (cuts UTF-8 sequences too). */
const damage = fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 12 }), ins: fc.uint8Array({ maxLength: 8 }) }), { maxLength: 6 });

function mutate(bytes: Uint8Array, ops: readonly { at: number; del: number; ins: Uint8Array }[]): Uint8Array {
  let b = bytes;
  for (const op of ops) {
    const at = b.length === 0 ? 0 : op.at % (b.length + 1);
    const next = new Uint8Array(b.length - Math.min(op.del, b.length - at) + op.ins.length);
    next.set(b.subarray(0, at), 0);
    next.set(op.ins, at);
    next.set(b.subarray(Math.min(b.length, at + op.del)), at + op.ins.length);
    b = next;
  }
  return b;
}

/** Cuts `bytes` at the given offsets (sorted, deduplicated) into chunks. */
function chunks(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  return out;
}

function ingest(files: readonly { name: string; chunks: readonly Uint8Array[] }[], maxLineLength?: number): FlowAggregate {
  const i = new FlowIngest(maxLineLength === undefined ? {} : { maxLineLength });
  for (const f of files) {
    i.beginFile(f.name);
    for (const c of f.chunks) i.pushBytes(c);
  }
  return i.finish();
}

/** Every line is accounted for: a flow, or a skipped line (node_status, lost_events, invalid). */
function accounted(a: FlowAggregate): number {
  return a.totals.flows + a.totals.skipped.total;
}

const enc = new TextEncoder();

describe('flow ingest never throws (fast-check)', () => {
  it('on random bytes in random chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        const a = ingest([{ name: 'r.jsonl', chunks: chunks(bytes, cuts) }]);
        expect(a.totals.flows).toBeGreaterThanOrEqual(0);
        for (const d of a.diagnostics) expect(d.file).toBe('r.jsonl');
      }),
      { numRuns: 300 },
    );
  });

  it('on real exports damaged at the byte level, cut anywhere, with a short line limit', () => {
    fc.assert(
      fc.property(
        fc.subarray(LINES, { minLength: 1 }),
        damage,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(undefined, 200, 2000),
        (lines, ops, cuts, limit) => {
          const bytes = mutate(enc.encode(lines.join('\n')), ops);
          const a = ingest([{ name: 'f.jsonl', chunks: chunks(bytes, cuts) }], limit);
          // Nothing silently dropped: every non-blank line is a flow or a counted, skipped line.
          const text = new TextDecoder().decode(bytes).replace(/^\ufeff/, '');
          const nonBlank = text.split('\n').filter((l) => l.trim() !== '').length;
          expect(accounted(a)).toBe(nonBlank);
          for (const d of a.diagnostics) {
            expect(d.line).toBeGreaterThan(0);
            expect(d.message.length).toBeGreaterThan(10);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts each line of a mixed export exactly once, whatever the chunking', () => {
    const junk = fc.oneof(
      fc.constantFrom(...LINES),
      fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' ')),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
      fc.constantFrom('{"node_status":{}}', '{"lost_events":{"num_events_lost":"7"}}', '{"flow":1}', '[]', 'null', '{"flow":{"verdict":"<img src=x onerror=alert(1)>"}}'),
    );
    fc.assert(
      fc.property(fc.array(junk, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 6 }), (lines, cuts) => {
        const nonBlank = lines.filter((l) => l.trim() !== '').length;
        const bytes = enc.encode(lines.join('\r\n'));
        const whole = ingest([{ name: 'm.jsonl', chunks: [bytes] }]);
        const cut = ingest([{ name: 'm.jsonl', chunks: chunks(bytes, cuts) }]);
        expect(accounted(whole)).toBe(nonBlank);
        expect(cut.totals).toEqual(whole.totals);
        expect(cut.edges.length).toBe(whole.edges.length);
      }),
      { numRuns: 300 },
    );
  });

  it('LineSplitter never throws and reports every line, kept or refused', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 50 }), fc.uint8Array({ maxLength: 50 })), { maxLength: 10 }), fc.integer({ min: 1, max: 40 }), (parts, limit) => {
        let kept = 0;
        let refused = 0;
        const s = new LineSplitter({ line: () => kept++, oversized: (_line, length) => (refused++, expect(length).toBeGreaterThan(limit)) }, { maxLineLength: limit });
        for (const p of parts) {
          if (typeof p === 'string') s.pushText(p);
          else s.pushBytes(p);
        }
        s.end();
        expect(kept + refused).toBeLessThanOrEqual(s.lines);
      }),
      { numRuns: 500 },
    );
  });
});
