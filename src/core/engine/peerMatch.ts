/**
 * Does an entry's peer part (L3) select a party? Semantics reference B.2, B.5.1, A.6, A.7, A.8.
 * Returns why not when the miss is worth explaining (near misses).
 * @internal
 */
import type { CidrGroup, Service } from '../model/cluster.ts';
import type { DnsRule, Entity, EntryPeers, Peer } from '../model/policy.ts';
import { selectorMatches, formatSelector } from '../model/selector.ts';
import { parseCidr, cidrEnd, type Cidr } from '../net/cidr.ts';
import { assertNever } from '../util/assertNever.ts';
import { formatFqdnSelector, matchesFqdnSelector, multiLevelPatterns } from './fqdnMatch.ts';
import type { AddressRange, Party } from './party.ts';
import { isWorld } from './party.ts';
import { CLUSTER_LABEL } from '../identity/podIdentity.ts';
import { CILIUM_VERSIONS, type EngineSettings, type IpFamilies, type NearMissWhy } from './types.ts';

export interface MatchEnv {
  readonly clusterName: string;
  readonly settings: EngineSettings;
  readonly cidrGroups: readonly CidrGroup[];
  readonly services: readonly Service[];
  /** DNS L7 rules that intercept the subject's DNS traffic (egress only; B.9). */
  readonly dnsRules: readonly DnsRule[];
  /** The subject's DNS rules left out of dnsRules because their items reach no resolver (subjects.ts dnsRulesOffResolver), for the words of a miss. */
  readonly dnsOffResolver?: { readonly paths: readonly string[]; readonly resolvers: readonly string[] } | null;
  /** EngineModel.podAddresses / policyPrefixes (policy-cidr-match-mode=pods). */
  readonly podAddresses?: readonly (readonly AddressRange[])[][];
  readonly policyPrefixes?: readonly Cidr[];
}

export type PeerMatch =
  | { readonly matched: true; readonly peerPath: string | null }
  | { readonly matched: false; readonly why: NearMissWhy | null; readonly text: string };

const miss = (why: NearMissWhy | null, text: string): PeerMatch => ({ matched: false, why, text });

/**
 * The miss of a caller that reads only `matched` (`peerSelects`): no words are built for it.
 * The connectivity matrix asks every party about every non-selector peer (20,000 pods × each
 * entity, CIDR and FQDN a rule names): building each miss's text was most of that time.
 */
const QUIET_MISS: PeerMatch = { matched: false, why: null, text: '' };

/** The MatchEnv part of policy-cidr-match-mode=pods. */
export function podsEnv(model: { readonly podAddresses?: MatchEnv['podAddresses']; readonly policyPrefixes?: MatchEnv['policyPrefixes'] }): Pick<MatchEnv, 'podAddresses' | 'policyPrefixes'> {
  return model.podAddresses ? { podAddresses: model.podAddresses, policyPrefixes: model.policyPrefixes ?? [] } : {};
}

export function entityMatches(e: Entity, p: Party, clusterName: string, families: IpFamilies = 'ipv4'): boolean {
  switch (e) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'world-ipv4':
    case 'world-ipv6':
      // Only these labels (pkg/policy/api/entity.go, from 1.15). A single-stack cluster gives
      // outside addresses plain reserved:world; a dual-stack one world-ipv4 / world-ipv6 by family
      // (pkg/labels/cidr.go getWorldLabel; AddWorldLabel before 1.19). An outside peer of unknown
      // address may be of either family: not selected.
      return families === 'dual' && isWorld(p) && p.range?.family === (e === 'world-ipv4' ? 4 : 6);
    case 'world':
      return isWorld(p);
    case 'cluster':
      if (p.kind === 'pod') return p.labels.get('io.cilium.k8s.policy.cluster')?.value === clusterName;
      // Every reserved identity but world (pkg/policy/api/entity.go InitEntities), the kube-apiserver
      // label included: an apiserver outside the cluster (world + kube-apiserver) is in `cluster`.
      return p.reserved.some((r) => r !== 'world');
    case 'cluster-mesh':
      // Cilium 1.20 (pkg/policy/api/entity.go EntityClusterMesh): the reserved identities of
      // `cluster` and every endpoint with io.cilium.k8s.policy.cluster, whichever cluster.
      if (p.kind === 'pod') return p.labels.has('io.cilium.k8s.policy.cluster');
      return p.reserved.some((r) => r !== 'world');
    case 'host':
    case 'remote-node':
    case 'kube-apiserver':
    case 'health':
    case 'init':
    case 'ingress':
    case 'unmanaged':
      return p.reserved.includes(e);
    default:
      return assertNever(e, 'entity');
  }
}

