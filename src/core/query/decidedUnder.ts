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

/** One agent setting a verdict was decided under, by its cilium-config key. */
export interface DecidedSetting {
  readonly value: string | boolean;
  /** Set in the app's agent settings or on the command line (over what the inputs say, if anything). */
  readonly setByHand: boolean;
}

/**
 * The same as structured fields (`netpol-viz explain --json`'s `decidedUnder`): the words of the
 * line are `text`; the other fields are stable values for machines.
 */
export interface DecidedUnder {
  readonly ciliumVersion: string;
  /** Where the version came from: the agent's debuginfo, the cilium DaemonSet's image, the Helm release, set by hand, or assumed (no input says). */
  readonly ciliumVersionSource: 'agent-debuginfo' | 'daemonset-image' | 'helm-release' | 'set-by-hand' | 'assumed';
  /** `cilium-config` when a cilium-config ConfigMap was read, else Cilium's `defaults`. */
  readonly settingsSource: 'cilium-config' | 'defaults';
  readonly settings: {
    readonly 'enable-policy': DecidedSetting;
    readonly 'policy-cidr-match-mode': DecidedSetting;
    readonly 'policy-audit-mode': DecidedSetting;
    readonly 'allow-localhost': DecidedSetting;
  };
  readonly ipFamilies: 'ipv4' | 'ipv6' | 'dual';
  /** From cilium-config's enable-ipv4/enable-ipv6, from the pods' addresses, or assumed. */
  readonly ipFamiliesSource: 'cilium-config' | 'pod-addresses' | 'assumed';
  /** The line as the text output and "Copy explanation" print it. */
  readonly text: string;
}

const VERSION_WORDS = { 'agent-debuginfo': 'version: reported by the agent, cilium-dbg debuginfo', 'daemonset-image': 'version: cilium DaemonSet image', 'helm-release': 'version: cilium Helm release', 'set-by-hand': 'version set by hand', assumed: 'version assumed: not in the inputs' };
const FAMILY_SOURCE_WORDS = { 'cilium-config': 'cilium-config', 'pod-addresses': "from the pods' addresses", assumed: 'assumed' };

type SettingKey = Exclude<keyof AgentSettingValues, 'nodeSelectorLabels'>;

/** Whether setting `k` (value `v`) was set in the app's agent settings or on the command line (then it may differ from the cluster's). */
function setByHand(cluster: Pick<EngineModel, 'cluster'>['cluster'], k: SettingKey, v: unknown): boolean {
  const c = cluster.agentConfig;
  return c?.overridden?.includes(k) === true || v !== (c?.[k] ?? defaultSettings[k]);
}

/** Where the version `ciliumVersion` came from (the cluster's agentConfig, or set by hand, or assumed). */
function versionSourceOf(ciliumVersion: string, cluster: Pick<EngineModel, 'cluster'>['cluster']): DecidedUnder['ciliumVersionSource'] {
  // The version's origin in CiliumConfig.ts agentVersionSource's words (not imported: the page's
  // lazy chunk would split that module out of the load worker's, a chunk more on the default screen).
  const o = new Set(cluster.agentConfig?.read.map((r) => r.origin));
  return setByHand(cluster, 'ciliumVersion', ciliumVersion) ? 'set-by-hand' : o.has('cilium agent') ? 'agent-debuginfo' : o.has('cilium DaemonSet') ? 'daemonset-image' : o.has('cilium Helm release') ? 'helm-release' : 'assumed';
}

/**
 * The line `netpol-viz lint` and `inspect` print under their diagnostics: the version their
 * version-dependent checks (a policy Cilium refuses from 1.16, a field it ignores before) follow,
 * in the words of the explanation's line, and how to set it when assumed.
 */
export function versionChecksLine(ciliumVersion: string, cluster: Pick<EngineModel, 'cluster'>['cluster']): string {
  const source = versionSourceOf(ciliumVersion, cluster);
  return `Version-dependent checks follow Cilium ${ciliumVersion} (${VERSION_WORDS[source]}${source === 'assumed' ? '; --cilium-version sets it' : ''})`;
}

export function decidedUnderFields({ settings: s, cluster }: Pick<EngineModel, 'settings' | 'cluster'>): DecidedUnder {
  const c = cluster.agentConfig;
  const hand = (k: SettingKey): boolean => setByHand(cluster, k, s[k]);
  const setting = (k: SettingKey, value: string | boolean): DecidedSetting => ({ value, setByHand: hand(k) });
  const versionSource = versionSourceOf(s.ciliumVersion, cluster);
  const read = new Set(c?.read.filter((r) => r.origin.startsWith('cilium-config')).map((r) => r.key));
  const settings = {
    'enable-policy': setting('enforcementMode', s.enforcementMode),
    'policy-cidr-match-mode': setting('policyCidrMatchMode', s.policyCidrMatchMode),
    'policy-audit-mode': setting('auditMode', s.auditMode),
    'allow-localhost': setting('allowLocalhost', s.allowLocalhost),
  };
  const ipFamiliesSource =
    read.has('enable-ipv4') || read.has('enable-ipv6') ? 'cilium-config' : cluster.pods.some((p) => !p.hostNetwork && p.ips.length > 0) || cluster.endpoints.some((e) => e.ips.length > 0) ? 'pod-addresses' : 'assumed';
  const ipFamilies = s.ipFamilies ?? 'ipv4';
  const settingsSource = read.size > 0 ? 'cilium-config' : 'defaults';
  // The line names enable-policy and policy-cidr-match-mode always, the others when not the default.
  const words = Object.entries(settings)
    .filter(([k, v]) => k === 'enable-policy' || k === 'policy-cidr-match-mode' || (k === 'policy-audit-mode' ? v.value === true : v.value !== 'always'))
    .map(([k, v]) => `${k}=${String(v.value)}${v.setByHand ? ' (set by hand)' : ''}`);
  const text = `Decided as Cilium ${s.ciliumVersion} would (${VERSION_WORDS[versionSource]}); ${settingsSource === 'cilium-config' ? 'cilium-config' : "Cilium's defaults (no cilium-config)"}: ${words.join(', ')}; ${FAMILIES[ipFamilies]} (${FAMILY_SOURCE_WORDS[ipFamiliesSource]})`;
  return { ciliumVersion: s.ciliumVersion, ciliumVersionSource: versionSource, settingsSource, settings, ipFamilies, ipFamiliesSource, text };
}

export function decidedUnder(model: Pick<EngineModel, 'settings' | 'cluster'>): string {
  return decidedUnderFields(model).text;
}

/** A path query's answer with the line in its header (the CLI, the what-if worker; the page fetches this module lazily). */
export function withDecidedUnder(o: QueryOutcome, model: Pick<EngineModel, 'settings' | 'cluster'>): QueryOutcome {
  return o.kind === 'answer' ? { ...o, header: { ...o.header, decidedUnder: decidedUnder(model) } } : o;
}
