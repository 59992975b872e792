/**
 * Policy entries and the rules an explanation names, in words: who, which ports, L7, and where the
 * policy is written (`policies.yaml:5`). One place for the workload details, the app's answer, its
 * "Copy explanation" text and `netpol-viz explain`.
 * @public
 */
import type { EngineModel } from './compile.ts';
import { formatFqdnSelector } from './fqdnMatch.ts';
import { describePorts } from './l4Match.ts';
import type { RuleRef, SideDecision } from './types.ts';
import type { Entry, L7Rules, Peer } from '../model/policy.ts';
import type { SourceRef } from '../model/diagnostic.ts';
import { formatSelector, type Selector } from '../model/selector.ts';
import { formatCidr } from '../net/cidr.ts';

export interface EntryView {
  /** `spec.egress[1]` */
  readonly path: string;
  readonly action: 'allow' | 'deny';
  readonly peers: string;
  readonly ports: string;
  /** `HTTP: GET /public; POST /api` or null. */
  readonly l7: string | null;
}

const NS_KEY = 'io.kubernetes.pod.namespace';
const CLUSTER_KEY = 'io.cilium.k8s.policy.cluster';

/**
 * Selectors as people write them: without the `any:`/`k8s:` sources, `namespace=x` for the
 * namespace label, and without the local-cluster requirement Cilium's import adds to every one.
 */
export function selectorText(s: Selector, clusterName: string | null = null): string {
  const reqs = s.requirements.filter((r) => !(r.key === CLUSTER_KEY && r.operator === 'In' && r.values.length === 1 && r.values[0] === clusterName));
  if (reqs.length === 0 && s.requirements.length > 0) return '{} (every pod of this cluster)';
  return formatSelector({ requirements: reqs })
    .replace(/\b(any|k8s):/g, '')
    .replace(new RegExp(`\\b${NS_KEY.replace(/\./g, '\\.')}\\b`, 'g'), 'namespace');
}

export function peerText(p: Peer, clusterName: string | null = null): string {
  const sel = (sel: Selector): string => selectorText(sel, clusterName);
  switch (p.kind) {
    case 'endpoints':
      return `pods ${sel(p.selector)}`;
    case 'entity':
      return `entity ${p.entity}`;
    case 'cidr':
      return p.except.length > 0 ? `${formatCidr(p.cidr)} except ${p.except.map(formatCidr).join(', ')}` : formatCidr(p.cidr);
    case 'cidrGroup':
      return p.ref !== null ? `CIDR group ${p.ref}` : `CIDR groups ${p.selector ? sel(p.selector) : ''}`;
    case 'fqdn':
      return `FQDN ${formatFqdnSelector(p)}`;
    case 'service':
      return p.serviceName !== null ? `Service ${p.namespace ?? '*'}/${p.serviceName}` : `Services ${p.selector ? sel(p.selector) : ''}`;
    case 'nodes':
      return `nodes ${sel(p.selector)}`;
    case 'groups':
      return `cloud group (${p.provider})`;
  }
}

function l7Text(l7: L7Rules): string {
  switch (l7.kind) {
    case 'http':
      return `HTTP: ${l7.rules.map((r) => [r.method ?? '*', r.path ?? '/*', r.host ? `host ${r.host}` : ''].filter(Boolean).join(' ')).join('; ') || 'any request'}`;
    case 'dns':
      return `DNS: ${l7.rules.map((r) => r.matchName ?? r.matchPattern ?? '').join(', ')}`;
    case 'kafka':
      return `Kafka: ${l7.rules.length} rule${l7.rules.length === 1 ? '' : 's'}`;
    case 'generic':
      return `${l7.l7proto}: ${l7.rules.length} rule${l7.rules.length === 1 ? '' : 's'}`;
  }
}

export function entryView(e: Entry, clusterName: string | null = null): EntryView {
  const peers = e.peers.kind === 'none' ? 'nobody (empty peer list)' : e.peers.kind === 'wildcard' ? 'any peer' : e.peers.items.map((p) => peerText(p, clusterName)).join('; ');
  const l7 = e.ports.flatMap((pr) => (pr.l7 ? [l7Text(pr.l7)] : []));
  return { path: e.path, action: e.action, peers, ports: describePorts(e), l7: l7.length > 0 ? l7.join('; ') : null };
}

/**
 * A rule an explanation names, as the user wrote it: the file and line of its policy's document
 * (`policies.yaml:5`) and, when it names an entry (`spec.egressDeny[0]`, not a whole rule), that
 * entry in words. Null parts when the model does not hold it.
 */
export function ruleInWords(model: EngineModel, ref: RuleRef): { readonly source: string | null; readonly at: SourceRef | null; readonly entry: EntryView | null } {
  const same = (p: { readonly kind: string; readonly namespace: string | null; readonly name: string }): boolean => p.kind === ref.kind && p.namespace === ref.namespace && p.name === ref.name;
  const policy = model.cluster.policies.find((p) => same(p.ref));
  let entry: EntryView | null = null;
  for (const rule of model.rules) {
    if (!same(rule.policy) || !ref.path.startsWith(`${rule.path}.`)) continue;
    const e = [...rule.egressDeny, ...rule.egress, ...rule.ingressDeny, ...rule.ingress].find((x) => x.path === ref.path);
    if (e) {
      entry = entryView(e, model.cluster.name);
      break;
    }
  }
  return { source: policy ? `${policy.source.file}:${policy.source.line}` : null, at: policy?.source ?? null, entry };
}

/** `denies entity world on 25/TCP`: an entry as the workload details and the explanations say it. */
export function entryWords(e: EntryView): string {
  return `${e.action === 'deny' ? 'denies' : 'allows'} ${e.peers} on ${e.ports}${e.l7 ? ` · ${e.l7}` : ''}`;
}

/** The rules that decided a side: the matching allows or denies, or (default deny) who enabled it. */
export function decidingRules(s: SideDecision): readonly RuleRef[] {
  switch (s.reason) {
    case 'allowed':
    case 'explicit-deny':
    case 'auth-denied':
      return s.rules;
    case 'default-deny':
      return s.defaultDenyFrom;
    case 'not-applicable':
    case 'no-policy':
      return [];
  }
}