/** Whether the party's address (range) lies in `cidr` and outside every `except`. */
function cidrSelects(cidr: Cidr, except: readonly Cidr[], p: Party): 'yes' | 'no' | 'except' | 'unknown' {
  const r = p.range;
  if (!r) {
    // An outside peer without address: only the all-addresses prefix (the world label) is certain.
    return cidr.bits === 0 && except.length === 0 ? 'yes' : 'unknown';
  }
  if (r.family !== cidr.family) return 'no';
  if (r.lo < cidr.base || r.hi > cidrEnd(cidr)) return 'no';
  for (const x of except) if (r.lo >= x.base && r.hi <= cidrEnd(x)) return 'except';
  return 'yes';
}

export const FAMILY_TEXT: Record<IpFamilies, string> = { ipv4: 'an IPv4-only', ipv6: 'an IPv6-only', dual: 'a dual-stack' };

/**
 * Which outside addresses an all-addresses prefix (0.0.0.0/0, ::/0) selects: `all` (it is
 * reserved:world), `family` (reserved:world-ipv4 / -ipv6: the addresses of its family) or
 * `none` (the label of a family the cluster does not run: no identity carries it), and the label.
 * By release (cilium/cilium as vendored by cilium/cilium-cli):
 * - 1.14: reserved:world whatever the family (pkg/policy/api/cidr.go CIDRSlice, `MatchesAll`).
 * - 1.15-1.18 toCIDR, 1.15-1.16 toCIDRSet: the family's world label in a dual-stack cluster;
 *   reserved:world for the enabled family of a single-stack one, and for the other only the
 *   `cidr:0--0/0` label no identity there carries (CIDRSlice.GetAsEndpointSelectors).
 * - 1.17-1.18 toCIDRSet and ipBlock: reserved:world for either family in a single-stack cluster
 *   (CIDRRuleSlice.GetAsEndpointSelectors, v1.17.0-pre.1 to v1.18.0-pre.3 ccb662c).
 * - from 1.19 (pkg/labels/cidr.go getWorldLabel, v1.19.0-pre.4 e6f9d30, v1.20.0-pre.4 2efb257):
 *   0.0.0.0/0 is world-ipv4 where IPv6 is enabled, ::/0 world-ipv6 where IPv4 is, else world.
 */
export function zeroPrefixScope(cidr: Cidr, path: string, settings: EngineSettings): { scope: 'all' | 'family' | 'none'; label: string } {
  const [maj, min] = settings.ciliumVersion.split('.').map(Number);
  const minor = (maj ?? 1) > 1 ? 99 : (min ?? 19);
  const families = settings.ipFamilies ?? 'ipv4';
  const familyLabel = cidr.family === 4 ? 'reserved:world-ipv4' : 'reserved:world-ipv6';
  if (minor < 15) return { scope: 'all', label: 'reserved:world' };
  if (families === 'dual') return { scope: 'family', label: familyLabel };
  const enabled = families === (cidr.family === 4 ? 'ipv4' : 'ipv6');
  // toCIDR/fromCIDR items are CIDRSlice; toCIDRSet, ipBlock and CIDR groups are CIDRRules.
  const ruleForm = !/(?:to|from)CIDR\[\d+\]$/.test(path);
  if (enabled || (ruleForm && minor >= 17 && minor <= 18)) return { scope: 'all', label: 'reserved:world' };
  return { scope: 'none', label: minor >= 19 ? familyLabel : `cidr:${cidr.family === 4 ? '0.0.0.0' : '0--0'}/0` };
}

