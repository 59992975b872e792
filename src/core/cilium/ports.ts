import type { PathSegment } from '../load/parseTypes.ts';
import type { PortProtocol, PortRule, Protocol } from '../model/policy.ts';
import { type Collector, describe, field, isRecord, listField, objectField, pruneUnknown } from './collect.ts';
import { type ParsedL7, parseL7 } from './l7.ts';

/**
 * `toPorts` of allow items (PortRule, with L7) and deny items (PortDenyRule, ports only),
 * validated like Cilium's `PortRule.sanitize` (reference A.9, A.12 item 7).
 * @internal
 */
export interface PortRulesOptions {
  readonly deny: boolean;
  readonly direction: 'ingress' | 'egress';
  /** The rule has a `nodeSelector` (host policy): L7 restrictions apply. */
  readonly hostPolicy: boolean;
  /** The Cilium release (major, minor): which L7 rule kinds exist. */
  readonly version: readonly [number, number];
}

const MAX_PORTS = 40;
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP', 'ANY', 'VRRP', 'IGMP'];
const ALLOW_FIELDS = ['ports', 'rules', 'serverNames', 'terminatingTLS', 'originatingTLS', 'listener'];

/** RFC 6335 service name, as Cilium's `iana.IsSvcName`: ≤ 15 chars, alphanumerics and inner single hyphens, ≥ 1 letter. */
export function isServiceName(s: string): boolean {
  return s.length > 0 && s.length <= 15 && /^[a-zA-Z0-9]+(-?[a-zA-Z0-9]+)*$/.test(s) && /[a-zA-Z]/.test(s);
}

export function parsePortRules(c: Collector, items: readonly unknown[], path: readonly PathSegment[], opts: PortRulesOptions): PortRule[] {
  return items.flatMap((item, i) => {
    const r = parsePortRule(c, item, [...path, i], opts);
    return r ? [r] : [];
  });
}

function parsePortRule(c: Collector, item: unknown, rp: readonly PathSegment[], opts: PortRulesOptions): PortRule | null {
  if (!isRecord(item)) {
    c.reject(rp, 'invalid-type', `a toPorts item must be an object with "ports", got ${describe(item)}`);
    return null;
  }
  const rawPorts = listField(c, item, 'ports', rp);
  const ports: PortProtocol[] = [];
  const hasDnsRaw = !opts.deny && isRecord(field(item, 'rules')) && field(field(item, 'rules') as Record<string, unknown>, 'dns') !== undefined;
  if (rawPorts) {
    if (rawPorts.length > MAX_PORTS) {
      c.reject([...rp, 'ports'], 'too-many-ports', `too many ports (${rawPorts.length}) in one toPorts item, the maximum is ${MAX_PORTS}`);
    }
    rawPorts.forEach((p, j) => {
      const pp = parsePortProtocol(c, p, [...rp, 'ports', j], hasDnsRaw);
      if (pp) ports.push(pp);
    });
  }
  const portsText = describePorts(ports);

  if (opts.deny) {
    pruneUnknown(c, item, rp, ['ports'], (k) =>
      k === 'rules'
        ? `deny rules cannot carry L7 rules, so the deny applies to ${portsText} as a whole`
        : 'deny port rules only read "ports"',
    );
  } else {
    pruneUnknown(c, item, rp, ALLOW_FIELDS, (k) =>
      k.toLowerCase() === 'rules' ? `any L7 rule under it is dropped, so ${portsText} is allowed without L7 filtering` : 'it has no effect',
    );
  }
  if (rawPorts === undefined) {
    c.warn(rp, 'no-ports', 'this toPorts item has no "ports": it matches no port (write port "0" for all ports of a protocol)');
  } else if (rawPorts !== null && rawPorts.length === 0) {
    c.warn([...rp, 'ports'], 'no-ports', 'this toPorts item has an empty "ports" list: it matches no port');
  }
  if (opts.deny) return { path: c.pathText(rp), ports, l7: null, serverNames: [] };

  const serverNames = parseServerNames(c, item, rp);
  const rawRules = objectField(c, item, 'rules', rp);
  const l7: ParsedL7 = rawRules ? parseL7(c, rawRules, [...rp, 'rules'], portsText, opts.version) : { rules: null, kinds: [], removed: null, versionNote: null };
  checkL7(c, item, rp, ports, l7.kinds, l7.rules !== null, serverNames, opts);
  return { path: c.pathText(rp), ports, l7: l7.rules, serverNames, ...(l7.removed !== null ? { removedL7: l7.removed } : {}), ...(l7.versionNote !== null ? { l7VersionNote: l7.versionNote } : {}) };
}

