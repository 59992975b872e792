import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { Direction, Entry, EntryPeers, Peer, Policy, PortRule, Rule } from '../model/policy.ts';
import { policyKey } from '../model/policy.ts';
import type { Selector } from '../model/selector.ts';
import { parseCidr, type Cidr } from '../net/cidr.ts';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, entityEndpoint, ipEndpoint, podEndpoint } from './testing.ts';
import type { Endpoint, QueryProtocol } from './types.ts';

const apps = ['a', 'b', 'c'];
const sel = (app: string | null): Selector => ({
  requirements: [
    { source: 'k8s', key: 'io.kubernetes.pod.namespace', operator: 'In', values: ['shop'] },
    ...(app ? [{ source: 'any', key: 'app', operator: 'In' as const, values: [app] }] : []),
  ],
});

const arbPeer: fc.Arbitrary<Peer> = fc.oneof(
  fc.constantFrom(...apps, null).map((a): Peer => ({ kind: 'endpoints', path: 'p', selector: sel(a) })),
  fc.constantFrom('world' as const, 'cluster' as const, 'all' as const, 'host' as const).map((e): Peer => ({ kind: 'entity', path: 'p', entity: e })),
  fc.constantFrom('8.0.0.0/8', '0.0.0.0/0', '10.0.0.0/8').map((c): Peer => ({ kind: 'cidr', path: 'p', cidr: parseCidr(c) as Cidr, except: c === '8.0.0.0/8' ? [parseCidr('8.8.0.0/16') as Cidr] : [] })),
);
const arbPeers: fc.Arbitrary<EntryPeers> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<EntryPeers>({ kind: 'wildcard' }) },
  { weight: 4, arbitrary: fc.array(arbPeer, { minLength: 1, maxLength: 2 }).map((items): EntryPeers => ({ kind: 'list', items })) },
);
const arbPorts: fc.Arbitrary<PortRule[]> = fc.oneof(
  fc.constant<PortRule[]>([]),
  fc
    .array(fc.tuple(fc.constantFrom(80, 443, 8080, 0), fc.constantFrom('TCP' as const, 'UDP' as const, 'ANY' as const)), { minLength: 1, maxLength: 2 })
    .map((pps): PortRule[] => [{ path: 'tp', ports: pps.map(([port, protocol]) => ({ path: 'pp', port, protocol, endPort: null })), l7: null, serverNames: [] }]),
);
const arbEntry = (direction: Direction, action: 'allow' | 'deny'): fc.Arbitrary<Entry> =>
  fc.record({ peers: arbPeers, ports: arbPorts }).map(({ peers, ports }) => ({ path: `e-${direction}-${action}`, direction, action, peers, ports, icmps: [], authRequired: false }));

let counter = 0;
function policy(subjectApp: string | null, ingress: Entry[], egress: Entry[], ingressDeny: Entry[] = [], egressDeny: Entry[] = []): Policy {
  const ref = { kind: 'CiliumNetworkPolicy' as const, namespace: 'shop', name: `p${counter++}` };
  const rule: Rule = { policy: ref, path: 'spec', subject: { kind: 'endpoints', selector: sel(subjectApp) }, ingress, ingressDeny, egress, egressDeny, enableDefaultDeny: { ingress: null, egress: null } };
  return { key: policyKey(ref), ref, source: { file: 't', document: 0, line: 0 }, rules: [rule] };
}
const arbPolicy = fc
  .record({
    subject: fc.constantFrom(...apps, null),
    ingress: fc.array(arbEntry('ingress', 'allow'), { maxLength: 2 }),
    egress: fc.array(arbEntry('egress', 'allow'), { maxLength: 2 }),
  })
  .filter((p) => p.ingress.length + p.egress.length > 0)
  .map((p) => policy(p.subject, p.ingress, p.egress));

const cluster = (policies: Policy[]) =>
  buildCluster({
    namespaces: { shop: {} },
    nodes: [{ name: 'n1', ip: '172.18.0.1' }],
    pods: apps.map((a, i) => ({ ns: 'shop', name: a, labels: { app: a }, ip: `10.244.0.${i + 1}`, node: 'n1', hostIP: '172.18.0.1' })),
    policies,
  });

function verdicts(policies: Policy[]): string[] {
  const model = compile(cluster(policies));
  const peers: Endpoint[] = [...apps.map((a) => podEndpoint(model, `shop/${a}`)), ipEndpoint('8.8.8.8'), ipEndpoint('8.8.4.4'), entityEndpoint('host')];
  const out: string[] = [];
  for (const from of peers)
    for (const to of peers) {
      if (from === to || (from.kind !== 'endpoint' && to.kind !== 'endpoint')) continue;
      for (const port of [80, 443, 8080])
        for (const protocol of ['TCP', 'UDP'] as QueryProtocol[]) out.push(decide(model, { from, to, port, protocol }).verdict);
    }
  return out;
}

describe('monotonicity (fast-check)', () => {
  it('adding a deny rule never allows more', () => {
    fc.assert(
      fc.property(
        fc.array(arbPolicy, { maxLength: 3 }),
        fc.constantFrom(...apps, null),
        fc.array(arbEntry('ingress', 'deny'), { maxLength: 1 }),
        fc.array(arbEntry('egress', 'deny'), { maxLength: 1 }),
        (base, subject, ingressDeny, egressDeny) => {
          fc.pre(ingressDeny.length + egressDeny.length > 0);
          const before = verdicts(base);
          const after = verdicts([...base, policy(subject, [], [], ingressDeny, egressDeny)]);
          after.forEach((v, i) => {
            if (v === 'allowed' && before[i] !== 'allowed') throw new Error(`deny rule allowed query #${i}`);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('adding an allow rule to an already-enforced endpoint never denies more', () => {
    fc.assert(
      fc.property(fc.array(arbPolicy, { minLength: 1, maxLength: 3 }), fc.nat(), fc.array(arbEntry('ingress', 'allow'), { maxLength: 1 }), fc.array(arbEntry('egress', 'allow'), { maxLength: 1 }), (base, pick, ingress, egress) => {
        // Reuse the subject of an existing rule, and only add directions that rule already enforces.
        const rule = (base[pick % base.length] as Policy).rules[0] as Rule;
        const ing = rule.ingress.length > 0 ? ingress : [];
        const eg = rule.egress.length > 0 ? egress : [];
        fc.pre(ing.length + eg.length > 0);
        const app = rule.subject.selector.requirements.find((r) => r.key === 'app')?.values[0] ?? null;
        const before = verdicts(base);
        const after = verdicts([...base, policy(app, ing, eg)]);
        after.forEach((v, i) => {
          if (v === 'denied' && before[i] !== 'denied') throw new Error(`allow rule denied query #${i}`);
        });
      }),
      { numRuns: 60 },
    );
  });
});
