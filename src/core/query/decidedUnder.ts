/**
 * The line of an explanation saying under which Cilium version and agent settings its verdict
 * was decided, and where each came from (`netpol-viz explain` and the app's "Copy explanation"
 * print it under the verdict: a ticket keeps it). A version no input gave is said to be assumed.
 * The page fetches this module when it first shows an explanation (ui/query/decidedUnderLazy.ts),
 * not on the default screen.
 * @public
 */
import type { EngineModel } from '../engine/compile.ts';
import { defaultSettings } from '../engine/types.ts';
import type { AgentSettingValues } from '../model/cluster.ts';
import type { QueryOutcome } from './runQuery.ts';

const FAMILIES = { ipv4: 'IPv4 only', ipv6: 'IPv6 only', dual: 'dual stack' };

export function decidedUnder({ settings: s, cluster }: Pick<EngineModel, 'settings' | 'cluster'>): string {
  const c = cluster.agentConfig;
  // Set by hand: in the app's agent settings or on the command line (then it may differ from the cluster's).
  const hand = (k: keyof AgentSettingValues): boolean => c?.overridden?.includes(k) === true || s[k] !== (c?.[k] ?? defaultSettings[k]);
  const set = (k: keyof AgentSettingValues, text: string): string => text + (hand(k) ? ' (set by hand)' : '');
  // The version's origin in CiliumConfig.ts agentVersionSource's words (not imported: the page's
  // lazy chunk would split that module out of the load worker's, a chunk more on the default screen).
  const o = new Set(c?.read.map((r) => r.origin));
  const from = hand('ciliumVersion') ? null : o.has('cilium agent') ? 'reported by the agent, cilium-dbg debuginfo' : o.has('cilium DaemonSet') ? 'cilium DaemonSet image' : o.has('cilium Helm release') ? 'cilium Helm release' : null;
  const version = from ? `version: ${from}` : hand('ciliumVersion') ? 'version set by hand' : 'version assumed: not in the inputs';
  const read = new Set(c?.read.filter((r) => r.origin.startsWith('cilium-config')).map((r) => r.key));
  const settings = [set('enforcementMode', `enable-policy=${s.enforcementMode}`), set('policyCidrMatchMode', `policy-cidr-match-mode=${s.policyCidrMatchMode}`)];
  if (s.auditMode) settings.push(set('auditMode', 'policy-audit-mode=true'));
  if (s.allowLocalhost !== 'always') settings.push(set('allowLocalhost', `allow-localhost=${s.allowLocalhost}`));
  const families =
    read.has('enable-ipv4') || read.has('enable-ipv6') ? 'cilium-config' : cluster.pods.some((p) => !p.hostNetwork && p.ips.length > 0) || cluster.endpoints.some((e) => e.ips.length > 0) ? "from the pods' addresses" : 'assumed';
  return `Decided as Cilium ${s.ciliumVersion} would (${version}); ${read.size > 0 ? 'cilium-config' : "Cilium's defaults (no cilium-config)"}: ${settings.join(', ')}; ${FAMILIES[s.ipFamilies ?? 'ipv4']} (${families})`;
}

/** A path query's answer with the line in its header (the CLI, the what-if worker; the page fetches this module lazily). */
export function withDecidedUnder(o: QueryOutcome, model: Pick<EngineModel, 'settings' | 'cluster'>): QueryOutcome {
  return o.kind === 'answer' ? { ...o, header: { ...o.header, decidedUnder: decidedUnder(model) } } : o;
}
