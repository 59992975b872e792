import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from './compile.ts';
import { parsePeerRef, peerRefCompletions, resolvePeerRef } from './peerRef.ts';
import { partCCluster, partCClusterBuilt, setPartCInventoryYaml } from './partC.fixture.ts';
import { decide } from './decide.ts';
import { explainText } from './explainText.ts';
import { policiesFromYaml } from './testing.ts';
import { appPlatformDir, semanticsDir } from '../../../test/paths.ts';
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