/**
 * The releases (of CILIUM_VERSIONS) on which `cidr` at `path` has the scope it has on the
 * settings' one, the rest of the settings alike: `1.15 and later`, `1.15-1.16 and 1.19 and later`.
 */
export function zeroPrefixReleases(cidr: Cidr, path: string, settings: EngineSettings): string {
  const scope = zeroPrefixScope(cidr, path, settings).scope;
  const same = CILIUM_VERSIONS.map((v) => zeroPrefixScope(cidr, path, { ...settings, ciliumVersion: v }).scope === scope);
  const runs: string[] = [];
  for (let i = 0; i < same.length; i++) {
    if (!same[i]) continue;
    let j = i;
    while (same[j + 1]) j++;
    const [a, b] = [CILIUM_VERSIONS[i], CILIUM_VERSIONS[j]];
    runs.push(j === same.length - 1 ? `${a} and later` : a === b ? `${a}` : `${a}-${b}`);
    i = j;
  }
  return runs.join(' and ');
}

/** Whether a cluster of these families (unset: IPv4 only, as compile assumes) runs `family`. */
export function runsFamily(families: IpFamilies | undefined, family: 4 | 6): boolean {
  const f = families ?? 'ipv4';
  return f === 'dual' || f === (family === 4 ? 'ipv4' : 'ipv6');
}

/** An all-addresses prefix against an outside party (zeroPrefixScope). */
function zeroPrefixPeer(path: string, cidr: Cidr, except: readonly Cidr[], p: Party, env: MatchEnv): PeerMatch | null {
  const { scope, label } = zeroPrefixScope(cidr, path, env.settings);
  const v = env.settings.ciliumVersion;
  const families = env.settings.ipFamilies ?? 'ipv4';
  if (scope === 'none')
    return miss(
      'peer-not-selected',
      `${cidr.text} (${path}) selects ${label} on Cilium ${v}, which no address of ${FAMILY_TEXT[families]} cluster carries: it selects nothing there on Cilium ${zeroPrefixReleases(cidr, path, env.settings)} (outside addresses there carry reserved:world; pkg/labels/cidr.go, pkg/policy/api/cidr.go)`,
    );
  if (scope === 'family') {
    if (p.range === null)
      return miss(
        'peer-not-selected',
        `in a dual-stack cluster ${cidr.text} (${path}) selects ${label} on Cilium ${zeroPrefixReleases(cidr, path, env.settings)}: the IPv${cidr.family} outside addresses only, and the address of ${p.display} is not known`,
      );
    if (p.range.family !== cidr.family) return miss(null, `${p.display} is not an IPv${cidr.family} address (${cidr.text} selects ${label} in a dual-stack cluster on Cilium ${zeroPrefixReleases(cidr, path, env.settings)})`);
    return null;
  }
  // reserved:world: the outside addresses of the families the cluster runs, the prefix's or not
  // (excepts lie inside the prefix, so in its family); an unknown address may lie in an except.
  if (p.range !== null && p.range.family !== cidr.family) {
    const runs = families === 'dual' || families === (p.range.family === 4 ? 'ipv4' : 'ipv6');
    return runs ? { matched: true, peerPath: path } : miss(null, `${p.display} is an IPv${p.range.family} address, which ${FAMILY_TEXT[families]} cluster has none of`);
  }
  return except.length === 0 ? { matched: true, peerPath: path } : null;
}

const inRange = (r: AddressRange, c: Cidr) => r.family === c.family && r.lo >= c.base && r.hi <= cidrEnd(c);

