import { describe, it, expect } from 'vitest';
import { buildCluster, policiesFromYaml } from '../engine/testing.ts';
import { compile, type EngineModel } from '../engine/compile.ts';
import { formatPortSet } from '../engine/PortSet.ts';
import { diffConnectivity, diffConnectivityInSteps } from './diffConnectivity.ts';
import { diffText } from './format.ts';

const pods = [
  { ns: 'shop', name: 'frontend', labels: { app: 'frontend' }, ip: '10.244.1.10' },
  { ns: 'shop', name: 'backend', labels: { app: 'backend' }, ip: '10.244.2.20' },
  { ns: 'shop', name: 'db', labels: { app: 'db' }, ip: '10.244.1.30' },
];

function model(yaml: string): EngineModel {
  const { policies } = policiesFromYaml(yaml, { namespace: 'shop' });
  return compile(buildCluster({ pods, policies }));
}

const cnp = (name: string, spec: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n${spec}\n---\n`;
const backendIngress = (port: string) => cnp('backend-in', `  endpointSelector: {matchLabels: {app: backend}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: frontend}}], toPorts: [{ports: [{port: "${port}", protocol: TCP}]}]}]`);
const summary = (m1: EngineModel, m2: EngineModel) =>
  diffConnectivity(m1, m2).map((c) => `${c.kind} ${c.from.display} → ${c.to.display} +${formatPortSet(c.opened)} -${formatPortSet(c.closed)}`);

describe('diffConnectivity', () => {
  it('lists nothing for identical policy sets', () => {
    expect(diffConnectivity(model(backendIngress('8080')), model(backendIngress('8080')))).toEqual([]);
  });

  it('reports changed ports with the rules on each side', () => {
    const changes = diffConnectivity(model(backendIngress('8080')), model(backendIngress('9090')));
    expect(changes.map((c) => `${c.kind} ${c.from.display} → ${c.to.display} +${formatPortSet(c.opened)} -${formatPortSet(c.closed)}`)).toEqual([
      'ports-changed shop/frontend → shop/backend +TCP 9090 -TCP 8080',
    ]);
    const [c] = changes;
    expect(c?.samples.map((s) => [s.port, s.opened, s.before.ingress.reason, s.after.ingress.reason])).toEqual([
      ['TCP/9090', true, 'default-deny', 'allowed'],
      ['TCP/8080', false, 'allowed', 'default-deny'],
    ]);
    expect(c?.samples[0]?.after.ingress.rules).toEqual([{ kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'backend-in', path: 'spec.ingress[0]' }]);
  });

  it('reports newly denied paths when a policy starts enforcing a direction', () => {
    const lines = summary(model(''), model(backendIngress('8080')));
    expect(lines).toContain('ports-changed shop/frontend → shop/backend +No Connections -ICMP 0-255,ICMPv6 0-255,SCTP 1-65535,TCP 1-8079,8081-65535,UDP 1-65535');
    // Every other peer loses backend's ingress, except the local host (allow-localhost).
    expect(lines.filter((l) => l.startsWith('newly-denied')).sort()).toEqual([
      'newly-denied 0.0.0.0-255.255.255.255 → shop/backend +No Connections -All Connections',
      'newly-denied entity:kube-apiserver → shop/backend +No Connections -All Connections',
      'newly-denied entity:remote-node → shop/backend +No Connections -All Connections',
      'newly-denied shop/backend → shop/backend +No Connections -All Connections',
      'newly-denied shop/db → shop/backend +No Connections -All Connections',
    ]);
  });

  it('reports newly allowed paths', () => {
    const lock = cnp('lock', '  endpointSelector: {matchLabels: {app: db}}\n  ingress: [{}]');
    const open = cnp('db-in', '  endpointSelector: {matchLabels: {app: db}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: backend}}], toPorts: [{ports: [{port: "5432", protocol: TCP}]}]}]');
    expect(summary(model(lock), model(lock + open))).toEqual(['newly-allowed shop/backend → shop/db +TCP 5432 -No Connections']);
  });

  it('cuts outside ranges at the edges of both sets and merges them back', () => {
    const before = cnp('out', '  endpointSelector: {matchLabels: {app: frontend}}\n  egress: [{toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]}]');
    const after = cnp('out', '  endpointSelector: {matchLabels: {app: frontend}}\n  egress: [{toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8, 8.8.8.0/24]}]}]');
    expect(summary(model(before), model(after))).toEqual([
      'newly-denied shop/frontend → 8.8.8.0-8.8.8.255 +No Connections -All Connections',
    ]);
    // Removing the except again: the same range is newly allowed.
    expect(summary(model(after), model(before))).toEqual(['newly-allowed shop/frontend → 8.8.8.0-8.8.8.255 +All Connections -No Connections']);
  });

  it('formats grouped text with before/after decisions', () => {
    const text = diffText(diffConnectivity(model(backendIngress('8080')), model(backendIngress('9090'))));
    expect(text).toContain('1 path(s) change: 0 newly allowed, 0 newly denied, 1 with changed ports.');
    expect(text).toContain('~ shop/frontend → shop/backend');
    expect(text).toContain('TCP/9090 before: denied (ingress default deny (enabled by CNP shop/backend-in spec))');
    expect(text).toContain('after:  allowed (ingress allowed by CNP shop/backend-in spec.ingress[0])');
  });
});

describe('diffConnectivityInSteps', () => {
  it('yields as it decides many changes, its fractions growing to below 1, and returns what diffConnectivity returns', () => {
    // 40 pods, each selected by a policy naming a new FQDN: every pair and every pod's egress to the internet change, and both sets are probed.
    const many = Array.from({ length: 40 }, (_, i) => ({ ns: 'shop', name: `p${i}`, labels: { app: `p${i}` }, ip: `10.244.3.${i + 1}` }));
    const of = (yaml: string) => compile(buildCluster({ pods: many, policies: policiesFromYaml(yaml, { namespace: 'shop' }).policies }));
    const [before, after] = [of(cnp('none', '  endpointSelector: {matchLabels: {app: nobody}}\n  ingress: [{}]')), of(cnp('all', '  endpointSelector: {}\n  egress: [{toFQDNs: [{matchName: api.example.com}]}]'))];
    const steps = diffConnectivityInSteps(before, after);
    const fractions: number[] = [];
    let r = steps.next();
    for (; !r.done; r = steps.next()) fractions.push(r.value);
    expect(r.value.length).toBeGreaterThan(256 * 2);
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.every((f) => f >= 0 && f < 1)).toBe(true);
    expect(r.value).toStrictEqual(diffConnectivity(before, after));
  });
});
