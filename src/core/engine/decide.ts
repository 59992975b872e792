/**
 * decide(model, query): Cilium's verdict for one connection, explained per side
 * (semantics reference B.6, B.7).
 * @public
 */
import type { Entry, Rule } from '../model/policy.ts';
import { apiserverBackends, backendText, describeBackend, UNKNOWN_APISERVER_NOTE, type ApiserverBackend } from './apiserver.ts';
import type { EngineModel } from './compile.ts';
import { multiLevelPatterns } from './fqdnMatch.ts';
import { rangesEnforced, resolveNamedPort, type FlowL4 } from './l4Match.ts';
import type { Party } from './party.ts';
import { toParty } from './parties.ts';
import { FAMILY_TEXT, runsFamily } from './peerMatch.ts';
import type { PortProto } from './PortSet.ts';
import { evaluateSide, formatRuleRef, type SideResult } from './side.ts';
import { tierWords } from './tierWordsCode.ts';
import type { Decision, Endpoint, Query, SideDecision } from './types.ts';

/** `NotIn`/`DoesNotExist` when an endpoint peer of the entry names io.kubernetes.pod.namespace with it (user-written, B.3). */
function negativeNamespacePeer(e: Entry): 'NotIn' | 'DoesNotExist' | null {
  if (e.peers.kind !== 'list') return null;
  for (const p of e.peers.items) {
    if (p.kind !== 'endpoints') continue;
    const written = p.scoping?.written ?? p.selector;
    const r = written.requirements.find((q) => q.key === 'io.kubernetes.pod.namespace' && (q.source === 'k8s' || q.source === 'any') && (q.operator === 'NotIn' || q.operator === 'DoesNotExist'));
    if (r && r.operator !== 'In' && r.operator !== 'Exists') return r.operator;
  }
  return null;
}

/** Whether endpoint peers get the local-cluster filter (policy-default-local-cluster, Cilium ≥ 1.19). */
function localClusterFilter(settings: EngineModel['settings']): boolean {
  const [maj, min] = settings.ciliumVersion.split('.').map(Number);
  return (maj ?? 1) > 1 || (min ?? 19) >= 19;
}

function versionNotes(model: EngineModel, results: readonly SideResult[]): string[] {
  const notes: string[] = [];
  const touched = new Set<Rule>();
  const refs = results.flatMap((r) => [...r.side.matched.map((m) => m.rule), ...r.side.nearMisses.map((n) => n.rule)]);
  for (const rule of model.rules)
    if (refs.some((ref) => ref.name === rule.policy.name && ref.namespace === rule.policy.namespace && ref.kind === rule.policy.kind)) touched.add(rule);
  for (const rule of touched) {
    for (const e of [...rule.ingress, ...rule.egress, ...rule.ingressDeny, ...rule.egressDeny]) {
      if (!rangesEnforced(model.settings) && e.ports.some((pr) => pr.ports.some((pp) => pp.endPort !== null)))
        notes.push(`${rule.policy.name} ${e.path} uses a port range (endPort), which Cilium ${model.settings.ciliumVersion} does not enforce (ranges are enforced from 1.16): only the first port counts`);
      if (
        rule.policy.kind === 'CiliumNetworkPolicy' &&
        e.peers.kind === 'list' &&
        e.peers.items.some((p) => p.kind === 'endpoints' && p.selector.requirements.some((r) => r.key.startsWith('io.cilium.k8s.namespace.labels.')))
      )
        notes.push(
          `${rule.policy.name} ${e.path} selects peers by namespace labels in a CiliumNetworkPolicy: Cilium 1.19 code matches pods of every namespace with those labels; older releases (docs up to ~1.15) only matched the policy's own namespace`,
        );
      const negative = negativeNamespacePeer(e);
      if (negative !== null && !localClusterFilter(model.settings))
        notes.push(
          `${rule.policy.name} ${e.path} selects io.kubernetes.pod.namespace with ${negative}: Cilium adds no namespace to such a selector, and ${negative} also holds for identities without a namespace label, so on Cilium ${model.settings.ciliumVersion} it selects world, remote-node, health and the other reserved identities too; from 1.19 the local-cluster filter (io.cilium.k8s.policy.cluster) limits it to pods of this cluster`,
        );
      for (const pr of e.ports) if (pr.l7VersionNote !== undefined) notes.push(`${rule.policy.name} ${pr.path}: ${pr.l7VersionNote}`);
      for (const p of e.peers.kind === 'list' ? e.peers.items : [])
        if (p.kind === 'fqdn' && /^\s*\*{2,}/.test(p.matchPattern ?? '') && multiLevelPatterns(model.settings.ciliumVersion))
          notes.push(`${rule.policy.name} ${e.path} matchPattern "${p.matchPattern}": from Cilium 1.19 a leading ** matches names of any depth; before 1.19 one label only, like *`);
      if (e.peers.kind === 'list' && e.peers.items.some((p) => p.kind === 'service' && p.namespace === null))
        notes.push(`${rule.policy.name} ${e.path}: toServices without a namespace; treated as any namespace (legacy translator behaviour, uncertain in 1.19)`);
    }
  }
  // enableDefaultDeny: false, which an agent before 1.16 ignores, is a version gap (versionGaps.ts).
  return [...new Set(notes)];
}

