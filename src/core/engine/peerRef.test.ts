import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from './compile.ts';
import { parsePeerRef, peerRefCompletions, resolvePeerRef } from './peerRef.ts';
import { partCCluster, partCClusterBuilt, setPartCInventoryYaml } from './partC.fixture.ts';
import { decide } from './decide.ts';
import { explainText } from './explainText.ts';
import { policiesFromYaml } from './testing.ts';
import { agentIpListFile, appPlatformDir, semanticsDir } from '../../../test/paths.ts';
import { loadInputs } from '../load/loadInputs.ts';

setPartCInventoryYaml(readFileSync(path.join(semanticsDir, 'cluster.yaml'), 'utf8'));
const model = compile(partCCluster([]));

describe('peer grammar', () => {
  it('parses every form', () => {
    expect(parsePeerRef('shop/frontend')).toEqual({ ok: true, value: { kind: 'named', namespace: 'shop', name: 'frontend' } });
    expect(parsePeerRef('shop[app=x, tier=web]')).toEqual({ ok: true, value: { kind: 'labels', namespace: 'shop', labels: { app: 'x', tier: 'web' } } });
    expect(parsePeerRef('10.0.0.1')).toMatchObject({ ok: true, value: { kind: 'ip' } });
    expect(parsePeerRef('fd00::1')).toMatchObject({ ok: true, value: { kind: 'ip' } });
    expect(parsePeerRef('fqdn:api.github.com')).toMatchObject({ ok: true, value: { kind: 'fqdn', name: 'api.github.com' } });
    expect(parsePeerRef('entity:world')).toMatchObject({ ok: true, value: { kind: 'entity', entity: 'world' } });
    expect(parsePeerRef('entity:cluster').ok).toBe(false);
    expect(parsePeerRef('shop[app]').ok).toBe(false);
    expect(parsePeerRef('???').ok).toBe(false);
  });

  it('resolves pods, node and pod addresses, Service VIPs and hypothetical pods', () => {
    const r = (t: string) => {
      const p = parsePeerRef(t);
      if (!p.ok) throw new Error(p.error);
      return resolvePeerRef(model, p.value);
    };
    expect(r('shop/backend')).toMatchObject({ ok: true, value: { endpoint: { kind: 'endpoint', namespace: 'shop' } } });
    expect(r('10.244.1.30')).toMatchObject({ ok: true, value: { endpoint: { kind: 'endpoint', display: 'shop/db' } } });
    expect(r('172.18.0.2')).toMatchObject({ ok: true, value: { endpoint: { kind: 'node', name: 'node-b' } } });
    expect(r('10.96.5.5')).toMatchObject({ ok: true, value: { endpoint: { display: 'shop/backend' }, service: { name: 'backend-svc' } } });
    const hypo = r('shop[app=frontend]');
    expect(hypo.ok && hypo.value.endpoint.kind === 'endpoint' && hypo.value.endpoint.identity).toBeTruthy();
    expect(r('shop/nope').ok).toBe(false);
    expect(peerRefCompletions(model, 'shop/f')).toEqual(['shop/frontend']);
    expect(peerRefCompletions(model, 'entity:w')).toEqual(['entity:world']);
  });

  it('the YAML inventory and the built one give the same identities', () => {
    const built = compile(partCClusterBuilt([]));
    expect(built.identities.map((i) => i.key)).toEqual(model.identities.map((i) => i.key));
  });
});

describe('explainText', () => {
  it('names the deciding side, rules and near misses', () => {
    const { policies } = policiesFromYaml(readFileSync(path.join(semanticsDir, 'policies.yaml'), 'utf8'));
    const m = compile(partCCluster(policies.filter((p) => p.ref.name === 'p1')));
    const from = resolvePeerRef(m, { kind: 'named', namespace: 'shop', name: 'frontend' });
    const to = resolvePeerRef(m, { kind: 'named', namespace: 'shop', name: 'backend' });
    if (!from.ok || !to.ok) throw new Error('resolve');
    const d = decide(m, { from: from.value.endpoint, to: to.value.endpoint, port: 9090, protocol: 'TCP' });
    const text = explainText({ from: 'shop/frontend', to: 'shop/backend', what: '9090/TCP' }, d);
    expect(text).toContain('Verdict: DENIED at ingress');
    expect(text).toContain('default deny enabled by: CNP shop/p1 spec');
    expect(text).toContain('CNP shop/p1 spec.ingress[0] (wrong-port)');
  });
});

