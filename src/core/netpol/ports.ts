import type { PathSegment } from '../load/parseTypes.ts';
import type { PortRule, Protocol } from '../model/policy.ts';
import { type Collector, describe, field, isRecord, pruneUnknown } from '../cilium/collect.ts';

/**
 * NetworkPolicy `ports` → one Cilium PortRule per item (`parsePorts`): protocol defaults to TCP,
 * an omitted port means every port of the protocol ("0"), named ports stay names.
 * @internal
 */
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const PORT_NAME_RE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function parseNetpolPorts(c: Collector, items: readonly unknown[], lp: PathSegment[]): PortRule[] {
  return items.flatMap((raw, i) => {
    const pp = [...lp, i];
    if (!isRecord(raw)) {
      c.reject(pp, 'invalid-type', `a NetworkPolicy port must be an object {protocol?, port?, endPort?}, got ${describe(raw)}`);
      return [];
    }
    pruneUnknown(c, raw, pp, ['protocol', 'port', 'endPort'], () => 'only protocol, port and endPort are read');
    const protoRaw = field(raw, 'protocol');
    const protocol = protoRaw === undefined ? 'TCP' : PROTOCOLS.find((p) => p === protoRaw);
    if (!protocol) {
      c.reject([...pp, 'protocol'], 'invalid-protocol', `protocol must be TCP, UDP or SCTP (upper case), got ${describe(protoRaw)}`);
      return [];
    }
    const portRaw = field(raw, 'port');
    let port: number | string = 0;
    if (typeof portRaw === 'number') {
      if (!Number.isInteger(portRaw) || portRaw < 1 || portRaw > 65535) {
        c.reject([...pp, 'port'], 'invalid-port', `port must be 1-65535, got ${portRaw}`);
        return [];
      }
      port = portRaw;
    } else if (typeof portRaw === 'string') {
      if (portRaw.length > 15 || !PORT_NAME_RE.test(portRaw) || !/[a-z]/.test(portRaw) || portRaw.includes('--')) {
        const hint = /^\d+$/.test(portRaw) ? ' (write the number unquoted)' : '';
        c.reject([...pp, 'port'], 'invalid-port', `"${portRaw}" is not a valid port name: at most 15 lower-case letters, digits and inner hyphens, at least one letter${hint}`);
        return [];
      }
      port = portRaw;
    } else if (portRaw !== undefined) {
      c.reject([...pp, 'port'], 'invalid-port', `port must be a number or a port name, got ${describe(portRaw)}`);
      return [];
    }
    const endRaw = field(raw, 'endPort');
    let endPort: number | null = null;
    if (endRaw !== undefined) {
      if (typeof endRaw !== 'number' || !Number.isInteger(endRaw) || endRaw < 1 || endRaw > 65535) {
        c.reject([...pp, 'endPort'], 'invalid-port', `endPort must be 1-65535, got ${describe(endRaw)}`);
        return [];
      }
      if (typeof port !== 'number' || port === 0) {
        c.reject([...pp, 'endPort'], 'invalid-port', 'endPort may only be given together with a numeric port');
        return [];
      }
      if (endRaw < port) {
        c.reject([...pp, 'endPort'], 'invalid-port', `endPort ${endRaw} must be greater than or equal to port ${port}`);
        return [];
      }
      endPort = endRaw > port ? endRaw : null;
    }
    const path = c.pathText(pp);
    return [{ path, ports: [{ path, protocol, port, endPort }], l7: null, serverNames: [] }];
  });
}
