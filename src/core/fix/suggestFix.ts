/**
 * suggestFix(model, query): for a denied path, the smallest rule that allows it (a
 * CiliumNetworkPolicy in the destination namespace for an ingress default deny, in the source
 * namespace for an egress default deny, both when both sides deny; for an explicit deny, a
 * narrowing of the deny, since no allow overrides it). For an allowed path, the deny that blocks
 * it. Each with its blast radius: the change is applied to the model and connectivity is diffed.
 * @public
 */
import type { EngineModel } from '../engine/compile.ts';
import { compile } from '../engine/compile.ts';
import { decide } from '../engine/decide.ts';
import { toParty } from '../engine/parties.ts';
import { allPortsOf, emptyPortSet, hasPort, isEmpty, l4Protocols, portRange, subtract, type PortProto, type PortSet } from '../engine/PortSet.ts';
import type { Decision, Endpoint, Query } from '../engine/types.ts';
import { diffConnectivity } from '../diff/diffConnectivity.ts';
import { peerContains } from '../diff/peers.ts';
import type { Change } from '../diff/types.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Direction, Policy } from '../model/policy.ts';
import { dnsItem, l4Part, peerPart, policyName, portWords, shortName, subjectSelector, type JsonObject } from './build.ts';
import { freeName, parseGenerated, toYaml } from './generated.ts';
import { narrowDeny } from './narrow.ts';
import type { Fix, FixChange } from './types.ts';

interface Work {
  policies: Policy[];
  changes: FixChange[];
  explanation: string[];
  notes: string[];
  diagnostics: Diagnostic[];
  yaml: string[];
  possible: boolean;
}

function queryPorts(q: Query): PortSet {
  const port = typeof q.port === 'number' ? q.port : null;
  if (q.protocol === 'ANY') return port === null ? allPortsOf(l4Protocols) : l4Protocols.reduce((s, p) => ({ ...s, [p]: portRange(p, port)[p] }), emptyPortSet);
  return port === null ? allPortsOf([q.protocol]) : portRange(q.protocol, port);
}

function withPolicies(model: EngineModel, policies: readonly Policy[]): EngineModel {
  return compile({ ...model.cluster, policies }, model.settings);
}

function addPolicy(model: EngineModel, w: Work, obj: JsonObject, why: string): void {
  const { policy, diagnostics } = parseGenerated(model, obj, w.yaml.length);
  w.diagnostics.push(...diagnostics);
  if (!policy) {
    w.possible = false;
    w.notes.push(`internal: the generated policy did not parse (${diagnostics.map((d) => d.message).join('; ')})`);
    return;
  }
  const yaml = toYaml(obj);
  w.policies.push(policy);
  w.yaml.push(yaml);
  w.changes.push({ kind: 'add-policy', policy: policy.ref, yaml, why });
}

/** A CNP with one allow or deny item on `dir` for the side's pod. */
function sidePolicy(model: EngineModel, w: Work, q: Query, dir: Direction, action: 'allow' | 'deny', disableDefaultDeny: boolean): JsonObject | null {
  const subject = dir === 'egress' ? q.from : q.to;
  const peer = dir === 'egress' ? q.to : q.from;
  if (subject.kind !== 'endpoint') {
    w.notes.push(`${subject.display} is not a Cilium endpoint: it has no ${dir} policy to change`);
    return null;
  }
  const party = toParty(model, peer, subject, []);
  const peerSel = peerPart(model, peer, party, dir, subject.namespace, action === 'deny');
  if (peerSel === null) {
    w.notes.push(action === 'deny' && peer.kind === 'fqdn' ? `egressDeny cannot name DNS names (no toFQDNs in deny rules) and the address of ${peer.display} is not known: query its IP, or narrow the rules that allow it` : `${peer.display} cannot be named in a ${dir} rule`);
    return null;
  }
  const port = { port: typeof q.port === 'number' ? q.port : null, protocol: q.protocol };
  const items: JsonObject[] = [{ ...peerSel, ...l4Part(port) }];
  if (action === 'allow' && peer.kind === 'fqdn' && dir === 'egress') {
    // toFQDNs learns addresses only through a DNS rule for the same pod (A.7.3).
    if (!hasDnsRule(model, q.from)) items.push(dnsItem);
  }
  const name = freeName(model, subject.namespace, policyName([action, ...(dir === 'egress' ? [shortName(subject), 'to', shortName(peer)] : [shortName(peer), 'to', shortName(subject)]), ...portWords(port)]));
  const section = action === 'allow' ? dir : `${dir}Deny`;
  const spec: JsonObject = {
    description: `netpol-viz fix: ${action} ${q.from.display} → ${q.to.display} ${portWords(port).join('/')}`,
    endpointSelector: subjectSelector(model, subject),
    [section]: items,
  };
  if (disableDefaultDeny) spec['enableDefaultDeny'] = { [dir]: false };
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace: subject.namespace }, spec };
}

function hasDnsRule(model: EngineModel, e: Endpoint): boolean {
  if (e.kind !== 'endpoint' || e.identity === null) return false;
  const i = model.identityIndex.get(e.identity);
  return i !== undefined && (model.subjectRules[i] ?? []).some((ri) => model.rules[ri]?.egress.some((en) => en.ports.some((pr) => pr.l7?.kind === 'dns')));
}

