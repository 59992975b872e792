import { useId } from 'react';
import type { AgentSettingValues } from '../../core/model/cluster.ts';
import { CILIUM_VERSIONS, defaultSettings, type TiersReading } from '../../core/engine/types.ts';
import { TIERS_AS_WORDS, TIERS_READINGS } from '../../core/engine/tiersReading.ts';
import { clusterSettings } from '../../core/engine/compile.ts';
import { configMapParts } from '../../core/k8s/CiliumConfig.ts';
import type { LoadedData } from '../../workers/protocol.ts';

const VERSIONS = CILIUM_VERSIONS;

/** What the settings line says: where each value came from, in Cilium's own words. */
export function agentSettingsText(data: LoadedData): string {
  const c = data.cluster.agentConfig;
  const parts: string[] = c ? configMapParts(c) : [];
  const origins = new Set(c?.read.map((r) => r.origin));
  const versionFrom = origins.has('cilium agent') ? 'the agents themselves (cilium-dbg debuginfo)' : origins.has('cilium DaemonSet') ? 'the cilium DaemonSet' : origins.has('cilium Helm release') ? 'the cilium Helm release' : null;
  if (versionFrom && c?.ciliumVersion) parts.push(`Cilium ${c.ciliumVersion} from ${versionFrom}`);
  const set = c?.overridden ?? [];
  if (set.length > 0) {
    const s = clusterSettings(data.cluster);
    const names: Record<keyof AgentSettingValues, string> = {
      enforcementMode: 'enable-policy',
      auditMode: 'policy-audit-mode',
      ciliumVersion: 'Cilium',
      policyCidrMatchMode: 'policy-cidr-match-mode',
      allowLocalhost: 'allow-localhost',
      nodeSelectorLabels: 'enable-node-selector-labels',
      tiersAs: 'tiers-as',
    };
    const value = (k: keyof AgentSettingValues): string => String(k === 'nodeSelectorLabels' ? c?.nodeSelectorLabels : s[k]);
    parts.push(`set here: ${set.map((k) => `${names[k]}${k === 'ciliumVersion' ? ' ' : '='}${value(k)}`).join(', ')}`);
  }
  return parts.length > 0 ? parts.join('; ') : `no cilium-config loaded: Cilium's defaults (enable-policy=${defaultSettings.enforcementMode}, Cilium ${defaultSettings.ciliumVersion})`;
}

/**
 * The agent settings the verdicts use: read from the cluster (cilium-config, the cilium
 * DaemonSet's image) or Cilium's defaults, and changeable here (the input is read again with
 * the new settings; they win over the cluster's).
 */
export function AgentSettingsPanel({ data, onChange }: { readonly data: LoadedData | null; readonly onChange: (settings: AgentSettingValues | null) => void }) {
  const id = useId();
  if (data === null) return null;
  const effective = { ...defaultSettings, ...clusterSettings(data.cluster) };
  const c = data.cluster.agentConfig;
  // enable-node-selector-labels is the policy parsers' (not an engine setting): set here, else
  // cilium-config's (default off), else assumed on (the loader's note names the assumption).
  const nodeSelectorLabels = c?.nodeSelectorLabels ?? !c?.fromConfigMap;
  const current: AgentSettingValues = Object.fromEntries((c?.overridden ?? []).map((k) => [k, k === 'nodeSelectorLabels' ? nodeSelectorLabels : effective[k]]));
  const set = (patch: AgentSettingValues): void => onChange({ ...current, ...patch });
  const versions = VERSIONS.includes(effective.ciliumVersion) ? VERSIONS : [...VERSIONS, effective.ciliumVersion];
  return (
    <section className="panel agent-settings" aria-labelledby={`${id}-title`} data-testid="agent-settings">
      <h2 id={`${id}-title`} className="panel-title">
        Agent settings
      </h2>
      <p className="agent-settings-line" data-testid="agent-settings-line">
        {agentSettingsText(data)}
      </p>
      <div className="agent-settings-controls">
        <label>
          enable-policy{' '}
          <select value={effective.enforcementMode} onChange={(e) => set({ enforcementMode: e.currentTarget.value as 'default' | 'always' | 'never' })} data-testid="agent-enable-policy">
            <option value="default">default</option>
            <option value="always">always</option>
            <option value="never">never</option>
          </select>
        </label>
        <label>
          Cilium{' '}
          <select value={effective.ciliumVersion} onChange={(e) => set({ ciliumVersion: e.currentTarget.value })} data-testid="agent-cilium-version">
            {versions.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={effective.auditMode} onChange={(e) => set({ auditMode: e.currentTarget.checked })} data-testid="agent-audit-mode" /> audit mode
        </label>
        <label title="enable-node-selector-labels: whether Cilium reads fromNodes/toNodes and ClusterNetworkPolicy nodes peers (default off; without a cilium-config, assumed on)">
          <input type="checkbox" checked={nodeSelectorLabels} onChange={(e) => set({ nodeSelectorLabels: e.currentTarget.checked })} data-testid="agent-node-selector-labels" /> node selector labels
        </label>
        <label title={TIERS_AS_WORDS}>
          tiers as{' '}
          <select value={effective.tiersAs ?? 'cilium'} onChange={(e) => set({ tiersAs: e.currentTarget.value as TiersReading })} data-testid="agent-tiers-as">
            {TIERS_READINGS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        {(data.cluster.agentConfig?.overridden ?? []).length > 0 ? (
          <button type="button" className="btn small" onClick={() => onChange(null)} data-testid="agent-settings-reset">
            Use the cluster's
          </button>
        ) : null}
      </div>
    </section>
  );
}