/**
 * policy-cidr-match-mode=pods (Cilium 1.20): a CIDR selects a pod whose address lies in it and in
 * none of its excepts. pkg/policy/types/selector.go CIDRSelector.Matches (line 518, cilium/cilium
 * v1.20.0-pre.4 2efb257c8533 as vendored by cilium/cilium-cli 7ca7fc53c) admits identities that
 * are neither world nor node; the pod's identity carries the CIDR label of the policy prefixes
 * holding its address (pkg/ipcache/metadata.go doInjectLabels, CIDRSelectorAllocator). An
 * all-addresses prefix registers no prefix (GetCIDRPrefixes): it selects a pod only when another
 * policy prefix holds its address (matchesCIDRWildcard, line 548). Per pod; an identity (the
 * matrix) when all its pods are selected: Cilium gives the others identities of their own.
 */
function cidrSelectsPod(path: string, cidr: Cidr, except: readonly Cidr[], p: Party, env: MatchEnv): PeerMatch {
  const pods: readonly (readonly AddressRange[])[] = p.range !== null ? [[p.range]] : (env.podAddresses?.[p.identity] ?? []);
  if (pods.length === 0) return miss(null, `address of ${p.display} unknown; ${cidr.text} not evaluated`);
  const families = env.settings.ipFamilies ?? 'ipv4';
  const selects = (a: AddressRange): boolean => {
    if (cidr.bits > 0) return inRange(a, cidr) && !except.some((x) => inRange(a, x));
    const enabled = families === 'dual' || families === (a.family === 4 ? 'ipv4' : 'ipv6');
    return a.family === cidr.family && enabled && (env.policyPrefixes ?? []).some((x) => inRange(a, x)) && !except.some((x) => inRange(a, x));
  };
  const hit = pods.filter((addrs) => addrs.some(selects)).length;
  if (hit === pods.length) return { matched: true, peerPath: path };
  const mode = `policy-cidr-match-mode=pods (Cilium ${env.settings.ciliumVersion})`;
  if (hit > 0) return miss('peer-not-selected', `${cidr.text} (${path}) selects ${hit} of the ${pods.length} pods of ${p.display} under ${mode}; Cilium gives those an identity of their own`);
  if (cidr.bits === 0) return miss('peer-not-selected', `under ${mode} ${cidr.text} (${path}) selects a pod only when another policy prefix holds its address, and none holds ${p.display}'s`);
  return miss(null, `${p.display}'s address is outside ${cidr.text}${except.length > 0 ? ' or in its except ranges' : ''} (${path}, ${mode})`);
}

function cidrPeer(path: string, cidr: Cidr, except: readonly Cidr[], p: Party, env: MatchEnv, quiet: boolean): PeerMatch {
  const mode = env.settings.policyCidrMatchMode;
  const nodeOk = (mode === 'nodes' || mode === 'nodes,pods') && p.kind === 'reserved' && (p.reserved.includes('host') || p.reserved.includes('remote-node'));
  if (p.kind === 'pod' && (mode === 'pods' || mode === 'nodes,pods')) {
    const [maj, min] = env.settings.ciliumVersion.split('.').map(Number);
    if ((maj ?? 1) > 1 || (min ?? 19) >= 20) {
      const m = cidrSelectsPod(path, cidr, except, p, env);
      return quiet && !m.matched ? QUIET_MISS : m;
    }
    if (p.range && cidrSelects(cidr, [], p) === 'yes')
      return quiet ? QUIET_MISS : miss('cidr-not-for-cluster', `${cidr.text} contains ${p.display}'s address, but policy-cidr-match-mode=pods comes with Cilium 1.20: the agent of Cilium ${env.settings.ciliumVersion} refuses it (unknown CIDR match mode), and CIDR rules never select pods (${path})`);
  }
  if (p.kind !== 'outside' && !nodeOk) {
    if (p.range && cidrSelects(cidr, [], p) === 'yes')
      return quiet ? QUIET_MISS : miss('cidr-not-for-cluster', `${cidr.text} contains ${p.display}'s address, but CIDR rules never select ${p.kind === 'pod' ? 'pods' : 'nodes or other cluster identities'} (${path})`);
    return quiet ? QUIET_MISS : miss(null, `${p.display} is not an outside address`);
  }
  if (cidr.bits === 0 && p.kind === 'outside') {
    const z = zeroPrefixPeer(path, cidr, except, p, env);
    if (z !== null) return z;
  }
  // An address of a family the cluster does not run: no packet of it reaches policy, a pod's
  // program drops it first (bpf/bpf_lxc.c cil_from_container: DROP_UNKNOWN_L3), so no prefix
  // opens it (decide.ts notes why).
  if (p.range !== null && !runsFamily(env.settings.ipFamilies, p.range.family)) return quiet ? QUIET_MISS : miss(null, `${p.display} is an IPv${p.range.family} address, which ${FAMILY_TEXT[env.settings.ipFamilies ?? 'ipv4']} cluster has none of`);
  switch (cidrSelects(cidr, except, p)) {
    case 'yes':
      return { matched: true, peerPath: path };
    case 'except': {
      // Named: "an except range" left the reader to find which of the rule's ranges it was.
      const r = p.range;
      const which = r ? except.find((x) => r.lo >= x.base && r.hi <= cidrEnd(x)) : undefined;
      return quiet ? QUIET_MISS : miss('in-except', `${p.display} is inside ${cidr.text} but also inside ${which ? `its except range ${which.text}` : 'an except range'} (${path})`);
    }
    case 'unknown':
      // A DNS name without an address: whether the CIDR selects it depends on the address it resolves to.
      if (quiet) return QUIET_MISS;
      return miss(
        'address-unknown',
        except.length > 0
          ? `the address of ${p.display} is not known: ${cidr.text} selects it unless it is in ${except.map((x) => x.text).join(', ')} (${path}); query its address`
          : `the address of ${p.display} is not known: ${cidr.text} selects it only if it is in that range (${path}); query its address`,
      );
    case 'no':
      return quiet ? QUIET_MISS : miss(null, `${p.display} is outside ${cidr.text}`);
  }
}