function allow(model: EngineModel, q: Query, d: Decision, w: Work): void {
  for (const dir of ['egress', 'ingress'] as const) {
    const side = d[dir];
    if (side.reason !== 'explicit-deny') continue;
    w.explanation.push(`${dir} is denied by ${side.rules.map((r) => `${r.name} ${r.path}`).join(', ')}: in Cilium a deny wins over every allow, so no allow rule can open this path; the deny has to be narrowed`);
    for (const m of side.matched) {
      const r = narrowDeny(model, w.policies, m, dir === 'egress' ? q.from : q.to, dir === 'egress' ? q.to : q.from);
      if (!r.ok) {
        w.possible = false;
        w.notes.push(r.why);
        continue;
      }
      w.policies = w.policies.map((p) => (p.key === r.policy.key ? r.policy : p));
      w.changes.push(r.change);
    }
  }
  const d2 = decide(withPolicies(model, w.policies), q);
  for (const dir of ['egress', 'ingress'] as const) {
    if (d2[dir].reason !== 'default-deny') continue;
    const where = dir === 'egress' ? `the source namespace ${q.from.kind === 'endpoint' ? q.from.namespace : ''}` : `the destination namespace ${q.to.kind === 'endpoint' ? q.to.namespace : ''}`;
    w.explanation.push(`${dir} of ${dir === 'egress' ? q.from.display : q.to.display} is in default deny (enabled by ${d2[dir].defaultDenyFrom.map((r) => `${r.name} ${r.path}`).join(', ') || 'enable-policy=always'}) and no rule allows this path: a CiliumNetworkPolicy in ${where} allows exactly this peer and port`);
    const obj = sidePolicy(model, w, q, dir, 'allow', false);
    if (obj) addPolicy(model, w, obj, `allow ${dir} of ${dir === 'egress' ? q.from.display : q.to.display} for this path only`);
    else w.possible = false;
  }
}

function block(model: EngineModel, q: Query, d: Decision, w: Work): void {
  const allowedBy = [...d.egress.rules, ...d.ingress.rules].map((r) => `${r.name} ${r.path}`);
  if (allowedBy.length > 0) w.explanation.push(`the path is allowed by ${allowedBy.join(', ')}; a deny rule wins over them without touching them`);
  for (const dir of ['egress', 'ingress'] as const) {
    const side = d[dir];
    const subject = dir === 'egress' ? q.from : q.to;
    if (subject.kind !== 'endpoint') continue;
    const notEnforced = side.reason === 'no-policy';
    const canDisable = !/^1\.(\d|1[0-5])$/.test(model.settings.ciliumVersion);
    if (notEnforced && !canDisable) w.notes.push(`Cilium ${model.settings.ciliumVersion} has no enableDefaultDeny: this deny-only policy also puts ${subject.display} into ${dir} default deny (the blast radius shows it)`);
    if (notEnforced && canDisable) w.explanation.push(`${dir} of ${subject.display} is not enforced today, so the deny policy sets enableDefaultDeny.${dir}: false; without it, a deny-only policy would switch on default deny for all ${dir} of ${subject.display} (cilium/cilium#14992)`);
    const obj = sidePolicy(model, w, q, dir, 'deny', notEnforced && canDisable);
    if (obj) {
      addPolicy(model, w, obj, `deny ${dir} of ${subject.display} for this path only`);
      return;
    }
  }
  w.possible = false;
}

/** The blast radius: the diff without the queried path's own ports. */
function otherChanges(changes: readonly Change[], q: Query): Change[] {
  const own = queryPorts(q);
  const out: Change[] = [];
  for (const c of changes) {
    if (!(peerContains(c.from, q.from) && peerContains(c.to, q.to))) {
      out.push(c);
      continue;
    }
    const opened = subtract(c.opened, own);
    const closed = subtract(c.closed, own);
    if (isEmpty(opened) && isEmpty(closed)) continue;
    out.push({ ...c, opened, closed, samples: c.samples.filter((s) => {
      const [proto, port] = s.port.split('/');
      return !hasPort(own, proto as PortProto, Number(port));
    }),
    });
  }
  return out;
}

export function suggestFix(model: EngineModel, q: Query): Fix {
  const d = decide(model, q);
  const goal = d.verdict === 'denied' ? 'allow' : 'block';
  const w: Work = { policies: [...model.cluster.policies], changes: [], explanation: [], notes: [], diagnostics: [], yaml: [], possible: true };
  if (goal === 'allow') allow(model, q, d, w);
  else block(model, q, d, w);
  const after = withPolicies(model, w.policies);
  const verdict = decide(after, q).verdict;
  if (w.changes.length > 0 && verdict === d.verdict) w.notes.push('the suggested change does not flip the verdict on its own: see the explanation and notes');
  if (w.changes.length === 0) w.possible = false;
  const blastRadius = w.changes.length > 0 ? otherChanges(diffConnectivity(model, after), q) : [];
  return {
    goal,
    before: d.verdict,
    after: verdict,
    possible: w.possible && verdict !== d.verdict,
    explanation: w.explanation,
    changes: w.changes,
    yaml: w.yaml.join('---\n'),
    blastRadius,
    notes: w.notes,
    diagnostics: w.diagnostics,
  };
}