function partyNotes(model: EngineModel, p: Party, other: Party): string[] {
  const notes: string[] = [];
  const families = model.settings.ipFamilies;
  // bpf/bpf_lxc.c cil_from_container handles IPv6 only under ENABLE_IPV6 (IPv4 under ENABLE_IPV4)
  // and drops other packets with DROP_UNKNOWN_L3, before any policy.
  if (p.kind === 'outside' && p.range !== null && !runsFamily(families, p.range.family))
    notes.push(`${p.display} is an IPv${p.range.family} address, which ${FAMILY_TEXT[families ?? 'ipv4']} cluster has none of: a pod drops it before any policy (bpf_lxc.c DROP_UNKNOWN_L3)`);
  if (p.reserved.length === 1 && p.reserved[0] === 'kube-apiserver') notes.push(UNKNOWN_APISERVER_NOTE);
  if (p.kind === 'outside' && p.range === null && p.names.length > 0 && other.kind !== 'outside')
    notes.push(`the address of ${p.display} is not known: CIDR rules were not evaluated for it, except 0.0.0.0/0 (or ::/0) without an except (query its IP with destinationNames to check both)`);
  return notes;
}

/** The two sides of a connection for one protocol (what `decide` explains; `notes` collects the sides' notes). */
function sides(model: EngineModel, q: Query, proto: PortProto, notes: string[]): { src: Party; dst: Party; egress: SideResult; ingress: SideResult } {
  const src = toParty(model, q.from, q.to, notes);
  const dst = toParty(model, q.to, q.from, notes, q.destinationNames ?? []);
  let port: number | null = typeof q.port === 'number' ? q.port : null;
  let portName: string | null = null;
  if (typeof q.port === 'string') {
    const resolved = resolveNamedPort(q.port, proto, dst.ports);
    if (resolved.length > 0) port = resolved[0] as number;
    else {
      portName = q.port;
      notes.push(`port name "${q.port}" does not resolve on ${dst.display} for ${proto}; only rules naming the same port match`);
    }
    if (resolved.length > 1) notes.push(`port name "${q.port}" resolves to several ports on ${dst.display} (${resolved.join(', ')}); using ${resolved[0]}`);
  }
  const flow: FlowL4 = { proto, port: portName !== null ? -1 : port, portName };
  const egress = evaluateSide(model, { dir: 'egress', subject: src, peer: dst, flow, dstPorts: dst.ports, ...(q.l7 ? { request: q.l7 } : {}) });
  const ingress = evaluateSide(model, { dir: 'ingress', subject: dst, peer: src, flow, dstPorts: dst.ports, ...(q.l7 ? { request: q.l7 } : {}) });
  return { src, dst, egress, ingress };
}

/**
 * The egress and ingress decisions of a connection (one protocol, not a reply), without the
 * decision's notes: what `decide(model, q)` returns as `egress` and `ingress`, for callers that
 * need only the sides of many connections (a diff's sample ports).
 */
export function decideSides(model: EngineModel, q: Query & { readonly protocol: PortProto }): { readonly egress: SideDecision; readonly ingress: SideDecision } {
  const { egress, ingress } = sides(model, q, q.protocol, []);
  return { egress: egress.side, ingress: ingress.side };
}

