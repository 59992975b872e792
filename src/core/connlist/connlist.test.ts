import { describe, expect, it } from 'vitest';
import { accessPorts, buildConnlist, ingressTargets, type ConnlistOracle } from './connlist.ts';
import { formatTxt } from './format.ts';
import { ingressBackendsFromTexts } from './ingressObjects.ts';
import { emptyPortSet, fullPortSet, portRange, type PortSet } from '../engine/PortSet.ts';
import { workloadKey, type Cluster, type Service, type Workload, type WorkloadKind } from '../model/cluster.ts';
import { policyKey, type Policy, type PolicyRef } from '../model/policy.ts';
import { parseCidr, type Cidr } from '../net/cidr.ts';

const wl = (namespace: string, name: string, kind: WorkloadKind, podLabels: Record<string, string> = {}, ports: Workload['ports'] = []): Workload => ({
  key: workloadKey(namespace, kind, name),
  kind,
  namespace,
  name,
  podLabels,
  labels: {},
  annotations: {},
  podAnnotations: {},
  serviceAccount: 'default',
  ports,
  hostNetwork: false,
  replicas: 1,
  source: null,
});

const cluster = (workloads: Workload[], extra: Partial<Cluster> = {}): Cluster => ({
  name: 'default',
  namespaces: new Map(),
  workloads,
  pods: [],
  endpoints: [],
  services: [],
  nodes: [],
  cidrGroups: [],
  policies: [],
  sources: [],
  diagnostics: [],
  ...extra,
});

const cidr = (s: string): Cidr => {
  const c = parseCidr(s);
  if (!c) throw new Error(s);
  return c;
};

/** An ingress ipBlock policy; only its CIDR matters to the range split. */
const ipBlockPolicy = (block: string): Policy => {
  const ref: PolicyRef = { kind: 'NetworkPolicy', namespace: 'shop', name: 'from-lb' };
  return {
    key: policyKey(ref),
    ref,
    source: { file: 'p.yaml', document: 0, line: 1 },
    rules: [
      {
        policy: ref,
        path: 'spec',
        subject: { kind: 'endpoints', selector: { requirements: [] } },
        ingress: [
          {
            path: 'spec.ingress[0]',
            direction: 'ingress',
            action: 'allow',
            peers: { kind: 'list', items: [{ kind: 'cidr', path: 'spec.ingress[0].from[0]', cidr: cidr(block), except: [] }] },
            ports: [],
            icmps: [],
            authRequired: false,
          },
        ],
        ingressDeny: [],
        egress: [],
        egressDeny: [],
        enableDefaultDeny: { ingress: null, egress: null },
      },
    ],
  };
};

