/**
 * Customer view: the graph as one tenant may see it. This is a security boundary, so it is a
 * graph-model step (ViewState.customerTenant): canvas, panels, exports and the CLI render all
 * draw the redacted model and cannot forget to redact.
 *
 * - The tenant's own workloads keep their names, ids, namespaces and deciding rules.
 * - Every other tenant becomes one anonymous node, `other tenants` (OTHERS_GROUP): no names,
 *   namespaces, counts or ids of theirs survive.
 * - Platform workloads become generic nodes (`ingress proxy`, `DNS`, `platform service`) in a
 *   `platform services` box; their names and namespaces do not appear.
 * - Only edges with one end in the tenant are drawn; outside peers only when such an edge
 *   reaches them. A CIDR or FQDN node that only another tenant's policy names is shown as an
 *   anonymous `outside range` / `outside name`.
 * - Rules of other tenants' (and platform namespaces') policies become generic references;
 *   near misses that are not the tenant's own are dropped; flow keys (which name pods) are dropped.
 * @public
 */
import type { NearMiss, RuleRef } from '../engine/types.ts';
import type { Cluster } from '../model/cluster.ts';
import type { EdgePart } from './edgeParts.ts';
import { OTHERS_GROUP, PLATFORM_GROUP, tenantGroupId, type Grouping } from './grouping.ts';
import { buildOutsideCatalog, type OutsideNode } from './outside.ts';
import type { LeafNode, Registry } from './registry.ts';

export { OTHERS_GROUP };

/** The one node standing for every other tenant (a group drawn collapsed). */
const OTHERS_LEAF = 'x:others';
/** Pseudo namespaces holding the redacted leaves (never a real namespace name: `~` is not allowed in one). */
export const PLATFORM_NS = '~platform';
const OTHERS_NS = '~others';
export const PLATFORM_NS_LABEL = 'platform services';

export const HIDDEN_RANGE_ID = 'o:hidden:range';
export const HIDDEN_NAME_ID = 'o:hidden:name';

type PlatformRole = 'dns' | 'ingress' | 'service';
const PLATFORM_NODES: Readonly<Record<PlatformRole, { readonly id: string; readonly label: string }>> = {
  dns: { id: 'p:dns', label: 'DNS' },
  ingress: { id: 'p:ingress-proxy', label: 'ingress proxy' },
  service: { id: 'p:platform-service', label: 'platform service' },
};

const OTHERS_LABEL = 'other tenants';
const HIDDEN_RANGE_LABEL = 'outside range';
const HIDDEN_NAME_LABEL = 'outside name';
export const OTHER_POLICY_LABEL = "another tenant's policy";
export const PLATFORM_POLICY_LABEL = 'platform policy';

/** Every label the redaction writes in place of a name (the leak check knows them as output words). */
export const PLACEHOLDER_LABELS: readonly string[] = [
  OTHERS_LABEL,
  PLATFORM_NS_LABEL,
  ...Object.values(PLATFORM_NODES).map((p) => p.label),
  HIDDEN_RANGE_LABEL,
  HIDDEN_NAME_LABEL,
  OTHER_POLICY_LABEL,
  PLATFORM_POLICY_LABEL,
];

const INGRESS_NAME = /(^|[-_.])(ingress|envoy|nginx|traefik|haproxy|gateway|contour)([-_.]|$)/i;

function platformRole(leaf: LeafNode): PlatformRole {
  if (leaf.dns) return 'dns';
  if (INGRESS_NAME.test(leaf.label) || (leaf.namespace !== null && INGRESS_NAME.test(leaf.namespace))) return 'ingress';
  return 'service';
}

export interface RedactInput {
  readonly cluster: Cluster;
  readonly grouping: Grouping;
  readonly reg: Registry;
  /** Tenant name (the grouping label's value) the view is for. */
  readonly tenant: string;
  readonly parts: readonly EdgePart[];
  readonly stubs: readonly (OutsideNode & { readonly of: string })[];
}

export interface Redacted {
  readonly parts: EdgePart[];
  readonly stubs: (OutsideNode & { readonly of: string })[];
  /** In-cluster leaves to draw, by id. */
  readonly leaves: Map<string, LeafNode>;
  /** Outside nodes to draw (only those an edge reaches). */
  readonly outside: OutsideNode[];
  /** Groups always drawn collapsed. */
  readonly collapsed: readonly string[];
  /** Display label of a (pseudo) namespace. */
  namespaceLabel(ns: string): string;
  /** Workloads shown in a group's count (0 for other tenants: their size is not the customer's business). */
  workloadCount(group: string, count: number): number;
}

/** Lower-cased names that belong to other tenants: their tenant names and namespace names. */
function otherTokens(cluster: Cluster, grouping: Grouping, own: string): string[] {
  const out = new Set<string>();
  for (const ns of cluster.namespaces.keys()) {
    const g = grouping.groupOf(ns);
    if (g === own || g === PLATFORM_GROUP) continue;
    out.add(ns.toLowerCase());
    out.add(g.slice(4).toLowerCase());
  }
  // Very short names would match inside unrelated words; they are caught by the id mapping instead.
  return [...out].filter((t) => t.length >= 3).sort();
}

