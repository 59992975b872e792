/**
 * The policy half of the synthetic cluster, in the shapes of the app-platform fixture
 * (`test/fixtures/app-platform/policies.yaml`): cluster-wide tenant baselines (DNS, ingress from
 * Envoy, opt-in internet egress with private ranges carved out, SMTP and metadata-service denies),
 * same-tenant isolation per namespace, FQDN egress with the DNS rule it needs, port ranges, deny
 * rules, workload-to-workload L4 (and some L7) allows, and Kubernetes NetworkPolicies.
 * @internal
 */
import type { JsonValue } from './kubectlText.ts';
import type { MetaStamp, SynthInventory, SynthNamespace, SynthWorkload } from './clusterInventory.ts';
import { INTERNET_LABEL } from './clusterInventory.ts';
import type { SeededRandom } from './seededRandom.ts';

export interface PolicyCounts {
  readonly ccnps: number;
  readonly cnps: number;
  readonly networkPolicies: number;
  /** CNPs among `cnps` with toFQDNs (and their DNS rule). */
  readonly fqdnPolicies: number;
  /** CNPs among `cnps` with an `endPort` range. */
  readonly portRangePolicies: number;
  /** CNPs among `cnps` with ingressDeny/egressDeny. */
  readonly denyPolicies: number;
}

export interface SynthPolicies {
  readonly ccnps: readonly JsonValue[];
  readonly cnps: readonly JsonValue[];
  readonly networkPolicies: readonly JsonValue[];
}

type Obj = Record<string, JsonValue>;

const TENANT_NS: Obj = { matchExpressions: [{ key: 'io.cilium.k8s.namespace.labels.tenant', operator: 'Exists' }] };
const KUBE_DNS: Obj = { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } };
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'];
const tcp = (port: number | string): Obj => ({ port: String(port), protocol: 'TCP' });

function dnsRule(dns: Obj): Obj {
  return { toEndpoints: [KUBE_DNS], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [dns] } }] };
}

/** The cluster-wide baselines, in order; beyond them, one per-tenant monitoring policy each. */
function ccnpSpec(i: number, tenants: readonly string[]): { name: string; spec: Obj } {
  switch (i) {
    case 0:
      return {
        name: 'tenant-egress-baseline',
        spec: {
          description: 'Tenant apps may resolve DNS; SMTP on port 25 to the internet is blocked',
          endpointSelector: TENANT_NS,
          egress: [dnsRule({ matchPattern: '*' })],
          egressDeny: [{ toEntities: ['world'], toPorts: [{ ports: [tcp(25)] }] }],
        },
      };
    case 1:
      return {
        name: 'tenant-ingress-baseline',
        spec: {
          description: "Tenant apps accept HTTP from the platform's Envoy and metrics scrapes from the platform agent",
          endpointSelector: TENANT_NS,
          ingress: [
            { fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'platform-ingress', app: 'envoy' } }], toPorts: [{ ports: [tcp(8080)] }] },
            { fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'platform-mgmt', app: 'metrics-agent' } }], toPorts: [{ ports: [tcp(9090)] }] },
          ],
        },
      };
    case 2:
      return {
        name: 'tenant-internet-egress',
        spec: {
          description: 'Apps that opted in reach the public internet, except private ranges',
          endpointSelector: { matchExpressions: [{ key: 'io.cilium.k8s.namespace.labels.tenant', operator: 'Exists' }], matchLabels: { [INTERNET_LABEL]: 'true' } },
          egress: [{ toCIDRSet: [{ cidr: '0.0.0.0/0', except: PRIVATE_RANGES }] }],
        },
      };
    case 3:
      return {
        name: 'deny-cloud-metadata',
        spec: { description: 'No tenant app reaches the cloud metadata service', endpointSelector: TENANT_NS, egressDeny: [{ toCIDR: ['169.254.169.254/32'] }] },
      };
    default: {
      const k = i - 4;
      const t = tenants.length > 0 ? (tenants[k % tenants.length] as string) : 'none';
      const round = tenants.length > 0 ? Math.floor(k / tenants.length) : k;
      return {
        name: round === 0 ? `tenant-${t}-node-exporter` : `tenant-${t}-node-exporter-${round + 1}`,
        spec: {
          endpointSelector: { matchLabels: { 'io.cilium.k8s.namespace.labels.tenant': t } },
          ingress: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'platform-mgmt', app: 'metrics-agent' } }], toPorts: [{ ports: [tcp(9100 + round)] }] }],
        },
      };
    }
  }
}

const FQDNS: readonly { sel: Obj; dns: Obj; port: number }[] = [
  { sel: { matchName: 'api.stripe.com' }, dns: { matchName: 'api.stripe.com' }, port: 443 },
  { sel: { matchPattern: '*.github.com' }, dns: { matchPattern: '*.github.com' }, port: 443 },
  { sel: { matchName: 'smtp.mailgun.org' }, dns: { matchPattern: '*' }, port: 587 },
  { sel: { matchPattern: '*.s3.amazonaws.com' }, dns: { matchPattern: '*.amazonaws.com' }, port: 443 },
  { sel: { matchName: 'hooks.slack.com' }, dns: { matchName: 'hooks.slack.com' }, port: 443 },
  { sel: { matchPattern: '*.googleapis.com' }, dns: { matchPattern: '*' }, port: 443 },
  { sel: { matchName: 'registry.npmjs.org' }, dns: { matchName: 'registry.npmjs.org' }, port: 443 },
];

