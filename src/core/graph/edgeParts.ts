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
}

export interface ObservedPart {
  readonly flows: number;
  readonly verdicts: Readonly<Partial<Record<Verdict, number>>>;
  readonly ports: PortSet;
}

export function edgeId(source: string, target: string, verdict: EdgeVerdict): string {
  return `e:${source}|${target}|${verdict}`;
}

function ruleKey(r: RuleRef): string {
  return `${r.kind}/${r.namespace ?? ''}/${r.name}/${r.path}`;
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

/** Merges parts per (source, target, verdict) into graph edges, sorted by id. */
export function mergeParts(parts: readonly EdgePart[]): GraphEdge[] {
  interface Acc {
    source: string;
    target: string;
    verdict: EdgeVerdict;
    ports: PortSet;
    rules: RuleRef[];
    nearMisses: NearMiss[];
    policy: boolean;
    flows: number;
    verdicts: Partial<Record<Verdict, number>>;
    observedPorts: PortSet;
    observed: boolean;
    mismatch: MismatchClass | null;
    flowKeys: string[];
    pairs: Set<string>;
  }
  const acc = new Map<string, Acc>();
  for (const p of parts) {
    const id = edgeId(p.source, p.target, p.verdict);
    let a = acc.get(id);
    if (!a) {
      a = {
        source: p.source,
        target: p.target,
        verdict: p.verdict,
        ports: emptyPortSet,
        rules: [],
        nearMisses: [],
        policy: false,
        flows: 0,
        verdicts: {},
        observedPorts: emptyPortSet,
        observed: false,
        mismatch: null,
        flowKeys: [],
        pairs: new Set(),
      };
      acc.set(id, a);
    }
    a.ports = union(a.ports, p.ports);
    a.rules.push(...p.rules);
    a.nearMisses.push(...p.nearMisses);
    a.policy ||= p.policy;
    if (p.observed) {
      a.observed = true;
      a.flows += p.observed.flows;
      addVerdicts(a.verdicts, p.observed.verdicts);
      a.observedPorts = union(a.observedPorts, p.observed.ports);
    }
    a.mismatch = pickMismatch(a.mismatch, p.mismatch);
    a.flowKeys.push(...p.flowKeys);
    a.pairs.add(p.pair);
  }
  return [...acc.entries()]
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([id, a]) => ({
      id,
      source: a.source,
      target: a.target,
      verdict: a.verdict,
      ports: a.ports,
      portsText: portsText(a.ports),
      rules: dedupeRules(a.rules),
      nearMisses: dedupeNearMisses(a.nearMisses),
      policy: a.policy,
      observed: a.observed ? { flows: a.flows, verdicts: a.verdicts, ports: portsText(a.observedPorts) } : null,
      mismatch: a.mismatch,
      flowKeys: [...new Set(a.flowKeys)].sort(),
      members: a.pairs.size,
    }));
}
