import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ingestTexts } from './ingest.ts';

/** Policies that differ in one part each, and label sets naming the same or another derived-from. */
const LABELS = [
  [],
  ['k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy'],
  ['reserved:io.cilium.policy.derived-from=CiliumNetworkPolicy'],
  ['k8s:io.cilium.k8s.policy.derived-from=NetworkPolicy', 'k8s:io.cilium.k8s.policy.name=p'],
  ['reserved:io.cilium.policy.derived-from=allow-any-ingress'],
];
const policy = fc.record({
  name: fc.constantFrom('p', 'q'),
  namespace: fc.constantFrom('acme', ''),
  kind: fc.constantFrom('CiliumNetworkPolicy', 'NetworkPolicy', ''),
  labels: fc.constantFrom(...LABELS),
});
const KEYS = ['egress_allowed_by', 'ingress_allowed_by', 'egress_denied_by', 'ingress_denied_by'] as const;
const flowPolicies = fc.record(
  { egress_allowed_by: fc.array(policy, { maxLength: 3 }), ingress_allowed_by: fc.array(policy, { maxLength: 2 }), egress_denied_by: fc.array(policy, { maxLength: 2 }), ingress_denied_by: fc.array(policy, { maxLength: 2 }) },
  { requiredKeys: [] },
);

type Policy = { name: string; namespace: string; kind: string; labels: string[] };

/** The attribution as specified: one entry per direction, effect, kind, namespace, name and derived-from. */
function expected(flows: readonly Partial<Record<(typeof KEYS)[number], Policy[]>>[]): { key: string; flows: number }[] {
  const counts = new Map<string, number>();
  for (const f of flows) {
    for (const k of KEYS) {
      const [direction, effect] = k === 'egress_allowed_by' ? ['egress', 'allow'] : k === 'ingress_allowed_by' ? ['ingress', 'allow'] : k === 'egress_denied_by' ? ['egress', 'deny'] : ['ingress', 'deny'];
      for (const p of f[k] ?? []) {
        const kind = p.kind || (p.labels.find((l) => l.startsWith('k8s:io.cilium.k8s.policy.derived-from='))?.split('=')[1] ?? '');
        const from = p.labels.find((l) => l.includes('.policy.derived-from='))?.split('=')[1] ?? kind;
        const key = `${direction} ${effect} ${kind}/${p.namespace}/${p.name}/${from}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, n]) => ({ key, flows: n }));
}

describe('EdgeAcc policy attribution', () => {
  it('counts each policy once per flow naming it, whatever repeats (the last-seen shortcut included) (property)', () => {
    fc.assert(
      fc.property(fc.array(flowPolicies, { minLength: 1, maxLength: 25 }), (flows) => {
        const text = flows
          .map((pol, i) =>
            JSON.stringify({
              flow: {
                time: `2026-11-20T09:00:${String(i % 60).padStart(2, '0')}.000000000Z`,
                uuid: `u${i}`,
                verdict: 'FORWARDED',
                l4: { TCP: { source_port: 5000, destination_port: 80 } },
                source: { namespace: 'acme', pod_name: 'a-1', workloads: [{ name: 'a', kind: 'Deployment' }] },
                destination: { namespace: 'acme', pod_name: 'b-1', workloads: [{ name: 'b', kind: 'Deployment' }] },
                ...pol,
              },
            }),
          )
          .join('\n');
        const agg = ingestTexts([{ name: 'f', text }]);
        expect(agg.edges).toHaveLength(1);
        const got = (agg.edges[0]?.policies ?? []).map((p) => ({ key: `${p.direction} ${p.effect} ${p.kind}/${p.namespace}/${p.name}/${p.derivedFrom}`, flows: p.flows }));
        expect(got).toEqual(expected(flows));
      }),
      { numRuns: 400 },
    );
  });
});
