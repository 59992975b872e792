import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compile } from '../engine/compile.ts';
import { fullPortSet, portRange, union } from '../engine/PortSet.ts';
import { buildCluster, policiesFromYaml } from '../engine/testing.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { buildConnlist } from './connlist.ts';
import { engineOracle, sampledOracle } from './engineOracle.ts';
import { connString, formatTxt } from './format.ts';
import { npguardDir } from '../../../test/paths.ts';

const np = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
    ports: [{port: 8000, endPort: 8010}, {port: http, protocol: TCP}, {port: 53, protocol: UDP}]
  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
`;

function shop() {
  const { policies } = policiesFromYaml(np);
  return buildCluster({
    pods: [
      { ns: 'shop', name: 'web', labels: { app: 'web' }, ports: [['http', 8080]] },
      { ns: 'shop', name: 'client', labels: { app: 'client' } },
      { ns: 'shop', name: 'other', labels: { app: 'other' } },
    ],
    policies,
  });
}

describe('engine oracles', () => {
  it('gets exact port sets from the engine: ranges, named ports, protocols', () => {
    const c = shop();
    const [web, client, other] = c.workloads;
    if (!web || !client || !other) throw new Error('fixture');
    const want = union(union(portRange('TCP', 8000, 8010), portRange('TCP', 8080)), portRange('UDP', 53));
    for (const oracle of [engineOracle(compile(c)), sampledOracle(compile(c))]) {
      const got = oracle.betweenWorkloads(client, web);
      expect(got.TCP).toEqual(want.TCP);
      expect(got.UDP).toEqual(want.UDP);
      expect(got.SCTP).toEqual([]);
      expect(oracle.betweenWorkloads(other, web).TCP).toEqual([]);
      expect(connString(oracle.betweenWorkloads(web, other))).toBe('All Connections');
      expect(oracle.fromOutside({ start: 0x0a000000, end: 0x0a00ffff }, web).TCP).toEqual(fullPortSet.TCP);
      expect(oracle.fromOutside({ start: 0x0a010000, end: 0x0a01ffff }, web).TCP).toEqual([]);
    }
  });

  it('connectivity() and decide() give the same connlist', () => {
    const c = shop();
    expect(formatTxt(buildConnlist(c, engineOracle(compile(c))))).toBe(formatTxt(buildConnlist(c, sampledOracle(compile(c)))));
  });

  const tests = path.join(npguardDir, 'tests');
  it('agree on upstream examples with hostNetwork pods and ipBlocks', () => {
    for (const dir of ['ipblockstest', 'multiple_topology_resources_1', 'acs-security-demos']) {
      const files: string[] = [];
      const walk = (d: string) => {
        for (const name of readdirSync(d)) {
          const p = path.join(d, name);
          if (statSync(p).isDirectory()) walk(p);
          else if (/\.(ya?ml|json)$/.test(name) && !name.startsWith('connlist_output')) files.push(p);
        }
      };
      walk(path.join(tests, dir));
      const { cluster } = loadInputs(files.map((f) => ({ name: f, data: readFileSync(f, 'utf8') })));
      const model = compile(cluster);
      expect(formatTxt(buildConnlist(cluster, engineOracle(model))), dir).toBe(formatTxt(buildConnlist(cluster, sampledOracle(model))));
    }
  });
});
