/**
 * compile(cluster, settings): everything the engine precomputes once per loaded cluster —
 * identities, which rules select each identity, address and node lookups — so that decide()
 * and connectivity() stay fast on big clusters.
 * @public
 */
import type { Cluster, ContainerPort, Identity, IdentityKey, Node, Pod } from '../model/cluster.ts';
import type { LabelSet } from '../model/labels.ts';
import type { Direction, DnsRule, Rule } from '../model/policy.ts';
import { selectorMatches } from '../model/selector.ts';
import { computeIdentities, type IdentityTable } from '../identity/identities.ts';
import { buildLabelIndex, selectIndices, type LabelIndex } from './labelIndex.ts';
import { defaultSettings, type EngineSettings, type IpFamilies } from './types.ts';
import type { AddressRange } from './party.ts';
import { parseCidr, parseIp, type Cidr } from '../net/cidr.ts';

export interface EngineModel {
  readonly settings: EngineSettings;
  readonly cluster: Cluster;
  readonly identityTable: IdentityTable;
  /** Identities in a fixed order; engine-internal indices point into this list. */
  readonly identities: readonly Identity[];
  readonly identityIndex: ReadonlyMap<IdentityKey, number>;
  /** Container ports of the workloads/pods of each identity (named ports resolve on these). */
  readonly identityPorts: readonly (readonly ContainerPort[])[];
  readonly labelIndex: LabelIndex;
  /** Every rule of every policy, flattened. */
  readonly rules: readonly Rule[];
  /** Per identity: indices of endpoint rules whose subject selects it. */
  readonly subjectRules: readonly (readonly number[])[];
  /** Indices of host-policy rules (`nodeSelector`). */
  readonly nodeRules: readonly number[];
  readonly nodes: ReadonlyMap<string, Node>;
  /** Node address → node name (Node objects and pods' hostIP). */
  readonly nodeByIp: ReadonlyMap<string, string>;
  readonly podByIp: ReadonlyMap<string, Pod>;
  /**
   * With policy-cidr-match-mode=pods only: per identity, the addresses of each of its pods, and
   * every non-zero prefix the policies name (peerMatch.ts cidrSelectsPod).
   */
  readonly podAddresses?: readonly (readonly AddressRange[])[][];
  readonly policyPrefixes?: readonly Cidr[];
}

export function hasEntries(rule: Rule, dir: Direction): boolean {
  return dir === 'ingress' ? rule.ingress.length + rule.ingressDeny.length > 0 : rule.egress.length + rule.egressDeny.length > 0;
}

/**
 * The settings the cluster itself carries (cilium-config, the cilium DaemonSet's version): the
 * defaults for this cluster, under any setting given explicitly.
 */
export function clusterSettings(cluster: Cluster): Partial<EngineSettings> {
  const c = cluster.agentConfig;
  if (!c) return {};
  return {
    ...(c.enforcementMode ? { enforcementMode: c.enforcementMode } : {}),
    ...(c.allowLocalhost ? { allowLocalhost: c.allowLocalhost } : {}),
    ...(c.ciliumVersion ? { ciliumVersion: c.ciliumVersion } : {}),
    ...(c.policyCidrMatchMode ? { policyCidrMatchMode: c.policyCidrMatchMode } : {}),
    ...(c.auditMode !== undefined ? { auditMode: c.auditMode } : {}),
    // Cilium 1.20 watches ClusterNetworkPolicy only when cilium-config turns it on (default off).
    ...(c.clusterNetworkPolicy !== undefined ? { clusterNetworkPolicy: c.clusterNetworkPolicy } : c.fromConfigMap ? { clusterNetworkPolicy: false } : {}),
    ...(c.enableIPv4 !== undefined || c.enableIPv6 !== undefined ? { ipFamilies: familiesOf(c.enableIPv4 ?? true, c.enableIPv6 ?? true) } : {}),
    ...(c.tiersAs ? { tiersAs: c.tiersAs } : {}),
  };
}

