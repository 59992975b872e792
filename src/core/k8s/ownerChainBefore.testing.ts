import type { Pod, Workload, WorkloadKind } from '../model/cluster.ts';
import { workloadKey } from '../model/cluster.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { PodRecord } from './Pod.ts';
import { isControllerKind, type ControllerKind, type ControllerRecord } from './Workload.ts';

/**
 * TEST ONLY: resolveWorkloads as it was before its chains were kept per owner (ownerChain.ts),
 * the reference ownerChain.property.test compares it with on random inventories. Not imported by
 * the app.
 */

/**
 * Maps pods (and intermediate controllers) to the top of their owner chain: Pod → ReplicaSet →
 * Deployment, Pod → Job → CronJob. Loaded ReplicaSets and Jobs are followed; otherwise the
 * Deployment is inferred from the ReplicaSet name and the pods' `pod-template-hash` label, or
 * (Deployment, CronJob) from the ReplicaSet (Job) name when such a controller is loaded;
 * otherwise the owner is taken as written. Controllers without pods are still workloads.
 */
interface ResolvedInventory {
  readonly workloads: readonly Workload[];
  readonly pods: readonly Pod[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Labels a controller adds per revision or per run. They differ between pods of one workload,
 * so a workload synthesised from a pod (or a ReplicaSet template) leaves them out.
 */
const REVISION_LABELS = [
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'batch.kubernetes.io/job-completion-index',
];

function withoutRevisionLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (!REVISION_LABELS.includes(k)) out[k] = v;
  return out;
}

function sameRecord(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (a[k] !== b[k] || !Object.hasOwn(b, k)) return false;
  return true;
}

function sameList<T extends object>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameRecord(a[i] as Readonly<Record<string, unknown>>, b[i] as Readonly<Record<string, unknown>>)) return false;
  return true;
}

/**
 * `value`, or the same part of the pod before it of its workload when equal: pods of one
 * ReplicaSet have the same labels, annotations, ports and owners, and a structured clone (the
 * cluster sent to the page) writes an object it met before as a reference, so 40,000 pods of
 * 20,000 workloads cross in about half the objects. Equal values: no reader can tell (the
 * cluster is never mutated).
 */
function shared<T>(before: T | undefined, value: T, same: (a: T, b: T) => boolean): T {
  return before !== undefined && same(before, value) ? before : value;
}

/** `items` sorted by `key` (localeCompare, stable), each key made once. */
function byKeyOf<T>(items: readonly T[], key: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((k) => k.item);
}

interface Link {
  readonly kind: string;
  readonly name: string;
  /** Named from the pod-template-hash alone (the Deployment is not loaded). */
  readonly fromHash?: boolean;
}

