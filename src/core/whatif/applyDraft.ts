/**
 * A what-if draft applied to a cluster: the proposed policy set ("after") next to the loaded one
 * ("before"), over the same inventory. Each draft document is parsed by the same loader as any
 * input (so it gets the same diagnostics, with its own name, document and line) and applied the
 * way `kubectl apply` would: a policy with the name of an existing one replaces it. A document
 * that edits a loaded policy replaces that policy even when the edit renames it, and removed
 * policies are gone. Only policies change: any other object in a draft is reported and ignored.
 * Never throws.
 * @public
 */
import { loadInputs } from '../load/loadInputs.ts';
import type { Cluster } from '../model/cluster.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Policy, PolicyKey, PolicyRef } from '../model/policy.ts';
import type { TierPolicy } from '../model/tiers.ts';
import type { VersionGap } from '../model/versionGap.ts';
import type { AppliedDocument, AppliedDraft, Draft, DraftDocument } from './types.ts';

const tierRef = (t: TierPolicy): PolicyRef => ({ kind: t.kind, namespace: null, name: t.name });

export interface DraftOptions {
  /** As the inputs were loaded (`ParseContext.ciliumVersion`). */
  readonly ciliumVersion?: string;
  /** Namespace for namespaced policies that name none (like `kubectl -n`); default `default`. */
  readonly defaultNamespace?: string;
}

function whole(doc: DraftDocument, severity: Diagnostic['severity'], code: string, message: string): Diagnostic {
  return { file: doc.name, document: -1, line: 0, column: 0, path: '', severity, code, message };
}

