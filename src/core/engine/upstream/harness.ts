/**
 * A small harness for Cilium's own policy unit tests translated into verdicts (SOURCES.md): the
 * rules of an upstream case as CiliumClusterwideNetworkPolicies (upstream's `api.Rule`s have no
 * namespace), the identities as pods carrying their labels, and one side's reason per
 * (peer, port, protocol) from decide().
 * @internal
 */
import { compile, type EngineModel } from '../compile.ts';
import { decide } from '../decide.ts';
import { buildCluster, ipEndpoint, podEndpoint, policiesFromYaml, type PodSpec } from '../testing.ts';
import type { CidrGroup } from '../../model/cluster.ts';
import type { Endpoint, EngineSettings, L7Request, QueryProtocol, SideReason } from '../types.ts';

/** One rule per string: the body of `spec` below `endpointSelector: <subject>`. */
export interface UpstreamRule {
  readonly subject: string;
  readonly body: string;
}

/** `subject` and a body, e.g. `rule('{matchLabels: {id: foo}}', 'ingressDeny: [...]')`. */
export const rule = (subject: string, body: string): UpstreamRule => ({ subject, body });

/** Upstream's `"id=foo"` selector: `{matchLabels: {id: foo}}`. */
export const ID = (v: string) => `{matchLabels: {id: ${v}}}`;
/** Upstream's `ParseSelectLabel("foo")` selector: `{matchLabels: {foo: ''}}`. */
export const LBL = (k: string) => `{matchLabels: {${k}: ''}}`;
/** One TCP port as a `toPorts` list. */
export const TCP = (port: string) => `[{ports: [{port: '${port}', protocol: TCP}]}]`;

/** The identities of upstream's fromRequires/toRequires cases (TestAllowsIngress, TestDeniesIngress and their egress twins). */
export const REQUIRES_GROUP_PODS = {
  foo: { foo: '' },
  bar: { bar: '' },
  bar2: { bar2: '' },
  bar3: { bar3: '' },
  fooA: { foo: '', groupA: '' },
  barA: { bar: '', groupA: '' },
  fooB: { foo: '', groupB: '' },
  barB: { bar: '', groupB: '' },
};

/** The model of an upstream case: its rules, and one pod (namespace `default`) per label set (every pod with `extra.ports`). */
export function upstreamModel(
  rules: readonly UpstreamRule[],
  pods: Readonly<Record<string, Readonly<Record<string, string>>>>,
  settings: Partial<EngineSettings> = {},
  extra: { readonly cidrGroups?: readonly CidrGroup[]; readonly podIps?: Readonly<Record<string, string>>; readonly ports?: PodSpec['ports'] } = {},
): EngineModel {
  const yaml = rules
    .map((r, i) => `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: rule-${i}}\nspec:\n  endpointSelector: ${r.subject}\n  ${r.body.split('\n').join('\n  ')}\n`)
    .join('---\n');
  const { policies, diagnostics } = policiesFromYaml(yaml, { ciliumVersion: settings.ciliumVersion ?? '1.19' });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`upstream case does not load: ${errors.map((d) => d.message).join('; ')}`);
  const specs: PodSpec[] = Object.entries(pods).map(([name, labels], i) => ({ ns: 'default', name, labels, ip: extra.podIps?.[name] ?? `10.244.0.${i + 10}`, ...(extra.ports ? { ports: extra.ports } : {}) }));
  return compile({ ...buildCluster({ pods: specs, policies }), cidrGroups: extra.cidrGroups ?? [] }, settings);
}

/** A pod of the model by name, or an outside address (digits and dots, or anything with a colon). */
export function peer(m: EngineModel, name: string): Endpoint {
  return /^[\d.]+$|:/.test(name) ? ipEndpoint(name) : podEndpoint(m, `default/${name}`);
}

/** The reason of the side that the upstream case checks (`ingress` of `to`, `egress` of `from`). */
export function reasonOf(m: EngineModel, dir: 'ingress' | 'egress', from: string, to: string, port: number | null, protocol: QueryProtocol = 'TCP'): SideReason {
  const d = decide(m, { from: peer(m, from), to: peer(m, to), port, protocol });
  return d[dir].reason;
}

/** Whether an HTTP request from `from` to `to` on a TCP port passes (packet and L7 rules). */
export function httpPasses(m: EngineModel, from: string, to: string, port: number, method: string, path: string): boolean {
  const d = decide(m, { from: peer(m, from), to: peer(m, to), port, protocol: 'TCP', l7: { kind: 'http', method, path } });
  return d.verdict === 'allowed' && d.l7?.verdict !== 'denied';
}

/** Whether an L7 request (HTTP or DNS) from `from` to `to` passes (packet and L7 rules). */
export function requestPasses(m: EngineModel, from: string, to: string, port: number, protocol: QueryProtocol, l7: L7Request): boolean {
  const d = decide(m, { from: peer(m, from), to: peer(m, to), port, protocol, l7 });
  return d.verdict === 'allowed' && d.l7?.verdict !== 'denied';
}

/** The full decision, for cases that look at L7 or attribution. */
export function decisionOf(m: EngineModel, from: string, to: string, port: number | null, protocol: QueryProtocol = 'TCP'): ReturnType<typeof decide> {
  return decide(m, { from: peer(m, from), to: peer(m, to), port, protocol });
}