describe('peer grammar: what the graph shows', () => {
  const app = (() => {
    const loaded = loadInputs(['policies.yaml', 'inventory.yaml'].map((name) => ({ name, data: readFileSync(path.join(appPlatformDir, name), 'utf8') })));
    return compile(loaded.cluster);
  })();
  const r = (m: typeof model, t: string) => {
    const p = parsePeerRef(t);
    if (!p.ok) throw new Error(p.error);
    return resolvePeerRef(m, p.value);
  };

  it('reads the outside labels: internet, entity names, DNS, CIDR and FQDN nodes', () => {
    expect(parsePeerRef('internet')).toEqual({ ok: true, value: { kind: 'entity', entity: 'world' } });
    expect(parsePeerRef('kube-apiserver')).toEqual({ ok: true, value: { kind: 'entity', entity: 'kube-apiserver' } });
    expect(parsePeerRef('host')).toEqual({ ok: true, value: { kind: 'entity', entity: 'host' } });
    expect(parsePeerRef('DNS')).toEqual({ ok: true, value: { kind: 'dns' } });
    expect(parsePeerRef('10.0.0.0/8')).toEqual({ ok: true, value: { kind: 'cidr', cidr: '10.0.0.0/8' } });
    expect(parsePeerRef('except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16')).toEqual({ ok: true, value: { kind: 'cidr', cidr: '10.0.0.0/8' } });
    // The graph's name of ranges excepted from a wider one (outside.ts exceptedRangesName), pasted from a picture.
    expect(parsePeerRef('10.0.0.0/8, 172.16.0.0/12 (excepted from internet)')).toEqual({ ok: true, value: { kind: 'cidr', cidr: '10.0.0.0/8' } });
    expect(parsePeerRef('*.github.com')).toEqual({ ok: true, value: { kind: 'fqdn', name: 'www.github.com' } });
    expect(parsePeerRef('api.stripe.com')).toEqual({ ok: true, value: { kind: 'name', name: 'api.stripe.com' } });
    expect(parsePeerRef('10.0.0.0/33').ok).toBe(false);
    // The old forms read as before.
    expect(parsePeerRef('entity:world')).toEqual({ ok: true, value: { kind: 'entity', entity: 'world' } });
    expect(parsePeerRef('shop/frontend')).toEqual({ ok: true, value: { kind: 'named', namespace: 'shop', name: 'frontend' } });
  });

  it('resolves them: internet is entity world, DNS the cluster DNS, a range an address inside it, a dotted name an FQDN', () => {
    expect(r(model, 'internet')).toMatchObject({ ok: true, value: { endpoint: { kind: 'entity', entity: 'world' } } });
    expect(r(model, 'DNS')).toMatchObject({ ok: true, value: { endpoint: { kind: 'endpoint', namespace: 'kube-system' } } });
    expect(r(model, '192.0.2.0/24')).toMatchObject({ ok: true, value: { endpoint: { kind: 'ip', ip: '192.0.2.1' }, notes: [expect.stringContaining('192.0.2.1')] } });
    expect(r(model, 'api.stripe.com')).toMatchObject({ ok: true, value: { endpoint: { kind: 'fqdn', name: 'api.stripe.com' } } });
    expect(r(app, 'DNS')).toMatchObject({ ok: true, value: { endpoint: { kind: 'endpoint', display: 'kube-system/coredns' } } });
  });

  it('resolves a bare workload or pod name in any namespace, a pod to its workload; ambiguous names ask for the namespace', () => {
    expect(r(app, 'frontend-ts7x2xsgc-jk9zx')).toMatchObject({ ok: true, value: { endpoint: { kind: 'endpoint', namespace: 'acme-web', workload: 'acme-web/Deployment/frontend' }, notes: [expect.stringContaining('is a pod of acme-web/frontend')] } });
    expect(r(app, 'mailer')).toMatchObject({ ok: true, value: { endpoint: { kind: 'endpoint', namespace: 'acme-jobs', workload: 'acme-jobs/Deployment/mailer' } } });
    expect(r(model, 'db')).toMatchObject({ ok: true, value: { endpoint: { kind: 'endpoint', namespace: 'shop' } } });
    const both = r(model, 'frontend');
    expect(both.ok).toBe(false);
    expect(!both.ok && both.error).toContain('pay/frontend, shop/frontend');
    expect(r(model, 'nothing-here').ok).toBe(false);
    // `ingress` is a workload when one is called so, else the reserved entity.
    expect(r(model, 'ingress')).toMatchObject({ ok: true, value: { endpoint: { kind: 'entity', entity: 'ingress' } } });
  });

  it('a query written with the graph words gives the same decision as the old forms', () => {
    const d = (from: string, to: string) => {
      const a = r(app, from);
      const b = r(app, to);
      if (!a.ok || !b.ok) throw new Error('resolve');
      return decide(app, { from: a.value.endpoint, to: b.value.endpoint, port: 6443, protocol: 'TCP' });
    };
    expect(d('deployer', 'kube-apiserver')).toEqual(d('platform-mgmt/deployer', 'entity:kube-apiserver'));
    expect(d('internet', 'frontend-ts7x2xsgc-jk9zx').verdict).toBe(d('entity:world', 'acme-web/frontend').verdict);
  });
});

