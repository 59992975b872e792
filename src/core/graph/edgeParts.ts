/**
 * Edge parts: one verdict's worth of a connection between two node ids, from policy or from
 * flows. Parts with the same (source, target, verdict) merge into one graph edge: ports unite,
 * counts add up, rules are deduplicated. Merging is order-independent (every list is sorted).
 * @internal
 */
import type { NearMiss, RuleRef } from '../engine/types.ts';
import { emptyPortSet, union, type PortSet } from '../engine/PortSet.ts';
import type { Verdict } from '../hubble/enums.ts';
import { portsText } from './portsText.ts';
import type { EdgeVerdict, GraphEdge, MismatchClass } from './types.ts';

export interface EdgePart {
  readonly source: string;
  readonly target: string;
  readonly verdict: EdgeVerdict;
  readonly ports: PortSet;
  readonly rules: readonly RuleRef[];
  readonly nearMisses: readonly NearMiss[];
  readonly policy: boolean;
  readonly observed: ObservedPart | null;
  readonly mismatch: MismatchClass | null;
  readonly flowKeys: readonly string[];
  /** `source|target` at workload level: merged edges count distinct pairs as `members`. */
  readonly pair: string;
  /** Pairs `pair` stands for (ConnectivityInput `members`); absent: 1. */
  readonly weight?: number;
}

export interface ObservedPart {
  readonly flows: number;
  readonly verdicts: Readonly<Partial<Record<Verdict, number>>>;
  readonly ports: PortSet;
}

export function edgeId(source: string, target: string, verdict: EdgeVerdict): string {
  return `e:${source}|${target}|${verdict}`;
}

const ruleKeys = new WeakMap<RuleRef, string>();
/** `kind/namespace/name/path`. Rule refs are shared by every part a rule decides: keys are remembered. */
export function ruleKey(r: RuleRef): string {
  let k = ruleKeys.get(r);
  if (k === undefined) ruleKeys.set(r, (k = `${r.kind}/${r.namespace ?? ''}/${r.name}/${r.path}`));
  return k;
}

function dedupeRules(rules: readonly RuleRef[]): RuleRef[] {
  const m = new Map<string, RuleRef>();
  for (const r of rules) m.set(ruleKey(r), r);
  return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, r]) => r);
}

function dedupeNearMisses(list: readonly NearMiss[]): NearMiss[] {
  const m = new Map<string, NearMiss>();
  for (const n of list) m.set(`${ruleKey(n.rule)}|${n.why}|${n.text}`, n);
  return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, n]) => n);
}

function addVerdicts(a: Partial<Record<Verdict, number>>, b: Readonly<Partial<Record<Verdict, number>>>): void {
  for (const [k, v] of Object.entries(b) as [Verdict, number][]) a[k] = (a[k] ?? 0) + v;
}

/** Mismatch classes by how loudly they should show when edges merge. */
const MISMATCH_RANK: Readonly<Record<string, number>> = { 'observed-allowed-predicted-denied': 0, 'observed-denied-predicted-allowed': 1 };

function pickMismatch(a: MismatchClass | null, b: MismatchClass | null): MismatchClass | null {
  if (a === null) return b;
  if (b === null) return a;
  const ra = MISMATCH_RANK[a] ?? 3;
  const rb = MISMATCH_RANK[b] ?? 3;
  return ra < rb || (ra === rb && a <= b) ? a : b;
}

/**
 * Distinct values seen by a merged edge. Parts share their port sets and rule lists (one per
 * engine decision), so an edge of thousands of parts usually sees only a handful of distinct
 * ones, and most edges have one part: the first value is kept as is, a Set starts at the second.
 */
type Distinct<T> = T | Set<T>;

/** `d` with `x` added. */
function addDistinct<T extends object | string>(d: Distinct<T>, x: T): Distinct<T> {
  if (d === x) return d;
  if (d instanceof Set) return d.add(x);
  return new Set([d, x]);
}

/**
 * Merges parts per (source, target, verdict) into graph edges, sorted by id. With `rep`, parts
 * first move onto the node that stands for each end (a collapsed group for its workloads), and a
 * part whose ends both move onto the same node is left out (it would be a loop on the group).
 */