function servicePeer(peer: Extract<Peer, { kind: 'service' }>, p: Party, env: MatchEnv, quiet: boolean): PeerMatch {
  const services = env.services.filter((s) => {
    if (peer.namespace !== null && s.namespace !== peer.namespace) return false;
    if (peer.serviceName !== null) return s.name === peer.serviceName;
    if (peer.selector !== null) {
      const labels = new Map(Object.entries(s.labels).map(([key, value]) => [key, { source: 'k8s', key, value }]));
      return selectorMatches(peer.selector, labels);
    }
    return false;
  });
  const [maj, min] = env.settings.ciliumVersion.split('.').map(Number);
  const selectorServices = (maj ?? 1) > 1 || (min ?? 19) >= 17;
  let unselectable: string | null = null;
  for (const s of services) {
    if (s.selector !== null && !selectorServices) {
      // pkg/policy/k8s/service.go before cilium/cilium#34208: `isSelectableService` = selector-less only.
      unselectable ??= `${s.namespace}/${s.name}`;
      continue;
    }
    if (s.selector === null) {
      // Selector-less: the addresses its Endpoints/EndpointSlices list become CIDR selectors.
      for (const ip of s.backendIps ?? []) {
        const c = parseCidr(ip.includes(':') ? `${ip}/128` : `${ip}/32`);
        if (c && cidrPeer(peer.path, c, [], p, env, true).matched) return { matched: true, peerPath: peer.path };
      }
      continue;
    }
    if (p.kind !== 'pod' || p.namespace !== s.namespace) continue;
    const ok = Object.entries(s.selector).every(([k, v]) => {
      const l = p.labels.get(k);
      return l !== undefined && l.source === 'k8s' && l.value === v;
    });
    if (ok) return { matched: true, peerPath: peer.path };
  }
  if (services.length === 0) return quiet ? QUIET_MISS : miss(null, `no loaded Service matches ${peer.path}`);
  if (unselectable !== null && services.every((s) => s.selector !== null))
    return quiet ? QUIET_MISS : miss(
      'peer-not-selected',
      `${unselectable} has a pod selector: before Cilium 1.17 toServices only selects Services without a selector (their Endpoints), so ${peer.path} selects nothing on Cilium ${env.settings.ciliumVersion} (1.17 selects the Service's pods)`,
    );
  return quiet ? QUIET_MISS : miss('peer-not-selected', `${p.display} is not a backend of ${services.map((s) => `${s.namespace}/${s.name}`).join(', ')} (${peer.path})`);
}

