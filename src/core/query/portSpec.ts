/**
 * The Port box of the path query: `N`, `N/PROTO`, a port name (`http`, resolved on the
 * destination), `N/ICMP` for an ICMP type, or empty for every port. Same grammar as the CLI's
 * `--port` (src/cli/commands/explain.ts), which cannot be imported here (it reads files).
 * @public
 */
import type { QueryProtocol } from '../engine/types.ts';
import { portGrammar } from './portGrammar.ts';

export { portGrammar };

export type PortSpec = { readonly ok: true; readonly port: number | string | null; readonly protocol: QueryProtocol } | { readonly ok: false; readonly error: string };

const PROTOCOLS: Readonly<Record<string, QueryProtocol>> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP', icmp: 'ICMP', icmpv6: 'ICMPv6', any: 'ANY' };

export function parsePortSpec(text: string): PortSpec {
  const s = text.trim();
  if (s === '') return { ok: true, port: null, protocol: 'ANY' };
  const slash = s.indexOf('/');
  const head = slash < 0 ? s : s.slice(0, slash);
  const tail = slash < 0 ? null : s.slice(slash + 1);
  let protocol: QueryProtocol = 'TCP';
  if (tail !== null) {
    const p = PROTOCOLS[tail.toLowerCase()];
    if (!p) return { ok: false, error: `unknown protocol "${tail}"; expected TCP, UDP, SCTP, ICMP, ICMPv6 or ANY` };
    protocol = p;
  }
  if (head === '' && tail !== null) return { ok: true, port: null, protocol };
  if (/^\d+$/.test(head)) {
    const n = Number(head);
    const max = protocol === 'ICMP' || protocol === 'ICMPv6' ? 255 : 65535;
    if (n > max) return { ok: false, error: `${protocol === 'ICMP' || protocol === 'ICMPv6' ? 'ICMP type' : 'port'} ${n} is out of range (0-${max})` };
    return { ok: true, port: n, protocol };
  }
  if (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i.test(head) && /[a-z]/i.test(head)) return { ok: true, port: head.toLowerCase(), protocol };
  return { ok: false, error: `cannot read port "${s}"; expected ${portGrammar}` };
}

/** `9000/TCP`, `ICMP type 8`, `all TCP ports`, `all ports`, `http/TCP`. */
export function portSpecText(port: number | string | null, protocol: QueryProtocol): string {
  if (port === null) return protocol === 'ANY' ? 'all ports' : `all ${protocol} ports`;
  if (protocol === 'ICMP' || protocol === 'ICMPv6') return `${protocol} type ${port}`;
  return `${port}/${protocol}`;
}
