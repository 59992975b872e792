import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { loadInputs } from './loadInputs.ts';

/**
 * A sysdump as a recent cilium-cli writes it, file by file, each built here small but in its real
 * shape (cilium/cilium cilium-cli/sysdump, as vendored by cilium/cilium-cli at e694be34c, 2026-08):
 *
 * - Kubernetes and Cilium lists: writers.go writeYAML prints a non-empty list one item at a time
 *   (since 2025-01): `apiVersion: <list's group/version>`, `items:` with each item as
 *   sigs.k8s.io/yaml marshals it (keys sorted; typed clientset items carry no apiVersion/kind),
 *   then `kind: <Kind>List` AFTER the items and `metadata: {resourceVersion}`;
 * - single objects (cilium-configmap, cilium-daemonset): the YAML printer with apiVersion/kind;
 * - cilium-helm-metadata: helm's `get metadata` as YAML (action.Metadata);
 * - hubble-flows-<pod>-<ts>.json: `hubble observe --last N --debug -o jsonpb` stdout (one
 *   GetFlowsResponse per line), its stderr in hubble-observe-<pod>-<ts>.log;
 * - cilium-bugtool-<pod>-<ts>/: the agent's bugtool archive unpacked without its top folder
 *   (untar/removeTopDirectory): cmd/<command>.md raw outputs, cmd/cilium-debuginfo-<time>.json;
 * - the rest: logs, metrics, gops, events (YAML and HTML), k8s-version, the pods table.
 */
const TS = '20261120-091500';
const D = `cilium-sysdump-${TS}`;

/** writeYAML's streamed list: items first, kind after. */
function list(apiVersion: string, kind: string, items: string[]): string {
  const body = items.map((i) => i.trimEnd().split('\n').map((l, n) => `${n === 0 ? '- ' : '  '}${l}`).join('\n')).join('\n');
  return `apiVersion: ${apiVersion}\nitems:\n${body}\nkind: ${kind}\nmetadata:\n  resourceVersion: "48213"\n`;
}

const NAMESPACES = list('v1', 'NamespaceList', [
  'metadata:\n  creationTimestamp: "2026-11-01T10:00:00Z"\n  labels:\n    kubernetes.io/metadata.name: shop\n    team: payments\n  name: shop\n  resourceVersion: "512"\n  uid: 0d1f4f5e-8a8e-4b7e-9c39-2b1f0e4c5a11\nspec:\n  finalizers:\n  - kubernetes\nstatus:\n  phase: Active',
  'metadata:\n  creationTimestamp: "2026-11-01T10:00:00Z"\n  labels:\n    kubernetes.io/metadata.name: kube-system\n  name: kube-system\n  resourceVersion: "4"\n  uid: 6c0b1d7e-0c55-4f0f-9a7e-1d2f3e4a5b6c\nspec:\n  finalizers:\n  - kubernetes\nstatus:\n  phase: Active',
]);

const pod = (name: string, app: string, ip: string): string =>
  `metadata:\n  creationTimestamp: "2026-11-20T08:00:00Z"\n  generateName: ${app}-7d4b9-\n  labels:\n    app: ${app}\n    pod-template-hash: 7d4b9\n  name: ${name}\n  namespace: shop\n  ownerReferences:\n  - apiVersion: apps/v1\n    blockOwnerDeletion: true\n    controller: true\n    kind: ReplicaSet\n    name: ${app}-7d4b9\n    uid: 2f0b2c1d-1111-4aaa-8bbb-123456789abc\n  resourceVersion: "9001"\n  uid: 3a4b5c6d-2222-4ccc-9ddd-abcdef012345\nspec:\n  containers:\n  - image: nginx:1.27\n    name: ${app}\n    ports:\n    - containerPort: 8080\n      name: http\n      protocol: TCP\n  nodeName: pool-a-1\nstatus:\n  phase: Running\n  podIP: ${ip}\n  podIPs:\n  - ip: ${ip}`;