function parseServerNames(c: Collector, item: Record<string, unknown>, rp: readonly PathSegment[]): string[] {
  const raw = listField(c, item, 'serverNames', rp);
  if (!raw) return [];
  const out: string[] = [];
  raw.forEach((s, i) => {
    if (typeof s !== 'string') c.reject([...rp, 'serverNames', i], 'invalid-type', `a server name must be a string, got ${describe(s)}`);
    else if (s === '') c.reject([...rp, 'serverNames', i], 'invalid-server-name', 'empty server name is not allowed');
    else out.push(s);
  });
  return out;
}

function checkL7(
  c: Collector,
  item: Record<string, unknown>,
  rp: readonly PathSegment[],
  ports: readonly PortProtocol[],
  kinds: readonly string[],
  hasRules: boolean,
  serverNames: readonly string[],
  opts: PortRulesOptions,
): void {
  const rulesPath = [...rp, 'rules'];
  const isDns = kinds.includes('dns');
  if (isDns && opts.direction === 'ingress') c.reject([...rulesPath, 'dns'], 'dns-on-ingress', 'DNS rules are not allowed on ingress');
  if (serverNames.length > 0 && hasRules && field(item, 'terminatingTLS') === undefined) {
    c.reject([...rp, 'serverNames'], 'server-names-with-l7', 'serverNames are not allowed with L7 rules without TLS termination (terminatingTLS)');
  }
  const listener = field(item, 'listener');
  if (listener !== undefined) {
    if (opts.direction === 'ingress') c.reject([...rp, 'listener'], 'listener-on-ingress', 'a listener is not allowed on ingress');
    if (hasRules) c.reject([...rp, 'listener'], 'listener-with-l7', 'a listener is not allowed together with L7 rules');
  }
  if (opts.hostPolicy && hasRules && (opts.direction === 'ingress' || !isDns)) {
    c.reject(rulesPath, 'l7-in-host-policy', `host policies (nodeSelector) do not support ${opts.direction === 'ingress' ? 'L7 rules on ingress' : 'L7 rules other than DNS on egress'}`);
  }
  if (!hasRules) return;
  ports.forEach((p, j) => {
    if (!isDns && p.protocol !== 'TCP') {
      c.reject([...rp, 'ports', j, 'protocol'], 'l7-not-tcp', `L7 rules can only apply to TCP (not ${p.protocol}) except for DNS rules; write protocol: TCP`);
    }
    if (p.port === 0) c.reject([...rp, 'ports', j, 'port'], 'l7-port-zero', 'L7 rules can not be used when a port is 0 (all ports)');
  });
  if (isDns && ports.length === 0) c.reject(rulesPath, 'dns-needs-port', 'port 53 must be specified for DNS rules');
}

function parsePortProtocol(c: Collector, p: unknown, pp: readonly PathSegment[], hasDnsRules: boolean): PortProtocol | null {
  if (!isRecord(p)) {
    c.reject(pp, 'invalid-type', `a port must be an object {port, endPort?, protocol?}, got ${describe(p)}`);
    return null;
  }
  pruneUnknown(c, p, pp, ['port', 'endPort', 'protocol'], () => 'only port, endPort and protocol are read');
  const protocol = parseProtocol(c, field(p, 'protocol'), [...pp, 'protocol']);
  if (!protocol) return null;
  const extended = protocol === 'VRRP' || protocol === 'IGMP';
  const rawPort = field(p, 'port');
  let port: number | string;
  if (rawPort === undefined || rawPort === '') {
    if (!extended) {
      c.reject([...pp, 'port'], 'invalid-port', 'port must be specified (use "0" for every port of the protocol)');
      return null;
    }
    port = 0;
  } else if (typeof rawPort !== 'string') {
    c.reject([...pp, 'port'], 'invalid-port', `port must be a string in the CRD schema, got ${describe(rawPort)}${typeof rawPort === 'number' ? ` (quote it: port: "${rawPort}")` : ''}`);
    return null;
  } else {
    const parsed = parsePortText(rawPort);
    if (parsed.kind === 'error') {
      c.reject([...pp, 'port'], 'invalid-port', `unable to parse port "${rawPort}": ${parsed.message}`);
      return null;
    }
    if (parsed.kind === 'octal') {
      c.warn([...pp, 'port'], 'octal-port', `port "${rawPort}" has a leading zero: Cilium reads it as octal, i.e. port ${parsed.value}`);
    }
    port = parsed.value;
  }
  if (extended && port !== 0) {
    c.reject([...pp, 'port'], 'invalid-port', `${protocol} has no ports: leave port empty or "0"`);
    return null;
  }
  const endPort = parseEndPort(c, field(p, 'endPort'), [...pp, 'endPort'], port, hasDnsRules);
  return { path: c.pathText(pp), protocol, port, endPort };
}

