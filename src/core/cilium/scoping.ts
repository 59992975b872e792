import type { Requirement, Selector } from '../model/selector.ts';
import type { ParseContext } from '../load/parseTypes.ts';
import type { SelectorScoping } from '../model/policy.ts';
import { selectorHasKey, selectorHasKeyPrefix, selectorUsesSource } from '../k8s/LabelSelector.ts';
import { versionAtLeast } from './collect.ts';

/**
 * Namespace and cluster scoping that Cilium applies when it imports a CNP/CCNP (reference B.3,
 * `ParseToCiliumRule` / `getEndpointSelector`). Pure functions over selectors; each returns the
 * effective selector plus a `SelectorScoping` record for explanations.
 * @internal
 */

export const NAMESPACE_KEY = 'io.kubernetes.pod.namespace';
export const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
export const CLUSTER_KEY = 'io.cilium.k8s.policy.cluster';
const K8S_OR_ANY = ['k8s', 'any'] as const;

export interface ScopeContext {
  /** Policy namespace; null for a CCNP. */
  readonly namespace: string | null;
  readonly clusterName: string;
  readonly version: readonly [number, number];
  /** ParseContext.nodeSelectorLabels (undefined: not known, assumed on with a note) and who said it. */
  readonly nodeSelectorLabels?: boolean;
  readonly nodeSelectorLabelsFrom?: ParseContext['nodeSelectorLabelsFrom'];
}

export interface Scoped {
  readonly selector: Selector;
  readonly scoping?: SelectorScoping;
}

function finish(written: Selector, added: Requirement[], notes: string[], dropIndex: number | null = null): Scoped {
  if (added.length === 0 && dropIndex === null && notes.length === 0) return { selector: written };
  const kept = dropIndex === null ? written.requirements : written.requirements.filter((_, i) => i !== dropIndex);
  return { selector: { requirements: [...kept, ...added] }, scoping: { written, added, notes } };
}

/** Whether the default local-cluster filter (`policy-default-local-cluster`) is on for this version. */
export function clusterFilterOn(ctx: ScopeContext): boolean {
  return ctx.clusterName !== '' && versionAtLeast(ctx.version, 1, 19);
}

function clusterRequirement(ctx: ScopeContext): Requirement {
  return { source: 'k8s', key: CLUSTER_KEY, operator: 'In', values: [ctx.clusterName] };
}

/**
 * Rule subject (`endpointSelector`). CNP: the policy namespace is forced: a user-written
 * `k8s:io.kubernetes.pod.namespace` *match label* (requirement index `matchLabelIndex`) is
 * replaced, any other namespace requirement stays ANDed (and then usually selects nothing).
 * CCNP: unchanged. Returns the namespaces the user asked for that differ (the caller warns).
 */
export function scopeSubject(
  written: Selector,
  ctx: ScopeContext,
  matchLabelIndex: number | null,
): Scoped & { overridden: readonly string[] } {
  if (ctx.namespace === null) return { selector: written, overridden: [] };
  const userValues = written.requirements
    .filter((r) => (r.source === 'k8s' || r.source === 'any') && r.key === NAMESPACE_KEY && r.operator === 'In')
    .flatMap((r) => r.values);
  const overridden = userValues.filter((v) => v !== ctx.namespace);
  const added: Requirement[] = [{ source: 'k8s', key: NAMESPACE_KEY, operator: 'In', values: [ctx.namespace] }];
  const notes = [`namespace ${ctx.namespace} added: a CiliumNetworkPolicy only ever selects pods of its own namespace`];
  const s = finish(written, added, notes, matchLabelIndex);
  return { ...s, overridden };
}

/**
 * `fromEndpoints` / `toEndpoints` selector, rules 1-5 of B.3. `subjectMatchesInit`: the rule's
 * subject names `reserved:init` (CCNP then adds no namespace Exists).
 */
export function scopeEndpointPeer(written: Selector, ctx: ScopeContext, subjectMatchesInit: boolean): Scoped {
  if (selectorUsesSource(written, 'reserved')) {
    return finish(written, [], ['used as written: selectors with reserved: labels get no namespace or cluster scoping']);
  }
  const added: Requirement[] = [];
  const notes: string[] = [];
  if (selectorHasKey(written, K8S_OR_ANY, NAMESPACE_KEY)) {
    notes.push('no namespace added: the selector names io.kubernetes.pod.namespace itself (whatever the operator)');
  } else if (ctx.namespace === null) {
    if (subjectMatchesInit) {
      notes.push('no namespace Exists added: the rule subject selects reserved:init endpoints');
    } else {
      added.push({ source: 'k8s', key: NAMESPACE_KEY, operator: 'Exists', values: [] });
      notes.push('namespace Exists added: in a clusterwide policy endpoint peers only match Kubernetes pods (of any namespace)');
    }
  } else if (selectorHasKeyPrefix(written, K8S_OR_ANY, NAMESPACE_LABELS_PREFIX)) {
    if (versionAtLeast(ctx.version, 1, 19)) {
      notes.push('no namespace added: the selector uses namespace-label keys (io.cilium.k8s.namespace.labels.*), which select across namespaces in Cilium 1.19');
    } else {
      added.push({ source: 'k8s', key: NAMESPACE_KEY, operator: 'In', values: [ctx.namespace] });
      notes.push(
        `namespace ${ctx.namespace} added although the selector uses namespace-label keys: before Cilium 1.19 such keys do not widen a CiliumNetworkPolicy peer beyond its namespace`,
      );
    }
  } else {
    added.push({ source: 'k8s', key: NAMESPACE_KEY, operator: 'In', values: [ctx.namespace] });
    notes.push(`namespace ${ctx.namespace} added: the selector names no namespace, so it only matches pods of the policy's namespace`);
  }
  addClusterFilter(written, ctx, added, notes);
  return finish(written, added, notes);
}

/** `fromNodes` / `toNodes`: only remote nodes (never the local host), plus the cluster filter. */
export function scopeNodePeer(written: Selector, ctx: ScopeContext): Scoped {
  const added: Requirement[] = [{ source: 'reserved', key: 'remote-node', operator: 'Exists', values: [] }];
  const notes = ['reserved:remote-node added: node selectors only match other nodes, never the local host'];
  addClusterFilter(written, ctx, added, notes);
  return finish(written, added, notes);
}

function addClusterFilter(written: Selector, ctx: ScopeContext, added: Requirement[], notes: string[]): void {
  if (selectorHasKey(written, K8S_OR_ANY, CLUSTER_KEY)) return;
  if (!clusterFilterOn(ctx)) return;
  added.push(clusterRequirement(ctx));
  notes.push(`cluster ${ctx.clusterName} added (policy-default-local-cluster, on by default since Cilium 1.19)`);
}