interface Ctx {
  readonly inv: SynthInventory;
  readonly rand: SeededRandom;
  readonly byNamespace: ReadonlyMap<string, readonly SynthWorkload[]>;
  readonly tenantNamespaces: ReadonlyMap<string, readonly string[]>;
  readonly usedNames: Set<string>;
}

function uniqueName(ctx: Ctx, ns: string, base: string): string {
  let name = base;
  for (let n = 2; ctx.usedNames.has(`${ns}/${name}`); n++) name = `${base}-${n}`;
  ctx.usedNames.add(`${ns}/${name}`);
  return name;
}

function sameTenantSpec(ns: SynthNamespace, ctx: Ctx): Obj {
  const siblings = ctx.tenantNamespaces.get(ns.tenant ?? '') ?? [ns.name];
  const peer: Obj =
    siblings.length === 1
      ? { matchLabels: { 'k8s:io.kubernetes.pod.namespace': ns.name } }
      : { matchExpressions: [{ key: 'k8s:io.kubernetes.pod.namespace', operator: 'In', values: [...siblings] }] };
  return { endpointSelector: {}, ingress: [{ fromEndpoints: [peer] }], egress: [{ toEndpoints: [peer] }] };
}

type Special = 'fqdn' | 'portRange' | 'deny' | 'l4';

/** A CNP of kind `kind` for a workload picked in some namespace; null when none fits. */
function specialSpec(kind: Special, i: number, w: SynthWorkload, ctx: Ctx): { base: string; spec: Obj } | null {
  const sel = { matchLabels: { app: w.name } };
  switch (kind) {
    case 'fqdn': {
      const f = FQDNS[i % FQDNS.length] as (typeof FQDNS)[number];
      const target = String(f.sel['matchName'] ?? f.sel['matchPattern']).replace(/^\*\./, '').replace(/\./g, '-');
      return { base: `${w.name}-to-${target}`, spec: { endpointSelector: sel, egress: [dnsRule(f.dns), { toFQDNs: [f.sel], toPorts: [{ ports: [tcp(f.port)] }] }] } };
    }
    case 'portRange': {
      const udp = i % 2 === 0;
      const port = udp ? { port: '40000', endPort: 40100, protocol: 'UDP' } : { port: '30000', endPort: 30999, protocol: 'TCP' };
      return {
        base: `${w.name}-${udp ? 'realtime-udp' : 'tcp-range'}`,
        spec: { description: 'Clients on the internet reach this service on a port range', endpointSelector: sel, ingress: [{ fromEntities: ['world'], toPorts: [{ ports: [port] }] }] },
      };
    }
    case 'deny': {
      if (i % 3 === 0) {
        const siblings = (ctx.tenantNamespaces.get(w.tenant ?? '') ?? []).filter((n) => n !== w.namespace);
        const other = siblings.length > 0 ? ctx.rand.pick(siblings) : 'platform-ingress';
        return { base: `${w.name}-deny-from-${other}`, spec: { endpointSelector: sel, ingressDeny: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': other } }] }] } };
      }
      if (i % 3 === 1) return { base: `${w.name}-deny-ssh-out`, spec: { endpointSelector: sel, egressDeny: [{ toEntities: ['world'], toPorts: [{ ports: [tcp(22)] }] }] } };
      return { base: `${w.name}-deny-office-range`, spec: { endpointSelector: sel, egressDeny: [{ toCIDRSet: [{ cidr: '192.168.0.0/16', except: ['192.168.100.0/24'] }] }] } };
    }
    case 'l4': {
      const sources = (ctx.byNamespace.get(w.namespace) ?? []).filter((s) => s !== w);
      const p = w.ports[0];
      if (sources.length === 0 || p === undefined) return null;
      const src = ctx.rand.pick(sources);
      const port: Obj = i % 5 === 0 ? { port: p.name } : { port: String(p.port), protocol: p.protocol };
      const rule: Obj = { ports: [port] };
      if (i % 7 === 3 && p.protocol === 'TCP' && port['protocol'] === 'TCP') rule['rules'] = { http: [{ method: 'GET', path: '/api/.*' }, { method: 'POST', path: '/api/v1/jobs' }] };
      return { base: `${w.name}-from-${src.name}`, spec: { endpointSelector: sel, ingress: [{ fromEndpoints: [{ matchLabels: { app: src.name } }], toPorts: [rule] }] } };
    }
  }
}

function knpSpec(i: number, w: SynthWorkload, ctx: Ctx): { base: string; spec: Obj } {
  const podSelector = { matchLabels: { app: w.name } };
  const p = w.ports[0] ?? { port: 8080, protocol: 'TCP', name: 'http' };
  const sources = (ctx.byNamespace.get(w.namespace) ?? []).filter((s) => s !== w);
  const src = sources.length > 0 ? ctx.rand.pick(sources).name : 'frontend';
  switch (i % 4) {
    case 0:
      return { base: `${w.name}-from-${src}`, spec: { podSelector, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: src } } }], ports: [{ port: p.port, protocol: p.protocol }] }] } };
    case 1:
      return {
        base: `${w.name}-from-tenant`,
        spec: {
          podSelector,
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { tenant: w.tenant ?? '' } }, podSelector: { matchLabels: { app: src } } }], ports: [{ port: 8000, endPort: 8100, protocol: 'TCP' }] }],
        },
      };
    case 2:
      return {
        base: `${w.name}-egress-public`,
        spec: {
          podSelector,
          policyTypes: ['Egress'],
          egress: [
            { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '169.254.0.0/16'] } }], ports: [{ port: 443, protocol: 'TCP' }] },
            { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
          ],
        },
      };
    default:
      return { base: `${w.name}-from-office`, spec: { podSelector, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: p.port, protocol: p.protocol }] }] } };
  }
}