function decideOne(model: EngineModel, q: Query, proto: PortProto): Decision {
  const notes: string[] = [];
  const { src, dst, egress, ingress } = sides(model, q, proto, notes);
  notes.push(...egress.notes, ...ingress.notes, ...partyNotes(model, src, dst), ...partyNotes(model, dst, src), ...versionNotes(model, [egress, ingress]));
  // Policies read under an assumed agent flag: the cluster has the tiers' words loaded (needsTierWords).
  if (tierWords.loaded()) notes.push(...tierWords.get().assumedNotes(model, [egress.side, ingress.side], formatRuleRef));
  const tierPolicies = model.cluster.tierPolicies ?? [];
  if (tierPolicies.length > 0) notes.push(...tierWords.get().tiersNotApplied(tierPolicies, model.settings));
  const tierDecided = egress.side.tier !== undefined || ingress.side.tier !== undefined;
  const assumed = tierDecided && tierPolicies.some((p) => p.kind === 'ClusterNetworkPolicy') ? tierWords.get().tiersAssumedNote(model.settings) : null;
  if (assumed !== null) notes.push(assumed);
  const packetAllowed = egress.side.verdict === 'allowed' && ingress.side.verdict === 'allowed';
  let l7: Decision['l7'];
  if (packetAllowed && q.l7) {
    const denied = [egress.l7?.request, ingress.l7?.request].find((r) => r?.verdict === 'denied');
    const allowed = [egress.l7?.request, ingress.l7?.request].find((r) => r !== undefined);
    l7 = denied ?? allowed ?? { verdict: 'allowed', text: 'no L7 rules apply on this path: requests are not filtered' };
  }
  const verdict = packetAllowed && l7?.verdict !== 'denied' ? 'allowed' : 'denied';
  // Policies the version refuses or reads without a field: the cluster has the tiers' words loaded (needsTierWords).
  if ((model.cluster.versionGaps?.length ?? 0) > 0) notes.push(...tierWords.get().versionGapNotes(model, q, proto, { src, dst, verdict }, decideOne, formatRuleRef));
  const audit = model.settings.auditMode && !packetAllowed;
  if (audit) notes.push('policy audit mode is on: Cilium logs this as AUDIT and lets the traffic pass');
  const notComputed = [egress.side.notComputed ? src.display : null, ingress.side.notComputed ? dst.display : null].filter((x) => x !== null);
  return { verdict, egress: egress.side, ingress: ingress.side, ...(l7 ? { l7 } : {}), audit, notes: [...new Set(notes)], ...(notComputed.length > 0 ? { notComputed: [...new Set(notComputed)] } : {}) };
}

const isApiserverEntity = (e: Endpoint): boolean => e.kind === 'entity' && e.entity === 'kube-apiserver';

/**
 * `entity:kube-apiserver` with its addresses known: one connection per address (apiserver.ts),
 * the first denied one shown (as for protocol ANY), the note saying which identity it has.
 */
function decideApiserver(model: EngineModel, q: Query, backends: readonly ApiserverBackend[]): Decision {
  const side = isApiserverEntity(q.to) ? 'to' : 'from';
  const other = side === 'to' ? q.from : q.to;
  const each = backends.map((b) => {
    const ep: Endpoint = { kind: 'ip', ip: b.ip, display: `${(side === 'to' ? q.to : q.from).display} (${b.ip})` };
    return { b, d: decide(model, side === 'to' ? { ...q, to: ep } : { ...q, from: ep }) };
  });
  const denied = each.find((x) => x.d.verdict === 'denied');
  const pick = denied ?? (each[0] as { b: ApiserverBackend; d: Decision });
  const role = pick.b.node === null ? 'world' : other.kind === 'endpoint' && other.nodeName === pick.b.node ? 'host' : 'remote-node';
  const head = [backendText(pick.b, role)];
  if (backends.length > 1)
    head.push(
      denied
        ? `the kube-apiserver has ${backends.length} addresses (${backends.map(describeBackend).join('; ')}): the connection to ${pick.b.ip} is denied (shown below)`
        : `the kube-apiserver has ${backends.length} addresses (${backends.map(describeBackend).join('; ')}): each is allowed (${pick.b.ip} shown below)`,
    );
  return { ...pick.d, notes: [...head, ...pick.d.notes] };
}

export function decide(model: EngineModel, q: Query): Decision {
  if (!q.reply && (isApiserverEntity(q.to) || isApiserverEntity(q.from)) && !(isApiserverEntity(q.to) && isApiserverEntity(q.from))) {
    const backends = apiserverBackends(model);
    if (backends.length > 0) return decideApiserver(model, q, backends);
  }
  if (q.reply) {
    // Replies follow conntrack: allowed exactly when the connection they answer was (B.7).
    const forward = decide(model, { ...q, from: q.to, to: q.from, reply: false });
    const text =
      forward.verdict === 'allowed'
        ? `reply packets of the allowed connection ${q.to.display} → ${q.from.display} pass through connection tracking without policy evaluation; the sides below are those of that connection`
        : `there is no allowed connection ${q.to.display} → ${q.from.display} for this to be a reply of; the sides below are those of that connection`;
    return { ...forward, notes: [text, ...forward.notes] };
  }
  if (q.protocol === 'ANY') {
    const each = (['TCP', 'UDP', 'SCTP'] as const).map((p) => decideOne(model, q, p));
    const denied = each.findIndex((d) => d.verdict === 'denied');
    const pick = each[denied >= 0 ? denied : 0] as Decision;
    const note = denied >= 0 ? `protocol ANY: ${['TCP', 'UDP', 'SCTP'][denied]} is denied (shown below)` : 'protocol ANY: TCP, UDP and SCTP are all allowed (TCP shown below)';
    return { ...pick, notes: [note, ...pick.notes] };
  }
  return decideOne(model, q, q.protocol);
}