const PODS = list('v1', 'PodList', [pod('web-7d4b9-abcde', 'web', '10.0.1.17'), pod('lb-7d4b9-fghij', 'lb', '10.0.1.18')]);

const NETPOLS = list('networking.k8s.io/v1', 'NetworkPolicyList', [
  'metadata:\n  creationTimestamp: "2026-11-02T10:00:00Z"\n  generation: 1\n  name: default-deny\n  namespace: shop\n  resourceVersion: "700"\n  uid: 5e6f7a8b-3333-4eee-8fff-0123456789ab\nspec:\n  podSelector: {}\n  policyTypes:\n  - Ingress',
]);

const CNPS = list('cilium.io/v2', 'CiliumNetworkPolicyList', [
  'metadata:\n  creationTimestamp: "2026-11-02T10:00:00Z"\n  generation: 1\n  name: web-ingress\n  namespace: shop\n  resourceVersion: "701"\n  uid: 5b0e3f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b\nspec:\n  endpointSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        app: lb\n    toPorts:\n    - ports:\n      - port: "8080"\n        protocol: TCP\nstatus:\n  conditions:\n  - lastTransitionTime: "2026-11-02T10:00:01Z"\n    message: Policy validation succeeded\n    status: "True"\n    type: Valid',
]);

const CCNPS = list('cilium.io/v2', 'CiliumClusterwideNetworkPolicyList', [
  'metadata:\n  creationTimestamp: "2026-11-02T10:00:00Z"\n  generation: 1\n  name: kube-dns\n  resourceVersion: "702"\n  uid: 7a8b9c0d-4444-4111-8222-3456789abcde\nspec:\n  egress:\n  - toEndpoints:\n    - matchLabels:\n        k8s:io.kubernetes.pod.namespace: kube-system\n        k8s-app: kube-dns\n    toPorts:\n    - ports:\n      - port: "53"\n        protocol: ANY\n  endpointSelector: {}',
]);

const CEPS = list('cilium.io/v2', 'CiliumEndpointList', [
  'metadata:\n  creationTimestamp: "2026-11-20T08:00:05Z"\n  generation: 1\n  labels:\n    app: web\n  name: web-7d4b9-abcde\n  namespace: shop\n  ownerReferences:\n  - apiVersion: v1\n    kind: Pod\n    name: web-7d4b9-abcde\n    uid: 3a4b5c6d-2222-4ccc-9ddd-abcdef012345\n  resourceVersion: "9010"\n  uid: 8b9c0d1e-5555-4222-8333-456789abcdef\nstatus:\n  encryption: {}\n  external-identifiers:\n    container-id: 0f1e2d3c4b5a\n    k8s-namespace: shop\n    k8s-pod-name: web-7d4b9-abcde\n    pod-name: shop/web-7d4b9-abcde\n  id: 1234\n  identity:\n    id: 50123\n    labels:\n    - k8s:app=web\n    - k8s:io.kubernetes.pod.namespace=shop\n  networking:\n    addressing:\n    - ipv4: 10.0.1.17\n    node: 10.128.0.4\n  state: ready',
]);

const IDENTITIES = list('cilium.io/v2', 'CiliumIdentityList', [
  'metadata:\n  creationTimestamp: "2026-11-20T08:00:04Z"\n  generation: 1\n  labels:\n    app: web\n    io.kubernetes.pod.namespace: shop\n  name: "50123"\n  resourceVersion: "9005"\n  uid: 9c0d1e2f-6666-4333-8444-56789abcdef0\nsecurity-labels:\n  k8s:app: web\n  k8s:io.cilium.k8s.policy.cluster: default\n  k8s:io.kubernetes.pod.namespace: shop',
]);

const CONFIGMAP = 'apiVersion: v1\ndata:\n  cluster-name: prod-ams3\n  enable-policy: default\n  identity-allocation-mode: crd\nkind: ConfigMap\nmetadata:\n  creationTimestamp: "2026-11-01T10:00:00Z"\n  name: cilium-config\n  namespace: kube-system\n  resourceVersion: "300"\n  uid: a1b2c3d4-7777-4444-8555-6789abcdef01\n';