/** `quiet`: only `matched` is read (`peerSelects`); a miss then carries no reason. */
export function peerMatches(peer: Peer, p: Party, env: MatchEnv, quiet = false): PeerMatch {
  switch (peer.kind) {
    case 'endpoints':
      return selectorMatches(peer.selector, p.labels)
        ? { matched: true, peerPath: peer.path }
        : quiet
          ? QUIET_MISS
          : miss('peer-not-selected', `${p.display} is not selected by ${formatSelector(peer.selector)} (${peer.path})`);
    case 'entity':
      return entityMatches(peer.entity, p, env.clusterName, env.settings.ipFamilies)
        ? { matched: true, peerPath: peer.path }
        : quiet
          ? QUIET_MISS
          : miss('peer-not-selected', `${p.display} is not in entity ${peer.entity} (${peer.path})`);
    case 'cidr':
      return cidrPeer(peer.path, peer.cidr, peer.except, p, env, quiet);
    case 'cidrGroup': {
      const groups = env.cidrGroups.filter((g) => {
        if (peer.ref !== null) return g.name === peer.ref;
        if (peer.selector === null) return false;
        const labels = new Map(Object.entries(g.labels).map(([key, value]) => [key, { source: 'k8s', key, value }]));
        return selectorMatches(peer.selector, labels);
      });
      let excepted: PeerMatch | null = null;
      for (const g of groups)
        for (const text of g.cidrs) {
          const c = parseCidr(text);
          if (!c) continue;
          const m = cidrPeer(peer.path, c, peer.except, p, env, quiet);
          if (m.matched) return m;
          if (m.why === 'in-except') excepted ??= m;
        }
      if (excepted !== null) return excepted;
      return quiet ? QUIET_MISS : miss(groups.length === 0 ? null : 'peer-not-selected', groups.length === 0 ? `CIDR group not loaded (${peer.path})` : `${p.display} is in none of the group's CIDRs (${peer.path})`);
    }
    case 'fqdn': {
      if (p.kind !== 'outside') return quiet ? QUIET_MISS : miss(null, 'toFQDNs never selects cluster addresses');
      const v = env.settings.ciliumVersion;
      const name = p.names.find((n) => matchesFqdnSelector(peer, n, v));
      if (name === undefined) {
        const legacy = !multiLevelPatterns(v) && /^\s*\*{2,}/.test(peer.matchPattern ?? '') ? ` (Cilium ${v}: before 1.19 a leading ** matches within one label only, like *)` : '';
        return quiet ? QUIET_MISS : miss(p.names.length > 0 ? 'peer-not-selected' : null, `no DNS name of ${p.display} matches ${formatFqdnSelector(peer)} (${peer.path})${legacy}`);
      }
      if (!env.dnsRules.some((r) => matchesFqdnSelector(r, name, v))) {
        if (quiet) return QUIET_MISS;
        const off = env.dnsOffResolver;
        const why =
          env.dnsRules.length > 0
            ? `allows the query for ${name}`
            : off
              ? `on port 53 reaches ${off.resolvers.join(', ')}: the DNS rules of ${off.paths.join(', ')} select other peers, and Cilium's DNS proxy sees only the lookups sent to those`
              : 'intercepts the source’s DNS traffic';
        return miss('fqdn-no-dns-rule', `${name} matches ${formatFqdnSelector(peer)} (${peer.path}), but no DNS rule (toPorts.rules.dns) ${why}, so Cilium never learns its IPs from the source's lookups and toFQDNs matches nothing`);
      }
      return { matched: true, peerPath: peer.path };
    }
    case 'service':
      return servicePeer(peer, p, env, quiet);
    case 'nodes': {
      // A ClusterNetworkPolicy nodes peer selects the local host too (peer.localHost).
      const role = p.reserved.includes('remote-node') ? 'remote-node' : peer.localHost && p.reserved.includes('host') ? 'host' : null;
      if (role === null || p.nodeLabels === null) return quiet ? QUIET_MISS : miss(null, `${p.display} is not a ${peer.localHost ? 'node' : 'remote node'}`);
      // pkg/node `nodeIdentityLabels`: the Node's labels with source `node`, and the cluster label.
      const labels = new Map<string, { source: string; key: string; value: string }>(Object.entries(p.nodeLabels).map(([key, value]) => [key, { source: 'node', key, value }]));
      labels.set(role, { source: 'reserved', key: role, value: '' });
      labels.set(CLUSTER_LABEL, { source: 'k8s', key: CLUSTER_LABEL, value: env.clusterName });
      return selectorMatches(peer.selector, labels) ? { matched: true, peerPath: peer.path } : miss('peer-not-selected', `node labels do not match ${peer.path}`);
    }
    case 'groups':
      return quiet ? QUIET_MISS : miss(null, `cloud ${peer.provider} groups are resolved by the operator at run time and cannot be evaluated offline (${peer.path})`);
    default:
      return assertNever(peer, 'peer');
  }
}

