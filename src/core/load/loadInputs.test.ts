import { describe, expect, it, vi } from 'vitest';
import { gzipSync } from 'node:zlib';
import { loadInputs, Loader } from './loadInputs.ts';
import type { FlowRecordInput, InputFile } from './types.ts';

const INVENTORY = `# kubectl get ns,deploy,sts,ds,rs,jobs,cronjobs,pods,svc,nodes -A -o yaml, as separate documents
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {tenant: acme}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: web}
      annotations: {kubernetes.io/egress-bandwidth: 10M}
    spec:
      containers: [{name: web, ports: [{containerPort: 8080, name: http}]}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-6d9c
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
spec:
  template: {metadata: {labels: {app: web, pod-template-hash: 6d9c}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-6d9c-x2kqp
  namespace: shop
  labels: {app: web, pod-template-hash: 6d9c}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-6d9c, controller: true}]
spec: {nodeName: n1, containers: [{name: web}]}
status: {podIP: 10.244.0.5}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec: {template: {metadata: {labels: {app: db}}}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ops}
spec: {template: {metadata: {labels: {app: agent}}, spec: {hostNetwork: true}}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: shop}
spec: {schedule: "0 0 * * *", jobTemplate: {spec: {template: {metadata: {labels: {job: nightly}}}}}}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: nightly-2900
  namespace: shop
  ownerReferences: [{kind: CronJob, name: nightly, controller: true}]
spec: {template: {metadata: {labels: {job: nightly}}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {role: worker}}
status: {addresses: [{type: InternalIP, address: 10.0.0.1}]}
---
apiVersion: cilium.io/v2alpha1
kind: CiliumCIDRGroup
metadata: {name: partners}
spec: {externalCIDRs: [203.0.113.0/24]}
`;