const DAEMONSET = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  labels:\n    k8s-app: cilium\n  name: cilium\n  namespace: kube-system\nspec:\n  selector:\n    matchLabels:\n      k8s-app: cilium\n  template:\n    metadata:\n      labels:\n        k8s-app: cilium\n    spec:\n      containers:\n      - image: quay.io/cilium/cilium:v1.18.4@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n        name: cilium-agent\n';

const HELM = 'name: cilium\nchart: cilium\nversion: 1.18.4\nappVersion: 1.18.4\nnamespace: kube-system\nrevision: 3\nstatus: deployed\ndeployedAt: "2026-11-01T10:00:00Z"\n';

const flow = (t: string, verdict: string): string =>
  JSON.stringify({
    flow: {
      time: t,
      verdict,
      IP: { source: '10.0.1.18', destination: '10.0.1.17', ipVersion: 'IPv4' },
      l4: { TCP: { source_port: 40512, destination_port: 8080, flags: { SYN: true } } },
      source: { ID: 88, identity: 50124, namespace: 'shop', labels: ['k8s:app=lb', 'k8s:io.kubernetes.pod.namespace=shop'], pod_name: 'lb-7d4b9-fghij' },
      destination: { ID: 1234, identity: 50123, namespace: 'shop', labels: ['k8s:app=web', 'k8s:io.kubernetes.pod.namespace=shop'], pod_name: 'web-7d4b9-abcde' },
      Type: 'L3_L4',
      node_name: 'pool-a-1',
      event_type: { type: 4 },
      traffic_direction: 'INGRESS',
      is_reply: false,
      Summary: 'TCP Flags: SYN',
    },
    node_name: 'pool-a-1',
    time: t,
  });

const RULE = {
  endpointSelector: { matchLabels: { 'any:app': 'web', 'k8s:io.kubernetes.pod.namespace': 'shop' } },
  ingress: [{ fromEndpoints: [{ matchLabels: { 'any:app': 'lb', 'k8s:io.kubernetes.pod.namespace': 'shop' } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] }],
  labels: [
    { key: 'io.cilium.k8s.policy.derived-from', value: 'CiliumNetworkPolicy', source: 'k8s' },
    { key: 'io.cilium.k8s.policy.name', value: 'web-ingress', source: 'k8s' },
    { key: 'io.cilium.k8s.policy.namespace', value: 'shop', source: 'k8s' },
    { key: 'io.cilium.k8s.policy.uid', value: '5b0e3f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', source: 'k8s' },
  ],
};

const ref = (kind: string, name: string, namespace?: string): { key: string; value: string; source: string }[] => [
  { key: 'io.cilium.k8s.policy.derived-from', value: kind, source: 'k8s' },
  { key: 'io.cilium.k8s.policy.name', value: name, source: 'k8s' },
  ...(namespace ? [{ key: 'io.cilium.k8s.policy.namespace', value: namespace, source: 'k8s' }] : []),
];

/** The agent's repository: the CNP's rule, the NetworkPolicy as Cilium translates it, the CCNP's rule. */
const RULES = [
  RULE,
  { endpointSelector: { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'shop' } }, ingress: [{}], labels: ref('NetworkPolicy', 'default-deny', 'shop'), enableDefaultDeny: { ingress: true, egress: false } },
  {
    endpointSelector: {},
    egress: [{ toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }] }] }],
    labels: ref('CiliumClusterwideNetworkPolicy', 'kube-dns'),
  },
];

const BUGTOOL = `${D}/cilium-bugtool-cilium-x7k2p-${TS}`;

