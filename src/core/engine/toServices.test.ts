import { describe, expect, it } from 'vitest';
import type { Service } from '../model/cluster.ts';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml, type PodSpec } from './testing.ts';

/**
 * toServices towards a Service with a pod selector. Cilium 1.17 copies the Service's selector into
 * a generated toEndpoints selector (pkg/policy/k8s/service.go `processRule` / `appendSelector`,
 * cilium/cilium#34208); before 1.17 only selector-less Services are selectable
 * (`isSelectableService`: `svc.IsExternal()`, unless high-scale ipcache mode), so such a rule
 * selects nothing.
 */
const yaml = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: to-backend-svc, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: frontend}}
  egress:
  - toServices: [{k8sService: {serviceName: backend, namespace: shop}}]
`;
const pods: PodSpec[] = [
  { ns: 'shop', name: 'frontend', labels: { app: 'frontend' } },
  { ns: 'shop', name: 'backend', labels: { app: 'backend' } },
];
const services: Service[] = [
  { namespace: 'shop', name: 'backend', selector: { app: 'backend' }, clusterIPs: ['10.96.5.5'], ports: [{ name: null, port: 80, targetPort: 8080, protocol: 'TCP' }], labels: {}, source: null },
];
const ask = (v: string) => {
  const m = compile(buildCluster({ pods, services, policies: policiesFromYaml(yaml, { ciliumVersion: v }).policies }), { ciliumVersion: v });
  return decide(m, { from: podEndpoint(m, 'shop/frontend'), to: podEndpoint(m, 'shop/backend'), port: 8080, protocol: 'TCP' });
};

describe('toServices and Services with a selector, by Cilium version', () => {
  it('1.17 and later: the backends are selected', () => {
    expect(ask('1.17').verdict).toBe('allowed');
    expect(ask('1.19').verdict).toBe('allowed');
  });
  it('1.16: not selectable, the rule selects nothing, and the explanation says why', () => {
    const d = ask('1.16');
    expect(d.verdict).toBe('denied');
    expect(d.egress.reason).toBe('default-deny');
    expect(d.egress.nearMisses.map((n) => n.text).join('\n')).toMatch(/before Cilium 1\.17.*selector/);
  });
});
