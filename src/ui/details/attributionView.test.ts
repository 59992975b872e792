import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appPlatformAttributionDir, appPlatformFile } from '../../../test/paths.ts';
import { loadInputs } from '../../core/load/loadInputs.ts';
import { compile } from '../../core/engine/compile.ts';
import { ingestTexts } from '../../core/flows/ingest.ts';
import type { GraphEdge } from '../../core/graph/types.ts';
import { edgeAttributionView, edgeChecks, recordedCell } from './attributionView.ts';

const loaded = loadInputs(['policies.yaml', 'inventory.yaml'].map((n) => ({ name: n, data: readFileSync(appPlatformFile(n), 'utf8') })));
const model = compile(loaded.cluster);
const flows = ingestTexts([{ name: 'flows.jsonl', text: readFileSync(path.join(appPlatformAttributionDir, 'flows.jsonl'), 'utf8') }]);

/** The graph edge over the FlowAggregate edges `keys` (only flowKeys is read). */
const over = (keys: string[]) => ({ flowKeys: keys }) as unknown as GraphEdge;
const keyOf = (src: string, dst: string) => flows.edges.find((e) => e.source.key === src && e.destination.key === dst)?.key ?? '';

describe('edgeAttributionView', () => {
  it('the planted edge: Cilium recorded beside computed, the likely cause, and each sampled flow checked', () => {
    const edge = over([keyOf('platform-ingress/Deployment/envoy', 'acme-web/Deployment/frontend')]);
    const samples = flows.edges.find((e) => e.key === edge.flowKeys[0])?.sample ?? [];
    const v = edgeAttributionView(model, flows, edge, samples);
    expect(v.lines).toEqual([{ where: 'ingress of acme-web/frontend', recorded: 'allowed by CNP acme-web/allow-from-envoy', computed: 'allowed by CCNP tenant-ingress-baseline', differs: true }]);
    expect(v.causes).toEqual([expect.objectContaining({ mismatchClass: 'recorded-policy-differs', title: 'stale policy set' })]);
    const verdictEvents = v.flows.filter((f) => f.sample.eventType === 5);
    expect(verdictEvents.length).toBeGreaterThan(0);
    for (const f of verdictEvents) {
      expect(recordedCell(f.sample)).toBe('CNP acme-web/allow-from-envoy');
      expect(f.check).toMatchObject({ mismatch: true, mismatchClass: 'recorded-policy-differs', cause: { title: 'stale policy set' } });
    }
    for (const f of v.flows.filter((x) => x.sample.eventType === 4)) expect(f.check).toMatchObject({ mismatch: false, mismatchClass: 'match' });
  });

  it('a default-deny drop: Cilium recorded nothing, which the text explains for the version', () => {
    const edge = over([keyOf('globex-shop/Deployment/storefront', 'acme-web/Deployment/api')]);
    const v = edgeAttributionView(model, flows, edge, []);
    expect(v.lines).toEqual([expect.objectContaining({ where: 'egress of globex-shop/storefront', computed: 'default deny (no allow rule matches)', differs: false })]);
    expect(v.lines[0]?.recorded).toContain('Cilium 1.19 records no policy for default-deny drops');
    expect(v.causes).toEqual([]);
  });

  it('checks at most MAX_CHECKED paths of a collapsed edge, those with most drops first', () => {
    const edge = over(flows.edges.map((e) => e.key));
    const v = edgeAttributionView(model, flows, edge, []);
    expect(v.paths).toBe(flows.edges.length);
    const few = edgeChecks(model, flows, edge, 3);
    expect(few).toHaveLength(3);
    expect(few.every((c) => (c.edge.verdicts.DROPPED ?? 0) > 0)).toBe(true);
  });

  it('nothing without a model or flows, or for an edge without flows (the customer view drops flow keys)', () => {
    expect(edgeAttributionView(null, flows, over([flows.edges[0]?.key ?? '']), []).lines).toEqual([]);
    expect(edgeAttributionView(model, null, over([flows.edges[0]?.key ?? '']), []).lines).toEqual([]);
    expect(edgeAttributionView(model, flows, over([]), []).lines).toEqual([]);
  });
});
