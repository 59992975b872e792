import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from './compile.ts';
import { parsePeerRef, peerRefCompletions, resolvePeerRef } from './peerRef.ts';
import { partCCluster, partCClusterBuilt, setPartCInventoryYaml } from './partC.fixture.ts';
import { decide } from './decide.ts';
import { explainText } from './explainText.ts';
import { policiesFromYaml } from './testing.ts';
import { semanticsDir } from '../../../test/paths.ts';

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