export function redactForCustomer(input: RedactInput): Redacted {
  const { cluster, grouping, reg, tenant } = input;
  const own = tenantGroupId(tenant);
  const tokens = otherTokens(cluster, grouping, own);
  const mentionsOther = (text: string): boolean => {
    const t = text.toLowerCase();
    return tokens.some((k) => t.includes(k));
  };
  const ownNamespaces = new Set([...cluster.namespaces.keys()].filter((ns) => grouping.groupOf(ns) === own));
  const isPlatformNs = (ns: string): boolean => grouping.groupOf(ns) === PLATFORM_GROUP;

  // Leaves: own kept, platform generic, others one node.
  const leafMap = new Map<string, LeafNode>();
  const mapped = new Map<string, LeafNode>();
  for (const leaf of reg.leaves.values()) {
    if (leaf.group === own) {
      mapped.set(leaf.id, leaf);
    } else if (leaf.group === PLATFORM_GROUP) {
      const role = platformRole(leaf);
      const p = PLATFORM_NODES[role];
      mapped.set(leaf.id, { id: p.id, kind: 'workload', label: p.label, group: PLATFORM_GROUP, namespace: PLATFORM_NS, workload: null, dns: role === 'dns' });
    } else {
      mapped.set(leaf.id, { id: OTHERS_LEAF, kind: 'workload', label: OTHERS_LABEL, group: OTHERS_GROUP, namespace: OTHERS_NS, workload: null, dns: false });
    }
  }

  // Outside nodes a policy of another tenant names, and no policy the customer may see.
  const visiblePolicies = cluster.policies.filter((p) => (p.ref.namespace === null ? !mentionsOther(p.ref.name) : ownNamespaces.has(p.ref.namespace) || isPlatformNs(p.ref.namespace)));
  const everyNamed = buildOutsideCatalog(cluster).nodes;
  const visibleNamed = buildOutsideCatalog({ ...cluster, policies: visiblePolicies }).nodes;
  const outsideById = new Map<string, OutsideNode>(reg.outside.nodes);
  const hiddenOutside = (id: string): string | null => {
    const n = outsideById.get(id);
    if (n === undefined || (n.kind !== 'cidr' && n.kind !== 'fqdn')) return null;
    if (!everyNamed.has(id) || visibleNamed.has(id)) return mentionsOther(n.label) ? (n.kind === 'cidr' ? HIDDEN_RANGE_ID : HIDDEN_NAME_ID) : null;
    return n.kind === 'cidr' ? HIDDEN_RANGE_ID : HIDDEN_NAME_ID;
  };
  const stubOf = new Map(input.stubs.map((s) => [s.id, s]));
  const mapId = (id: string): string => {
    const leaf = mapped.get(id);
    if (leaf) return leaf.id;
    const stub = stubOf.get(id);
    if (stub) {
      const base = hiddenOutside(stub.of);
      return base === null ? id : `${base}${id.slice(stub.of.length)}`;
    }
    return hiddenOutside(id) ?? id;
  };
  const isOwn = (id: string): boolean => mapped.get(id)?.group === own;

  const rule = (r: RuleRef): RuleRef => {
    if (r.namespace === null ? !mentionsOther(r.name) : ownNamespaces.has(r.namespace)) return r;
    const name = r.namespace !== null && isPlatformNs(r.namespace) ? PLATFORM_POLICY_LABEL : OTHER_POLICY_LABEL;
    return { kind: r.kind, namespace: null, name, path: '' };
  };
  const nearMissVisible = (n: NearMiss): boolean => (n.rule.namespace === null || ownNamespaces.has(n.rule.namespace)) && !mentionsOther(n.text) && !mentionsOther(n.rule.name);

  const parts: EdgePart[] = [];
  const touched = new Set<string>();
  for (const p of input.parts) {
    if (!isOwn(p.source) && !isOwn(p.target)) continue;
    const source = mapId(p.source);
    const target = mapId(p.target);
    if (source === target && (source !== p.source || target !== p.target)) continue;
    touched.add(source);
    touched.add(target);
    parts.push({
      ...p,
      source,
      target,
      rules: p.rules.map(rule),
      nearMisses: p.nearMisses.filter(nearMissVisible),
      // Flow keys name the pods on both ends; the customer view has no flows table to feed.
      flowKeys: [],
      pair: source === p.source && target === p.target ? p.pair : `${source}|${target}`,
    });
  }

  for (const leaf of mapped.values()) {
    if (leaf.group === own || touched.has(leaf.id) || leaf.id === OTHERS_LEAF) leafMap.set(leaf.id, leaf);
  }
  const hiddenNode = (id: string, kind: 'cidr' | 'fqdn'): OutsideNode => ({ id, kind, label: kind === 'cidr' ? HIDDEN_RANGE_LABEL : HIDDEN_NAME_LABEL });
  const outside: OutsideNode[] = [];
  for (const n of reg.outside.nodes.values()) {
    if (!touched.has(n.id)) continue;
    outside.push(n);
  }
  for (const id of [HIDDEN_RANGE_ID, HIDDEN_NAME_ID]) if (touched.has(id)) outside.push(hiddenNode(id, id === HIDDEN_RANGE_ID ? 'cidr' : 'fqdn'));
  const stubs = new Map<string, OutsideNode & { of: string }>();
  for (const s of input.stubs) {
    const id = mapId(s.id);
    if (!touched.has(id) || stubs.has(id)) continue;
    const of = mapId(s.of);
    const base = of === s.of ? null : hiddenNode(of, of === HIDDEN_RANGE_ID ? 'cidr' : 'fqdn').label;
    stubs.set(id, { id, kind: s.kind, label: base === null ? s.label : `${base}${s.label.slice((outsideById.get(s.of)?.label ?? '').length)}`, of });
  }

  return {
    parts,
    stubs: [...stubs.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    leaves: leafMap,
    outside,
    collapsed: [OTHERS_GROUP],
    namespaceLabel: (ns) => (ns === PLATFORM_NS ? PLATFORM_NS_LABEL : ns === OTHERS_NS ? OTHERS_LABEL : ns),
    workloadCount: (group, count) => (group === OTHERS_GROUP ? 0 : count),
  };
}