const POLICIES = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-ingress, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  ingress: [{fromEndpoints: [{matchLabels: {app: lb}}]}]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: baseline}
spec:
  endpointSelector: {}
  egress: [{toEntities: [cluster]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;

const flowLine = (extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ flow: { verdict: 'FORWARDED', IP: { source: '10.0.0.1', destination: '10.0.0.2' }, source: { cluster_name: 'from-flows' }, destination: {}, ...extra }, node_name: 'k8s1' });

function codes(files: InputFile[], options = {}): string[] {
  return loadInputs(files, options).diagnostics.map((d) => d.code);
}

describe('loadInputs: kinds', () => {
  it('loads every inventory kind from a YAML stream and resolves owners', () => {
    const r = loadInputs([{ name: 'inv.yaml', data: INVENTORY }]);
    const c = r.cluster;
    expect(c.sources[0]).toMatchObject({
      file: 'inv.yaml',
      documents: 11,
      counts: { CiliumCIDRGroup: 1, CronJob: 1, DaemonSet: 1, Deployment: 1, Job: 1, Namespace: 1, Node: 1, Pod: 1, ReplicaSet: 1, Service: 1, StatefulSet: 1 },
      skipped: {},
    });
    expect(c.workloads.map((w) => w.key)).toEqual(['ops/DaemonSet/agent', 'shop/CronJob/nightly', 'shop/Deployment/web', 'shop/StatefulSet/db']);
    const web = c.workloads.find((w) => w.name === 'web');
    expect(web).toMatchObject({ podLabels: { app: 'web' }, podAnnotations: { 'kubernetes.io/egress-bandwidth': '10M' }, ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], serviceAccount: 'default', replicas: 1 });
    expect(c.workloads.find((w) => w.name === 'agent')?.hostNetwork).toBe(true);
    expect(c.pods[0]).toMatchObject({ workload: 'shop/Deployment/web', ips: ['10.244.0.5'], nodeName: 'n1' });
    expect(c.services[0]?.selector).toEqual({ app: 'web' });
    expect(c.nodes[0]?.ips).toEqual(['10.0.0.1']);
    expect(c.cidrGroups[0]?.cidrs).toEqual(['203.0.113.0/24']);
    // ops has no Namespace document: implied, labels unknown, one info diagnostic.
    expect(c.namespaces.get('shop')?.labels).toMatchObject({ tenant: 'acme' });
    expect(c.namespaces.get('ops')).toEqual({ name: 'ops', labels: {}, annotations: {}, source: null });
    const daemonSetLine = INVENTORY.split('\n').indexOf('kind: DaemonSet'); // 0-based index of `kind` = 1-based line of `apiVersion`
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['namespace-not-loaded', daemonSetLine]]);
  });

  it('hands policies to the policy parsers with the default namespace', () => {
    const r = loadInputs([{ name: 'p.yaml', data: POLICIES }], { defaultNamespace: 'team-a' });
    expect(r.cluster.sources[0]?.counts).toEqual({ CiliumClusterwideNetworkPolicy: 1, CiliumNetworkPolicy: 1, NetworkPolicy: 1 });
    expect(r.cluster.policies.map((p) => p.key).sort()).toEqual(['CiliumClusterwideNetworkPolicy//baseline', 'CiliumNetworkPolicy/shop/web-ingress', 'NetworkPolicy/team-a/deny-all']);
    expect([...r.cluster.namespaces.keys()].sort()).toEqual(['shop', 'team-a']);
  });

  it('reads kubectl JSON: a List with typed items, a PodList whose items carry no kind, an array, JSON lines', () => {
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }] }, null, 2);
    const podList = JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'p1', namespace: 'a' } }, { metadata: { name: 'p2', namespace: 'a' } }] });
    const array = JSON.stringify([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } }]);
    const lines = [JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'c' } }), JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'd' } })].join('\n');
    const r = loadInputs([
      { name: 'list.json', data: list },
      { name: 'pods.json', data: podList },
      { name: 'array.json', data: array },
      { name: 'ns.jsonl', data: lines },
    ]);
    expect(r.cluster.sources.map((s) => [s.file, s.documents, s.counts, s.skipped])).toEqual([
      ['list.json', 1, { Namespace: 1 }, { ConfigMap: 1 }],
      ['pods.json', 1, { Pod: 2 }, {}],
      ['array.json', 1, { Namespace: 1 }, {}],
      ['ns.jsonl', 2, { Namespace: 2 }, {}],
    ]);
    expect(r.diagnostics.find((d) => d.code === 'unknown-kind')).toMatchObject({ file: 'list.json', line: 12, severity: 'info' });
  });

  it('loads policy lists whose items carry no kind or apiVersion (API list responses, cilium sysdump)', () => {
    const yaml = [
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicyList\nitems:\n- metadata: {name: a, namespace: x}\n  spec: {podSelector: {}}',
      'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicyList\nitems:\n- metadata: {name: c, namespace: x}\n  spec: {endpointSelector: {}, ingress: [{}]}',
      'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicyList\nitems:\n- metadata: {name: cc}\n  spec: {endpointSelector: {}, ingress: [{}]}',
    ].join('\n---\n');
    const r = loadInputs([{ name: 'lists.yaml', data: yaml }]);
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(r.cluster.policies.map((p) => p.key).sort()).toEqual(['CiliumClusterwideNetworkPolicy//cc', 'CiliumNetworkPolicy/x/c', 'NetworkPolicy/x/a']);
  });

  it('reads `kubectl cluster-info dump` output: JSON lists one after another, items without kind', () => {
    const dump = '{\n  "kind": "NamespaceList",\n  "apiVersion": "v1",\n  "items": [\n    {"metadata": {"name": "a"}}\n  ]\n}\n{\n  "kind": "PodList",\n  "apiVersion": "v1",\n  "items": [\n    {"metadata": {"name": "p", "namespace": "a", "labels": {"n": 1}}}\n  ]\n}\n';
    const r = loadInputs([{ name: 'dump.json', data: dump }]);
    expect(r.cluster.sources[0]).toMatchObject({ documents: 2, counts: { Namespace: 1, Pod: 1 } });
    expect(r.diagnostics.find((d) => d.code === 'invalid-type')).toMatchObject({ document: 1, line: 12, path: 'items[0].metadata.labels.n' });
  });

  it('points into List items with an items[i] path and the right line, in YAML and JSON', () => {
    const yaml = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: ok}\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: bad\n    labels: {n: 1}\n';
    const json = JSON.stringify(JSON.parse(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ok' } }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad', labels: { n: 1 } } }] })), null, 2);
    for (const [name, data, line] of [['l.yaml', yaml, 11], ['l.json', json, 18]] as const) {
      const r = loadInputs([{ name, data }]);
      expect(r.cluster.pods.map((p) => p.name)).toEqual(['bad', 'ok']);
      expect(r.diagnostics.find((d) => d.code === 'invalid-type')).toMatchObject({ file: name, document: 0, line, path: 'items[1].metadata.labels.n' });
    }
  });

  it('names the policy of a List item its diagnostic is about, as well as the items[i] path', () => {
    const item = (name: string, port: number | string): string => `- apiVersion: cilium.io/v2\n  kind: CiliumNetworkPolicy\n  metadata: {name: ${name}, namespace: shop}\n  spec:\n    endpointSelector: {}\n    ingress:\n    - toPorts:\n      - ports:\n        - {port: "${port}"}\n`;
    const cnps = `apiVersion: v1\nkind: List\nitems:\n${item('a', 80)}${item('b', 443)}${item('web-in', 70000)}`;
    const nps = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicyList\nitems:\n- metadata: {name: ok, namespace: shop}\n  spec: {podSelector: {}, ingress: [{ports: [{port: 80}]}]}\n- metadata: {name: db-in, namespace: shop}\n  spec: {podSelector: {}, ingress: [{ports: [{port: 0}]}]}\n';
    const r = loadInputs([{ name: 'cnps.yaml', data: cnps }, { name: 'nps.yaml', data: nps }]);
    expect(r.cluster.policies.map((p) => p.key).sort()).toEqual(['CiliumNetworkPolicy/shop/a', 'CiliumNetworkPolicy/shop/b', 'NetworkPolicy/shop/ok']);
    const ports = r.diagnostics.filter((d) => d.code === 'invalid-port');
    expect(ports).toMatchObject([
      { file: 'cnps.yaml', document: 0, line: 30, path: 'items[2].spec.ingress[0].toPorts[0].ports[0].port' },
      { file: 'nps.yaml', document: 0, line: 7, path: 'items[1].spec.ingress[0].ports[0].port' },
    ]);
    expect(ports[0]?.message).toMatch(/^CiliumNetworkPolicy shop\/web-in: .*70000/);
    expect(ports[1]?.message).toMatch(/^NetworkPolicy shop\/db-in: .*got 0/);
    // A policy alone in its document is named by the document: the message is as it was.
    const alone = loadInputs([{ name: 'np.yaml', data: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-in, namespace: shop}\nspec: {podSelector: {}, ingress: [{ports: [{port: 0}]}]}\n' }]);
    expect(alone.diagnostics.find((d) => d.code === 'invalid-port')?.message).not.toContain('db-in');
  });
});

