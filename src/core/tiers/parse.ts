/**
 * ClusterNetworkPolicy (`policy.networking.k8s.io/v1alpha2`) and AdminNetworkPolicy /
 * BaselineAdminNetworkPolicy (`v1alpha1`, as np-guard's netpol-analyzer reads them) → `TierPolicy`.
 * Schema: kubernetes-sigs/network-policy-api apis/v1alpha2/clusternetworkpolicy_types.go and
 * apis/v1alpha1/{adminnetworkpolicy,baselineadminnetworkpolicy,shared}_types.go. What the CRD
 * would refuse (missing tier/priority/subject, two subject fields, a rule without peers, an
 * unknown action, a bad port) rejects the object; never throws. A ClusterNetworkPolicy peer whose
 * only fields Cilium's v1alpha2 types do not know (a newer CRD's) fails closed as Cilium 1.20 does:
 * it matches nothing in an Accept rule, and makes a Deny or Pass rule a Deny of every peer.
 *
 * Selectors become identity-label selectors: namespace labels as `io.cilium.k8s.namespace.labels.*`
 * (plus "namespace exists", so only pods match), pod labels as written. `networks` become CIDR
 * peers, `nodes` node peers, `domainNames` FQDN peers (`*.x.io` = one or more labels, like `**.`).
 * @public
 */
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult, PathSegment } from '../load/parseTypes.ts';
import { type Entry, type Peer, type PolicyKey, type PortProtocol, type PortRule, type Protocol } from '../model/policy.ts';
import type { Requirement, Selector } from '../model/selector.ts';
import type { Tier, TierAction, TierPolicy, TierPolicyKind, TierRule } from '../model/tiers.ts';
import { parseLabelSelector } from '../k8s/LabelSelector.ts';
import { parseCidr } from '../net/cidr.ts';
import { collectPolicy, Collector, describe, field, isRecord, type Json, listField, objectField, pruneUnknown } from '../cilium/collect.ts';
import { CLUSTER_KEY, NAMESPACE_KEY, NAMESPACE_LABELS_PREFIX } from '../cilium/scoping.ts';
import { nodeSelectorAssumedNote, nodeSelectorAssumedVerdict, nodeSelectorOffWhy } from '../cilium/nodeSelectorLabels.ts';
import { editableManifest } from '../model/manifest.ts';

export const TIER_API_GROUP = 'policy.networking.k8s.io';

const API_VERSION: Readonly<Record<TierPolicyKind, string>> = {
  ClusterNetworkPolicy: 'policy.networking.k8s.io/v1alpha2',
  AdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
  BaselineAdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
};

export function tierPolicyKey(kind: TierPolicyKind, name: string): PolicyKey {
  return `${kind}//${name}` as PolicyKey;
}

export function parseTierPolicy(doc: RawDocument, ctx: ParseContext, kind: TierPolicyKind): ParseResult<TierPolicy> {
  return collectPolicy(doc, `Kubernetes rejects the whole ${kind}`, (c) => parse(c, doc, ctx, kind));
}