function meta(name: string, namespace: string | null, stamp: MetaStamp): Obj {
  const m: Obj = { creationTimestamp: stamp.timestamp(), generation: 1, name, resourceVersion: stamp.resourceVersion(), uid: stamp.uid() };
  if (namespace !== null) m['namespace'] = namespace;
  return m;
}

export function buildPolicies(counts: PolicyCounts, inv: SynthInventory, rand: SeededRandom, stamp: MetaStamp): SynthPolicies {
  const tenantWorkloads = inv.workloads.filter((w) => w.tenant !== null);
  const byNamespace = new Map<string, SynthWorkload[]>();
  for (const w of tenantWorkloads) byNamespace.set(w.namespace, [...(byNamespace.get(w.namespace) ?? []), w]);
  const tenantNamespaces = new Map<string, string[]>();
  for (const ns of inv.namespaces) if (ns.tenant !== null) tenantNamespaces.set(ns.tenant, [...(tenantNamespaces.get(ns.tenant) ?? []), ns.name]);
  const ctx: Ctx = { inv, rand, byNamespace, tenantNamespaces, usedNames: new Set() };

  const ccnps: JsonValue[] = [];
  for (let i = 0; i < counts.ccnps; i++) {
    const { name, spec } = ccnpSpec(i, inv.tenants);
    ccnps.push({ apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: meta(name, null, stamp), spec });
  }

  const cnps: JsonValue[] = [];
  const cnp = (ns: string, base: string, spec: Obj): void => {
    cnps.push({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: meta(uniqueName(ctx, ns, base), ns, stamp), spec });
  };
  const tenantNs = inv.namespaces.filter((n) => n.tenant !== null);
  for (const ns of tenantNs.slice(0, counts.cnps)) cnp(ns.name, 'same-tenant', sameTenantSpec(ns, ctx));

  // The remaining CNPs: the asked-for special kinds first, then plain L4 allows.
  const plan: Special[] = [];
  const left = Math.max(0, counts.cnps - cnps.length);
  for (const [kind, n] of [['fqdn', counts.fqdnPolicies], ['portRange', counts.portRangePolicies], ['deny', counts.denyPolicies]] as const) {
    for (let k = 0; k < n && plan.length < left; k++) plan.push(kind);
  }
  while (plan.length < left) plan.push('l4');
  const perKind = new Map<Special, number>();
  for (const kind of plan) {
    const i = perKind.get(kind) ?? 0;
    perKind.set(kind, i + 1);
    // A bounded search for a workload the template fits (l4 needs ports and a neighbour).
    let made = false;
    for (let attempt = 0; attempt < 50 && !made && tenantWorkloads.length > 0; attempt++) {
      const w = rand.pick(tenantWorkloads);
      const s = specialSpec(kind, i, w, ctx);
      if (s) {
        cnp(w.namespace, s.base, s.spec);
        made = true;
      }
    }
    if (!made) {
      const ns = tenantNs.length > 0 ? rand.pick(tenantNs).name : 'default';
      cnp(ns, 'allow-dns', { endpointSelector: {}, egress: [dnsRule({ matchPattern: '*' })] });
    }
  }

  const networkPolicies: JsonValue[] = [];
  for (let i = 0; i < counts.networkPolicies; i++) {
    const w = tenantWorkloads.length > 0 ? rand.pick(tenantWorkloads) : null;
    const ns = w?.namespace ?? 'default';
    const { base, spec } = w ? knpSpec(i, w, ctx) : { base: 'default-deny', spec: { podSelector: {}, policyTypes: ['Ingress'] } };
    networkPolicies.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(uniqueName(ctx, `knp:${ns}`, base), ns, stamp), spec });
  }
  return { ccnps, cnps, networkPolicies };
}
