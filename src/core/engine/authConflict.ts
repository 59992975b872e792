/**
 * Allow items that Cilium cannot merge: the same peer selector on the same port and protocol of
 * one endpoint and direction, with different `authentication.mode`s. Cilium puts them in one
 * L4 filter under one cached selector and fails, "cannot merge conflicting authentication types"
 * (pkg/policy/rule.go `mergePortProto`; read at cilium/cilium v1.20.0-pre.4 2efb257c8533 as
 * vendored by cilium/cilium-cli, the same check in the older `l7Rules.Authentication` form), so
 * the endpoint's policy is not computed: its regeneration fails and it keeps the policy it had.
 * Different selectors that select the same identity are no conflict: their keys layer
 * (authLayering.ts).
 * @internal
 */
import type { Entry, Peer, PortRule } from '../model/policy.ts';
import type { FlowL4 } from './l4Match.ts';
import type { RuleRef } from './types.ts';
import type { EngineModel } from './compile.ts';

export interface MatchedAllow {
  readonly ref: RuleRef;
  readonly entry: Entry;
  /** Path of the peer item that matched; null for an item without peers. */
  readonly peerPath: string | null;
  /** The entry's port rules that matched the flow; empty for an item without ports. */
  readonly portRules: readonly PortRule[];
}

/**
 * The selector-cache selectors a reserved entity stands for (pkg/policy/api/entity.go
 * `EntitySelectorMapping`, `InitEntities`; v1.20.0-pre.4 as above): `cluster` holds `host`,
 * `remote-node`… so an item on `cluster` and one on `host` share the host selector.
 */
function entitySelectors(entity: string): string[] {
  const cluster = ['host', 'remote-node', 'init', 'ingress', 'health', 'unmanaged', 'kube-apiserver'].map((e) => `reserved:${e}`);
  switch (entity) {
    case 'all':
      return ['wildcard'];
    case 'world':
      return ['reserved:world', 'reserved:world-ipv4', 'reserved:world-ipv6'];
    case 'cluster':
      return [...cluster, 'cluster-label'];
    case 'cluster-mesh':
      return [...cluster, 'cluster-label-exists'];
    default:
      return [`reserved:${entity}`];
  }
}

/**
 * Cilium's cached selectors of a peer item (null: the item without peers): same text, same
 * selector. Empty when the peer is not one the conflict check knows how to key.
 */
export function selectorKeys(entry: Entry, peerPath: string | null): readonly string[] {
  if (peerPath === null) return ['wildcard'];
  const peer: Peer | undefined = entry.peers.kind === 'list' ? entry.peers.items.find((p) => p.path === peerPath) : undefined;
  if (peer === undefined) return [];
  switch (peer.kind) {
    case 'endpoints':
    case 'nodes':
      return [`${peer.kind}:${JSON.stringify([...peer.selector.requirements].map((r) => [r.source, r.key, r.operator, [...r.values].sort()]).sort())}`];
    case 'entity':
      return entitySelectors(peer.entity);
    case 'cidr':
      return [`cidr:${peer.cidr.text}-${peer.except.map((x) => x.text).join(',')}`];
    default:
      return [];
  }
}

/** A selector both lists hold, or undefined. */
export function sharedSelector(a: readonly string[], b: readonly string[]): string | undefined {
  return a.find((k) => b.includes(k));
}

/** The L4 filters (protocol, port, end port) of the matched ports that hold the flow's port. */
function filterKeys(m: MatchedAllow, flow: FlowL4): string[] {
  if (m.portRules.length === 0) return m.entry.ports.length === 0 && m.entry.icmps.length === 0 ? ['0/ANY'] : [];
  const keys: string[] = [];
  for (const pr of m.portRules)
    for (const pp of pr.ports) {
      if (pp.protocol !== flow.proto && pp.protocol !== 'ANY') continue;
      const holds =
        pp.port === 0 ||
        (typeof pp.port === 'string' ? pp.port.toLowerCase() === flow.portName?.toLowerCase() : flow.port !== null && flow.port >= pp.port && flow.port <= (pp.endPort ?? pp.port));
      if (holds) keys.push(`${pp.port}-${pp.endPort ?? ''}/${flow.proto}`);
    }
  return keys;
}