function parse(c: Collector, doc: RawDocument, ctx: ParseContext, kind: TierPolicyKind): TierPolicy | null {
  const obj = doc.value;
  if (!isRecord(obj)) {
    c.reject([], 'invalid-type', `a ${kind} must be an object, got ${describe(obj)}`);
    return null;
  }
  const apiVersion = obj['apiVersion'];
  if (apiVersion !== undefined && apiVersion !== API_VERSION[kind]) {
    c.warn(['apiVersion'], 'unsupported-api-version', `${kind} is read as ${API_VERSION[kind]}; this one says ${describe(apiVersion)}`);
  }
  pruneUnknown(c, obj, [], ['apiVersion', 'kind', 'metadata', 'spec', 'status'], () => 'it has no effect');
  const meta = objectField(c, obj, 'metadata', []);
  const name = meta && typeof meta['name'] === 'string' && meta['name'] !== '' ? meta['name'] : null;
  if (name === null) c.reject(['metadata', 'name'], 'missing-name', `a ${kind} needs metadata.name`);
  if (kind === 'BaselineAdminNetworkPolicy' && name !== null && name !== 'default')
    c.reject(['metadata', 'name'], 'banp-name', 'a BaselineAdminNetworkPolicy must be named "default" (there is one per cluster)');
  const spec = objectField(c, obj, 'spec', []);
  if (!spec) {
    if (spec === undefined) c.reject(['spec'], 'no-spec', `a ${kind} needs a spec`);
    return null;
  }
  const v2 = kind === 'ClusterNetworkPolicy';
  pruneUnknown(c, spec, ['spec'], v2 ? ['tier', 'priority', 'subject', 'ingress', 'egress'] : kind === 'AdminNetworkPolicy' ? ['priority', 'subject', 'ingress', 'egress'] : ['subject', 'ingress', 'egress'], (k) =>
    /gress/i.test(k) ? 'its rules are not part of the policy' : 'it has no effect',
  );

  let tier: Tier = kind === 'BaselineAdminNetworkPolicy' ? 'Baseline' : 'Admin';
  if (v2) {
    const t = field(spec, 'tier');
    if (t === 'Admin' || t === 'Baseline') tier = t;
    else c.reject(['spec', 'tier'], 'invalid-tier', `tier must be Admin or Baseline, got ${describe(t)}`);
  }
  let priority = 0;
  if (kind !== 'BaselineAdminNetworkPolicy') {
    const p = field(spec, 'priority');
    const max = v2 ? 1000 : 1000;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > max) c.reject(['spec', 'priority'], 'invalid-priority', `priority must be an integer from 0 to ${max}, got ${describe(p)}`);
    else priority = p;
  }
  const subject = parseSubject(c, spec);
  const actions: readonly string[] = v2 ? ['Accept', 'Deny', 'Pass'] : kind === 'AdminNetworkPolicy' ? ['Allow', 'Deny', 'Pass'] : ['Allow', 'Deny'];
  const rules = { ingress: [] as TierRule[], egress: [] as TierRule[] };
  for (const dir of ['ingress', 'egress'] as const) {
    const list = listField(c, spec, dir, ['spec']);
    if (!list) continue;
    if (list.length > (v2 ? 25 : 100)) c.reject(['spec', dir], 'too-many-rules', `at most ${v2 ? 25 : 100} ${dir} rules are allowed`);
    list.forEach((raw, i) => {
      rules[dir].push(...parseRule(c, raw, ['spec', dir, i], dir, i, actions, v2, ctx));
    });
  }
  if (!subject || name === null) return null;
  return {
    key: tierPolicyKey(kind, name),
    kind,
    name,
    tier,
    priority,
    subject,
    ingress: rules.ingress,
    egress: rules.egress,
    source: { file: doc.file, document: doc.index, line: doc.position([]).line },
    manifest: editableManifest(obj, null),
    ...(c.assumed !== undefined ? { assumed: c.assumed } : {}),
  };
}

const nsExists: Requirement = { source: 'k8s', key: NAMESPACE_KEY, operator: 'Exists', values: [] };

function selectorAt(c: Collector, raw: unknown, path: readonly PathSegment[], namespaceLabels: boolean): Selector | null {
  const parsed = parseLabelSelector(raw, path, namespaceLabels ? { mode: 'k8s', keyPrefix: NAMESPACE_LABELS_PREFIX } : { mode: 'k8s' });
  c.selectorIssues(parsed.issues);
  return parsed.selector;
}

/**
 * `namespaces: sel` or `pods: {namespaceSelector, podSelector}` → one identity selector (pods only).
 * `cluster`: a ClusterNetworkPolicy pods peer selects pods of the local cluster only, unless its
 * podSelector names a cluster (Cilium 1.20 `kcnpParseNamespacedPod`); namespaces peers and the
 * subject are not narrowed (null).
 */
