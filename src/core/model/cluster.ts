import type { Diagnostic, SourceRef } from './diagnostic.ts';
import type { LabelSet } from './labels.ts';
import type { Policy } from './policy.ts';
import type { TierPolicy } from './tiers.ts';
import type { VersionGap } from './versionGap.ts';

/**
 * The loaded cluster: inventory and policies, as typed domain objects. Built once by the
 * loader (src/core/load) and never mutated afterwards.
 * @public
 */
export interface Namespace {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** null when the namespace is only implied by objects in it (no Namespace document loaded). */
  readonly source: SourceRef | null;
}

export type L4Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ContainerPort {
  /** Lower-cased IANA name, or null. */
  readonly name: string | null;
  readonly port: number;
  readonly protocol: L4Protocol;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob' | 'Pod';

/** `ns/Kind/name`. */
export type WorkloadKey = string & { readonly __brand: 'WorkloadKey' };
export function workloadKey(namespace: string, kind: WorkloadKind, name: string): WorkloadKey {
  return `${namespace}/${kind}/${name}` as WorkloadKey;
}

/**
 * A controller (top of the owner chain) or a bare pod. Pods of a workload share its
 * pod-template labels and usually one identity.
 */
export interface Workload {
  readonly key: WorkloadKey;
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  /** Labels of the pod template (or of the pod for a bare pod), unfiltered. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Pod-template annotations (e.g. kubernetes.io/egress-bandwidth). */
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  readonly replicas: number | null;
  readonly source: SourceRef | null;
  /**
   * Set when the workload is named only from its pods' owner (a ReplicaSet `<name>-<hash>` with
   * the pods' `pod-template-hash`) and neither it nor its Deployment was loaded: that owner.
   */
  readonly inferredFrom?: { readonly kind: 'ReplicaSet'; readonly name: string };
}

export interface Pod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly ips: readonly string[];
  readonly nodeName: string | null;
  readonly hostIP: string | null;
  readonly hostNetwork: boolean;
  readonly serviceAccount: string;
  readonly ports: readonly ContainerPort[];
  /** Owner chain as written (`ReplicaSet/frontend-abc`), nearest first. */
  readonly owners: readonly { readonly kind: string; readonly name: string }[];
  /** The workload this pod belongs to (top of the owner chain, or itself). */
  readonly workload: WorkloadKey;
  readonly phase: string | null;
  readonly source: SourceRef | null;
}

/** A CiliumEndpoint as `kubectl get ciliumendpoints -o json` prints it. */
export interface CiliumEndpointInfo {
  readonly namespace: string;
  readonly name: string;
  readonly identityId: number | null;
  /** Identity labels as Cilium computed them (`k8s:app=frontend`…). */
  readonly identityLabels: readonly string[];
  readonly ips: readonly string[];
  readonly nodeIP: string | null;
  readonly source: SourceRef | null;
}

/** A CiliumIdentity: the label set Cilium allocated a numeric identity for. */
export interface CiliumIdentityInfo {
  readonly id: number;
  /** `source:key=value` (`k8s:app=frontend`), sorted; `reserved:host` for labels without value. */
  readonly labels: readonly string[];
  /** From the `k8s:io.kubernetes.pod.namespace` label; null for reserved and CIDR identities. */
  readonly namespace: string | null;
  readonly source: SourceRef | null;
}

/**
 * One address of a Cilium agent's ipcache (`cilium-dbg ip list -o json`: models.IPListEntry; the
 * kvstore's `cilium/state/ip/v1/…` keys: identity.IPIdentityPair): the security identity the agent
 * gives packets from or to it, and the pod it names, when it names one. It knows addresses the
 * inventory may not: pods of other clusters (ClusterMesh), pods created after the inventory was saved.
 */
export interface AgentIpcacheEntry {
  /** The prefix as the agent keys it (`10.0.1.5/32`). */
  readonly prefix: string;
  readonly identity: number;
  readonly namespace: string | null;
  readonly pod: string | null;
  readonly hostIP: string | null;
  /** Where the agent learnt it (models.IPListEntryMetadata `source`: k8s, kvstore, custom-resource, generated…); null when not said. */
  readonly learntFrom: string | null;
  /** The output it was read from. */
  readonly origin: 'cilium-dbg ip list' | 'cilium-dbg bpf ipcache list' | 'kvstore';
  /** The identity's labels, when they were loaded (CiliumIdentities, the agents' identity lists); else null. */
  readonly labels: readonly string[] | null;
  /** The cluster the identity's labels name when it is not this one (ClusterMesh); else null. */
  readonly cluster: string | null;
  readonly source: SourceRef;
}

export interface ServicePort {
  readonly name: string | null;
  readonly port: number;
  readonly targetPort: number | string | null;
  readonly protocol: L4Protocol;
}

export interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly selector: Readonly<Record<string, string>> | null;
  readonly clusterIPs: readonly string[];
  readonly ports: readonly ServicePort[];
  readonly labels: Readonly<Record<string, string>>;
  readonly source: SourceRef | null;
  /** Backend addresses listed in the Service's Endpoints/EndpointSlices (selector-less Services: toServices selects them as CIDRs). */
  readonly backendIps?: readonly string[];
}

export interface Node {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ips: readonly string[];
  readonly source: SourceRef | null;
}

export interface CidrGroup {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly cidrs: readonly string[];
  readonly source: SourceRef | null;
}

/** `ns/name` key of a pod, or a reserved identity name. */
export type IdentityKey = string & { readonly __brand: 'IdentityKey' };