export function resolveWorkloadsBefore(controllers: readonly ControllerRecord[], pods: readonly PodRecord[]): ResolvedInventory {
  const diagnostics: Diagnostic[] = [];
  const byKey = new Map<string, ControllerRecord>();
  for (const c of controllers) byKey.set(workloadKey(c.namespace, c.kind, c.name), c);
  const loaded = (ns: string, kind: string, name: string): ControllerRecord | undefined =>
    isControllerKind(kind) ? byKey.get(workloadKey(ns, kind, name)) : undefined;

  /** The chain above (kind, name), nearest first, ending at the top. */
  const chainAbove = (ns: string, start: Link, podLabels: Readonly<Record<string, string>> | null): Link[] => {
    const chain: Link[] = [];
    let cur = start;
    for (let guard = 0; guard < 8; guard++) {
      if (cur.kind !== 'ReplicaSet' && cur.kind !== 'Job') break;
      const rec = loaded(ns, cur.kind, cur.name);
      if (rec) {
        const owner = rec.owners[0];
        if (!owner || !isControllerKind(owner.kind)) break;
        cur = { kind: owner.kind, name: owner.name };
        chain.push(cur);
        continue;
      }
      const inferred = inferParent(ns, cur, podLabels);
      if (inferred) chain.push(inferred);
      break;
    }
    return chain;
  };

  const inferParent = (ns: string, child: Link, podLabels: Readonly<Record<string, string>> | null): Link | null => {
    if (child.kind === 'ReplicaSet') {
      // The Deployment controller names its ReplicaSets `<deployment>-<pod-template-hash>` and
      // labels their pods with that hash: enough to name the Deployment when it is not loaded
      // (a sysdump holds pods but not their controllers).
      const hash = podLabels?.['pod-template-hash'];
      if (hash && child.name.endsWith(`-${hash}`) && child.name.length > hash.length + 1) {
        const name = child.name.slice(0, -(hash.length + 1));
        return { kind: 'Deployment', name, ...(byKey.has(workloadKey(ns, 'Deployment', name)) ? {} : { fromHash: true }) };
      }
      const name = child.name.replace(/-[a-z0-9]+$/, '');
      return byKey.has(workloadKey(ns, 'Deployment', name)) ? { kind: 'Deployment', name } : null;
    }
    const name = child.name.replace(/-\d+$/, '');
    return byKey.has(workloadKey(ns, 'CronJob', name)) ? { kind: 'CronJob', name } : null;
  };

  const workloads = new Map<string, Workload>();
  const fromController = (c: ControllerRecord, kind: ControllerKind, name: string, synthetic: boolean): Workload => ({
    key: workloadKey(c.namespace, kind, name),
    kind,
    namespace: c.namespace,
    name,
    podLabels: synthetic ? withoutRevisionLabels(c.podLabels) : c.podLabels,
    labels: synthetic ? {} : c.labels,
    annotations: synthetic ? {} : c.annotations,
    podAnnotations: c.podAnnotations,
    serviceAccount: c.serviceAccount,
    ports: c.ports,
    hostNetwork: c.hostNetwork,
    replicas: synthetic ? null : c.replicas,
    source: synthetic ? null : c.source,
  });

  // Controllers first: a loaded controller is authoritative for its workload. Each one's key and
  // chain are found once (40,000 controllers at 20k workloads: the sort made two keys per comparison).
  const sorted = byKeyOf(controllers, (c) => workloadKey(c.namespace, c.kind, c.name)).map((c) => ({ c, top: chainAbove(c.namespace, { kind: c.kind, name: c.name }, c.podLabels).at(-1) }));
  for (const { c, top } of sorted) {
    if (!top) {
      workloads.set(workloadKey(c.namespace, c.kind, c.name), fromController(c, c.kind, c.name, false));
    }
  }
  for (const { c, top } of sorted) {
    if (top && isControllerKind(top.kind)) {
      const key = workloadKey(c.namespace, top.kind, top.name);
      if (!workloads.has(key)) workloads.set(key, fromController(c, top.kind, top.name, true));
    }
  }

  const outPods: Pod[] = [];
  /** The last pod of each workload (`sharingWith`). */
  const lastPod = new Map<string, Pod>();
  const notModelled = new Set<string>();
  const sortedPods = byKeyOf(pods, (p) => `${p.namespace}/${p.name}`);
  for (const p of sortedPods) {
    const owner = p.owners[0];
    let kind: WorkloadKind = 'Pod';
    let name = p.name;
    let owners: Link[] = [];
    let inferredFrom: Workload['inferredFrom'];
    if (owner && isControllerKind(owner.kind)) {
      const chain = [{ kind: owner.kind, name: owner.name }, ...chainAbove(p.namespace, owner, p.labels)];
      const top = chain[chain.length - 1] as Link;
      kind = top.kind as ControllerKind;
      name = top.name;
      owners = chain.map((l) => ({ kind: l.kind, name: l.name }));
      if (top.fromHash && owner.kind === 'ReplicaSet') inferredFrom = { kind: 'ReplicaSet', name: owner.name };
    } else if (owner) {
      owners = [{ kind: owner.kind, name: owner.name }];
      const id = `${p.namespace}/${owner.kind}/${owner.name}`;
      // Static pods are owned by their Node: a standalone pod is the right picture for them.
      if (owner.kind !== 'Node' && !notModelled.has(id)) {
        notModelled.add(id);
        diagnostics.push({
          file: p.source.file,
          document: p.source.document,
          line: p.source.line,
          column: 1,
          path: '',
          severity: 'info',
          code: 'owner-not-modelled',
          message: `Pods owned by ${owner.kind}/${owner.name} are shown as standalone pods: netpol-viz groups pods only under Deployment, StatefulSet, DaemonSet, ReplicaSet, Job and CronJob. Policies still apply by labels.`,
        });
      }
    }
    const key = workloadKey(p.namespace, kind, name);
    if (!workloads.has(key)) {
      workloads.set(key, {
        key,
        kind,
        namespace: p.namespace,
        name,
        podLabels: kind === 'Pod' ? p.labels : withoutRevisionLabels(p.labels),
        labels: kind === 'Pod' ? p.labels : {},
        annotations: kind === 'Pod' ? p.annotations : {},
        podAnnotations: p.annotations,
        serviceAccount: p.serviceAccount,
        ports: p.ports,
        hostNetwork: p.hostNetwork,
        replicas: null,
        source: kind === 'Pod' ? p.source : null,
        ...(inferredFrom ? { inferredFrom } : {}),
      });
    }
    const before = lastPod.get(key);
    const pod: Pod = {
      namespace: p.namespace,
      name: p.name,
      labels: shared(before?.labels, p.labels, sameRecord),
      annotations: shared(before?.annotations, p.annotations, sameRecord),
      ips: p.ips,
      nodeName: p.nodeName,
      hostIP: p.hostIP,
      hostNetwork: p.hostNetwork,
      serviceAccount: p.serviceAccount,
      ports: shared(before?.ports, p.ports, sameList),
      owners: shared<readonly Link[]>(before?.owners, owners, sameList),
      workload: key,
      phase: p.phase,
      source: p.source,
    };
    lastPod.set(key, pod);
    outPods.push(pod);
  }
  const list = [...workloads.values()].sort((a, b) => a.key.localeCompare(b.key));
  return { workloads: list, pods: outPods, diagnostics };
}