type PortText = { kind: 'number' | 'octal'; value: number } | { kind: 'name'; value: string } | { kind: 'error'; message: string };

/** Cilium: IANA service names first (lower-cased), else `strconv.ParseUint(s, 0, 16)`. */
export function parsePortText(s: string): PortText {
  if (isServiceName(s)) return { kind: 'name', value: s.toLowerCase() };
  let value: number;
  let kind: 'number' | 'octal' = 'number';
  if (/^[1-9][0-9]*$/.test(s) || s === '0') value = Number(s);
  else if (/^0[0-7]+$/.test(s)) {
    value = parseInt(s.slice(1), 8);
    kind = 'octal';
  } else return { kind: 'error', message: 'not a number 0-65535 nor a port name (1-15 letters, digits, inner hyphens, at least one letter)' };
  if (value > 65535) return { kind: 'error', message: 'out of range 0-65535' };
  return { kind, value };
}

function parseProtocol(c: Collector, raw: unknown, path: readonly PathSegment[]): Protocol | null {
  if (raw === undefined || raw === '') return 'ANY';
  if (typeof raw !== 'string') {
    c.reject(path, 'invalid-protocol', `protocol must be a string, got ${describe(raw)}`);
    return null;
  }
  const up = raw.toUpperCase();
  if (up === 'ICMP' || up === 'ICMPV6') {
    c.reject(path, 'invalid-protocol', `protocol ${raw} is not allowed in toPorts: use an "icmps" block for ICMP`);
    return null;
  }
  const proto = PROTOCOLS.find((x) => x === up);
  if (!proto) {
    c.reject(path, 'invalid-protocol', `unknown protocol "${raw}": use TCP, UDP, SCTP, ANY (or VRRP, IGMP)`);
    return null;
  }
  if (proto !== raw) c.info(path, 'protocol-case', `protocol "${raw}" is read as ${proto} (Cilium compares protocols case-insensitively)`);
  return proto;
}

function parseEndPort(
  c: Collector,
  raw: unknown,
  path: readonly PathSegment[],
  port: number | string,
  hasDnsRules: boolean,
): number | null {
  if (raw === undefined) return null;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > 65535) {
    c.reject(path, 'invalid-port', `endPort must be an integer 0-65535, got ${describe(raw)}`);
    return null;
  }
  if (typeof port === 'string') {
    c.warn(path, 'endport-ignored', `endPort is ignored for the named port "${port}"`);
    return null;
  }
  if (raw <= port) {
    if (raw !== 0 && raw < port) c.warn(path, 'endport-ignored', `endPort ${raw} is below port ${port}: the rule matches port ${port} only`);
    return null;
  }
  if (hasDnsRules) c.reject(path, 'dns-port-range', 'DNS rules do not support port ranges');
  return raw;
}

/** "port 80/TCP", "ports 80/TCP, 443/ANY" for messages. */
export function describePorts(ports: readonly PortProtocol[]): string {
  if (ports.length === 0) return 'the port';
  const each = ports.map((p) => `${p.port}${p.endPort !== null ? `-${p.endPort}` : ''}/${p.protocol}`);
  return `${ports.length === 1 ? 'port' : 'ports'} ${each.join(', ')}`;
}
