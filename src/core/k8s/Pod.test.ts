import { describe, expect, it } from 'vitest';
import { yamlDoc } from '../load/testing.ts';
import { parsePod } from './Pod.ts';

const ctx = { defaultNamespace: 'team-a', clusterName: 'default' };

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web-5d8f-abcde
  labels: {app: web, pod-template-hash: 5d8f}
  annotations: {kubernetes.io/egress-bandwidth: 10M}
  ownerReferences:
  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, controller: true}
spec:
  nodeName: node-1
  serviceAccountName: web
  containers:
  - name: web
    ports:
    - {containerPort: 8080, name: http}
    - {containerPort: 9090, name: metrics, protocol: UDP}
  initContainers:
  - name: proxy
    restartPolicy: Always
    ports:
    - {containerPort: 15001, name: proxy}
  - name: setup
    ports:
    - {containerPort: 1}
status:
  phase: Running
  hostIP: 10.0.0.1
  podIP: 10.244.0.5
  podIPs: [{ip: 10.244.0.5}, {ip: "fd00::5"}]
`;

describe('parsePod', () => {
  it('reads what policy needs: labels, ports, IPs, node, service account, owners', () => {
    const r = parsePod(yamlDoc(POD), ctx);
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({
      namespace: 'team-a',
      name: 'web-5d8f-abcde',
      labels: { app: 'web' },
      annotations: { 'kubernetes.io/egress-bandwidth': '10M' },
      ips: ['10.244.0.5', 'fd00::5'],
      nodeName: 'node-1',
      hostIP: '10.0.0.1',
      serviceAccount: 'web',
      hostNetwork: false,
      phase: 'Running',
      owners: [{ kind: 'ReplicaSet', name: 'web-5d8f', controller: true }],
    });
    // Sidecar init containers serve ports; plain init containers do not.
    expect(r.value?.ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9090, protocol: 'UDP' },
      { name: 'proxy', port: 15001, protocol: 'TCP' },
    ]);
  });

  it('defaults the service account to default and reads hostNetwork', () => {
    const r = parsePod(yamlDoc('apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec:\n  hostNetwork: true\n  containers: []\n'), ctx);
    expect(r.value).toMatchObject({ namespace: 'x', serviceAccount: 'default', hostNetwork: true, ips: [], owners: [] });
  });

  it('reports bad ports, protocols, names and IPs with field paths and keeps the rest', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    ports:
    - {containerPort: 0}
    - {containerPort: 53, protocol: udp}
    - {containerPort: 80, name: HTTP}
    - {containerPort: "443"}
    - {containerPort: 81, name: this-name-is-far-too-long}
status:
  podIP: not-an-ip
`;
    const r = parsePod(yamlDoc(text), ctx);
    const got = r.diagnostics.map((d) => [d.code, d.line, d.path]);
    expect(got).toEqual([
      ['invalid-port', 8, 'spec.containers[0].ports[0].containerPort'],
      ['invalid-protocol', 9, 'spec.containers[0].ports[1].protocol'],
      ['invalid-port-name', 10, 'spec.containers[0].ports[2].name'],
      ['invalid-type', 11, 'spec.containers[0].ports[3].containerPort'],
      ['invalid-port-name', 12, 'spec.containers[0].ports[4].name'],
      ['invalid-ip', 14, 'status.podIP'],
    ]);
    expect(r.value?.ports.map((p) => `${p.port}/${p.protocol}/${p.name}`)).toEqual(['53/TCP/null', '80/TCP/http', '81/TCP/this-name-is-far-too-long']);
    for (const d of r.diagnostics) expect(d.message).toMatch(/API server|ignored/);
  });
  it('reports an invalid label key or value on every pod that has it, however many keys came before (the checks are remembered)', () => {
    const pod = (name: string, labels: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels: {${labels}}\n`;
    const invalid = (labels: string, name = 'p'): string[] =>
      parsePod(yamlDoc(pod(name, labels)), ctx)
        .diagnostics.filter((d) => d.code === 'invalid-label')
        .map((d) => d.path);
    for (const name of ['a', 'b']) {
      expect(invalid('"-bad": x, app: web', name)).toEqual(['metadata.labels["-bad"]']);
      expect(invalid('app: "-web"', name)).toEqual(['metadata.labels.app']);
      expect(invalid('app: web', name)).toEqual([]);
    }
    // More distinct keys and values than are remembered: still each checked.
    const many = Array.from({ length: 5000 }, (_, i) => `k${i}: v${i}`).join(', ');
    expect(invalid(many)).toEqual([]);
    expect(invalid(`${many}, "-bad": "-x"`)).toEqual(['metadata.labels["-bad"]', 'metadata.labels["-bad"]']);
    expect(invalid('"-bad": x')).toEqual(['metadata.labels["-bad"]']);
  });
});
