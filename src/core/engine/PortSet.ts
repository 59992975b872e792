/**
 * A set of (protocol, port) pairs: per protocol, sorted disjoint inclusive ranges. For ICMP and
 * ICMPv6 the "ports" are ICMP types (0-255). Plain data, immutable; every operation returns a
 * new value.
 * @public
 */
export type PortProto = 'TCP' | 'UDP' | 'SCTP' | 'ICMP' | 'ICMPv6';

/** Sorted, disjoint, non-adjacent inclusive ranges. */
export type Ranges = readonly (readonly [number, number])[];

export type PortSet = Readonly<Record<PortProto, Ranges>>;

export const portProtocols: readonly PortProto[] = ['TCP', 'UDP', 'SCTP', 'ICMP', 'ICMPv6'];
/** Protocols with ports (what `ANY` means in Cilium). */
export const l4Protocols: readonly PortProto[] = ['TCP', 'UDP', 'SCTP'];

export function protoBounds(p: PortProto): readonly [number, number] {
  return p === 'ICMP' || p === 'ICMPv6' ? [0, 255] : [1, 65535];
}

const NONE: Ranges = [];

export const emptyPortSet: PortSet = { TCP: NONE, UDP: NONE, SCTP: NONE, ICMP: NONE, ICMPv6: NONE };

export const fullPortSet: PortSet = {
  TCP: [protoBounds('TCP')],
  UDP: [protoBounds('UDP')],
  SCTP: [protoBounds('SCTP')],
  ICMP: [protoBounds('ICMP')],
  ICMPv6: [protoBounds('ICMPv6')],
};

/** A set holding `lo..hi` (clamped to the protocol's bounds) of one protocol. */
export function portRange(proto: PortProto, lo: number, hi: number = lo): PortSet {
  const [min, max] = protoBounds(proto);
  const a = Math.max(lo, min);
  const b = Math.min(hi, max);
  if (a > b) return emptyPortSet;
  return { ...emptyPortSet, [proto]: [[a, b]] };
}

/** Every port of the given protocols. */
export function allPortsOf(protos: readonly PortProto[]): PortSet {
  let out = emptyPortSet;
  for (const p of protos) out = { ...out, [p]: [protoBounds(p)] };
  return out;
}

function unionRanges(a: Ranges, b: Ranges): Ranges {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  // Both are sorted: merge them in one pass, joining overlapping and adjacent ranges.
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    let next: readonly [number, number];
    if (y === undefined || (x !== undefined && x[0] <= y[0])) {
      next = x as readonly [number, number];
      i++;
    } else {
      next = y;
      j++;
    }
    const last = out[out.length - 1];
    if (last && next[0] <= last[1] + 1) last[1] = Math.max(last[1], next[1]);
    else out.push([next[0], next[1]]);
  }
  return out;
}

function intersectRanges(a: Ranges, b: Ranges): Ranges {
  if (a.length === 0 || b.length === 0) return NONE;
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as readonly [number, number];
    const y = b[j] as readonly [number, number];
    const lo = Math.max(x[0], y[0]);
    const hi = Math.min(x[1], y[1]);
    if (lo <= hi) out.push([lo, hi]);
    if (x[1] < y[1]) i++;
    else j++;
  }
  return out;
}

function subtractRanges(a: Ranges, b: Ranges): Ranges {
  if (a.length === 0 || b.length === 0) return a;
  const out: [number, number][] = [];
  let j = 0;
  for (const [lo0, hi] of a) {
    let lo = lo0;
    while (j < b.length && (b[j] as readonly [number, number])[1] < lo) j++;
    let k = j;
    while (k < b.length && lo <= hi) {
      const [blo, bhi] = b[k] as readonly [number, number];
      if (blo > hi) break;
      if (blo > lo) out.push([lo, blo - 1]);
      lo = Math.max(lo, bhi + 1);
      k++;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

function combine(a: PortSet, b: PortSet, f: (x: Ranges, y: Ranges) => Ranges): PortSet {
  return { TCP: f(a.TCP, b.TCP), UDP: f(a.UDP, b.UDP), SCTP: f(a.SCTP, b.SCTP), ICMP: f(a.ICMP, b.ICMP), ICMPv6: f(a.ICMPv6, b.ICMPv6) };
}

export function union(a: PortSet, b: PortSet): PortSet {
  if (a === b || a === emptyPortSet || b === fullPortSet) return b;
  if (b === emptyPortSet || a === fullPortSet) return a;
  return combine(a, b, unionRanges);
}

export function intersect(a: PortSet, b: PortSet): PortSet {
  if (a === b || a === fullPortSet) return b;
  if (b === fullPortSet) return a;
  if (a === emptyPortSet || b === emptyPortSet) return emptyPortSet;
  return combine(a, b, intersectRanges);
}

export function subtract(a: PortSet, b: PortSet): PortSet {
  if (b === emptyPortSet || a === emptyPortSet) return a;
  if (b === fullPortSet) return emptyPortSet;
  return combine(a, b, subtractRanges);
}

export function isEmpty(s: PortSet): boolean {
  // Spelled out: called for every pair of every cluster, where the closure of `every` shows.
  return s === emptyPortSet || (s.TCP.length === 0 && s.UDP.length === 0 && s.SCTP.length === 0 && s.ICMP.length === 0 && s.ICMPv6.length === 0);
}

export function isFullProto(s: PortSet, p: PortProto): boolean {
  const r = s[p];
  const [min, max] = protoBounds(p);
  return r.length === 1 && (r[0] as readonly [number, number])[0] === min && (r[0] as readonly [number, number])[1] === max;
}

/** Every protocol (ICMP included unless `ignoreIcmp`) holds every port. */
export function isFull(s: PortSet, ignoreIcmp = false): boolean {
  return (ignoreIcmp ? l4Protocols : portProtocols).every((p) => isFullProto(s, p));
}

export function hasPort(s: PortSet, p: PortProto, port: number): boolean {
  for (const [lo, hi] of s[p]) {
    if (port < lo) return false;
    if (port <= hi) return true;
  }
  return false;
}

export function equals(a: PortSet, b: PortSet): boolean {
  return portProtocols.every((p) => {
    const x = a[p];
    const y = b[p];
    return x.length === y.length && x.every((r, i) => r[0] === (y[i] as readonly [number, number])[0] && r[1] === (y[i] as readonly [number, number])[1]);
  });
}

export interface FormatOptions {
  /** Leave ICMP out of the text and of the "All Connections" test (netpol-analyzer has no ICMP). */
  readonly ignoreIcmp?: boolean;
}

/**
 * netpol-analyzer's layout: `All Connections`, `No Connections`, or protocols in alphabetical
 * order with their ranges, e.g. `SCTP 1-65535,TCP 1-8079,8081-65535`.
 */
export function formatPortSet(s: PortSet, opts: FormatOptions = {}): string {
  const ignoreIcmp = opts.ignoreIcmp ?? false;
  if (isFull(s, ignoreIcmp)) return 'All Connections';
  const protos = [...(ignoreIcmp ? l4Protocols : portProtocols)].sort();
  const parts: string[] = [];
  for (const p of protos) {
    const r = s[p];
    if (r.length === 0) continue;
    parts.push(`${p} ${r.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`)).join(',')}`);
  }
  return parts.length === 0 ? 'No Connections' : parts.join(',');
}