describe("addresses only an agent's ipcache knows (agentIpcache)", () => {
  const inventory = `apiVersion: v1
kind: Pod
metadata: {name: web-6d9c-x2kqp, namespace: shop, labels: {app: web}}
spec: {nodeName: n1, containers: [{name: web}]}
status: {podIP: 10.244.0.5}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data: {cluster-name: west}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-to-ledger, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
  - toEndpoints: [{matchLabels: {app: ledger, k8s:io.kubernetes.pod.namespace: payments, io.cilium.k8s.policy.cluster: east}}]
    toPorts: [{ports: [{port: '443', protocol: TCP}]}]
`;
  const identities = JSON.stringify([{ id: 131210, labels: ['k8s:app=ledger', 'k8s:io.cilium.k8s.policy.cluster=east', 'k8s:io.kubernetes.pod.namespace=payments'] }]);
  const load = (withIpcache: boolean, withIdentities = true) =>
    compile(
      loadInputs([
        { name: 'cluster.yaml', data: inventory },
        ...(withIdentities ? [{ name: 'cilium-dbg-identity-list--o-json.md', data: identities }] : []),
        ...(withIpcache ? [{ name: 'cilium-dbg-ip-list--n--o-json.md', data: readFileSync(agentIpListFile, 'utf8') }] : []),
      ]).cluster,
    );
  const resolve = (m: ReturnType<typeof load>, ip: string) => {
    const r = resolvePeerRef(m, { kind: 'ip', ip });
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  const verdict = (m: ReturnType<typeof load>, ip: string) => decide(m, { from: resolve(m, '10.244.0.5').endpoint, to: resolve(m, ip).endpoint, port: 443, protocol: 'TCP' }).verdict;

  it("a pod of another cluster is answered with the identity the ipcache gives its address, said with the ipcache's file and line", () => {
    const m = load(true);
    const peer = resolve(m, '10.245.3.21');
    expect(peer.endpoint).toMatchObject({ kind: 'endpoint', namespace: 'payments', display: 'payments/ledger-7f5b9-kq4zd (10.245.3.21)', ip: '10.245.3.21' });
    expect(peer.notes).toEqual([
      "10.245.3.21 is no pod of the inventory; the agent's ipcache (cilium-dbg-ip-list--n--o-json.md line 39) gives it to pod payments/ledger-7f5b9-kq4zd of cluster east (ClusterMesh), identity 131210: answered with that identity's labels",
    ]);
    expect(verdict(m, '10.245.3.21')).toBe('allowed');
    // Without the ipcache the address is the world's, and the policy denies it.
    expect(verdict(load(false), '10.245.3.21')).toBe('denied');
    expect(resolve(load(false), '10.245.3.21').notes).toEqual([]);
  });

  it("the inventory's pod wins at its address; without the identity's labels the address stays an outside one, and the note says why", () => {
    const m = load(true);
    expect(resolve(m, '10.244.0.5')).toMatchObject({ endpoint: { kind: 'endpoint', display: 'shop/web-6d9c-x2kqp' }, notes: [] });
    const bare = resolve(load(true, false), '10.245.3.21');
    expect(bare.endpoint).toEqual({ kind: 'ip', ip: '10.245.3.21', display: '10.245.3.21' });
    expect(bare.notes[0]).toContain('gives it to pod payments/ledger-7f5b9-kq4zd, identity 131210, whose labels were not loaded');
    // An IPv6 address written another way is the same address.
    const v6 = compile(
      loadInputs([
        { name: 'cluster.yaml', data: inventory },
        { name: 'ids.json', data: identities },
        { name: 'ip-list.json', data: JSON.stringify([{ cidr: 'fd00:10:245::15/128', identity: 131210, metadata: { name: 'ledger-7f5b9-kq4zd', namespace: 'payments', source: 'clustermesh' } }]) },
      ]).cluster,
    );
    expect(resolve(v6, 'fd00:10:245:0:0::15').endpoint).toMatchObject({ kind: 'endpoint', namespace: 'payments', ip: 'fd00:10:245::15' });
    // Reserved and node-local identities are no pod's: the host (identity 1) and the world prefix stay as they were.
    expect(resolve(m, '8.8.8.8')).toMatchObject({ endpoint: { kind: 'ip' }, notes: [] });
  });
});
