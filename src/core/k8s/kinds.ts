import { isObject, type Obj } from './fields.ts';

/**
 * What a parsed document is, decided from its content (apiVersion + kind, or the shape of a
 * Hubble record), never from the file name.
 * @public
 */
export type PolicyKind =
  | 'CiliumNetworkPolicy'
  | 'CiliumClusterwideNetworkPolicy'
  | 'NetworkPolicy'
  | 'ClusterNetworkPolicy'
  | 'AdminNetworkPolicy'
  | 'BaselineAdminNetworkPolicy';
export type InventoryKind =
  | 'Namespace'
  | 'Pod'
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'Job'
  | 'CronJob'
  | 'Service'
  | 'Node'
  | 'CiliumNode'
  | 'CiliumEndpoint'
  | 'CiliumEndpointSlice'
  | 'CiliumNodeConfig'
  | 'CiliumCIDRGroup'
  | 'CiliumIdentity'
  | 'Endpoints'
  | 'EndpointSlice';

export type HubbleOtherName = 'HubbleNodeStatus' | 'HubbleLostEvents' | 'HubbleAgentEvent' | 'HubbleDebugEvent';

export type DocumentKind =
  | { readonly kind: 'policy'; readonly name: PolicyKind }
  | { readonly kind: 'inventory'; readonly name: InventoryKind }
  /** `kind: List` or any `*List`; `itemKind` is what items without a kind of their own are. */
  | { readonly kind: 'list'; readonly name: string; readonly itemKind: string | null; readonly itemApiVersion: string | null }
  | { readonly kind: 'flow' }
  /** GetFlowsResponse / ExportEvent records that are not flows (api/v1/observer/observer.proto). */
  | { readonly kind: 'hubbleOther'; readonly name: HubbleOtherName }
  /** A Kubernetes object of a kind netpol-viz does not model (ConfigMap, Route, AdminNetworkPolicy…). */
  | { readonly kind: 'unknown'; readonly name: string; readonly apiVersion: string | null }
  /** A bare Cilium rule as `cilium-dbg policy get` prints it (no apiVersion/kind). */
  | { readonly kind: 'bareRule' }
  /** An object with neither kind nor a recognisable shape. */
  | { readonly kind: 'noKind' }
  | { readonly kind: 'notObject' };

export interface Detection {
  readonly type: DocumentKind;
  /** How `apiVersion` was found: written correctly, under a wrongly-cased key, or missing. */
  readonly apiVersionKey: 'ok' | 'miscased' | 'missing';
  readonly apiVersion: string | null;
  /** The key actually used (`apiversion`) when miscased. */
  readonly writtenKey: string | null;
}

/** Group of each modelled kind ('' = core). Kinds of another group (Knative `Service`, Calico `NetworkPolicy`) are not ours. */
const GROUPS: Readonly<Record<PolicyKind | InventoryKind, readonly string[]>> = {
  CiliumNetworkPolicy: ['cilium.io'],
  CiliumClusterwideNetworkPolicy: ['cilium.io'],
  NetworkPolicy: ['networking.k8s.io', 'extensions'],
  ClusterNetworkPolicy: ['policy.networking.k8s.io'],
  AdminNetworkPolicy: ['policy.networking.k8s.io'],
  BaselineAdminNetworkPolicy: ['policy.networking.k8s.io'],
  Namespace: [''],
  Pod: [''],
  Service: [''],
  Node: [''],
  CiliumNode: ['cilium.io'],
  Deployment: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  Job: ['batch'],
  CronJob: ['batch'],
  CiliumEndpoint: ['cilium.io'],
  CiliumEndpointSlice: ['cilium.io'],
  CiliumNodeConfig: ['cilium.io'],
  CiliumCIDRGroup: ['cilium.io'],
  CiliumIdentity: ['cilium.io'],
  Endpoints: [''],
  EndpointSlice: ['discovery.k8s.io'],
};

