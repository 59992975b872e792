import type { AgentConfig, AgentSettingValues } from '../model/cluster.ts';
import type { PathSegment } from '../load/parseTypes.ts';
import { isObject } from './fields.ts';

/**
 * The agent's own settings as a cluster carries them: the `cilium-config` ConfigMap (what the
 * agent reads at start, `cilium-dbg config` shows) and the Cilium version from the cilium
 * DaemonSet's agent image. Only the keys whose value changes verdicts are read; they become the
 * engine's defaults (see EngineSettings), explicit settings still win. The ConfigMap's reader is
 * CiliumConfigMap.ts (a sysdump or `kubectl get cm cilium-config` carries it: in the browser a
 * chunk of rare readers, core/load/rareInputs.ts).
 * @public
 */
export function isCiliumConfigMap(value: unknown): boolean {
  return isObject(value) && value['kind'] === 'ConfigMap' && isObject(value['metadata']) && value['metadata']['name'] === 'cilium-config';
}

/**
 * GKE Dataplane V2's `cilium-config-emergency-override` ConfigMap (kube-system), which cilium-cli's
 * sysdump saves on GKE as `gke-cilium-override-config-<ts>.yaml` (cilium/cilium
 * cilium-cli/sysdump/constants.go gkeOverrideConfigMap, sysdump.go submitFlavorSpecificTasks):
 * Google's way to change an agent option without touching the managed cilium-config. Its keys are
 * the agent's options; each one set there wins over cilium-config's.
 */
export const GKE_OVERRIDE_CONFIGMAP = 'cilium-config-emergency-override';

export function isGkeOverrideConfigMap(value: unknown): boolean {
  return isObject(value) && value['kind'] === 'ConfigMap' && isObject(value['metadata']) && value['metadata']['name'] === GKE_OVERRIDE_CONFIGMAP;
}

/**
 * The cilium DaemonSet's `cilium-agent` image and where it is written, whatever its tag. The
 * DaemonSet is `cilium`, or any carrying the label cilium-cli's sysdump selects it by
 * (`k8s-app=cilium`, cilium-cli/defaults DefaultCiliumLabelSelector): GKE Dataplane V2 names it `anetd`.
 */
export function agentImageOf(value: unknown): { image: string; path: PathSegment[] } | null {
  if (!isObject(value) || value['kind'] !== 'DaemonSet' || !isObject(value['metadata'])) return null;
  const meta = value['metadata'];
  const labels = isObject(meta['labels']) ? meta['labels'] : {};
  if (meta['name'] !== 'cilium' && labels['k8s-app'] !== 'cilium') return null;
  const spec = isObject(value['spec']) && isObject(value['spec']['template']) && isObject(value['spec']['template']['spec']) ? value['spec']['template']['spec'] : null;
  const containers = spec && Array.isArray(spec['containers']) ? spec['containers'] : [];
  for (const [i, c] of containers.entries()) {
    if (isObject(c) && c['name'] === 'cilium-agent' && typeof c['image'] === 'string') return { image: c['image'], path: ['spec', 'template', 'spec', 'containers', i, 'image'] };
  }
  return null;
}

/**
 * The Cilium version of the cilium DaemonSet's `cilium-agent` container (`…/cilium:v1.16.5@sha256:…`
 * → `1.16`); null for another DaemonSet or an image without a version tag.
 */
export function agentVersionOf(value: unknown): { version: string; image: string; path: PathSegment[] } | null {
  const a = agentImageOf(value);
  if (!a) return null;
  const noDigest = a.image.split('@')[0] as string;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  if (colon <= slash) return null;
  const m = /^v?(\d+)\.(\d+)(?:[.-]|$)/.exec(noDigest.slice(colon + 1));
  return m ? { version: `${m[1]}.${m[2]}`, image: a.image, path: a.path } : null;
}

/**
 * Major.minor of the version the agent reports itself (`cilium-dbg version`, debuginfo's
 * `cilium-version`: `1.18.4 1d3a5c7e 2026-10-30T10:00:00+00:00 go version go1.24.9 linux/amd64`,
 * cilium/cilium pkg/version); null when the text starts otherwise.
 */
