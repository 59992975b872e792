/**
 * Connectivity peers as diff peers (stable keys across two policy sets), and back to engine
 * endpoints so the engine can explain a sample port.
 * @internal
 */
import type { EngineModel } from '../engine/compile.ts';
import type { ConnPeer } from '../engine/connectivity.ts';
import type { Endpoint } from '../engine/types.ts';
import { formatLabel } from '../model/labels.ts';
import type { IdentityKey } from '../model/cluster.ts';
import { parseIp, type IpFamily } from '../net/cidr.ts';
import type { DiffPeer } from './types.ts';

export function workloadDisplay(workloads: readonly string[], fallback: string): string {
  const names = [...new Set(workloads.map((w) => {
    const parts = w.split('/');
    return parts.length === 3 ? `${parts[0]}/${parts[2]}` : w;
  }))];
  return names.length > 0 ? names.join(', ') : fallback;
}

export function rangeKey(family: IpFamily, start: string, end: string): string {
  return `range:${family}:${start}-${end}`;
}

export function diffPeerOf(p: ConnPeer): DiffPeer {
  switch (p.kind) {
    case 'identity':
      return { kind: 'identity', key: `id:${p.identity}`, identity: p.identity, namespace: p.namespace, display: workloadDisplay(p.workloads, p.identity) };
    case 'reserved':
      return { kind: 'entity', key: `entity:${p.entity}`, entity: p.entity, display: `entity:${p.entity}` };
    case 'fqdn':
      return { kind: 'fqdn', key: `fqdn:${p.name}`, name: p.name, display: `fqdn:${p.name}` };
    case 'range':
      return { kind: 'range', key: rangeKey(p.family, p.start, p.end), family: p.family, start: p.start, end: p.end, display: p.start === p.end ? p.start : `${p.start}-${p.end}` };
  }
}

/** An engine endpoint standing for a diff peer in a model (a range by its first address). */
export function endpointOf(model: EngineModel, other: EngineModel, p: DiffPeer): Endpoint {
  switch (p.kind) {
    case 'identity': {
      const key = p.identity as IdentityKey;
      const m = model.identityIndex.has(key) ? model : other;
      const i = m.identityIndex.get(key);
      const id = i !== undefined ? m.identities[i] : undefined;
      return {
        kind: 'endpoint',
        identity: m === model && id ? key : null,
        labels: id ? [...id.labels.values()].map(formatLabel) : [],
        namespace: p.namespace ?? '',
        display: p.display,
        workload: (id?.workloads[0] ?? null) as Extract<Endpoint, { kind: 'endpoint' }>['workload'],
        ports: i !== undefined ? (m.identityPorts[i] ?? []) : [],
        ip: null,
        nodeName: null,
      };
    }
    case 'entity':
      return { kind: 'entity', entity: p.entity, display: p.display };
    case 'fqdn':
      return { kind: 'fqdn', name: p.name, ip: null, display: p.display };
    case 'range':
      return { kind: 'ip', ip: p.start, display: p.display };
  }
}

/** Whether an engine endpoint (e.g. from a flow) is inside a diff peer. */
export function peerContains(p: DiffPeer, e: Endpoint): boolean {
  switch (p.kind) {
    case 'identity':
      return e.kind === 'endpoint' && e.identity === p.identity;
    case 'entity':
      return e.kind === 'entity' && e.entity === p.entity;
    case 'fqdn':
      return e.kind === 'fqdn' && e.name.toLowerCase().replace(/\.$/, '') === p.name;
    case 'range': {
      if (e.kind !== 'ip') return false;
      const ip = parseIp(e.ip);
      const lo = parseIp(p.start);
      const hi = parseIp(p.end);
      return ip !== null && lo !== null && hi !== null && ip.family === p.family && ip.value >= lo.value && ip.value <= hi.value;
    }
  }
}