const front = wl('shop', 'frontend', 'Deployment', { app: 'frontend' }, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
const back = wl('shop', 'backend-7d77fb55cc', 'ReplicaSet', { app: 'backend' });
const job = wl('ops', 'probe', 'Pod');

/** A hand-written oracle: frontend → backend on TCP 9090, the LB range → frontend on TCP 8080. */
const oracle: ConnlistOracle = {
  betweenWorkloads: (s, d) => (s === front && d === back ? portRange('TCP', 9090) : emptyPortSet),
  fromOutside: (r, d) => (d === front && r.start === 0x0a000000 ? portRange('TCP', 8080) : emptyPortSet),
  toOutside: (s) => (s === job ? fullPortSet : emptyPortSet),
  fromIngressController: () => fullPortSet,
};

describe('buildConnlist', () => {
  it('lists allowed pairs, outside ranges split at policy CIDRs, never self loops', () => {
    const calls: string[] = [];
    const spy: ConnlistOracle = { ...oracle, betweenWorkloads: (s, d) => (calls.push(`${s.name}>${d.name}`), oracle.betweenWorkloads(s, d)) };
    const list = buildConnlist(cluster([front, back, job], { policies: [ipBlockPolicy('10.0.0.0/8')] }), spy);
    expect(calls).not.toContain('frontend>frontend');
    expect(calls).toHaveLength(6);
    expect(formatTxt(list)).toBe(
      '10.0.0.0-10.255.255.255[External] => shop/frontend[Deployment] : TCP 8080\n' +
        'ops/probe[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections\n' +
        'shop/frontend[Deployment] => shop/backend-7d77fb55cc[ReplicaSet] : TCP 9090\n',
    );
    expect(list.workloads).toHaveLength(3);
  });

  it('drops pairs whose only allowed traffic is ICMP (netpol-analyzer cannot express it)', () => {
    const icmpOnly: ConnlistOracle = { ...oracle, betweenWorkloads: () => portRange('ICMP', 8), toOutside: () => emptyPortSet, fromOutside: () => emptyPortSet };
    expect(buildConnlist(cluster([front, back]), icmpOnly).connections).toEqual([]);
  });

  it('keeps only connections touching the --namespace', () => {
    const list = buildConnlist(cluster([front, back, job]), oracle, { namespace: 'ops' });
    expect(formatTxt(list)).toBe('ops/probe[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections\n');
    expect(list.workloads).toEqual([{ kind: 'workload', namespace: 'ops', name: 'probe', workloadKind: 'Pod' }]);
  });

  it('prints nothing for a cluster without workloads', () => {
    expect(buildConnlist(cluster([], { policies: [ipBlockPolicy('10.0.0.0/8')] }), oracle).connections).toEqual([]);
  });
});

describe('ingress controller (Routes and Ingresses)', () => {
  const svc: Service = {
    namespace: 'shop',
    name: 'frontend-svc',
    selector: { app: 'frontend' },
    clusterIPs: [],
    ports: [{ name: 'web', port: 80, targetPort: 'http', protocol: 'TCP' }, { name: 'metrics', port: 9100, targetPort: 9100, protocol: 'TCP' }],
    labels: {},
    source: null,
  };
  const route = `apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: shop, namespace: shop}
spec:
  to: {kind: Service, name: frontend-svc}
  port: {targetPort: web}
`;

  it('resolves the service port a Route names to the pod port', () => {
    expect(accessPorts(svc, 'web')).toEqual(['http']);
    expect(accessPorts(svc, 80)).toEqual(['http']);
    expect(accessPorts(svc, 9100)).toEqual([9100]);
    expect(accessPorts(svc, null)).toEqual(['http', 9100]);
  });

  it('reads Routes and Ingresses (also inside Lists) from input texts', () => {
    const ingress = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name: 'web' },
          spec: {
            defaultBackend: { service: { name: 'a', port: { number: 80 } } },
            rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'b', port: { name: 'web' } } } }] } }],
          },
        },
      ],
    });
    expect(ingressBackendsFromTexts([route, ingress, 'kind: ConfigMap\n'])).toEqual([
      { objectKind: 'Route', namespace: 'shop', objectName: 'shop', serviceName: 'frontend-svc', port: 'web' },
      { objectKind: 'Ingress', namespace: 'default', objectName: 'web', serviceName: 'a', port: 80 },
      { objectKind: 'Ingress', namespace: 'default', objectName: 'web', serviceName: 'b', port: 'web' },
    ]);
  });

  it('lists {ingress-controller} => workload on the routed TCP port the policies allow', () => {
    const c = cluster([front, back], { services: [svc] });
    const backends = ingressBackendsFromTexts([route]);
    expect([...ingressTargets(c, c.workloads, backends).keys()]).toEqual([front]);
    const onlyHttp: ConnlistOracle = { ...oracle, fromIngressController: (d): PortSet => (d === front ? portRange('TCP', 1, 9000) : emptyPortSet) };
    const list = buildConnlist(c, onlyHttp, { ingressBackends: backends });
    expect(formatTxt(list)).toContain('{ingress-controller} => shop/frontend[Deployment] : TCP 8080\n');
    const blocked: ConnlistOracle = { ...oracle, fromIngressController: () => emptyPortSet };
    expect(formatTxt(buildConnlist(c, blocked, { ingressBackends: backends }))).not.toContain('{ingress-controller}');
  });
});