const FILES: Record<string, string> = {
  [`${D}/k8s-namespaces-${TS}.yaml`]: NAMESPACES,
  [`${D}/k8s-pods-${TS}.yaml`]: PODS,
  [`${D}/k8s-pods-${TS}.txt`]: 'NAMESPACE   NAME              READY   STATUS    RESTARTS   AGE   IP          NODE\nshop        web-7d4b9-abcde   1/1     Running   0          75m   10.0.1.17   pool-a-1\n',
  [`${D}/k8s-networkpolicies-${TS}.yaml`]: NETPOLS,
  [`${D}/ciliumnetworkpolicies-${TS}.yaml`]: CNPS,
  [`${D}/ciliumclusterwidenetworkpolicies-${TS}.yaml`]: CCNPS,
  [`${D}/ciliumendpoints-${TS}.yaml`]: CEPS,
  [`${D}/ciliumidentities-${TS}.yaml`]: IDENTITIES,
  [`${D}/ciliumcidrgroups-${TS}.yaml`]: 'apiVersion: cilium.io/v2\nitems: []\nkind: CiliumCIDRGroupList\nmetadata:\n  resourceVersion: "48213"\n',
  [`${D}/cilium-configmap-${TS}.yaml`]: CONFIGMAP,
  [`${D}/cilium-daemonset-${TS}.yaml`]: DAEMONSET,
  [`${D}/cilium-helm-metadata-${TS}.yaml`]: HELM,
  [`${D}/hubble-flows-cilium-x7k2p-${TS}.json`]: `${flow('2026-11-20T09:14:58.123456789Z', 'FORWARDED')}\n${flow('2026-11-20T09:14:59.223456789Z', 'FORWARDED')}\n`,
  [`${D}/hubble-observe-cilium-x7k2p-${TS}.log`]: 'level=debug msg="Connecting to server" server=unix:///var/run/cilium/hubble.sock\n',
  [`${BUGTOOL}/cmd/cilium-debuginfo-20261120-091502.5+0000-UTC.json`]: JSON.stringify(
    {
      'cilium-version': '1.18.4 1d3a5c7e 2026-10-30T10:00:00+00:00 go version go1.24.9 linux/amd64',
      'endpoint-list': [{ id: 1234, status: { identity: { id: 50123, labels: ['k8s:app=web', 'k8s:io.kubernetes.pod.namespace=shop'] }, 'external-identifiers': { 'k8s-namespace': 'shop', 'k8s-pod-name': 'web-7d4b9-abcde' }, networking: { addressing: [{ ipv4: '10.0.1.17' }] } } }],
      policy: { policy: JSON.stringify(RULES, null, 2), revision: 7 },
    },
    null,
    2,
  ),
  [`${BUGTOOL}/cmd/cilium-debuginfo-20261120-091502.5+0000-UTC.md`]: '# Cilium debug information\n',
  [`${BUGTOOL}/cmd/cilium-dbg-policy-get.md`]: `${JSON.stringify(RULES, null, 2)}\nRevision: 7\n`,
  [`${BUGTOOL}/cmd/cilium-dbg-ip-list--n--o-json.md`]: '[\n  {\n    "cidr": "10.0.1.17/32",\n    "identity": 50123\n  }\n]\n',
  [`${BUGTOOL}/cmd/cilium-dbg-status---verbose.md`]: 'KVStore:  Disabled\n',
  [`${BUGTOOL}/cmd/envoy-config.json`]: '{"configs":[]}',
  [`${BUGTOOL}/conf/kernel-config`]: 'CONFIG_BPF=y\n',
  [`${D}/logs-cilium-x7k2p-cilium-agent-${TS}.log`]: 'time="2026-11-20T09:00:00Z" level=info msg="Cilium 1.18.4"\n',
  [`${D}/logs-cilium-x7k2p-cilium-agent-${TS}-prev.log`]: '',
  [`${D}/metrics-cilium-x7k2p-cilium-agent-${TS}.txt`]: 'cilium_endpoint_state{endpoint_state="ready"} 4\n',
  [`${D}/gops-cilium-x7k2p-cilium-agent-${TS}-memstats.txt`]: 'alloc: 50MB\n',
  [`${D}/k8s-events-${TS}.yaml`]: 'apiVersion: v1\nitems: []\nkind: EventList\nmetadata:\n  resourceVersion: "48213"\n',
  [`${D}/k8s-events-${TS}.html`]: '<html></html>\n',
  [`${D}/k8s-version-${TS}.txt`]: 'Client Version: v1.31.2\nServer Version: v1.31.1\n',
  [`${D}/ciliumnodes-${TS}.yaml`]: 'apiVersion: cilium.io/v2\nitems: []\nkind: CiliumNodeList\nmetadata:\n  resourceVersion: "48213"\n',
};

