/**
 * Lines two connectivity matrices up cell by cell. Identities, reserved entities and FQDNs match
 * by key; outside address ranges differ between the two (they are cut at the CIDRs each policy
 * set names), so both are cut at the union of their edges first, and merged back afterwards.
 * @internal
 */
import type { Connectivity } from '../engine/connectivity.ts';
import { emptyPortSet, equals, type PortSet } from '../engine/PortSet.ts';
import { formatIp, parseIp, type IpFamily } from '../net/cidr.ts';
import { diffPeerOf, rangeKey } from './peers.ts';
import type { DiffPeer } from './types.ts';

export interface Cell {
  readonly from: DiffPeer;
  readonly to: DiffPeer;
  readonly allowed: PortSet;
}

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

/** Cells of a matrix keyed `from\tto`, ranges cut at `cuts`. */
export function cellsOf(conn: Connectivity, cuts: Cuts): Map<string, Cell> {
  const out = new Map<string, Cell>();
  const peers = conn.peers.map(diffPeerOf);
  const split = peers.map((p) => atoms(p, cuts));
  for (const e of conn.edges) {
    for (const from of split[e.from] ?? [])
      for (const to of split[e.to] ?? []) out.set(`${from.key}\t${to.key}`, { from, to, allowed: e.allowed });
  }
  return out;
}

export interface Paired {
  readonly from: DiffPeer;
  readonly to: DiffPeer;
  readonly before: PortSet;
  readonly after: PortSet;
}

/** Cells whose allowed ports differ. */
export function changedCells(before: Map<string, Cell>, after: Map<string, Cell>): Paired[] {
  const out: Paired[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    const bp = b?.allowed ?? emptyPortSet;
    const ap = a?.allowed ?? emptyPortSet;
    if (equals(bp, ap)) continue;
    const c = (a ?? b) as Cell;
    out.push({ from: c.from, to: c.to, before: bp, after: ap });
  }
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
export function mergeRanges(list: readonly Paired[]): Paired[] {
  const groups = new Map<string, Paired[]>();
  const out: Paired[] = [];
  for (const p of list) {
    const side = p.to.kind === 'range' ? 'to' : p.from.kind === 'range' ? 'from' : null;
    if (side === null) {
      out.push(p);
      continue;
    }
    const r = p[side];
    const fam = r.kind === 'range' ? r.family : 4;
    const key = `${side}|${fam}|${side === 'to' ? p.from.key : p.to.key}|${JSON.stringify(p.before)}|${JSON.stringify(p.after)}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const [key, ps] of groups) {
    const side: 'to' | 'from' = key.startsWith('to|') ? 'to' : 'from';
    const sorted = [...ps].sort((a, b) => (lo(a[side]) < lo(b[side]) ? -1 : 1));
    const merged: Paired[] = [];
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