/**
 * A security identity: the label set Cilium derives for a pod (after label filtering, with
 * namespace labels, service account and cluster name added). Evaluation is per identity.
 */
export interface Identity {
  readonly key: IdentityKey;
  readonly labels: LabelSet;
  readonly namespace: string | null;
  /** Workloads whose pods carry this identity. */
  readonly workloads: readonly string[];
  /** Numeric id when known from CiliumEndpoints or flows. */
  readonly numeric: number | null;
}

/** What one input file contained. */
export interface SourceSummary {
  readonly file: string;
  readonly documents: number;
  readonly counts: Readonly<Record<string, number>>;
  /** Documents skipped (unknown kind, invalid) with the reason, counted by kind. */
  readonly skipped: Readonly<Record<string, number>>;
  readonly bytes: number;
}

export interface Cluster {
  /** Cluster name used in `io.cilium.k8s.policy.cluster` (default `default`). */
  readonly name: string;
  readonly namespaces: ReadonlyMap<string, Namespace>;
  readonly workloads: readonly Workload[];
  readonly pods: readonly Pod[];
  readonly endpoints: readonly CiliumEndpointInfo[];
  /** The agents' ipcache (AgentIpcacheEntry), one entry per prefix (the first agent's); absent when none was loaded. */
  readonly agentIpcache?: readonly AgentIpcacheEntry[];
  /** CiliumIdentity objects, by number; absent when none was loaded. */
  readonly ciliumIdentities?: readonly CiliumIdentityInfo[];
  readonly services: readonly Service[];
  readonly nodes: readonly Node[];
  readonly cidrGroups: readonly CidrGroup[];
  readonly policies: readonly Policy[];
  /**
   * ClusterNetworkPolicy / AdminNetworkPolicy / BaselineAdminNetworkPolicy objects (tiers around
   * `policies`; enforced from Cilium 1.20 when the cluster runs with them). Absent = none.
   */
  readonly tierPolicies?: readonly TierPolicy[];
  /** Policies the version read refuses, or reads without a field, that another release applies (absent = none). */
  readonly versionGaps?: readonly VersionGap[];
  readonly sources: readonly SourceSummary[];
  readonly diagnostics: readonly Diagnostic[];
  /** The agent's own settings found in the inputs (cilium-config, the cilium DaemonSet); absent when none was loaded. */
  readonly agentConfig?: AgentConfig;
}

/** One agent setting as read from the cluster, for display ("from cilium-config: enable-policy=always"). */
export interface AgentSettingRead {
  /** The key as Cilium names it (`enable-policy`, `image`). */
  readonly key: string;
  readonly value: string;
  /**
   * Where it was read: a ConfigMap (`cilium-config-emergency-override`: GKE Dataplane V2's, wins
   * over cilium-config), the DaemonSet's image, the Helm release, or the agent itself (`cilium agent`:
   * the version its bugtool debuginfo reports).
   */
  readonly origin: 'cilium-config' | 'cilium-config-emergency-override' | 'cilium DaemonSet' | 'cilium Helm release' | 'cilium agent';
  readonly source: SourceRef;
}

/**
 * The agent settings that change verdicts, as read from the cluster; named as the engine names
 * them (EngineSettings), which takes them as its defaults (explicit settings win).
 */
export interface AgentSettingValues {
  readonly enforcementMode?: 'default' | 'always' | 'never';
  readonly allowLocalhost?: 'always' | 'policy';
  readonly ciliumVersion?: string;
  readonly policyCidrMatchMode?: 'default' | 'nodes' | 'pods' | 'nodes,pods';
  readonly auditMode?: boolean;
  /** `enable-node-selector-labels` (read by the policy parsers, not the engine: ParseContext.nodeSelectorLabels). */
  readonly nodeSelectorLabels?: boolean;
  /**
   * How AdminNetworkPolicy/BaselineAdminNetworkPolicy v1alpha1 are read (EngineSettings.tiersAs):
   * not a Cilium setting, set by hand only (the app's agent settings; the CLI's --tiers-as).
   */
  readonly tiersAs?: 'cilium' | 'netpol-analyzer';
}

export interface AgentConfig {
  readonly enforcementMode?: 'default' | 'always' | 'never';
  readonly allowLocalhost?: 'always' | 'policy';
  /** Major.minor from the agent image tag. */
  readonly ciliumVersion?: string;
  readonly policyCidrMatchMode?: 'default' | 'nodes' | 'pods' | 'nodes,pods';
  readonly auditMode?: boolean;
  /** `enable-ipv4` / `enable-ipv6` as cilium-config sets them (the agent's default for either is true). */
  readonly enableIPv4?: boolean;
  readonly enableIPv6?: boolean;
  /** `enable-k8s-cluster-network-policy` (Cilium 1.20: ClusterNetworkPolicy tiers; the agent's default is off). */
  readonly clusterNetworkPolicy?: boolean;
  /** `enable-node-selector-labels` (Cilium 1.16+: without it the agent refuses policies with fromNodes/toNodes; default off). */
  readonly nodeSelectorLabels?: boolean;
  /** AgentSettingValues.tiersAs, when set by hand. */
  readonly tiersAs?: 'cilium' | 'netpol-analyzer';
  /** A cilium-config was read: the keys it does not set have the agent's defaults. */
  readonly fromConfigMap?: true;
  readonly clusterName?: string;
  readonly read: readonly AgentSettingRead[];
  /** Settings the user set over what the cluster says (the app's settings line). */
  readonly overridden?: readonly (keyof AgentSettingValues)[];
}