describe('a sysdump in the newest cilium-cli layout (lists with kind after items, typed items without kind)', () => {
  const r = loadInputs([{ name: `${D}.zip`, data: zipSync(Object.fromEntries(Object.entries(FILES).map(([k, v]) => [k, strToU8(v)]))) }]);
  const count = (kind: string): number => r.cluster.sources.reduce((n, s) => n + (s.counts[kind] ?? 0), 0);

  it('reads every policy, the inventory, endpoints, identities and flows', () => {
    expect(r.cluster.policies.map((p) => p.key).sort()).toEqual(['CiliumClusterwideNetworkPolicy//kube-dns', 'CiliumNetworkPolicy/shop/web-ingress', 'NetworkPolicy/shop/default-deny']);
    expect([...r.cluster.namespaces.keys()].sort()).toEqual(['kube-system', 'shop']);
    expect(r.cluster.namespaces.get('shop')?.labels['team']).toBe('payments');
    expect(r.cluster.pods.map((p) => p.name).sort()).toEqual(['lb-7d4b9-fghij', 'web-7d4b9-abcde']);
    expect(r.cluster.endpoints.map((e) => `${e.namespace}/${e.name} ${e.identityId}`)).toEqual(['shop/web-7d4b9-abcde 50123']);
    expect(r.cluster.ciliumIdentities?.map((i) => i.id)).toEqual([50123]);
    expect(count('HubbleFlow')).toBe(2);
  });

  it("reads the agent's settings: cluster name, enforcement mode, version", () => {
    expect(r.cluster.name).toBe('prod-ams3');
    expect(r.cluster.agentConfig?.enforcementMode).toBe('default');
    expect(r.cluster.agentConfig?.ciliumVersion).toBe('1.18');
  });

  it("reads the agent's own view from its bugtool folder once, and it agrees with the objects", () => {
    expect(count('AgentEndpoint')).toBe(1);
    expect(count('AgentPolicyRule')).toBe(3);
    // The debuginfo file and `cilium-dbg policy get` are one agent's repository twice: read once, the second counted as skipped.
    const getMd = r.cluster.sources.find((s) => s.file.endsWith('cilium-dbg-policy-get.md'));
    expect(getMd?.skipped).toEqual({ AgentPolicyRule: 3 });
    const notes = r.diagnostics.filter((d) => d.code === 'agent-policies');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.message).toContain("The Cilium agent's policy repository (cilium-dbg policy get, revision 7): 3 rules from 3 policies");
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).not.toContain('agent-policy-not-loaded');
    expect(codes).not.toContain('agent-policy-absent');
    expect(codes).not.toContain('agent-endpoint-identity');
  });

  it('skips the rest, names it, and nothing it read is skipped or wrong', () => {
    expect(r.cluster.sources.flatMap((s) => Object.keys(s.skipped))).toEqual(['AgentPolicyRule']);
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const skipped = r.diagnostics.find((d) => d.code === 'archive-skipped');
    expect(skipped?.message).toContain(
      `Read 16 of 29 files in this archive; skipped 3 logs, 1 metrics dump, 4 cilium-bugtool files, 1 gops/pprof profile, 4 other files (k8s-pods-${TS}.txt, k8s-events-${TS}.yaml, k8s-events-${TS}.html and 1 more)`,
    );
  });
});