describe('loadInputs: Hubble records', () => {
  it('sends wrapped and bare flows to the sink with file and line, and skips node_status/lost_events', () => {
    const got: FlowRecordInput[] = [];
    const text = [flowLine(), '', JSON.stringify({ time: 't', verdict: 'DROPPED', IP: { source: '1.1.1.1' } }), JSON.stringify({ node_status: {} }), JSON.stringify({ lost_events: { num_events_lost: '7' } })].join('\n');
    const r = loadInputs([{ name: 'f.json', data: text }], { flowSink: { accept: (x) => got.push(x) } });
    expect(got.map((g) => [g.file, g.line])).toEqual([
      ['f.json', 1],
      ['f.json', 3],
    ]);
    expect(r.flowRecords).toBe(2);
    expect(r.cluster.sources[0]).toMatchObject({ documents: 4, counts: { HubbleFlow: 2 }, skipped: { HubbleLostEvents: 1, HubbleNodeStatus: 1 } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['hubble-lost-events']);
    expect(r.diagnostics[0]?.message).toContain('7 lost events');
  });

  it('skips the exporter\'s agent and debug events as Hubble records that are not flows, saying so once per kind', () => {
    const got: FlowRecordInput[] = [];
    const agent = JSON.stringify({ agent_event: { type: 'ENDPOINT_REGENERATE_SUCCESS', endpoint_regenerate: { id: '1234', labels: ['k8s:app=web'] } }, node_name: 'kind-worker', time: '2024-01-01T00:00:00Z' });
    const debug = JSON.stringify({ debug_event: { type: 'DBG_CT_VERDICT', source: { ID: 1234 }, cpu: 1, message: 'CT verdict: New' }, node_name: 'kind-worker', time: '2024-01-01T00:00:00Z' });
    const r = loadInputs([{ name: 'events.log', data: [flowLine(), agent, agent, debug, flowLine()].join('\n') }], { flowSink: { accept: (x) => got.push(x) } });
    expect(got.map((g) => g.line)).toEqual([1, 5]);
    expect(r.cluster.sources[0]).toMatchObject({ documents: 5, counts: { HubbleFlow: 2 }, skipped: { HubbleAgentEvent: 2, HubbleDebugEvent: 1 } });
    expect(r.diagnostics.map((d) => [d.code, d.line, d.message.replace(/:.*/, '')])).toEqual([
      ['unknown-kind', 2, '2 documents of kind HubbleAgentEvent skipped (first on line 2)'],
      ['unknown-kind', 4, '1 document of kind HubbleDebugEvent skipped (first on line 4)'],
    ]);
    expect(r.diagnostics[0]?.message).toContain('agent event');
  });

  it('takes the cluster name from options, then CiliumEndpoints, then flows, else default', () => {
    const cep = JSON.stringify({ apiVersion: 'cilium.io/v2', kind: 'CiliumEndpoint', metadata: { name: 'e', namespace: 'a' }, status: { identity: { id: 5, labels: ['k8s:io.cilium.k8s.policy.cluster=from-cep'] } } });
    const flows = { name: 'f.jsonl', data: `${flowLine()}\n${flowLine()}\n` };
    expect(loadInputs([flows]).cluster.name).toBe('from-flows');
    expect(loadInputs([flows, { name: 'c.json', data: cep }]).cluster.name).toBe('from-cep');
    expect(loadInputs([flows], { clusterName: 'given' }).cluster.name).toBe('given');
    expect(loadInputs([{ name: 'x.yaml', data: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' }]).cluster.name).toBe('default');
  });
});

describe('loadInputs: what the cluster says about a policy', () => {
  it('warns where Cilium\'s policy validator marked a CNP/CCNP invalid (status.conditions Valid=False), quoting its message', () => {
    const cnp = (name: string, status: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
status:
  conditions:
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    message: "${status === 'True' ? 'Policy validation succeeded' : 'Invalid CiliumNetworkPolicy spec: rule must have at least one of Ingress, IngressDeny, Egress, EgressDeny'}"
    status: "${status}"
    type: Valid
`;
    const r = loadInputs([{ name: 'p.yaml', data: `${cnp('ok', 'True')}---\n${cnp('bad', 'False')}` }]);
    expect(r.cluster.policies.map((p) => p.key)).toEqual(['CiliumNetworkPolicy/shop/bad', 'CiliumNetworkPolicy/shop/ok']);
    const d = r.diagnostics.filter((x) => x.code === 'cilium-rejected-policy');
    expect(d.map((x) => [x.document, x.line, x.path, x.severity])).toEqual([[1, 22, 'status.conditions[0]', 'warning']]);
    expect(d[0]?.message).toContain('Invalid CiliumNetworkPolicy spec: rule must have at least one of Ingress');
  });
});

describe('loadInputs: text output pasted instead of JSON/YAML', () => {
  // As hubble's printer writes them (hubble/pkg/printer/printer.go: compact, dict, table) and kubectl get without -o.
  const cases: [string, string, RegExp][] = [
    ['compact.txt', 'Jan  1 00:00:00.000: shop/web-5c4-a:43210 (ID:1234) -> shop/db-0:5432 (ID:5678) policy-verdict:none INGRESS DENIED (TCP Flags: SYN)\nJan  1 00:00:01.000 [kind-worker]: shop/web-5c4-a:43210 (ID:1234) <- shop/db-0:5432 (ID:5678) to-endpoint FORWARDED (TCP Flags: ACK)\n', /hubble observe.*compact.*-o jsonpb/],
    ['dict.txt', '  TIMESTAMP: Jan  1 00:00:00.000\n     SOURCE: shop/web-5c4-a:43210\nDESTINATION: shop/db-0:5432\n       TYPE: policy-verdict:none INGRESS\n    VERDICT: DROPPED\n    SUMMARY: TCP Flags: SYN\n------------\n', /hubble observe.*dict.*-o jsonpb/],
    ['table.txt', 'TIMESTAMP             SOURCE                 DESTINATION      TYPE                        VERDICT     SUMMARY\nJan  1 00:00:00.000   shop/web-5c4-a:43210   shop/db-0:5432   policy-verdict:none INGRESS   DROPPED   TCP Flags: SYN\n', /hubble observe.*table.*-o jsonpb/],
    ['pods.yaml', 'NAMESPACE   NAME        READY   STATUS    RESTARTS   AGE\nshop        web-5c4-a   1/1     Running   0          3d\n', /kubectl get.*-o yaml/],
  ];
  for (const [name, text, advice] of cases) {
    it(`${name}: one error that says what the text is and which command writes what netpol-viz reads`, () => {
      const r = loadInputs([{ name, data: text }, { name: 'ns.yaml', data: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n' }]);
      expect(r.cluster.namespaces.has('shop')).toBe(true);
      const d = r.diagnostics.filter((x) => x.file === name);
      expect(d.map((x) => [x.code, x.severity, x.line])).toEqual([['text-output', 'error', 1]]);
      expect(d[0]?.message).toMatch(advice);
    });
  }
  it('leaves YAML that only starts like a table alone', () => {
    const r = loadInputs([{ name: 'ns.yaml', data: 'NAME: x\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n' }]);
    expect(r.cluster.namespaces.has('shop')).toBe(true);
    expect(r.diagnostics.map((x) => x.code)).toEqual([]);
  });
});

describe('loadInputs: diagnostics, never exceptions', () => {
  it('reads a gzip source given whole as when streamed (one pipeline), and refuses binary payloads', () => {
    const whole = loadInputs([{ name: 'a.gz', data: gzipSync(Buffer.from(INVENTORY)) }]);
    expect(whole).toEqual(loadInputs([{ name: 'a.gz', data: INVENTORY }]));
    expect(whole.cluster.pods.length).toBeGreaterThan(0);
    expect(codes([{ name: 'b.bin', data: new Uint8Array([0x61, 0, 0x62]) }])).toEqual(['binary-file']);
    expect(codes([{ name: 'c.txt', data: new Uint8Array([0x61, 0xff, 0xfe, 0x62]) }])).toEqual(['binary-file']);
    expect(codes([{ name: 'd.txt', data: 'abc\u0000' }])).toEqual(['binary-file']);
  });

  it('strips a BOM and accepts CRLF with correct lines', () => {
    const text = '\ufeffapiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: a\r\n  labels:\r\n    n: 1\r\n';
    const r = loadInputs([{ name: 'w.yaml', data: new TextEncoder().encode(text) }]);
    expect(r.cluster.namespaces.has('a')).toBe(true);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['invalid-type', 6, 5]]);
  });

  it('keeps valid documents around broken ones', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nkind: [\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n';
    const r = loadInputs([{ name: 'm.yaml', data: text }]);
    expect([...r.cluster.namespaces.keys()]).toEqual(['a', 'b']);
    expect(r.diagnostics[0]).toMatchObject({ code: 'truncated', document: 1, line: 5 });
  });

  it("a JSON List cut short or with a damaged item: its whole items load, each problem said at its item (kubectl refuses the file whole)", () => {
    const ns = (n: string): string => JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } }, null, 4).replace(/\n/g, '\n        ');
    const list = (items: string[]): string => `{\n    "apiVersion": "v1",\n    "items": [\n        ${items.join(',\n        ')}\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n`;
    const full = list([ns('a'), ns('b'), ns('c')]);
    const load = (text: string) => loadInputs([{ name: 'ns.json', data: text }]);
    const at = (r: ReturnType<typeof load>) => r.diagnostics.filter((d) => d.severity !== 'info').map((d) => [d.code, d.line, d.path]);
    // Cut inside the third item (kubectl get … -o json > file, stopped): a and b.
    const cut = load(full.slice(0, full.indexOf('"c"')));
    expect([...cut.cluster.namespaces.keys()]).toEqual(['a', 'b']);
    expect(at(cut)).toEqual([['truncated', 18, 'items[2]']]);
    expect(cut.diagnostics[0]?.message).toContain('the 2 before it are loaded');
    // A damaged item (a trailing comma inside it): the items around it.
    const damaged = load(list([ns('a'), ns('b').replace('"b"', '"b",'), ns('c')]));
    expect([...damaged.cluster.namespaces.keys()]).toEqual(['a', 'c']);
    expect(at(damaged)).toEqual([['json-syntax', 16, 'items[1]']]);
    // The diagnostics of a loaded item keep its own path and line.
    const bad = load(list([ns('a'), ns('b').replace('"b"', '"b",').replace('"kind": "Namespace"', '"kind": "Namespace", "spec": 5'), ns('c').replace('"name": "c"', '"name": "c", "labels": {"x": 1}')]));
    expect(at(bad)).toEqual([['json-syntax', 16, 'items[1]'], ['invalid-type', 22, 'items[2].metadata.labels.x']]);
    // Whole, nothing is said; broken outside the items (after them), the file is refused as before.
    expect(at(load(full))).toEqual([]);
    const after = load(full.replace('"resourceVersion": ""', '"resourceVersion": """,'));
    expect(after.cluster.namespaces.size).toBe(0);
    expect(at(after).map(([code]) => code)).toEqual(['json-syntax']);
  });

  it("a salvaged typed List (PodList, NamespaceList) gives its items without a kind the List's kind, when the List's kind can be read", () => {
    const load = (name: string, text: string) => loadInputs([{ name, data: text }]);
    const errors = (r: ReturnType<typeof load>) => r.diagnostics.filter((d) => d.severity !== 'info').map((d) => [d.code, d.line, d.path]);
    // The API server's order (`kubectl get --raw /api/v1/pods`): kind and apiVersion before the items, items without either. Cut in the third pod.
    const pod = (n: string, ip: string): string => JSON.stringify({ metadata: { name: n, namespace: 'shop', labels: { app: n } }, spec: { nodeName: 'n1', containers: [{ name: n }] }, status: { podIP: ip } });
    const raw = `{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"812"},"items":[\n${pod('a', '10.0.0.1')},\n${pod('b', '10.0.0.2')},\n${pod('c', '10.0.0.3')}]}\n`;
    const cut = load('pods.json', raw.slice(0, raw.indexOf('"c"')));
    expect(cut.cluster.pods.map((p) => [p.name, p.ips])).toEqual([['a', ['10.0.0.1']], ['b', ['10.0.0.2']]]);
    expect(errors(cut)).toEqual([['truncated', 4, 'items[2]']]);
    expect(cut.diagnostics.filter((d) => /kind/i.test(d.message) && d.code !== 'truncated')).toEqual([]);
    // kubectl's order (keys sorted: kind after the items), one item damaged: the kind after the items is read.
    const ns = (n: string): string => JSON.stringify({ metadata: { name: n } });
    const sorted = `{\n"apiVersion": "v1",\n"items": [\n${ns('a')},\n${ns('b').replace('"b"', '"b",')},\n${ns('c')}\n],\n"kind": "NamespaceList",\n"metadata": {"resourceVersion": ""}\n}\n`;
    const damaged = load('ns.json', sorted);
    expect([...damaged.cluster.namespaces.keys()]).toEqual(['a', 'c']);
    expect(errors(damaged)).toEqual([['json-syntax', 5, 'items[1]']]);
    // A kind that is not a List's (an item's kind met after a damage) is not taken.
    const notList = load('ns.json', sorted.replace('"NamespaceList"', '"Namespace"'));
    expect(notList.cluster.namespaces.size).toBe(0);
  });

  it('refuses a 100 MB single line without parsing it', () => {
    const huge = `{"a":"${'x'.repeat(100 * 1024 * 1024)}"}`;
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const r = loadInputs([{ name: 'huge.json', data: huge }]);
      expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['document-too-large', 1]]);
      // Speed is the bench's business; what this checks is that the document never reached a parser.
      expect(parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length > 1024 * 1024)).toEqual([]);
    } finally {
      parse.mockRestore();
    }
  });

  it('honours lower limits and caps repeated diagnostics per file', () => {
    expect(codes([{ name: 'x.yaml', data: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' }], { limits: { maxDocumentChars: 10 } })).toEqual(['document-too-large']);
    const bad = Array.from({ length: 120 }, () => '{"broken":').join('\n');
    const r = loadInputs([{ name: 'bad.jsonl', data: `${flowLine()}\n${bad}` }]);
    const syntax = r.diagnostics.filter((d) => d.code === 'truncated' || d.code === 'json-syntax');
    expect(syntax.length).toBe(51);
    expect(syntax.filter((d) => d.message.includes('70 more diagnostics'))).toHaveLength(1);
  });

  it('reports templates: structural ones refuse the document, value ones warn on the field', () => {
    const r = loadInputs([
      { name: 't.yaml', data: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ .Name }}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n  labels: {team: "{{ .Team }}"}\n# {{ comments are fine }}\n' },
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.path])).toEqual([
      ['go-template', 4, ''],
      ['template-value', 10, 'metadata.labels.team'],
      ['invalid-label', 10, 'metadata.labels.team'],
    ]);
    expect([...r.cluster.namespaces.keys()]).toEqual(['ok']);
  });

  it('loads a lowercase apiversion with a warning that the API server would reject it', () => {
    const r = loadInputs([{ name: 'l.yaml', data: 'apiversion: v1\nkind: Namespace\nmetadata: {name: a}\n' }]);
    expect(r.cluster.namespaces.has('a')).toBe(true);
    expect(r.diagnostics[0]).toMatchObject({ code: 'apiversion-case', line: 1, path: 'apiversion', severity: 'warning' });
    expect(r.diagnostics[0]?.message).toMatch(/apiVersion not set.*never reaches/);
  });

  it('lists unknown kinds as skipped with one info per kind and file', () => {
    const r = loadInputs([{ name: 'u.yaml', data: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: c}\n' }]);
    expect(r.cluster.sources[0]?.skipped).toEqual({ AuthorizationPolicy: 1, ConfigMap: 2 });
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['unknown-kind', 'info', 1],
      ['unknown-kind', 'info', 9],
    ]);
    expect(r.diagnostics[0]?.message).toContain('2 documents of kind ConfigMap');
  });

  it('reports progress', () => {
    const seen: [number, number][] = [];
    loadInputs([{ name: 'a.yaml', data: INVENTORY }, { name: 'b.yaml', data: POLICIES }], { onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([
      [INVENTORY.length, INVENTORY.length + POLICIES.length],
      [INVENTORY.length + POLICIES.length, INVENTORY.length + POLICIES.length],
    ]);
  });
});

describe('Loader streams', () => {
  function streamed(name: string, text: string, chunk: number, options = {}): ReturnType<Loader['finish']> {
    const loader = new Loader(options);
    const s = loader.openStream(name);
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i < bytes.length; i += chunk) s.push(bytes.subarray(i, i + chunk));
    s.end();
    return loader.finish();
  }

  it('gives the same result as whole-file loading, whatever the chunk size', () => {
    const jsonl = `${flowLine()}\n${flowLine({ verdict: 'DROPPED' })}\n{"broken\n${JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', labels: { x: 1 } } })}\n`;
    for (const [name, text] of [['f.jsonl', jsonl], ['inv.yaml', INVENTORY], ['p.yaml', POLICIES]] as const) {
      const whole = loadInputs([{ name, data: text }]);
      for (const chunk of [1, 7, 64, 100_000]) {
        const s = streamed(name, text, chunk);
        expect(s.cluster.sources[0]?.counts, `${name}/${chunk}`).toEqual(whole.cluster.sources[0]?.counts);
        expect(s.diagnostics.map((d) => [d.code, d.line, d.column, d.path])).toEqual(whole.diagnostics.map((d) => [d.code, d.line, d.column, d.path]));
      }
    }
  });

  it('reads a JSON document followed by YAML documents (`cat a.json b.yaml`) as one YAML stream, whatever the chunk size', () => {
    const a = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    const text = `${a}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n`;
    for (const chunk of [0, 1, 7, 64, 100_000]) {
      const r = chunk === 0 ? loadInputs([{ name: 'mix.yaml', data: text }]) : streamed('mix.yaml', text, chunk);
      expect(r.diagnostics.map((d) => [d.code, d.line, d.message]), `${chunk}`).toEqual([]);
      expect([...r.cluster.namespaces.keys()].sort(), `${chunk}`).toEqual(['a', 'b']);
    }
  });

  it('keeps the per-line diagnostics of JSON lines with a `---` line when the text is not a YAML stream either', () => {
    const a = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    const text = `${a}\n---\n{"broken\n${a.replace('"a"', '"c"')}\n`;
    for (const chunk of [0, 1, 7, 100_000]) {
      const r = chunk === 0 ? loadInputs([{ name: 'f.jsonl', data: text }]) : streamed('f.jsonl', text, chunk);
      expect(r.diagnostics.map((d) => [d.code, d.document, d.line, d.column]), `${chunk}`).toEqual([
        ['json-syntax', 1, 2, 1],
        ['truncated', 2, 3, 8],
      ]);
      expect([...r.cluster.namespaces.keys()].sort(), `${chunk}`).toEqual(['a', 'c']);
    }
  });

  it('reads JSON lines followed by YAML (`cat flows.json namespaces.yaml`): the flows, then the YAML documents at their own lines, whatever the chunk size', () => {
    const yaml = ['apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: b', '---', '# the second', 'apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: c', '  labels:', '    team: [x]'];
    for (const eol of ['\n', '\r\n']) {
      const text = [flowLine(), flowLine({ verdict: 'DROPPED' }), '', ...yaml, ''].join(eol);
      for (const chunk of [0, 1, 7, 64, 100_000]) {
        const r = chunk === 0 ? loadInputs([{ name: 'mixed.json', data: text }]) : streamed('mixed.json', text, chunk);
        const at = `${JSON.stringify(eol)}/${chunk}`;
        expect(r.flowRecords, at).toBe(2);
        expect([...r.cluster.namespaces.keys()].sort(), at).toEqual(['b', 'c']);
        // The label that is not a string: the second YAML document, its own line in the file (documents numbered after the lines before them).
        expect(r.diagnostics.filter((d) => d.severity !== 'info').map((d) => [d.document, d.line, d.path]), at).toEqual([[4, 15, 'metadata.labels.team']]);
        expect(r.cluster.sources[0]?.counts, at).toMatchObject({ Namespace: 2 });
      }
    }
  });

  it("a line after JSON lines that only starts like YAML (`Error: …` from hubble at the end of an export) stays a JSON line's error", () => {
    for (const tail of ['Error: rpc error: code = DeadlineExceeded desc = context deadline exceeded', 'Error: context canceled', 'note: x']) {
      const r = loadInputs([{ name: 'flows.json', data: `${flowLine()}\n${flowLine()}\n${tail}\n` }]);
      expect(r.flowRecords, tail).toBe(2);
      expect(r.diagnostics.map((d) => [d.code, d.line, d.severity]), tail).toEqual([['json-syntax', 3, 'error']]);
    }
  });

  it('reads UTF-16 text (Windows PowerShell 5.1 writes `kubectl get … > file` so: UTF-16LE with a BOM), with or without the BOM, LE or BE, whole or streamed', () => {
    const text = 'apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: é\r\n  labels:\r\n    n: 1\r\n---\r\napiVersion: v1\r\nkind: Namespace\r\nmetadata: {name: b}\r\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    const variants: Record<string, Uint8Array> = {
      'LE with BOM': Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      'BE with BOM': Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
      'LE without BOM': le,
      'BE without BOM': be,
    };
    for (const [what, bytes] of Object.entries(variants)) {
      for (const chunk of [0, 1, 3, 64]) {
        let r: ReturnType<typeof loadInputs>;
        if (chunk === 0) r = loadInputs([{ name: 'ps.yaml', data: new Uint8Array(bytes) }]);
        else {
          const loader = new Loader({});
          const st = loader.openStream('ps.yaml');
          for (let i = 0; i < bytes.length; i += chunk) st.push(new Uint8Array(bytes.subarray(i, i + chunk)));
          st.end();
          r = loader.finish();
        }
        expect([...r.cluster.namespaces.keys()].sort(), `${what}/${chunk}`).toEqual(['b', 'é']);
        expect(r.diagnostics.map((d) => [d.code, d.line, d.column]), `${what}/${chunk}`).toEqual([['invalid-type', 6, 5]]);
      }
    }
    // Still refused: NUL bytes that are not UTF-16 text.
    expect(loadInputs([{ name: 'x.bin', data: new Uint8Array([0x61, 0, 0, 0x62, 0, 0]) }]).diagnostics.map((d) => d.code)).toEqual(['binary-file']);
  });

  it('skips an oversized line while it streams by', () => {
    const text = `${flowLine()}\n${'{"x":"'}${'y'.repeat(5000)}"}\n${flowLine()}\n`;
    const r = streamed('f.jsonl', text, 256, { limits: { maxDocumentChars: 1000 } });
    expect(r.flowRecords).toBe(2);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['document-too-large', 2]]);
  });

  it('refuses gzip and binary streams', () => {
    const loader = new Loader({});
    const s = loader.openStream('x.gz');
    s.push(gzipSync(Buffer.from('apiVersion: v1')));
    s.end();
    expect(loader.finish().diagnostics.map((d) => d.code)).toEqual(['gzip-compressed']);
  });
});

describe('a policy whose spec is null (`spec: null`, `"spec": null`)', () => {
  it('its diagnostic points at the spec field (path and line), not at the whole document', () => {
    const data = [
      'apiVersion: cilium.io/v2',
      'kind: CiliumNetworkPolicy',
      'metadata: {name: a, namespace: shop}',
      'spec: null',
      '---',
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: b, namespace: shop}',
      'spec:',
      '---',
      'apiVersion: cilium.io/v2',
      'kind: CiliumNetworkPolicy',
      'metadata: {name: c, namespace: shop}',
      '',
    ].join('\n');
    const r = loadInputs([{ name: 'null-spec.yaml', data }]);
    const at = (code: string): [number, string, number, string][] => r.diagnostics.filter((d) => d.code === code).map((d) => [d.document, d.path, d.line, d.message]);
    const empty = at('empty-policy');
    expect(empty.map(([doc, path, line]) => [doc, path, line])).toEqual([
      [0, 'spec', 4],
      // No spec key at all: the document itself.
      [2, '', 11],
    ]);
    expect(empty[0]?.[3]).toContain('its spec is null');
    const noSpec = at('no-spec');
    expect(noSpec.map(([doc, path, line]) => [doc, path, line])).toEqual([[1, 'spec', 9]]);
    expect(noSpec[0]?.[3]).toContain('its spec is null');
  });
});
