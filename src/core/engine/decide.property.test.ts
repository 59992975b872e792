import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadInputs } from '../load/loadInputs.ts';
import { generateCluster } from '../synth/cluster.ts';
import { runQuery } from '../query/runQuery.ts';
import { compile, type EngineModel } from './compile.ts';
import { decide } from './decide.ts';
import { explainText } from './explainText.ts';
import { podEndpoint } from './testing.ts';
import type { Decision, Endpoint, L7Request, Query, QueryProtocol, ReservedEntity } from './types.ts';
import { appPlatformFile } from '../../../test/paths.ts';

/**
 * `decide` is the one function every verdict in the app, the CLI and the exports comes from: it
 * must answer any query over any loaded cluster, never throw. Clusters: small synthetic ones from
 * random seeds (tenants, CCNP baselines, FQDN, port-range and deny policies), the shared
 * app-platform fixture and the built-in demo, each under random agent settings.
 */
const demo = (f: string): string => path.resolve(__dirname, '../../demo', f);
const FILES: Record<string, string[]> = {
  'app-platform': [appPlatformFile('policies.yaml'), appPlatformFile('inventory.yaml')],
  demo: [demo('policies.yaml'), demo('inventory.yaml')],
};

const models = new Map<string, EngineModel>();
function modelOf(name: string, settings: number): EngineModel {
  const key = `${name}#${settings}`;
  let m = models.get(key);
  if (m === undefined) {
    const files = name.startsWith('synth-')
      ? generateCluster({ seed: Number(name.slice(6)), tenants: 4, namespacesPerTenant: 2, workloads: 30, podsPerWorkload: 1, nodes: 2, cnps: 16, networkPolicies: 3, fqdnPolicies: 2, portRangePolicies: 2, denyPolicies: 2 }).files.map((f) => ({ name: f.name, data: f.data }))
      : (FILES[name] ?? []).map((f) => ({ name: path.basename(f), data: readFileSync(f, 'utf8') }));
    const cluster = loadInputs(files).cluster;
    m = compile(cluster, [{}, { enforcementMode: 'always' as const }, { auditMode: true, allowLocalhost: 'policy' as const }, { policyCidrMatchMode: 'nodes' as const, ciliumVersion: '1.15' }][settings] ?? {});
    models.set(key, m);
  }
  return m;
}

const clusterArb = fc.tuple(fc.constantFrom('app-platform', 'demo', 'synth-1', 'synth-2', 'synth-3', 'synth-4'), fc.integer({ min: 0, max: 3 }));

const ENTITIES: readonly ReservedEntity[] = ['host', 'remote-node', 'kube-apiserver', 'health', 'init', 'ingress', 'unmanaged', 'world'];
const PROTOCOLS: readonly QueryProtocol[] = ['TCP', 'UDP', 'SCTP', 'ICMP', 'ICMPv6', 'ANY'];
const word = fc.oneof(fc.stringMatching(/^[a-z0-9.-]{0,12}$/), fc.string({ maxLength: 12 }), fc.constantFrom('<script>alert(1)</script>', '\u202E', 'app', 'tenant', 'io.kubernetes.pod.namespace', ''));

function endpointArb(model: EngineModel): fc.Arbitrary<Endpoint> {
  const pods = model.cluster.pods;
  const nodes = [...model.nodes.keys()];
  return fc.oneof(
    { weight: 4, arbitrary: fc.nat().map((i) => (pods.length === 0 ? ({ kind: 'ip', ip: '10.0.0.1', display: '10.0.0.1' } as Endpoint) : podEndpoint(model, `${pods[i % pods.length]?.namespace}/${pods[i % pods.length]?.name}`))) },
    {
      weight: 2,
      arbitrary: fc
        .record({ ns: word, labels: fc.array(fc.tuple(fc.constantFrom('k8s', 'any', 'reserved', 'cidr', 'fqdn', ''), word, word), { maxLength: 5 }), port: fc.integer({ min: -1, max: 70000 }), name: word, ip: fc.option(fc.ipV4(), { nil: null }) })
        .map(({ ns, labels, port, name, ip }): Endpoint => ({
          kind: 'endpoint',
          identity: null,
          labels: [...labels.map(([s, k, v]) => `${s}:${k}=${v}`), `k8s:io.kubernetes.pod.namespace=${ns}`],
          namespace: ns,
          display: `${ns}[…]`,
          workload: null,
          ports: [{ name: name === '' ? null : name, port, protocol: 'TCP' }],
          ip,
          nodeName: null,
        })),
    },
    { weight: 1, arbitrary: fc.record({ n: fc.nat(), ip: fc.option(fc.ipV4(), { nil: null }) }).map(({ n, ip }): Endpoint => ({ kind: 'node', name: nodes.length === 0 ? null : (nodes[n % nodes.length] ?? null), ip, display: 'node' })) },
    { weight: 1, arbitrary: fc.constantFrom(...ENTITIES).map((entity): Endpoint => ({ kind: 'entity', entity, display: `entity:${entity}` })) },
    { weight: 2, arbitrary: fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('0.0.0.0', '255.255.255.255', '::', '10.244.0.1', '169.254.169.254')).map((ip): Endpoint => ({ kind: 'ip', ip, display: ip })) },
    { weight: 1, arbitrary: fc.record({ name: fc.oneof(fc.domain(), word), ip: fc.option(fc.ipV4(), { nil: null }) }).map(({ name, ip }): Endpoint => ({ kind: 'fqdn', name, ip, display: `fqdn:${name}` })) },
  );
}

