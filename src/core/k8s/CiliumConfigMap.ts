import type { AgentConfig, AgentSettingRead } from '../model/cluster.ts';
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult, PathSegment } from '../load/parseTypes.ts';
import { FieldReader, isObject } from './fields.ts';
import { readObjectMeta } from './ObjectMeta.ts';

/**
 * The `cilium-config` ConfigMap (CiliumConfig.ts `isCiliumConfigMap`) → the agent's settings that
 * change verdicts (AgentConfig). Only a sysdump or `kubectl get cm -n kube-system cilium-config`
 * carries it: in the browser a chunk of rare readers (core/load/rareInputs.ts).
 * @public
 */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface KeySpec {
  readonly key: string;
  /** The engine setting for a value, or undefined when the agent refuses the value. */
  readonly apply: (v: string, into: Mutable<AgentConfig>) => boolean;
  readonly expected: string;
}

/** A boolean flag, read as the agent reads it (parseBool). */
function boolKey(key: string, expected: string, set: (into: Mutable<AgentConfig>, b: boolean) => void): KeySpec {
  return {
    key,
    expected,
    apply: (v, c) => {
      const b = parseBool(v);
      if (b === null) return false;
      set(c, b);
      return true;
    },
  };
}

// Values as the agent's option parsing accepts them (pkg/option/config.go).
const KEYS: readonly KeySpec[] = [
  {
    key: 'cluster-name',
    expected: 'a cluster name',
    apply: (v, c) => {
      if (v === '') return false;
      c.clusterName = v;
      return true;
    },
  },
  {
    key: 'enable-policy',
    expected: 'default, always or never',
    apply: (v, c) => {
      const m = v.toLowerCase();
      if (m !== 'default' && m !== 'always' && m !== 'never') return false;
      c.enforcementMode = m;
      return true;
    },
  },
  {
    key: 'policy-cidr-match-mode',
    expected: '"", nodes, pods (Cilium 1.20) or both',
    apply: (v, c) => {
      // A string list (pkg/option/config.go validatePolicyCIDRMatchMode: nodes, pods).
      const modes = v.split(/[\s,]+/).filter((m) => m !== '');
      if (modes.some((m) => m !== 'nodes' && m !== 'pods')) return false;
      const nodes = modes.includes('nodes');
      const pods = modes.includes('pods');
      c.policyCidrMatchMode = nodes && pods ? 'nodes,pods' : nodes ? 'nodes' : pods ? 'pods' : 'default';
      return true;
    },
  },
  boolKey('policy-audit-mode', 'true or false', (c, b) => {
    c.auditMode = b;
  }),
  {
    key: 'allow-localhost',
    expected: 'auto, always or policy',
    apply: (v, c) => {
      // `auto` resolves to `always` in Kubernetes mode.
      if (v !== 'auto' && v !== 'always' && v !== 'policy') return false;
      c.allowLocalhost = v === 'policy' ? 'policy' : 'always';
      return true;
    },
  },
  boolKey('enable-ipv4', 'true or false', (c, b) => {
    c.enableIPv4 = b;
  }),
  boolKey('enable-ipv6', 'true or false', (c, b) => {
    c.enableIPv6 = b;
  }),
  boolKey('enable-k8s-cluster-network-policy', 'true or false', (c, b) => {
    c.clusterNetworkPolicy = b;
  }),
  boolKey('enable-node-selector-labels', 'true or false', (c, b) => {
    c.nodeSelectorLabels = b;
  }),
];

/** Go's strconv.ParseBool, which the agent's flags use. */
function parseBool(v: string): boolean | null {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  return null;
}

/**
 * `origin`: the ConfigMap read, `cilium-config` or GKE's `cilium-config-emergency-override`
 * (CiliumConfig.ts `isGkeOverrideConfigMap`), whose keys win over cilium-config's (the loader merges them).
 */
export function parseCiliumConfig(doc: RawDocument, origin: 'cilium-config' | 'cilium-config-emergency-override' = 'cilium-config'): ParseResult<AgentConfig> {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { value: null, diagnostics: r.diagnostics };
  const data = r.object(doc.value, 'data', ['data']);
  const config: Mutable<AgentConfig> = { read: [], fromConfigMap: true };
  const read: AgentSettingRead[] = [];
  for (const spec of KEYS) {
    if (!data || !(spec.key in data)) continue;
    const path: PathSegment[] = ['data', spec.key];
    const raw = data[spec.key];
    const v = typeof raw === 'string' ? raw : typeof raw === 'boolean' || typeof raw === 'number' ? String(raw) : null;
    if (v === null || !spec.apply(v.trim(), config)) {
      r.report(path, 'warning', 'invalid-agent-setting', `${origin} ${spec.key} is ${JSON.stringify(raw)}, not ${spec.expected}: the agent refuses to start with it; netpol-viz ignores it and keeps its default.`);
      continue;
    }
    read.push({ key: spec.key, value: v.trim() === '' ? '""' : v.trim(), origin, source: { file: doc.file, document: doc.index, line: doc.position(path).line } });
  }
  config.read = read;
  return { value: config, diagnostics: r.diagnostics };
}