/** Objects the loader found that are not policies: a draft changes policies only. */
function ignoredObjects(c: Cluster, flowRecords: number): string[] {
  const parts: [number, string][] = [
    [c.namespaces.size, 'Namespace'],
    [c.workloads.filter((w) => w.kind !== 'Pod').length, 'workload'],
    [c.pods.length, 'Pod'],
    [c.endpoints.length, 'CiliumEndpoint'],
    [c.services.length, 'Service'],
    [c.nodes.length, 'Node'],
    [c.cidrGroups.length, 'CiliumCIDRGroup'],
    [flowRecords, 'flow record'],
  ];
  return parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`);
}

function parseDocument(doc: DraftDocument, before: Cluster, options: DraftOptions): { policies: Policy[]; tiers: TierPolicy[]; gaps: readonly VersionGap[]; applied: Omit<AppliedDocument, 'overrides'> } {
  const r = loadInputs([{ name: doc.name, data: doc.text }], {
    clusterName: before.name,
    ...(options.ciliumVersion !== undefined ? { ciliumVersion: options.ciliumVersion } : {}),
    ...(options.defaultNamespace !== undefined ? { defaultNamespace: options.defaultNamespace } : {}),
  });
  // The draft is parsed alone: what the loader says about namespaces it did not see is about the
  // draft, not the cluster, whose inventory the draft is applied to.
  const diagnostics = r.diagnostics.filter((d) => d.code !== 'namespace-not-loaded' || !before.namespaces.has(/"([^"]*)"/.exec(d.message)?.[1] ?? ''));
  const ignored = ignoredObjects({ ...r.cluster, namespaces: new Map([...r.cluster.namespaces].filter(([, ns]) => ns.source !== null)) }, r.flowRecords);
  if (ignored.length > 0)
    diagnostics.push(whole(doc, 'warning', 'what-if-ignored', `a what-if changes policies only: ${ignored.join(', ')} in this draft ignored (the loaded inventory is used)`));
  const policies = [...r.cluster.policies];
  const tiers = [...(r.cluster.tierPolicies ?? [])];
  if (policies.length === 0 && tiers.length === 0 && !diagnostics.some((d) => d.severity === 'error'))
    diagnostics.push(whole(doc, 'info', 'what-if-empty', 'this draft holds no policy: it only removes what it replaces'));
  return { policies, tiers, gaps: r.cluster.versionGaps ?? [], applied: { id: doc.id, replaces: doc.replaces, policies: [...policies.map((p) => p.ref), ...tiers.map(tierRef)], diagnostics } };
}

export function applyDraft(before: Cluster, draft: Draft, options: DraftOptions = {}): AppliedDraft {
  const byKey = new Map<PolicyKey, Policy>(before.policies.map((p) => [p.key, p]));
  const gone = new Set<PolicyKey>(draft.removed.filter((k) => byKey.has(k)));
  for (const d of draft.documents) if (d.replaces !== null && byKey.has(d.replaces)) gone.add(d.replaces);

  const proposed = new Map<PolicyKey, Policy>();
  // ClusterNetworkPolicy / ANP / BANP in a draft replace the loaded one of the same kind and name.
  const tierByKey = new Map<PolicyKey, TierPolicy>((before.tierPolicies ?? []).map((p) => [p.key, p]));
  const tierGone = new Set<PolicyKey>([...draft.removed, ...draft.documents.flatMap((d) => (d.replaces !== null ? [d.replaces] : []))].filter((k) => tierByKey.has(k)));
  const proposedTiers = new Map<PolicyKey, TierPolicy>();
  const documents: AppliedDocument[] = [];
  // Version gaps (model/versionGap.ts): a draft's own; the loaded ones of the policies it leaves alone.
  const gaps: VersionGap[] = [];
  const redefined = new Set<string>(gone);
  for (const doc of draft.documents) {
    const { policies, tiers, gaps: own, applied } = parseDocument(doc, before, options);
    gaps.push(...own);
    for (const k of [...policies.map((p) => p.key), ...own.map((g) => g.applied.key)]) redefined.add(k);
    const diagnostics = [...applied.diagnostics];
    const overrides: PolicyRef[] = [];
    for (const t of tiers) {
      if (proposedTiers.has(t.key)) diagnostics.push(whole(doc, 'warning', 'what-if-duplicate', `${t.kind} ${t.name} is also defined by an earlier draft; this one wins, as the last one applied would`));
      else if (tierByKey.has(t.key) && !tierGone.has(t.key)) overrides.push(tierRef(t));
      proposedTiers.set(t.key, t);
    }
    for (const p of policies) {
      if (proposed.has(p.key))
        diagnostics.push(whole(doc, 'warning', 'what-if-duplicate', `${p.ref.kind} ${p.ref.namespace ? `${p.ref.namespace}/` : ''}${p.ref.name} is also defined by an earlier draft; this one wins, as the last one applied would`));
      else if (byKey.has(p.key) && !gone.has(p.key)) overrides.push(p.ref);
      proposed.set(p.key, p);
    }
    documents.push({ ...applied, diagnostics, overrides });
  }

  // Loaded order, each replaced policy in its place; new ones after, in draft order.
  const policies: Policy[] = [];
  for (const p of before.policies) {
    const next = proposed.get(p.key);
    if (next) {
      policies.push(next);
      proposed.delete(p.key);
    } else if (!gone.has(p.key)) policies.push(p);
  }
  policies.push(...proposed.values());

  const tierPolicies: TierPolicy[] = [];
  for (const t of before.tierPolicies ?? []) {
    const next = proposedTiers.get(t.key);
    if (next) {
      tierPolicies.push(next);
      proposedTiers.delete(t.key);
    } else if (!tierGone.has(t.key)) tierPolicies.push(t);
  }
  tierPolicies.push(...proposedTiers.values());

  const removed = [
    ...[...gone].filter((k) => !policies.some((p) => p.key === k)).map((k) => (byKey.get(k) as Policy).ref),
    ...[...tierGone].filter((k) => !tierPolicies.some((p) => p.key === k)).map((k) => tierRef(tierByKey.get(k) as TierPolicy)),
  ];
  const versionGaps = [...(before.versionGaps ?? []).filter((g) => !redefined.has(g.applied.key)), ...gaps];
  const after: Cluster = {
    ...before,
    policies,
    ...(tierPolicies.length > 0 || before.tierPolicies ? { tierPolicies } : {}),
    ...(versionGaps.length > 0 || before.versionGaps ? { versionGaps } : {}),
  };
  return { after, documents, removed };
}