/** Per identity the addresses of each of its pods; every non-zero prefix a rule or CIDR group names (excepts too: pkg/policy/types GetCIDRPrefixes). */
function podsModeTables(cluster: Cluster, table: IdentityTable, index: ReadonlyMap<IdentityKey, number>, rules: readonly Rule[]): Pick<EngineModel, 'podAddresses' | 'policyPrefixes'> {
  const podAddresses: AddressRange[][][] = table.identities.map(() => []);
  for (const p of cluster.pods) {
    if (p.hostNetwork) continue;
    const key = table.byPod.get(`${p.namespace}/${p.name}`);
    const i = key !== undefined ? index.get(key) : undefined;
    if (i === undefined) continue;
    const addrs = p.ips.map((ip) => parseIp(ip)).filter((a): a is NonNullable<typeof a> => a !== null).map((a) => ({ family: a.family, lo: a.value, hi: a.value }));
    if (addrs.length > 0) podAddresses[i]?.push(addrs);
  }
  const prefixes: Cidr[] = [];
  for (const r of rules)
    for (const e of [...r.ingress, ...r.ingressDeny, ...r.egress, ...r.egressDeny])
      if (e.peers.kind === 'list')
        for (const p of e.peers.items) {
          if (p.kind === 'cidr') prefixes.push(p.cidr, ...p.except);
          if (p.kind === 'cidrGroup') {
            prefixes.push(...p.except);
            for (const g of cluster.cidrGroups) if (g.name === p.ref) for (const c of g.cidrs) { const x = parseCidr(c); if (x) prefixes.push(x); }
          }
        }
  return { podAddresses, policyPrefixes: prefixes.filter((c) => c.bits > 0) };
}

/** Both families enabled is dual stack; neither (the agent refuses to start) reads as IPv4. */
function familiesOf(v4: boolean, v6: boolean): IpFamilies {
  return v4 && v6 ? 'dual' : v6 ? 'ipv6' : 'ipv4';
}

/**
 * The address families of a cluster whose cilium-config does not say (`enable-ipv4` /
 * `enable-ipv6`, pkg/defaults/defaults.go: both true, the Helm chart writes both): those of its
 * pods' and endpoints' addresses (`seen`, as `compileInSteps` walks them); IPv4 when none is known
 * (the chart's default).
 */
function inferredFamilies(seen: { readonly v4: boolean; readonly v6: boolean }): IpFamilies {
  return familiesOf(seen.v4 || !seen.v6, seen.v6);
}