/** One note per conflicting pair of matched allow items (none when all modes agree). */
export function authConflictNotes(allows: readonly MatchedAllow[], flow: FlowL4, subject: string, dir: string, formatRuleRef: (r: RuleRef) => string): string[] {
  const notes: string[] = [];
  const withMode = allows.filter((m) => m.entry.authMode !== undefined);
  for (let i = 0; i < withMode.length; i++)
    for (let j = i + 1; j < withMode.length; j++) {
      const a = withMode[i] as MatchedAllow;
      const b = withMode[j] as MatchedAllow;
      if (a.entry.authMode === b.entry.authMode) continue;
      if (sharedSelector(selectorKeys(a.entry, a.peerPath), selectorKeys(b.entry, b.peerPath)) === undefined) continue;
      const shared = filterKeys(a, flow).find((k) => filterKeys(b, flow).includes(k));
      if (shared === undefined) continue;
      notes.push(
        `${formatRuleRef(a.ref)} (authentication.mode ${a.entry.authMode}) and ${formatRuleRef(b.ref)} (mode ${b.entry.authMode}) allow the same peers with the same selector on ${shared === '0/ANY' ? 'every port' : shared.replace(/-\//, '/')}: Cilium cannot merge them ("cannot merge conflicting authentication types", pkg/policy/rule.go), so it cannot compute the ${dir} policy of ${subject}: its regeneration fails and it keeps the policy it had (a new endpoint has none until this is fixed). The verdict here layers the two modes as if they were merged; give both items the same mode`,
      );
    }
  return notes;
}

/** Two allow items of one endpoint's rules that Cilium cannot merge for their authentication modes. */
export interface AuthModeConflict {
  readonly first: RuleRef;
  readonly second: RuleRef;
  readonly modes: readonly [string, string];
  readonly direction: string;
  /** The L4 filter both make: `80-/TCP`, `0/ANY` (every port). */
  readonly filter: string;
}

/**
 * The L4 filters an allow item makes, keyed as Cilium keys them (port or port name, end port,
 * protocol; `ANY` is one filter per protocol, pkg/policy/rule.go; an item without ports is the
 * wildcard filter 0/ANY; ICMP items left out). Also the lint rule auth-mode-conflict's.
 */
export function itemFilterKeys(entry: Entry): string[] {
  if (entry.ports.length === 0) return entry.icmps.length === 0 ? ['0/ANY'] : [];
  const keys: string[] = [];
  for (const pr of entry.ports)
    for (const pp of pr.ports)
      for (const proto of pp.protocol === 'ANY' ? ['TCP', 'UDP', 'SCTP'] : [pp.protocol]) keys.push(`${typeof pp.port === 'string' ? pp.port.toLowerCase() : pp.port}-${pp.endPort ?? ''}/${proto}`);
  return keys;
}

/**
 * The pairs of allow items among the rules selecting one endpoint (`ruleIdx`) with different
 * written `authentication.mode`s on one direction, L4 filter and peer selector: mergePortProto's
 * "cannot merge conflicting authentication types" (pkg/policy/rule.go), which fails the whole
 * endpoint's policy computation as a parser conflict does (l7Conflict.ts). Cached per rule list.
 */
export function authModeConflicts(model: EngineModel, ruleIdx: readonly number[]): readonly AuthModeConflict[] {
  let found = authCache.get(ruleIdx);
  if (found === undefined) authCache.set(ruleIdx, (found = findAuthModeConflicts(model, ruleIdx)));
  return found;
}

const authCache = new WeakMap<readonly number[], readonly AuthModeConflict[]>();

function findAuthModeConflicts(model: EngineModel, ruleIdx: readonly number[]): AuthModeConflict[] {
  const items: { ref: RuleRef; entry: Entry; mode: string; keys: readonly string[]; filters: string[] }[] = [];
  for (const i of ruleIdx) {
    const rule = model.rules[i];
    if (!rule) continue;
    for (const entry of [...rule.ingress, ...rule.egress]) {
      if (entry.authMode === undefined || entry.peers.kind === 'none') continue;
      const keys = entry.peers.kind === 'list' ? entry.peers.items.flatMap((p) => selectorKeys(entry, p.path)) : selectorKeys(entry, null);
      items.push({ ref: { kind: rule.policy.kind, namespace: rule.policy.namespace, name: rule.policy.name, path: entry.path }, entry, mode: entry.authMode, keys, filters: itemFilterKeys(entry) });
    }
  }
  const out: AuthModeConflict[] = [];
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i] as (typeof items)[number];
      const b = items[j] as (typeof items)[number];
      if (a.mode === b.mode || a.entry.direction !== b.entry.direction) continue;
      const filter = a.filters.find((k) => b.filters.includes(k));
      if (filter === undefined || sharedSelector(a.keys, b.keys) === undefined) continue;
      out.push({ first: a.ref, second: b.ref, modes: [a.mode, b.mode], direction: a.entry.direction, filter });
    }
  return out;
}
