/**
 * Narrowing a deny rule so it stops matching one path: an allow can never override a deny
 * (B.5.4), so the only fix for an explicitly denied path is a smaller deny. In order of precision:
 * - the deny names a CIDR set and the peer is an address: add the address to `except`;
 * - the deny names `world` and the peer is an address: replace it with the equivalent CIDR sets
 *   (0.0.0.0/0 and ::/0) minus the address;
 * - the deny names pods by selector and the peer is a pod: exclude the peer's label (NotIn);
 * - otherwise exclude the subject pod from the deny rule's endpointSelector (which also removes
 *   the other items of that rule for it: the blast radius shows what that re-opens).
 * @internal
 */
import { stringify } from 'yaml';
import type { EngineModel } from '../engine/compile.ts';
import type { Endpoint, MatchedEntry } from '../engine/types.ts';
import type { Entry, Peer, Policy, Rule } from '../model/policy.ts';
import type { Requirement } from '../model/selector.ts';
import { parseCidr, parseIp } from '../net/cidr.ts';
import { minimalLabels } from './selectors.ts';
import type { FixChange } from './types.ts';

export type Narrowed = { ok: true; policy: Policy; change: FixChange } | { ok: false; why: string };

const y = (v: unknown) => stringify(v, { lineWidth: 0 });

function addressOf(e: Endpoint): string | null {
  if (e.kind === 'ip') return e.ip;
  if (e.kind === 'fqdn') return e.ip;
  return null;
}

function replacePeer(policy: Policy, rule: Rule, entry: Entry, peers: readonly Peer[]): Policy {
  const section = entry.direction === 'ingress' ? 'ingressDeny' : 'egressDeny';
  const newEntry: Entry = { ...entry, peers: { kind: 'list', items: peers } };
  const newRule: Rule = { ...rule, [section]: rule[section].map((e) => (e === entry ? newEntry : e)) };
  return { ...policy, rules: policy.rules.map((r) => (r === rule ? newRule : r)) };
}

function labelRequirement(model: EngineModel, e: Extract<Endpoint, { kind: 'endpoint' }>): Requirement | null {
  const [key, value] = Object.entries(minimalLabels(model, e))[0] ?? [];
  return key === undefined || value === undefined ? null : { source: 'any', key, operator: 'NotIn', values: [value] };
}

export function narrowDeny(model: EngineModel, policies: readonly Policy[], m: MatchedEntry, subject: Endpoint, peer: Endpoint): Narrowed {
  const deny = m.rule;
  const policy = policies.find((p) => p.ref.kind === deny.kind && p.ref.namespace === deny.namespace && p.ref.name === deny.name);
  const rule = policy?.rules.find((r) => deny.path.startsWith(`${r.path}.`));
  const entry = rule ? [...rule.ingressDeny, ...rule.egressDeny].find((e) => e.path === deny.path) : undefined;
  if (!policy || !rule || !entry) return { ok: false, why: `the deny rule ${deny.name} ${deny.path} is not in the loaded policies` };
  const items = entry.peers.kind === 'list' ? entry.peers.items : [];
  const matchedPeer = items.find((p) => p.path === m.peerPath);
  const addr = addressOf(peer);
  const ip = addr !== null ? parseIp(addr) : null;
  const host = ip && addr !== null ? parseCidr(`${addr}/${ip.family === 4 ? 32 : 128}`) : null;

  if (matchedPeer?.kind === 'cidr' && host && /\.(to|from)CIDRSet\[\d+\]$/.test(matchedPeer.path)) {
    const peers = items.map((p) => (p === matchedPeer ? { ...matchedPeer, except: [...matchedPeer.except, host] } : p));
    return {
      ok: true,
      policy: replacePeer(policy, rule, entry, peers),
      change: { kind: 'edit-policy', op: 'add', policy: policy.ref, path: `${matchedPeer.path}.except`, yaml: y([host.text]), why: `carve ${host.text} out of the range ${deny.name} ${deny.path} denies; an allow rule cannot override a deny` },
    };
  }
  if (matchedPeer?.kind === 'entity' && matchedPeer.entity === 'world' && host && items.length === 1) {
    const v4 = parseCidr('0.0.0.0/0');
    const v6 = parseCidr('::/0');
    if (v4 && v6) {
      const f = entry.direction === 'egress' ? 'toCIDRSet' : 'fromCIDRSet';
      const path = matchedPeer.path.replace(/\[\d+\]$/, '');
      const sets = [host.family === 4 ? { cidr: '0.0.0.0/0', except: [host.text] } : { cidr: '0.0.0.0/0' }, host.family === 6 ? { cidr: '::/0', except: [host.text] } : { cidr: '::/0' }];
      const peers: Peer[] = [
        { kind: 'cidr', path: `${entry.path}.${f}[0]`, cidr: v4, except: host.family === 4 ? [host] : [] },
        { kind: 'cidr', path: `${entry.path}.${f}[1]`, cidr: v6, except: host.family === 6 ? [host] : [] },
      ];
      return {
        ok: true,
        policy: replacePeer(policy, rule, entry, peers),
        change: { kind: 'edit-policy', op: 'replace', policy: policy.ref, path, yaml: y({ [f]: sets }), why: `replace "world" in ${deny.name} ${deny.path} by the same addresses as CIDR sets, minus ${host.text}; an allow rule cannot override a deny` },
      };
    }
  }
  if (matchedPeer?.kind === 'endpoints' && peer.kind === 'endpoint') {
    const req = labelRequirement(model, peer);
    if (req) {
      const peers = items.map((p) => (p === matchedPeer ? { ...matchedPeer, selector: { requirements: [...matchedPeer.selector.requirements, req] } } : p));
      return {
        ok: true,
        policy: replacePeer(policy, rule, entry, peers),
        change: { kind: 'edit-policy', op: 'add', policy: policy.ref, path: `${matchedPeer.path}.matchExpressions`, yaml: y([{ key: req.key, operator: 'NotIn', values: req.values }]), why: `exclude ${peer.display} from the peers ${deny.name} ${deny.path} denies; an allow rule cannot override a deny` },
      };
    }
  }
  if (rule.subject.kind !== 'endpoints') return { ok: false, why: `${deny.name} ${rule.path} is a host policy (nodeSelector): narrow it by hand` };
  if (subject.kind !== 'endpoint') return { ok: false, why: `${subject.display} is not a pod, so it cannot be excluded from ${deny.name}'s endpointSelector: narrow the deny's peers or ports by hand` };
  const req = labelRequirement(model, subject);
  if (!req) return { ok: false, why: `${subject.display} has no pod label to exclude it by` };
  const narrowedRule: Rule = { ...rule, subject: { ...rule.subject, selector: { requirements: [...rule.subject.selector.requirements, req] } } };
  const others = rule.ingress.length + rule.egress.length + rule.ingressDeny.length + rule.egressDeny.length - 1;
  return {
    ok: true,
    policy: { ...policy, rules: policy.rules.map((r) => (r === rule ? narrowedRule : r)) },
    change: {
      kind: 'edit-policy',
      op: 'add',
      policy: policy.ref,
      path: `${rule.path}.${policy.ref.kind === 'NetworkPolicy' ? 'podSelector' : 'endpointSelector'}.matchExpressions`,
      yaml: y([{ key: req.key, operator: 'NotIn', values: req.values }]),
      why: `exclude ${subject.display} from the pods ${deny.name} ${rule.path} applies to; an allow rule cannot override a deny${others > 0 ? ` (this also removes the rule's ${others} other item(s) for it: see the blast radius)` : ''}`,
    },
  };
}