function podsSelector(c: Collector, raw: Json, path: readonly PathSegment[], what: string, cluster: string | null = null): Selector | null {
  const keys = ['namespaces', 'pods'].filter((k) => field(raw, k) !== undefined);
  if (keys.length !== 1) return null;
  if (keys[0] === 'namespaces') {
    const ns = selectorAt(c, field(raw, 'namespaces'), [...path, 'namespaces'], true);
    return ns ? { requirements: [...ns.requirements, nsExists] } : null;
  }
  const pods = objectField(c, raw, 'pods', path);
  if (!pods) return null;
  pruneUnknown(c, pods, [...path, 'pods'], ['namespaceSelector', 'podSelector'], () => `it does not narrow the ${what}`);
  const nsRaw = field(pods, 'namespaceSelector') ?? {};
  const podRaw = field(pods, 'podSelector');
  if (podRaw === undefined)
    c.warn([...path, 'pods'], 'missing-selector', 'pods has no podSelector: the CRD requires one (the API server refuses this object); read as {} (every pod of the selected namespaces), as netpol-analyzer reads it');
  const ns = selectorAt(c, nsRaw, [...path, 'pods', 'namespaceSelector'], true);
  const pod = selectorAt(c, podRaw ?? {}, [...path, 'pods', 'podSelector'], false);
  if (!ns || !pod) return null;
  const local: Requirement[] = cluster !== null && !pod.requirements.some((r) => r.key === CLUSTER_KEY) ? [{ source: 'k8s', key: CLUSTER_KEY, operator: 'In', values: [cluster] }] : [];
  return { requirements: [...ns.requirements, ...pod.requirements, nsExists, ...local] };
}

function parseSubject(c: Collector, spec: Json): Selector | null {
  const raw = objectField(c, spec, 'subject', ['spec']);
  if (!raw) {
    if (raw === undefined) c.reject(['spec', 'subject'], 'missing-subject', 'spec.subject is required (namespaces or pods)');
    return null;
  }
  pruneUnknown(c, raw, ['spec', 'subject'], ['namespaces', 'pods'], () => 'the subject is read from namespaces or pods only');
  const n = ['namespaces', 'pods'].filter((k) => field(raw, k) !== undefined).length;
  if (n !== 1) {
    c.reject(['spec', 'subject'], 'invalid-subject', 'exactly one of subject.namespaces or subject.pods must be set');
    return null;
  }
  return podsSelector(c, raw, ['spec', 'subject'], 'subject');
}

/** The rule, and for a ClusterNetworkPolicy Accept rule with domainNames peers the DNS rule Cilium adds (`dnsRule`). */
function parseRule(c: Collector, raw: unknown, rp: PathSegment[], dir: 'ingress' | 'egress', index: number, actions: readonly string[], v2: boolean, ctx: ParseContext): TierRule[] {
  if (!isRecord(raw)) {
    c.reject(rp, 'invalid-type', `a rule must be an object, got ${describe(raw)}`);
    return [];
  }
  const peersKey = dir === 'ingress' ? 'from' : 'to';
  const portsKey = v2 ? 'protocols' : 'ports';
  pruneUnknown(c, raw, rp, ['name', 'action', peersKey, portsKey], (k) => (k === 'ports' || k === 'protocols' ? 'the rule applies to every port' : 'it has no effect'));
  const name = typeof raw['name'] === 'string' ? raw['name'] : '';
  if (name.length > 100) c.reject([...rp, 'name'], 'invalid-name', 'a rule name may be at most 100 characters');
  const a = raw['action'];
  if (typeof a !== 'string' || !actions.includes(a)) {
    c.reject([...rp, 'action'], 'invalid-action', `action must be one of ${actions.join(', ')}, got ${describe(a)}`);
    return [];
  }
  const action: TierAction = a === 'Allow' ? 'Accept' : (a as TierAction);
  const list = listField(c, raw, peersKey, rp);
  if (!list || list.length === 0) {
    c.reject([...rp, peersKey], 'missing-peers', `"${peersKey}" must list at least one peer`);
    return [];
  }
  const peers: Peer[] = [];
  const untranslated: string[] = [];
  list.forEach((p, i) => {
    const got = parsePeer(c, p, [...rp, peersKey, i], dir, action, v2, ctx);
    if (got === FAIL_CLOSED) untranslated.push(c.pathText([...rp, peersKey, i]));
    else peers.push(...got);
  });
  const portsRaw = listField(c, raw, portsKey, rp);
  const ports = portsRaw ? (v2 ? parseProtocols(c, portsRaw, [...rp, portsKey]) : parsePorts(c, portsRaw, [...rp, portsKey])) : [];
  if (portsRaw && portsRaw.length === 0) c.reject([...rp, portsKey], 'empty-ports', `"${portsKey}" must list at least one item when present`);
  const path = c.pathText(rp);
  const entry: Entry = { path, direction: dir, action: 'allow', peers: { kind: 'list', items: peers }, ports, icmps: [], authRequired: false };
  const rule: TierRule = { direction: dir, action, name, path, index, entry };
  const out = v2 && action === 'Accept' && peers.some((p) => p.kind === 'fqdn') ? [rule, dnsRule(c, rule, rp)] : [rule];
  // Deny / Pass with a peer Cilium cannot translate: a Deny of every peer on the rule's ports, at the
  // rule's priority, before the rule's own peers (fail closed).
  if (untranslated.length === 0 || action === 'Accept') return out;
  const failName = `${name !== '' ? name : path}: fail-closed Deny of every peer (Cilium cannot translate ${untranslated.join(', ')})`;
  const failed: TierRule = { ...rule, action: 'Deny', name: failName, entry: { ...entry, peers: { kind: 'wildcard' } } };
  return [failed, ...out];
}

