import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadInputs } from '../load/loadInputs.ts';
import { formatLabel } from '../model/labels.ts';
import { compile, type EngineModel } from './compile.ts';
import { connectivity, type ConnPeer, type Connectivity } from './connectivity.ts';
import { decide } from './decide.ts';
import { policiesFromYaml } from './testing.ts';
import { partCCluster, setPartCInventoryYaml } from './partC.fixture.ts';
import { formatPortSet, hasPort, type PortProto } from './PortSet.ts';
import type { Endpoint } from './types.ts';
import { appPlatformDir, semanticsDir } from '../../../test/paths.ts';

function endpointOf(model: EngineModel, p: ConnPeer): Endpoint | null {
  switch (p.kind) {
    case 'identity': {
      const idx = model.identityIndex.get(p.identity) as number;
      const id = model.identities[idx];
      if (!id) return null;
      return { kind: 'endpoint', identity: p.identity, labels: [...id.labels.values()].map(formatLabel), namespace: id.namespace ?? '', display: p.workloads[0] ?? p.identity, workload: null, ports: [], ip: null, nodeName: null };
    }
    case 'reserved':
      return { kind: 'entity', entity: p.entity, display: `entity:${p.entity}` };
    case 'range':
      return { kind: 'ip', ip: p.start, display: `${p.start}-${p.end}` };
    case 'fqdn':
      return p.name.includes('*') ? null : { kind: 'fqdn', name: p.name, ip: null, display: `fqdn:${p.name}` };
  }
}

const samples: [PortProto, number][] = [
  ['TCP', 8080],
  ['TCP', 9090],
  ['TCP', 9000],
  ['UDP', 53],
  ['TCP', 53],
  ['TCP', 443],
  ['TCP', 25],
  ['TCP', 587],
  ['UDP', 40050],
  ['UDP', 40101],
  ['TCP', 5432],
  ['TCP', 6443],
  ['TCP', 8081],
  ['ICMP', 8],
  ['SCTP', 8080],
];

/** Every pair × sample port: connectivity's port set agrees with decide(). */
function checkAgainstDecide(model: EngineModel, conn: Connectivity): number {
  const edges = new Map(conn.edges.map((e) => [`${e.from}>${e.to}`, e]));
  const eps = conn.peers.map((p) => endpointOf(model, p));
  let checked = 0;
  conn.peers.forEach((_, s) => {
    conn.peers.forEach((__, d) => {
      const from = eps[s];
      const to = eps[d];
      if (!from || !to || (s === d && conn.peers[s]?.kind !== 'identity')) return;
      if (from.kind !== 'endpoint' && to.kind !== 'endpoint') return;
      const edge = edges.get(`${s}>${d}`);
      for (const [proto, port] of samples) {
        const v = decide(model, { from, to, port, protocol: proto }).verdict;
        const c = edge !== undefined && hasPort(edge.allowed, proto, port);
        expect(c ? 'allowed' : 'denied', `${from.display} → ${to.display} ${proto}/${port} (${edge ? formatPortSet(edge.allowed) : 'no edge'})`).toBe(v);
        checked++;
      }
    });
  });
  return checked;
}

describe('connectivity', () => {
  it('agrees with decide() on the app-platform fixture', () => {
    const dir = appPlatformDir;
    const files = ['policies.yaml', 'inventory.yaml'].map((n) => ({ name: n, data: readFileSync(path.join(dir, n), 'utf8') }));
    const model = compile(loadInputs(files).cluster);
    const conn = connectivity(model);
    expect(conn.truncated).toBe(false);
    const ranges = conn.peers.filter((p) => p.kind === 'range').map((p) => (p.kind === 'range' ? `${p.start}-${p.end}` : ''));
    expect(ranges).toContain('10.0.0.0-10.255.255.255');
    expect(ranges).toContain('11.0.0.0-169.253.255.255');
    expect(checkAgainstDecide(model, conn)).toBeGreaterThan(1000);
  });

  it('agrees with decide() on the Part C policies, a few combinations', () => {
    setPartCInventoryYaml(readFileSync(path.join(semanticsDir, 'cluster.yaml'), 'utf8'));
    const all = policiesFromYaml(readFileSync(path.join(semanticsDir, 'policies.yaml'), 'utf8')).policies;
    const pick = (...names: string[]) => all.filter((p) => names.includes(p.ref.name));
    for (const combo of [
      ['p1', 'p21', 'p20'],
      ['p8', 'p15', 'p16'],
      ['g1', 'p-world-8080', 'p12', 'p13'],
      ['np-c34', 'np-c35', 'p11'],
      ['p18', 'p19', 'p23', 'g2'],
      ['p24', 'p27', 'p26-6443', 'p17'],
    ]) {
      const model = compile(partCCluster(pick(...combo)));
      checkAgainstDecide(model, connectivity(model));
    }
  });

  it('lists allowed ports per pair in netpol-analyzer form', () => {
    const all = policiesFromYaml(readFileSync(path.join(semanticsDir, 'policies.yaml'), 'utf8')).policies;
    const model = compile(partCCluster(all.filter((p) => p.ref.name === 'p8')));
    const conn = connectivity(model, { identitiesOnly: true });
    const name = (i: number) => (conn.peers[i]?.kind === 'identity' ? (conn.peers[i] as { workloads: readonly string[] }).workloads[0] : '');
    const fe = conn.edges.find((e) => name(e.from) === 'shop/Pod/frontend' && name(e.to) === 'shop/Pod/backend');
    expect(fe && formatPortSet(fe.allowed)).toBe('ICMP 0-255,ICMPv6 0-255,SCTP 1-65535,TCP 1-8079,8081-65535,UDP 1-65535');
    expect(fe?.ingress.deniedBy.map((r) => r.path)).toEqual(['spec.ingressDeny[0]']);
    expect(fe?.ingress.allowedBy.map((r) => r.path)).toEqual(['spec.ingress[0]']);
  });
});
