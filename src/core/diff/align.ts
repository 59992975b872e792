/**
 * Lines two connectivity matrices up cell by cell. Identities, reserved entities and FQDNs match
 * by key; outside address ranges differ between the two (they are cut at the CIDRs each policy
 * set names), so both are cut at the union of their edges first, and merged back afterwards.
 * @internal
 */
import type { ConnEdge, Connectivity } from '../engine/connectivity.ts';
import { emptyPortSet, equals, type PortSet } from '../engine/PortSet.ts';
import { formatIp, parseIp, type IpFamily } from '../net/cidr.ts';
import { diffPeerOf, rangeKey } from './peers.ts';
import type { DiffPeer } from './types.ts';

type Cuts = Record<IpFamily, bigint[]>;

export function rangeCuts(conns: readonly Connectivity[]): Cuts {
  const sets: Record<IpFamily, Set<bigint>> = { 4: new Set(), 6: new Set() };
  for (const c of conns)
    for (const p of c.peers)
      if (p.kind === 'range') {
        const lo = parseIp(p.start);
        if (lo) sets[p.family].add(lo.value);
      }
  const sort = (s: Set<bigint>) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { 4: sort(sets[4]), 6: sort(sets[6]) };
}

/** The pieces of a peer at the common cuts (itself unless it is a range). */
function atoms(p: DiffPeer, cuts: Cuts): DiffPeer[] {
  if (p.kind !== 'range') return [p];
  const lo = parseIp(p.start);
  const hi = parseIp(p.end);
  if (!lo || !hi) return [p];
  const inner = cuts[p.family].filter((c) => c > lo.value && c <= hi.value);
  const starts = [lo.value, ...inner];
  return starts.map((s, i) => {
    const e = i + 1 < starts.length ? (starts[i + 1] as bigint) - 1n : hi.value;
    const start = formatIp({ family: p.family, value: s });
    const end = formatIp({ family: p.family, value: e });
    return { kind: 'range', key: rangeKey(p.family, start, end), family: p.family, start, end, display: start === end ? start : `${start}-${end}` };
  });
}

export interface Paired {
  readonly from: DiffPeer;
  readonly to: DiffPeer;
  readonly before: PortSet;
  readonly after: PortSet;
}

/** A changed pair with its matrix edges in each set (null: no edge there). */
export interface PairedEdges extends Paired {
  readonly edges?: { readonly before: ConnEdge | null; readonly after: ConnEdge | null };
}

/**
 * The cells whose allowed ports differ between two matrices, ranges cut at the common cuts
 * (`rangeCuts`): each matrix's peers are split into atoms numbered once for both (by key), and a
 * cell is the pair of atom numbers, so the before-set's cells are a map by number and the
 * after-set's are walked against it (no text key per cell: a matrix of millions of pairs was
 * two maps of millions of strings, gigabytes). A cell whose pair is in the after-set takes its
 * peers from there, else from the before-set.
 */
export function changedCells(cb: Connectivity, ca: Connectivity, cuts: Cuts): PairedEdges[] {
  const ids = new Map<string, number>();
  const split = (conn: Connectivity): { ids: number[][]; peers: DiffPeer[] } => {
    const peers: DiffPeer[] = [];
    const out = conn.peers.map((p) =>
      atoms(diffPeerOf(p), cuts).map((a) => {
        let i = ids.get(a.key);
        if (i === undefined) ids.set(a.key, (i = ids.size));
        peers[i] = a;
        return i;
      }),
    );
    return { ids: out, peers };
  };
  const [b, a] = [split(cb), split(ca)];
  const width = ids.size;
  const before = new Map<number, ConnEdge>();
  for (const e of cb.edges) for (const f of b.ids[e.from] ?? []) for (const t of b.ids[e.to] ?? []) before.set(f * width + t, e);
  const out: PairedEdges[] = [];
  const push = (f: number, t: number, eb: ConnEdge | null, ea: ConnEdge | null, peers: DiffPeer[]) => {
    const bp = eb?.allowed ?? emptyPortSet;
    const ap = ea?.allowed ?? emptyPortSet;
    if (!equals(bp, ap)) out.push({ from: peers[f] as DiffPeer, to: peers[t] as DiffPeer, before: bp, after: ap, edges: { before: eb, after: ea } });
  };
  for (const e of ca.edges)
    for (const f of a.ids[e.from] ?? [])
      for (const t of a.ids[e.to] ?? []) {
        const key = f * width + t;
        const eb = before.get(key) ?? null;
        if (eb) before.delete(key);
        push(f, t, eb, e, a.peers);
      }
  for (const [key, eb] of before) push(Math.floor(key / width), key % width, eb, null, b.peers);
  return out;
}

const lo = (p: DiffPeer): bigint => (p.kind === 'range' ? (parseIp(p.start)?.value ?? 0n) : 0n);
const hi = (p: DiffPeer): bigint => (p.kind === 'range' ? (parseIp(p.end)?.value ?? 0n) : 0n);

/** The union of two adjacent ranges, or null. */
function join(a: DiffPeer, b: DiffPeer): DiffPeer | null {
  if (a.kind !== 'range' || b.kind !== 'range' || a.family !== b.family || hi(a) + 1n !== lo(b)) return null;
  return { kind: 'range', key: rangeKey(a.family, a.start, b.end), family: a.family, start: a.start, end: b.end, display: `${a.start}-${b.end}` };
}

/** Merges changes on adjacent range pieces with the same other end and the same before/after. */
export function mergeRanges<P extends Paired>(list: readonly P[]): P[] {
  const groups = new Map<string, P[]>();
  const out: P[] = [];
  for (const p of list) {
    const side = p.to.kind === 'range' ? 'to' : p.from.kind === 'range' ? 'from' : null;
    if (side === null) {
      out.push(p);
      continue;
    }
    const r = p[side];
    const fam = r.kind === 'range' ? r.family : 4;
    const key = `${side}|${fam}|${side === 'to' ? p.from.key : p.to.key}|${JSON.stringify(p.before)}|${JSON.stringify(p.after)}`;
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  for (const [key, ps] of groups) {
    const side: 'to' | 'from' = key.startsWith('to|') ? 'to' : 'from';
    const sorted = [...ps].sort((a, b) => (lo(a[side]) < lo(b[side]) ? -1 : 1));
    const merged: P[] = [];
    for (const p of sorted) {
      const last = merged[merged.length - 1];
      const joined = last ? join(last[side], p[side]) : null;
      if (last && joined) merged[merged.length - 1] = side === 'to' ? { ...last, to: joined } : { ...last, from: joined };
      else merged.push(p);
    }
    out.push(...merged);
  }
  return out;
}