const POLICY_KINDS: readonly string[] = [
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'NetworkPolicy',
  'ClusterNetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
];

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Finds `apiVersion`, tolerating a wrongly-cased key (the API server does not). */
function findApiVersion(o: Obj): Pick<Detection, 'apiVersionKey' | 'apiVersion' | 'writtenKey'> {
  const v = o['apiVersion'];
  if (typeof v === 'string') return { apiVersionKey: 'ok', apiVersion: v, writtenKey: null };
  for (const k of Object.keys(o)) {
    if (k !== 'apiVersion' && k.toLowerCase() === 'apiversion' && typeof o[k] === 'string') {
      return { apiVersionKey: 'miscased', apiVersion: o[k] as string, writtenKey: k };
    }
  }
  return { apiVersionKey: 'missing', apiVersion: null, writtenKey: null };
}

function isHubbleFlowShape(o: Obj): boolean {
  return 'verdict' in o || 'IP' in o || (isObject(o['source']) && isObject(o['destination']) && ('l4' in o || 'Type' in o || 'time' in o));
}

/**
 * Classifies one document. `inherited` supplies kind/apiVersion for items of a typed list
 * (`PodList` items as the API returns them carry neither).
 */
export function detectKind(value: unknown, inherited?: { kind: string | null; apiVersion: string | null }): Detection {
  const none = { apiVersionKey: 'missing' as const, apiVersion: null, writtenKey: null };
  if (!isObject(value)) return { type: { kind: 'notObject' }, ...none };
  const av = findApiVersion(value);
  const rawKind = value['kind'];
  let kind = typeof rawKind === 'string' && rawKind !== '' ? rawKind : null;
  let api = av;
  if (kind === null && inherited?.kind) {
    kind = inherited.kind;
    if (av.apiVersionKey === 'missing' && inherited.apiVersion) api = { apiVersionKey: 'ok', apiVersion: inherited.apiVersion, writtenKey: null };
  }
  if (kind === null) {
    if (av.apiVersionKey === 'missing') {
      if (isObject(value['flow'])) return { type: { kind: 'flow' }, ...none };
      if ('node_status' in value) return { type: { kind: 'hubbleOther', name: 'HubbleNodeStatus' }, ...none };
      if ('lost_events' in value) return { type: { kind: 'hubbleOther', name: 'HubbleLostEvents' }, ...none };
      // The exporter writes these too (pkg/hubble/exporter eventToExportEvent), as do `hubble observe agent-events|debug-events`.
      if (isObject(value['agent_event'])) return { type: { kind: 'hubbleOther', name: 'HubbleAgentEvent' }, ...none };
      if (isObject(value['debug_event'])) return { type: { kind: 'hubbleOther', name: 'HubbleDebugEvent' }, ...none };
      if (isHubbleFlowShape(value)) return { type: { kind: 'flow' }, ...none };
      if ('endpointSelector' in value || 'nodeSelector' in value) return { type: { kind: 'bareRule' }, ...none };
    }
    return { type: { kind: 'noKind' }, ...api };
  }
  if (kind === 'List' || (kind.endsWith('List') && Array.isArray(value['items']))) {
    const itemKind = kind === 'List' ? null : kind.slice(0, -'List'.length);
    return { type: { kind: 'list', name: kind, itemKind, itemApiVersion: api.apiVersion }, ...api };
  }
  const known = (Object.keys(GROUPS) as (PolicyKind | InventoryKind)[]).find((k) => k === kind);
  if (known) {
    // Without an apiVersion we trust the kind (the warning says kubectl refuses it).
    const ok = api.apiVersion === null || GROUPS[known].includes(apiGroup(api.apiVersion));
    if (ok) {
      const type: DocumentKind = POLICY_KINDS.includes(known)
        ? { kind: 'policy', name: known as PolicyKind }
        : { kind: 'inventory', name: known as InventoryKind };
      return { type, ...api };
    }
  }
  return { type: { kind: 'unknown', name: kind, apiVersion: api.apiVersion }, ...api };
}

/** Kinds whose objects live in a namespace (the rest are cluster-scoped). */
export function isNamespacedKind(kind: PolicyKind | InventoryKind): boolean {
  return !(
    kind === 'Namespace' ||
    kind === 'Node' ||
    kind === 'CiliumNode' ||
    kind === 'CiliumClusterwideNetworkPolicy' ||
    kind === 'CiliumCIDRGroup' ||
    kind === 'CiliumIdentity' ||
    kind === 'ClusterNetworkPolicy' ||
    kind === 'AdminNetworkPolicy' ||
    kind === 'BaselineAdminNetworkPolicy'
  );
}