export function mergeParts(parts: readonly EdgePart[], rep: ((id: string) => string) | null = null): GraphEdge[] {
  interface Acc {
    readonly source: string;
    readonly target: string;
    readonly verdict: EdgeVerdict;
    ports: PortSet;
    portSets: Distinct<PortSet>;
    ruleLists: Distinct<readonly RuleRef[]>;
    nearMissLists: Distinct<readonly NearMiss[]>;
    pairs: Distinct<string>;
    /** Distinct pairs, each counted with its weight. */
    members: number;
    policy: boolean;
    mismatch: MismatchClass | null;
    observed: { flows: number; verdicts: Partial<Record<Verdict, number>>; ports: PortSet } | null;
    flowKeys: string[] | null;
  }
  // Keyed by source, target and verdict in nested maps: node ids are strings that already exist
  // (and know their hash), where an edge id per part would be a new string to build and hash.
  const accs: Acc[] = [];
  const index = new Map<string, Map<string, Partial<Record<EdgeVerdict, Acc>>>>();
  for (const p of parts) {
    let source = p.source;
    let target = p.target;
    if (rep !== null) {
      source = rep(source);
      target = rep(target);
      if (source === target && source !== p.source) continue;
    }
    let byTarget = index.get(source);
    if (!byTarget) index.set(source, (byTarget = new Map()));
    let byVerdict = byTarget.get(target);
    if (!byVerdict) byTarget.set(target, (byVerdict = {}));
    let a = byVerdict[p.verdict];
    if (!a) {
      a = {
        source,
        target,
        verdict: p.verdict,
        ports: p.ports,
        portSets: p.ports,
        ruleLists: p.rules,
        nearMissLists: p.nearMisses,
        pairs: p.pair,
        members: p.weight ?? 1,
        policy: p.policy,
        mismatch: p.mismatch,
        observed: null,
        flowKeys: null,
      };
      byVerdict[p.verdict] = a;
      accs.push(a);
    } else {
      if (!(a.portSets === p.ports || (a.portSets instanceof Set && a.portSets.has(p.ports)))) {
        a.portSets = addDistinct(a.portSets, p.ports);
        a.ports = union(a.ports, p.ports);
      }
      a.ruleLists = addDistinct(a.ruleLists, p.rules);
      a.nearMissLists = addDistinct(a.nearMissLists, p.nearMisses);
      const known = a.pairs;
      const size = known instanceof Set ? known.size : 1;
      a.pairs = addDistinct(known, p.pair);
      if ((a.pairs instanceof Set ? a.pairs.size : 1) > size) a.members += p.weight ?? 1;
      a.policy ||= p.policy;
      a.mismatch = pickMismatch(a.mismatch, p.mismatch);
    }
    if (p.observed) {
      const o = (a.observed ??= { flows: 0, verdicts: {}, ports: emptyPortSet });
      o.flows += p.observed.flows;
      addVerdicts(o.verdicts, p.observed.verdicts);
      o.ports = union(o.ports, p.observed.ports);
    }
    if (p.flowKeys.length > 0) (a.flowKeys ??= []).push(...p.flowKeys);
  }

  // Edges of one decision share their lists and port sets: dedupe and format each once.
  const rulesOf = new Map<readonly RuleRef[], RuleRef[]>();
  const nearMissesOf = new Map<readonly NearMiss[], NearMiss[]>();
  const texts = new Map<PortSet, string>();
  const textOf = (ports: PortSet): string => {
    let t = texts.get(ports);
    if (t === undefined) texts.set(ports, (t = portsText(ports)));
    return t;
  };
  const merged = <T extends object>(lists: Distinct<readonly T[]>, cache: Map<readonly T[], T[]>, dedupe: (list: readonly T[]) => T[]): T[] => {
    if (lists instanceof Set) return dedupe([...lists].flat());
    let out = cache.get(lists);
    if (out === undefined) cache.set(lists, (out = dedupe(lists)));
    return out;
  };

  return accs
    .map((a) => ({ id: edgeId(a.source, a.target, a.verdict), a }))
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .map(({ id, a }) => ({
      id,
      source: a.source,
      target: a.target,
      verdict: a.verdict,
      ports: a.ports,
      portsText: textOf(a.ports),
      rules: merged(a.ruleLists, rulesOf, dedupeRules),
      nearMisses: merged(a.nearMissLists, nearMissesOf, dedupeNearMisses),
      policy: a.policy,
      observed: a.observed ? { flows: a.observed.flows, verdicts: a.observed.verdicts, ports: portsText(a.observed.ports) } : null,
      mismatch: a.mismatch,
      flowKeys: a.flowKeys === null ? [] : [...new Set(a.flowKeys)].sort(),
      members: a.members,
    }));
}