export function reportedVersionOf(text: string): string | null {
  const m = /^\s*v?(\d{1,3})\.(\d{1,3})(?:[.\s-]|$)/.exec(text.slice(0, 64));
  return m ? `${m[1]}.${m[2]}` : null;
}

/**
 * The Cilium version of the `cilium` Helm release, as `helm get metadata` gives it and cilium-cli's
 * sysdump writes it (`cilium-helm-metadata-<ts>.yaml`, helm's action.Metadata: name, chart,
 * version, appVersion…): the cilium chart is versioned with Cilium. Null for anything else.
 */
export function helmReleaseVersionOf(value: unknown): { version: string; value: string; path: PathSegment[] } | null {
  if (!isObject(value) || 'kind' in value || 'apiVersion' in value || value['chart'] !== 'cilium') return null;
  for (const key of ['version', 'appVersion']) {
    const v = value[key];
    const m = typeof v === 'string' ? /^v?(\d+)\.(\d+)(?:[.-]|$)/.exec(v) : null;
    if (m && typeof v === 'string') return { version: `${m[1]}.${m[2]}`, value: v, path: [key] };
  }
  return null;
}

/** A setting set over the cluster's, as people read it (the agent's option names). */
function settingText(key: keyof AgentSettingValues, config: AgentConfig): string {
  const v = config[key];
  switch (key) {
    case 'ciliumVersion':
      return `Cilium ${String(v)}`;
    case 'enforcementMode':
      return `enable-policy=${String(v)}`;
    case 'policyCidrMatchMode':
      return `policy-cidr-match-mode=${String(v)}`;
    case 'auditMode':
      return `policy-audit-mode=${String(v)}`;
    case 'allowLocalhost':
      return `allow-localhost=${String(v)}`;
    case 'nodeSelectorLabels':
      return `enable-node-selector-labels=${String(v)}`;
    case 'tiersAs':
      return `tiers-as=${String(v)}`;
  }
}

/** `from cilium-config: …` and GKE's override, `from cilium-config-emergency-override (GKE, wins): …`. */
export function configMapParts(config: AgentConfig): string[] {
  const parts: string[] = [];
  const cm = config.read.filter((s) => s.origin === 'cilium-config').map((s) => `${s.key}=${s.value}`);
  if (cm.length > 0) parts.push(`from cilium-config: ${cm.join(', ')}`);
  const gke = config.read.filter((s) => s.origin === 'cilium-config-emergency-override').map((s) => `${s.key}=${s.value}`);
  if (gke.length > 0) parts.push(`from cilium-config-emergency-override (GKE, wins over cilium-config): ${gke.join(', ')}`);
  return parts;
}

/** Where the Cilium version was read, for people; null when no input gave it. */
export function agentVersionSource(config: AgentConfig): string | null {
  const origins = new Set(config.read.map((s) => s.origin));
  if (origins.has('cilium agent')) return 'reported by the agent, cilium-dbg debuginfo';
  if (origins.has('cilium DaemonSet')) return 'cilium DaemonSet image';
  if (origins.has('cilium Helm release')) return 'cilium Helm release';
  return null;
}

/**
 * One line for people: `from cilium-config: enable-policy=always, cluster-name=prod; Cilium 1.16
 * (cilium DaemonSet image); set on the command line (wins): enable-policy=never`. Empty when
 * nothing was read or set.
 */
export function agentConfigLine(config: AgentConfig | undefined): string {
  if (!config) return '';
  const over = config.overridden ?? [];
  const parts = configMapParts(config);
  const from = agentVersionSource(config);
  if (config.ciliumVersion && from && !over.includes('ciliumVersion')) parts.push(`Cilium ${config.ciliumVersion} (${from})`);
  if (over.length > 0) parts.push(`set on the command line (wins): ${over.map((k) => settingText(k, config)).join(', ')}`);
  return parts.join('; ');
}