export function compile(cluster: Cluster, settings: Partial<EngineSettings> = {}): EngineModel {
  const steps = compileInSteps(cluster, settings);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Rules matched against the identities between two yields of `compileInSteps`. */
const RULES_PER_STEP = 256;

/**
 * `compile` in steps: yields how far it got (0 to 1) after the identities, after the lookups
 * built from them, and every few rules matched, so a caller (the what-if worker) can stop a
 * long compile between them.
 */
export function* compileInSteps(cluster: Cluster, settings: Partial<EngineSettings> = {}): Generator<number, EngineModel> {
  const given: EngineSettings = { ...defaultSettings, ...clusterSettings(cluster), ...withoutUndefined(settings) };
  const identityTable = computeIdentities(cluster);
  yield 0.3;
  const identities = identityTable.identities;
  const identityIndex = new Map(identities.map((id, i) => [id.key, i]));
  const sets: LabelSet[] = identities.map((i) => i.labels);
  const labelIndex = buildLabelIndex(sets);

  // One walk over the pods (40,000 at 20k workloads, each walk a read of that much memory):
  // container ports per workload, the nodes' and pods' addresses, the address families.
  const nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
  const nodeByIp = new Map<string, string>();
  for (const n of cluster.nodes) for (const ip of n.ips) nodeByIp.set(ip, n.name);
  const podByIp = new Map<string, Pod>();
  const seen = { v4: false, v6: false };
  const see = (ip: string): void => {
    if (ip.includes(':')) seen.v6 = true;
    else seen.v4 = true;
  };
  const portsByWorkload = new Map<string, ContainerPort[]>();
  for (const w of cluster.workloads) portsByWorkload.set(w.key, [...w.ports]);
  for (const p of cluster.pods) {
    let list = portsByWorkload.get(p.workload);
    if (list === undefined) portsByWorkload.set(p.workload, (list = []));
    for (const cp of p.ports) if (!list.some((x) => x.port === cp.port && x.protocol === cp.protocol && x.name === cp.name)) list.push(cp);
    if (p.hostIP && p.nodeName && !nodeByIp.has(p.hostIP)) nodeByIp.set(p.hostIP, p.nodeName);
    if (p.hostNetwork) continue;
    for (const ip of p.ips) {
      podByIp.set(ip, p);
      see(ip);
    }
  }
  for (const e of cluster.endpoints) e.ips.forEach(see);
  const full: EngineSettings = given.ipFamilies ? given : { ...given, ipFamilies: inferredFamilies(seen) };
  const identityPorts = identities.map((id) => {
    const out: ContainerPort[] = [];
    for (const w of id.workloads) for (const cp of portsByWorkload.get(w) ?? []) if (!out.includes(cp)) out.push(cp);
    return out;
  });
  yield 0.5;

  const rules: Rule[] = cluster.policies.flatMap((p) => p.rules);
  const subjectLists: number[][] = identities.map(() => []);
  const nodeRules: number[] = [];
  for (let ri = 0; ri < rules.length; ri++) {
    if (ri % RULES_PER_STEP === RULES_PER_STEP - 1) yield 0.5 + (0.4 * ri) / rules.length;
    const rule = rules[ri] as Rule;
    if (rule.subject.kind === 'nodes') {
      nodeRules.push(ri);
      continue;
    }
    for (const i of selectIndices(labelIndex, sets, rule.subject.selector)) (subjectLists[i] as number[]).push(ri);
  }
  yield 0.9;

  const pods = full.policyCidrMatchMode === 'pods' || full.policyCidrMatchMode === 'nodes,pods' ? podsModeTables(cluster, identityTable, identityIndex, rules) : {};
  return {
    ...pods,
    settings: full,
    cluster,
    identityTable,
    identities,
    identityIndex,
    identityPorts,
    labelIndex,
    rules,
    subjectRules: subjectLists,
    nodeRules,
    nodes,
    nodeByIp,
    podByIp,
  };
}

/**
 * The model of `cluster` when it differs from `base.cluster` in its policies only (a what-if
 * draft, or a version gap's policy applied): the same as `compile(cluster, base.settings)`, but the inventory's identities, indexes
 * and lookups are `base`'s own objects, and only the rules not in `base` (by object: a draft's
 * new or edited policies) are matched against the identities. Null when anything but
 * `policies`/`tierPolicies`/`versionGaps` differs, so the caller compiles in full.
 */
export function recompile(base: EngineModel, cluster: Cluster): EngineModel | null {
  const before = base.cluster as unknown as Record<string, unknown>;
  const after = cluster as unknown as Record<string, unknown>;
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)]))
    if (k !== 'policies' && k !== 'tierPolicies' && k !== 'versionGaps' && before[k] !== after[k]) return null;
  // Identities each loaded rule selects, from the loaded per-identity lists.
  const selected = new Map<Rule, number[]>();
  base.subjectRules.forEach((list, i) => {
    for (const ri of list) {
      const r = base.rules[ri] as Rule;
      const ids = selected.get(r);
      if (ids) ids.push(i);
      else selected.set(r, [i]);
    }
  });
  const sets: LabelSet[] = base.identities.map((i) => i.labels);
  const rules: Rule[] = cluster.policies.flatMap((p) => p.rules);
  const subjectLists: number[][] = base.identities.map(() => []);
  const nodeRules: number[] = [];
  const known = new Set(base.rules);
  rules.forEach((rule, ri) => {
    if (rule.subject.kind === 'nodes') {
      nodeRules.push(ri);
      return;
    }
    const ids = known.has(rule) ? (selected.get(rule) ?? []) : selectIndices(base.labelIndex, sets, rule.subject.selector);
    for (const i of ids) (subjectLists[i] as number[]).push(ri);
  });
  const prefixes = base.podAddresses ? { policyPrefixes: podsModeTables(cluster, base.identityTable, base.identityIndex, rules).policyPrefixes } : {};
  return { ...base, cluster, rules, subjectRules: subjectLists, nodeRules, ...prefixes };
}

/** Memo tables hung off a model (plain Maps; rebuilt lazily after structured clone). */
interface CompileCache {
  readonly dns: Map<string, readonly DnsRule[]>;
}
const caches = new WeakMap<EngineModel, CompileCache>();
export function compileCache(model: EngineModel): CompileCache {
  let c = caches.get(model);
  if (!c) caches.set(model, (c = { dns: new Map() }));
  return c;
}

/** Rules whose endpoint subject selects a label set (for identities not in the model). */
export function rulesSelectingLabels(model: EngineModel, labels: LabelSet): number[] {
  const out: number[] = [];
  model.rules.forEach((r, i) => {
    if (r.subject.kind === 'endpoints' && selectorMatches(r.subject.selector, labels)) out.push(i);
  });
  return out;
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
