import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNetworkPolicy } from '../netpol/NetworkPolicy.ts';
import { parseCiliumPolicy } from './CiliumNetworkPolicy.ts';
import { testCtx, valueDoc } from './testDocs.ts';

/** The bases use fromNodes: with --enable-node-selector-labels they load (nodesPeers.test). */
const nodesCtx = { ...testCtx, nodeSelectorLabels: true };

/**
 * The parsers never throw and never report an internal error, whatever the input: random JSON,
 * and valid-looking policies with random mutations (fields replaced, removed, retyped).
 */
const FIELD_NAMES = [
  'endpointSelector', 'nodeSelector', 'ingress', 'ingressDeny', 'egress', 'egressDeny', 'enableDefaultDeny',
  'fromEndpoints', 'toEndpoints', 'fromCIDR', 'toCIDR', 'fromCIDRSet', 'toCIDRSet', 'fromEntities', 'toEntities',
  'toFQDNs', 'toServices', 'fromNodes', 'toNodes', 'toGroups', 'fromRequires', 'toPorts', 'icmps', 'ports', 'port',
  'endPort', 'protocol', 'rules', 'http', 'dns', 'kafka', 'l7proto', 'l7', 'serverNames', 'matchLabels',
  'matchExpressions', 'key', 'operator', 'values', 'cidr', 'except', 'cidrGroupRef', 'matchName', 'matchPattern',
  'authentication', 'mode', 'fields', 'type', 'family', 'podSelector', 'namespaceSelector', 'ipBlock', 'from', 'to',
  'policyTypes', 'k8sService', 'k8sServiceSelector', 'selector', 'serviceName', 'namespace',
];
const SCALARS = ['', '0', '80', 'http', 'TCP', 'udp', 'In', 'Exists', 'world', 'world-ipv4', '10.0.0.0/8', '::/0', 'k8s:app', '$host', 'EchoRequest', 'Ingress', 'Egress'];

const scalar = fc.oneof(fc.constantFrom(...SCALARS), fc.string(), fc.integer({ min: -5, max: 70000 }), fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('arr'), tie('obj')),
  arr: fc.array(tie('node'), { maxLength: 4 }),
  obj: fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 6 })), tie('node'), { maxKeys: 5 }),
})).node;

const basePolicies: unknown[] = [
  {
    apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'p', namespace: 'shop' },
    spec: {
      endpointSelector: { matchLabels: { app: 'backend' } },
      ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }], rules: { http: [{ method: 'GET' }] } }] }],
      egress: [{ toFQDNs: [{ matchName: 'a.io' }], toPorts: [{ ports: [{ port: '443' }] }] }, { toCIDRSet: [{ cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] }] }],
      egressDeny: [{ toEntities: ['world'], icmps: [{ fields: [{ type: 8 }] }] }],
    },
  },
  {
    apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'g' },
    specs: [{ nodeSelector: {}, ingress: [{ fromNodes: [{}] }] }, { endpointSelector: {}, egress: [{ toServices: [{ k8sService: { serviceName: 's' } }] }] }],
  },
  {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'shop' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ namespaceSelector: {}, podSelector: {} }], ports: [{ port: 80 }] }], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }] },
  },
];

/** Replaces the value at a random path of `base` (walking by the indices given). */
function mutate(base: unknown, steps: readonly number[], replacement: unknown, remove: boolean): unknown {
  if (steps.length === 0 || base === null || typeof base !== 'object') return replacement;
  const [first, ...rest] = steps as [number, ...number[]];
  if (Array.isArray(base)) {
    if (base.length === 0) return replacement;
    const i = first % base.length;
    const copy = [...base];
    if (remove && rest.length === 0) copy.splice(i, 1);
    else copy[i] = mutate(base[i], rest, replacement, remove);
    return copy;
  }
  const keys = Object.keys(base);
  if (keys.length === 0) return replacement;
  const k = keys[first % keys.length] as string;
  const copy: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  if (remove && rest.length === 0) delete copy[k];
  else copy[k] = mutate(copy[k], rest, replacement, remove);
  return copy;
}

function check(v: unknown): void {
  for (const parse of [parseCiliumPolicy, parseNetworkPolicy]) {
    const r = parse(valueDoc(v), nodesCtx);
    expect(r.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
    if (r.value === null) expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  }
}

describe('parsers never throw', () => {
  it('on random JSON values', () => {
    fc.assert(fc.property(value, (v) => check(v)), { numRuns: 400 });
  });

  it('on random JSON under a policy envelope', () => {
    const env = fc.record({
      kind: fc.constantFrom('CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'NetworkPolicy'),
      metadata: fc.oneof(fc.constant({ name: 'x', namespace: 'ns' }), value),
      spec: value,
      specs: fc.oneof(fc.constant(undefined), fc.array(value, { maxLength: 3 })),
    });
    fc.assert(fc.property(env, (v) => check(v)), { numRuns: 400 });
  });

  it('on mutated valid policies', () => {
    const m = fc.record({
      base: fc.constantFrom(...basePolicies),
      steps: fc.array(fc.nat(20), { minLength: 1, maxLength: 9 }),
      replacement: value,
      remove: fc.boolean(),
    });
    fc.assert(fc.property(m, ({ base, steps, replacement, remove }) => check(mutate(base, steps, replacement, remove))), { numRuns: 1500 });
  });

  it('the unmutated bases load', () => {
    expect(parseCiliumPolicy(valueDoc(basePolicies[0]), nodesCtx).value).not.toBeNull();
    expect(parseCiliumPolicy(valueDoc(basePolicies[1]), nodesCtx).value).not.toBeNull();
    expect(parseNetworkPolicy(valueDoc(basePolicies[2]), testCtx).value).not.toBeNull();
  });
});