/**
 * True when `peer` selects no party of kind `pod`, whatever its labels, address and ports
 * (`peerMatches`): toFQDNs never selects cluster addresses, and a CIDR (or CIDR group) selects a
 * pod only under policy-cidr-match-mode=pods (`cidrPeer`). The connectivity matrix then asks only
 * the other parties: at 20,000 workloads each FQDN and CIDR a rule names was 20,000 questions.
 */
export function selectsNoPod(peer: Peer, env: MatchEnv): boolean {
  if (peer.kind === 'fqdn') return true;
  if (peer.kind !== 'cidr' && peer.kind !== 'cidrGroup') return false;
  const mode = env.settings.policyCidrMatchMode;
  return mode !== 'pods' && mode !== 'nodes,pods';
}

/** Whether the peer selects the party: `peerMatches(…).matched`, without the words of a miss. */
export function peerSelects(peer: Peer, p: Party, env: MatchEnv): boolean {
  return peerMatches(peer, p, env, true).matched;
}

/**
 * An outside peer of unknown address in a dual-stack cluster: 0.0.0.0/0 and ::/0 in one peer list
 * select world-ipv4 and world-ipv6, so together every outside address whatever its family (1.15-1.18
 * add reserved:world for the pair, pkg/policy/api/cidr.go CIDRSlice.GetAsEndpointSelectors).
 * The path of the first of the pair, or null.
 */
function bothFamiliesOfWorld(items: readonly Peer[], p: Party, env: MatchEnv): string | null {
  if (p.kind !== 'outside' || p.range !== null || env.settings.ipFamilies !== 'dual') return null;
  const zero = (f: 4 | 6) => items.find((x) => x.kind === 'cidr' && x.cidr.bits === 0 && x.cidr.family === f && x.except.length === 0);
  const a = zero(4);
  const b = zero(6);
  return a && b ? a.path : null;
}

/** Matches an entry's peer list: `none` selects nothing, `wildcard` everything, `list` any item. */
export function entryPeersMatch(peers: EntryPeers, p: Party, env: MatchEnv): PeerMatch {
  switch (peers.kind) {
    case 'none':
      return miss('empty-peer-list', 'the peer list is present but empty, so this item selects nothing');
    case 'wildcard':
      return { matched: true, peerPath: null };
    case 'list': {
      const both = bothFamiliesOfWorld(peers.items, p, env);
      if (both !== null) return { matched: true, peerPath: both };
      let best: PeerMatch | null = null;
      for (const peer of peers.items) {
        const m = peerMatches(peer, p, env);
        if (m.matched) return m;
        if (best === null || (best.matched === false && best.why === null && m.why !== null)) best = m;
      }
      return best ?? miss('empty-peer-list', 'no peers');
    }
    default:
      return assertNever(peers, 'peers');
  }
}