/** A peer Cilium's types cannot translate (see parsePeer). */
const FAIL_CLOSED = 'fail-closed';

/**
 * Cilium 1.20 `ParseClusterNetworkPolicy` gives a domainNames Accept rule a second Accept entry at
 * the same tier and priority: to pods labelled k8s-app=kube-dns (any namespace) on the ports named
 * dns and dns-tcp, with DNS rules for those names (read here as the ports, every name).
 */
function dnsRule(c: Collector, rule: TierRule, rp: readonly PathSegment[]): TierRule {
  const kubeDns: Peer = { kind: 'endpoints', path: rule.path, selector: { requirements: [{ source: 'any', key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] } };
  const ports = ['dns', 'dns-tcp'].map((n) => portRule(c, rp, 'ANY', n, null));
  const name = `${rule.name !== '' ? rule.name : rule.path}: DNS to k8s-app=kube-dns for its domainNames`;
  return { ...rule, name, entry: { ...rule.entry, peers: { kind: 'list', items: [kubeDns] }, ports } };
}

/** `v2`: ClusterNetworkPolicy, the only kind Cilium reads (the notes on what it does are for it only). */
function parsePeer(c: Collector, raw: unknown, pp: PathSegment[], dir: 'ingress' | 'egress', action: TierAction, v2: boolean, ctx: ParseContext): Peer[] | typeof FAIL_CLOSED {
  if (!isRecord(raw)) {
    c.reject(pp, 'invalid-type', `a peer must be an object, got ${describe(raw)}`);
    return [];
  }
  const allowed = dir === 'ingress' ? ['namespaces', 'pods'] : ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'];
  const set = allowed.filter((k) => field(raw, k) !== undefined);
  const unknown = Object.keys(raw).filter((k) => !allowed.includes(k));
  if (v2 && set.length === 0 && unknown.length > 0) {
    // ParseClusterNetworkPolicy's `default:` case (cilium/cilium pkg/k8s/cluster_network_policy.go at
    // 0ac689d7): a peer of a newer CRD, none of whose fields Cilium's v1alpha2 types know, fails closed.
    const what = `Cilium 1.20 does not know ${unknown.map((k) => `"${k}"`).join(', ')} in a ${dir} peer (a newer CRD's?), so it fails closed`;
    c.warn(pp, 'untranslatable-peer', action === 'Accept' ? `${what}: in an Accept rule this peer matches nothing` : `${what}: this ${action} rule becomes a Deny of every peer on its ports`);
    return FAIL_CLOSED;
  }
  pruneUnknown(c, raw, pp, allowed, () => 'this peer selects nothing the way it was written');
  if (set.length !== 1) {
    c.reject(pp, 'invalid-peer', `exactly one of ${allowed.join(', ')} must be set in a peer`);
    return [];
  }
  const path = c.pathText(pp);
  const k = set[0] as string;
  if (k === 'namespaces' || k === 'pods') {
    const sel = podsSelector(c, raw, pp, 'peer', v2 && k === 'pods' && ctx.clusterName !== '' ? ctx.clusterName : null);
    return sel ? [{ kind: 'endpoints', path, selector: sel }] : [];
  }
  if (k === 'nodes') {
    // ParseClusterNetworkPolicy: "egress.to.nodes is not supported since node selector labels are
    // disabled": the agent refuses the whole policy (as sanitize does for a CNP's toNodes, cilium/peers.ts).
    const refusal = 'egress.to.nodes is not supported since node selector labels are disabled';
    if (v2 && ctx.nodeSelectorLabels === undefined) {
      c.info([...pp, 'nodes'], 'assumed-node-selector-labels', `a nodes peer: ${nodeSelectorAssumedNote('1.20', 'ClusterNetworkPolicy', refusal)}`);
      c.assumed = nodeSelectorAssumedVerdict('1.20', 'nodes peers', 'ClusterNetworkPolicy');
    }
    else if (v2 && !ctx.nodeSelectorLabels) {
      c.reject(
        [...pp, 'nodes'],
        'needs-node-selector-labels',
        `a nodes peer needs the agent flag --enable-node-selector-labels (${nodeSelectorOffWhy(ctx)}): without it Cilium 1.20 refuses the whole ClusterNetworkPolicy ("${refusal}")`,
      );
      return [];
    }
    const sel = selectorAt(c, field(raw, 'nodes'), [...pp, 'nodes'], false);
    if (!sel) return [];
    if (!v2) return [{ kind: 'nodes', path, selector: sel }];
    // kcnpProcessNodeSelector (cilium/cilium f91f3180, in 1.20): the keys are node labels (source
    // `node`), and the peer selects the local host as well as the remote nodes (tiers.nodes.test.ts).
    return [{ kind: 'nodes', path, selector: { requirements: sel.requirements.map((r) => ({ ...r, source: 'node' })) }, localHost: true }];
  }
  const list = listField(c, raw, k, pp) ?? [];
  if (list.length === 0) c.reject([...pp, k], 'empty-peer-list', `${k} must list at least one item`);
  if (k === 'networks')
    return list.flatMap((v, i) => {
      const cidr = typeof v === 'string' ? parseCidr(v, false) : null;
      if (!cidr) {
        c.reject([...pp, k, i], 'invalid-cidr', `networks items must be CIDRs like 10.0.0.0/8, got ${describe(v)}`);
        return [];
      }
      return [{ kind: 'cidr' as const, path: `${path}.networks[${i}]`, cidr, except: [] }];
    });
  if (action !== 'Accept') c.reject([...pp, k], 'domain-names-action', 'domainNames peers are only supported in Accept rules');
  else if (v2)
    c.info(
      [...pp, k],
      'domain-names-dns',
      "Cilium 1.20 also accepts, at this rule's priority, DNS from the subject to pods labelled k8s-app=kube-dns on their ports named dns and dns-tcp (answers for these names only), and needs the L7 proxy (enable-l7-proxy, on by default) or refuses the whole policy",
    );
  return list.flatMap((v, i) => {
    if (typeof v !== 'string' || !/^(\*\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/.test(v)) {
      c.reject([...pp, k, i], 'invalid-domain', `domainNames items are names like example.com or *.example.com, got ${describe(v)}`);
      return [];
    }
    // `*.` matches one or more whole labels: Cilium's `**.` subdomain wildcard.
    const fq = v.startsWith('*.') ? { matchName: null, matchPattern: `*${v}` } : { matchName: v, matchPattern: null };
    return [{ kind: 'fqdn' as const, path: `${path}.domainNames[${i}]`, ...fq }];
  });
}

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

function portNumber(c: Collector, v: unknown, path: readonly PathSegment[]): number | null {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) {
    c.reject(path, 'invalid-port', `a port must be 1-65535, got ${describe(v)}`);
    return null;
  }
  return v;
}

function portRule(c: Collector, pp: readonly PathSegment[], protocol: Protocol, port: number | string, endPort: number | null): PortRule {
  const path = c.pathText(pp);
  const pr: PortProtocol = { path, protocol, port, endPort };
  return { path, ports: [pr], l7: null, serverNames: [] };
}

function range(c: Collector, raw: unknown, pp: readonly PathSegment[]): { start: number; end: number } | null {
  if (!isRecord(raw)) {
    c.reject(pp, 'invalid-port', `a port range is {start, end}, got ${describe(raw)}`);
    return null;
  }
  const start = portNumber(c, raw['start'], [...pp, 'start']);
  const end = portNumber(c, raw['end'], [...pp, 'end']);
  if (start === null || end === null) return null;
  if (start >= end) {
    c.reject(pp, 'invalid-port', `start ${start} must be less than end ${end}`);
    return null;
  }
  return { start, end };
}

/** v1alpha1 `ports`: `portNumber {protocol, port}`, `namedPort`, `portRange {protocol, start, end}`. */
function parsePorts(c: Collector, items: readonly unknown[], lp: PathSegment[]): PortRule[] {
  return items.flatMap((raw, i) => {
    const pp = [...lp, i];
    if (!isRecord(raw)) {
      c.reject(pp, 'invalid-type', `a port must be an object, got ${describe(raw)}`);
      return [];
    }
    const set = ['portNumber', 'namedPort', 'portRange'].filter((k) => field(raw, k) !== undefined);
    if (set.length !== 1) {
      c.reject(pp, 'invalid-port', 'exactly one of portNumber, namedPort or portRange must be set');
      return [];
    }
    const k = set[0] as string;
    if (k === 'namedPort') {
      const n = raw['namedPort'];
      if (typeof n !== 'string' || n === '') {
        c.reject([...pp, k], 'invalid-port', `namedPort must be a port name, got ${describe(n)}`);
        return [];
      }
      return [portRule(c, pp, 'ANY', n.toLowerCase(), null)];
    }
    const body = raw[k];
    const proto = isRecord(body) ? (body['protocol'] ?? 'TCP') : undefined;
    const protocol = PROTOCOLS.find((p) => p === proto);
    if (!protocol) {
      c.reject([...pp, k, 'protocol'], 'invalid-protocol', `protocol must be TCP, UDP or SCTP, got ${describe(proto)}`);
      return [];
    }
    if (k === 'portNumber') {
      const port = isRecord(body) ? portNumber(c, body['port'], [...pp, k, 'port']) : null;
      return port === null ? [] : [portRule(c, pp, protocol, port, null)];
    }
    const r = range(c, body, [...pp, k]);
    return r ? [portRule(c, pp, protocol, r.start, r.end)] : [];
  });
}

/** v1alpha2 `protocols`: `{tcp|udp|sctp: {destinationPort: {number} | {range: {start, end}}}}` or `destinationNamedPort`. */
function parseProtocols(c: Collector, items: readonly unknown[], lp: PathSegment[]): PortRule[] {
  return items.flatMap((raw, i) => {
    const pp = [...lp, i];
    if (!isRecord(raw)) {
      c.reject(pp, 'invalid-type', `a protocols item must be an object, got ${describe(raw)}`);
      return [];
    }
    const set = ['tcp', 'udp', 'sctp', 'destinationNamedPort'].filter((k) => field(raw, k) !== undefined);
    if (set.length !== 1) {
      c.reject(pp, 'invalid-port', 'exactly one of tcp, udp, sctp or destinationNamedPort must be set');
      return [];
    }
    const k = set[0] as string;
    if (k === 'destinationNamedPort') {
      const n = raw[k];
      if (typeof n !== 'string' || n === '') {
        c.reject([...pp, k], 'invalid-port', `destinationNamedPort must be a port name, got ${describe(n)}`);
        return [];
      }
      return [portRule(c, pp, 'ANY', n.toLowerCase(), null)];
    }
    const protocol = k.toUpperCase() as Protocol;
    const body = raw[k];
    if (!isRecord(body)) {
      c.reject([...pp, k], 'invalid-port', `${k} must be an object, got ${describe(body)}`);
      return [];
    }
    const dp = body['destinationPort'];
    if (dp === undefined) return [portRule(c, pp, protocol, 0, null)];
    if (!isRecord(dp)) {
      c.reject([...pp, k, 'destinationPort'], 'invalid-port', `destinationPort is {number} or {range}, got ${describe(dp)}`);
      return [];
    }
    if (dp['number'] !== undefined) {
      const port = portNumber(c, dp['number'], [...pp, k, 'destinationPort', 'number']);
      return port === null ? [] : [portRule(c, pp, protocol, port, null)];
    }
    const r = range(c, dp['range'], [...pp, k, 'destinationPort', 'range']);
    return r ? [portRule(c, pp, protocol, r.start, r.end)] : [];
  });
}