/** A CiliumNodeConfig read: which one, and the cilium-config keys it sets. */
export interface NodeConfigInfo {
  readonly namespace: string;
  readonly name: string;
  readonly keys: readonly string[];
}

/** A label selector as people write it: `pool=pci, zone in (a,b)`; every node when it selects all. */
function selectorText(sel: unknown): string {
  if (!isObject(sel)) return 'every node';
  const parts: string[] = [];
  if (isObject(sel['matchLabels'])) for (const [k, v] of Object.entries(sel['matchLabels'])) parts.push(`${k}=${String(v)}`);
  if (Array.isArray(sel['matchExpressions'])) {
    for (const e of sel['matchExpressions']) {
      if (!isObject(e)) continue;
      const values = Array.isArray(e['values']) ? ` (${e['values'].map(String).join(',')})` : '';
      parts.push(`${String(e['key'])} ${String(e['operator']).toLowerCase()}${values}`);
    }
  }
  return parts.length === 0 ? 'every node' : `the nodes labelled ${parts.join(', ')}`;
}

/**
 * A CiliumNodeConfig (cilium.io/v2, v2alpha1 before 1.16; cilium/cilium
 * pkg/k8s/apis/cilium.io/v2/cnc_types.go at 51efe2d53488974d3c4e9a04c56d7b42016d9f54: spec
 * {nodeSelector (none: no node; empty: every node), defaults: map[string]string}): the
 * cilium-config keys the agents on the selected nodes take instead (Documentation/configuration/
 * per-node-config.rst). netpol-viz decides with one set of settings for every node, so each is
 * listed: a warning naming the keys among the verdict settings above (what those nodes' agents
 * decide differently), an info for the others. `defaults` of the wrong shape is said at its field.
 */
export function parseCiliumNodeConfig(doc: RawDocument, ctx: ParseContext): ParseResult<NodeConfigInfo> {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { value: null, diagnostics: r.diagnostics };
  const meta = readObjectMeta(r, doc.value, 'CiliumNodeConfig', { namespaced: true, defaultNamespace: ctx.defaultNamespace });
  if (!meta || meta.namespace === null) return { value: null, diagnostics: r.diagnostics };
  const spec = r.object(doc.value, 'spec', ['spec']);
  const defaults = r.stringMap(spec, 'defaults', ['spec', 'defaults']);
  if (spec !== null && spec['defaults'] !== undefined && !isObject(spec['defaults'])) return { value: null, diagnostics: r.diagnostics };
  const keys = Object.keys(defaults).sort();
  const verdictKeys = new Set(KEYS.map((k) => k.key));
  const changing = keys.filter((k) => verdictKeys.has(k));
  const where = selectorText(spec?.['nodeSelector']);
  const id = `${meta.namespace}/${meta.name}`;
  if (spec?.['nodeSelector'] === undefined || spec['nodeSelector'] === null) {
    // cnc_types.go: "If not supplied, then this config applies to no nodes. If empty, then it applies to all nodes."
    r.report([], 'info', 'node-config', `CiliumNodeConfig ${id} sets ${keys.length === 0 ? 'nothing' : keys.join(', ')} but has no nodeSelector: it applies to no node.`);
  } else if (changing.length > 0) {
    r.report([], 'warning', 'node-config-verdict-settings', `CiliumNodeConfig ${id} sets ${changing.map((k) => `${k}=${defaults[k] ?? ''}`).join(', ')} for the agents on ${where}${keys.length > changing.length ? ` (and ${keys.filter((k) => !verdictKeys.has(k)).join(', ')})` : ''}: netpol-viz decides every pod with cilium-config's on every node, so the pods on those nodes may be decided differently there. Set the agent settings to these values to see them.`);
  } else {
    r.report([], 'info', 'node-config', `CiliumNodeConfig ${id} sets ${keys.length === 0 ? 'nothing' : keys.join(', ')} for the agents on ${where}: none changes a verdict.`);
  }
  return { value: { namespace: meta.namespace, name: meta.name, keys }, diagnostics: r.diagnostics };
}