const l7Arb: fc.Arbitrary<L7Request | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ method: fc.constantFrom('GET', 'POST', '', 'get', '<x>'), path: fc.oneof(fc.webPath(), word), host: fc.option(fc.domain(), { nil: undefined }) }).map(({ method, path: p, host }): L7Request => ({ kind: 'http', method, path: p, ...(host === undefined ? {} : { host }) })),
  fc.oneof(fc.domain(), word).map((query): L7Request => ({ kind: 'dns', query })),
);

function queryArb(model: EngineModel): fc.Arbitrary<Query> {
  const ep = endpointArb(model);
  return fc
    .record({
      from: ep,
      to: ep,
      port: fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.constantFrom(0, 1, 53, 80, 443, 65535, null, 'http', 'dns', ''), word),
      protocol: fc.constantFrom(...PROTOCOLS),
      reply: fc.boolean(),
      l7: l7Arb,
      names: fc.array(fc.oneof(fc.domain(), word), { maxLength: 3 }),
    })
    .map(({ from, to, port, protocol, reply, l7, names }): Query => ({ from, to, port, protocol, reply, ...(l7 ? { l7 } : {}), ...(names.length > 0 ? { destinationNames: names } : {}) }));
}

function checkDecision(d: Decision): void {
  expect(['allowed', 'denied']).toContain(d.verdict);
  expect(Array.isArray(d.notes)).toBe(true);
}

describe('decide never throws (fast-check)', () => {
  it('on random queries (pods, hypothetical pods, nodes, entities, IPs, FQDNs; any port, protocol, L7) over random clusters and settings', () => {
    fc.assert(
      fc.property(
        clusterArb.chain(([name, settings]) => {
          const model = modelOf(name, settings);
          return fc.tuple(fc.constant(model), queryArb(model));
        }),
        ([model, q]) => {
          const d = decide(model, q);
          checkDecision(d);
          expect(explainText({ from: q.from.display, to: q.to.display, what: String(q.port) }, d).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on path queries as typed in the app (any text in the three boxes)', () => {
    const peerText = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('acme-web/frontend', 'acme-jobs/mailer', 'northwind-web/web', 'kube-system/coredns', 'world', '0.0.0.0/0', '::1', '10.96.0.10', 'fqdn:', 'entity:', 'node:', '[', 'ns[', 'ns[a=b', 'ns[=]', 'a/b/c'),
      fc.tuple(fc.constantFrom('', 'fqdn:', 'entity:', 'node:'), fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6(), word)).map(([p, s]) => p + s),
      fc.tuple(word, fc.array(fc.tuple(word, word), { maxLength: 3 })).map(([ns, kv]) => `${ns}[${kv.map(([k, v]) => `${k}=${v}`).join(',')}]`),
    );
    const portText = fc.oneof(fc.string({ maxLength: 10 }), fc.integer({ min: -10, max: 100000 }).map(String), fc.tuple(fc.integer({ min: 0, max: 70000 }), fc.constantFrom('TCP', 'udp', 'ICMP', 'ANY', 'x', '')).map(([p, s]) => `${p}/${s}`));
    fc.assert(
      fc.property(clusterArb, peerText, peerText, portText, ([name, settings], from, to, port) => {
        const r = runQuery(modelOf(name, settings), { from, to, port });
        if (r.kind === 'answer') checkDecision(r.decision);
        else expect(r.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });
});
